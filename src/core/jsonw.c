/* jsonw.c - the one way the library writes JSON: a thin layer over yajl's
 * generator (yajl_gen) that writes into a tg_buf or a FILE, formats numbers
 * the project's way (yajl prints doubles with %.20g, so 0.4 would become
 * 0.4000000000000000222) and offers three layouts: compact, spaced (", "
 * and ": " on one line) and pretty (two-space indent, final newline).
 * Escaping is yajl's; strings that are not valid UTF-8 are repaired (each
 * bad sequence becomes U+FFFD) so that the output is always valid JSON.
 * Errors stick: after the first failure every call is a no-op and
 * tg_jsonw_failed() says so. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "core_internal.h"

/* yajl hands out its output in pieces; a separator ("," or ":") is always
 * the first piece of a call, and is printed alone. */
static void print_piece(void *ctx, const char *s, size_t n)
{
    tg_jsonw *w = ctx;
    int spaced = w->style == TG_JSONW_SPACED && w->first_piece && n == 1 &&
                 (s[0] == ',' || s[0] == ':');

    w->first_piece = 0;
    if (w->buf) {
        tg_buf_add(w->buf, s, n);
        if (spaced)
            tg_buf_addch(w->buf, ' ');
        if (tg_buf_failed(w->buf))
            w->failed = 1;
    } else if (fwrite(s, 1, n, w->f) != n || (spaced && fputc(' ', w->f) == EOF)) {
        w->failed = 1;
    }
}

static int setup(tg_jsonw *w, tg_jsonw_style style)
{
    w->style = style;
    w->first_piece = 0;
    w->failed = 0;
    w->g = tg_yajl_gen_alloc();
    if (!w->g) {
        w->failed = 1;
        return -1;
    }
    yajl_gen_config(w->g, yajl_gen_print_callback, print_piece, w);
    yajl_gen_config(w->g, yajl_gen_validate_utf8, 1);
    if (style == TG_JSONW_PRETTY) {
        yajl_gen_config(w->g, yajl_gen_beautify, 1);
        yajl_gen_config(w->g, yajl_gen_indent_string, "  ");
    }
    return 0;
}

int tg_jsonw_init_buf(tg_jsonw *w, tg_buf *out, tg_jsonw_style style)
{
    w->buf = out;
    w->f = NULL;
    return setup(w, style);
}

int tg_jsonw_init_file(tg_jsonw *w, FILE *f, tg_jsonw_style style)
{
    w->buf = NULL;
    w->f = f;
    return setup(w, style);
}

void tg_jsonw_release(tg_jsonw *w)
{
    if (!w)
        return;
    if (w->g)
        yajl_gen_free(w->g);
    w->g = NULL;
}

int tg_jsonw_failed(const tg_jsonw *w)
{
    return w->failed;
}

static void check(tg_jsonw *w, yajl_gen_status st)
{
    if (st != yajl_gen_status_ok)
        w->failed = 1;
}

/* Whether the next call may run; marks its first piece. */
static int ready(tg_jsonw *w)
{
    if (w->failed)
        return 0;
    w->first_piece = 1;
    return 1;
}

void tg_jsonw_map_open(tg_jsonw *w)
{
    if (ready(w))
        check(w, yajl_gen_map_open(w->g));
}

void tg_jsonw_map_close(tg_jsonw *w)
{
    if (ready(w))
        check(w, yajl_gen_map_close(w->g));
}

void tg_jsonw_array_open(tg_jsonw *w)
{
    if (ready(w))
        check(w, yajl_gen_array_open(w->g));
}

void tg_jsonw_array_close(tg_jsonw *w)
{
    if (ready(w))
        check(w, yajl_gen_array_close(w->g));
}

void tg_jsonw_string_len(tg_jsonw *w, const char *s, size_t n)
{
    tg_buf fixed = TG_BUF_INIT;

    if (!ready(w))
        return;
    if (!tg_utf8_valid(s, n)) {
        if (tg_utf8_repair(&fixed, s, n) < 0 || tg_buf_failed(&fixed)) {
            w->failed = 1;
            tg_buf_release(&fixed);
            return;
        }
        s = fixed.data;
        n = fixed.len;
    }
    check(w, yajl_gen_string(w->g, (const unsigned char *)s, n));
    tg_buf_release(&fixed);
}

void tg_jsonw_string(tg_jsonw *w, const char *s)
{
    if (!s)
        s = "";
    tg_jsonw_string_len(w, s, strlen(s));
}

void tg_jsonw_key(tg_jsonw *w, const char *key)
{
    tg_jsonw_string(w, key);
}

static void number(tg_jsonw *w, const char *text)
{
    if (ready(w))
        check(w, yajl_gen_number(w->g, text, strlen(text)));
}

void tg_jsonw_int(tg_jsonw *w, long long v)
{
    char b[32];

    snprintf(b, sizeof b, "%lld", v);
    number(w, b);
}

void tg_jsonw_uint(tg_jsonw *w, unsigned long long v)
{
    char b[32];

    snprintf(b, sizeof b, "%llu", v);
    number(w, b);
}

void tg_jsonw_real(tg_jsonw *w, double v)
{
    char b[40];

    if (!isfinite(v)) {
        tg_jsonw_null(w);
        return;
    }
    tg_fmt_real(v, b, sizeof b);
    number(w, b);
}

void tg_jsonw_bool(tg_jsonw *w, int v)
{
    if (ready(w))
        check(w, yajl_gen_bool(w->g, v != 0));
}

void tg_jsonw_null(tg_jsonw *w)
{
    if (ready(w))
        check(w, yajl_gen_null(w->g));
}

void tg_jsonw_raw(tg_jsonw *w, const char *json)
{
    if (!json || !*json)
        tg_jsonw_null(w);
    else
        number(w, json);
}
