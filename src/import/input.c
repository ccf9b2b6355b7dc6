/* input.c - buffered reading of an input file, by bytes or by lines, in
 * blocks of 128 KiB (the size that keeps the copy in cache; see
 * docs/performance.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_internal.h"

#define BLOCK (128u * 1024u)

struct tg_input {
    int fd;
    char *name;
    char *buf;          /* data buf[pos..len) is unread */
    size_t pos, len, cap;
    int eof;
    long lineno;
};

tg_status_t tg_input_open(const char *path, tg_input_t **out, tg_error_t *err)
{
    tg_input_t *in;
    struct stat st;

    *out = NULL;
    in = calloc(1, sizeof *in);
    if (!in || !(in->name = strdup(path)) || !(in->buf = malloc(2 * BLOCK))) {
        if (in)
            free(in->name);
        free(in);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    in->cap = 2 * BLOCK;
    in->fd = open(path, O_RDONLY);
    if (in->fd < 0) {
        int e = errno;

        tg_input_close(in);
        return tg_error_set_at(err, TG_ERR_IO, path, 0, 0, "cannot open '%s': %s", path,
                               strerror(e));
    }
    if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        tg_input_close(in);
        return tg_error_set_at(err, TG_ERR_IO, path, 0, 0, "cannot read '%s': is a directory",
                               path);
    }
    *out = in;
    return TG_OK;
}

void tg_input_close(tg_input_t *in)
{
    if (!in)
        return;
    if (in->fd >= 0)
        close(in->fd);
    free(in->buf);
    free(in->name);
    free(in);
}

const char *tg_input_name(const tg_input_t *in)
{
    return in->name;
}

long tg_input_lineno(const tg_input_t *in)
{
    return in->lineno;
}

/* Read more bytes after buf[len], moving unread bytes to the front first. */
static int fill(tg_input_t *in, tg_error_t *err)
{
    ssize_t r;

    if (in->eof)
        return 0;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->len - in->pos);
        in->len -= in->pos;
        in->pos = 0;
    }
    if (in->cap - in->len < BLOCK) {
        char *p = realloc(in->buf, in->cap * 2);

        if (!p) {
            tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            return -1;
        }
        in->buf = p;
        in->cap *= 2;
    }
    do
        r = read(in->fd, in->buf + in->len, BLOCK);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        tg_error_set_at(err, TG_ERR_IO, in->name, 0, 0, "cannot read '%s': %s", in->name,
                        strerror(errno));
        return -1;
    }
    if (r == 0)
        in->eof = 1;
    in->len += (size_t)r;
    return (int)(r > 0);
}

size_t tg_input_peek(tg_input_t *in, const char **p, size_t want, tg_error_t *err)
{
    while (in->len - in->pos < want && !in->eof) {
        if (fill(in, err) < 0) {
            *p = NULL;
            return 0;
        }
    }
    *p = in->buf + in->pos;
    return in->len - in->pos < want ? in->len - in->pos : want;
}

long tg_input_read(tg_input_t *in, void *dst, size_t n, tg_error_t *err)
{
    size_t have = in->len - in->pos;

    if (have == 0) {
        int f;

        in->pos = in->len = 0;
        f = fill(in, err);
        if (f < 0)
            return -1;
        have = in->len;
        if (have == 0)
            return 0;
    }
    if (n > have)
        n = have;
    memcpy(dst, in->buf + in->pos, n);
    in->pos += n;
    return (long)n;
}

int tg_input_getline(tg_input_t *in, char **line, size_t *len, int *had_newline,
                     tg_error_t *err)
{
    for (;;) {
        char *start = in->buf + in->pos;
        size_t have = in->len - in->pos;
        char *nl = have ? memchr(start, '\n', have) : NULL;

        if (nl) {
            size_t n = (size_t)(nl - start);

            in->pos += n + 1;
            if (n && start[n - 1] == '\r')
                n--;
            start[n] = '\0';
            *line = start;
            *len = n;
            *had_newline = 1;
            in->lineno++;
            return 1;
        }
        if (in->eof) {
            if (!have)
                return 0;
            /* last line without a newline: terminate it in place */
            if (in->len == in->cap) {
                char *p = realloc(in->buf, in->cap + 1);

                if (!p) {
                    tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                    return -1;
                }
                in->buf = p;
                in->cap++;
                start = in->buf + in->pos;
            }
            start[have] = '\0';
            in->pos = in->len;
            *line = start;
            *len = have;
            *had_newline = 0;
            in->lineno++;
            return 1;
        }
        if (fill(in, err) < 0)
            return -1;
    }
}

const char *tg_utf8_fix(tg_buf *scratch, const char *s, size_t n, size_t *outn, int *repaired)
{
    *repaired = 0;
    *outn = n;
    if (tg_utf8_valid(s, n))
        return s;
    tg_buf_reset(scratch);
    if (tg_utf8_repair(scratch, s, n) < 0 || tg_buf_grow(scratch, 0))
        return NULL;
    *repaired = 1;
    *outn = scratch->len;
    return scratch->data;
}

char *tg_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t n;
    char *out;

    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, base, n);
    out[n] = '\0';
    return out;
}

int tg_first_line_is(const char *head, size_t len, int (*pred)(const char *, size_t))
{
    size_t i = 0;

    /* skip a UTF-8 byte order mark */
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        const char *nl = memchr(head + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (head + i)) : len - i;
        size_t tn;
        const char *t = tg_trim(head + i, n, &tn);

        if (tn)
            return pred(t, tn);
        if (!nl)
            break;
        i += n + 1;
    }
    return 0;
}
