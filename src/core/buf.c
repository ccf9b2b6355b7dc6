/* buf.c - growable NUL-terminated byte buffers with a sticky failure flag:
 * after a failed append, later appends do nothing, and the owner checks
 * tg_buf_failed() once before using the content. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"

void tg_buf_init(tg_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void tg_buf_release(tg_buf *b)
{
    if (!b)
        return;
    free(b->data);
    tg_buf_init(b);
}

int tg_buf_grow(tg_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - 1 - b->len)
        goto fail;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    p = realloc(b->data, cap);
    if (!p)
        goto fail;
    b->data = p;
    b->cap = cap;
    return 0;
fail:
    b->failed = 1;
    return -1;
}

int tg_buf_add(tg_buf *b, const void *p, size_t n)
{
    if (tg_buf_grow(b, n))
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int tg_buf_addstr(tg_buf *b, const char *s)
{
    return tg_buf_add(b, s, strlen(s));
}

int tg_buf_addch(tg_buf *b, char c)
{
    if (b->failed || (b->len + 1 >= b->cap && tg_buf_grow(b, 1)))
        return -1;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}

int tg_buf_addf(tg_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (b->failed)
        return -1;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return -1;
    }
    if (tg_buf_grow(b, (size_t)n))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void tg_buf_reset(tg_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *tg_buf_detach(tg_buf *b)
{
    char *s = b->data;

    if (b->failed) {
        free(s);
        s = NULL;
    } else if (!s) {
        s = calloc(1, 1);
    }
    tg_buf_init(b);
    return s;
}
