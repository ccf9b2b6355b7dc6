/* csvw.c - the project's one CSV writer (RFC 4180, UTF-8; text cells that
 * begin with = + - @ or their full-width forms, after any spaces, or with a
 * tab or CR get a leading apostrophe unless the formula guard is off), the fixed formatting of reals
 * (the temporary files and sets it writes through are src/core/fileset.c). */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/store.h"

tg_status_t tg_csvw_open(tg_csvw *w, const char *dir, const char *name, int guard, tg_error_t *err)
{
    tg_buf p = TG_BUF_INIT;

    memset(w, 0, sizeof *w);
    w->guard = guard;
    w->first = 1;
    if (dir ? tg_buf_addf(&p, "%s/%s", dir, name) : tg_buf_addstr(&p, name))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    w->path = tg_buf_detach(&p);
    w->tmp = tg_temp_name(w->path);
    if (!w->tmp) {
        free(w->path);
        w->path = NULL;
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    w->f = fopen(w->tmp, "wb");
    if (!w->f) {
        tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", w->path, strerror(errno));
        free(w->path);
        free(w->tmp);
        w->path = w->tmp = NULL;
        return TG_ERR_IO;
    }
    w->buf = malloc(1u << 20);
    if (w->buf)
        setvbuf(w->f, w->buf, _IOFBF, 1u << 20);
    return TG_OK;
}

tg_status_t tg_csvw_close(tg_csvw *w, int ok, tg_error_t *err)
{
    tg_status_t rc = TG_OK;
    int bad;

    if (!w->f)
        return TG_OK;
    bad = ferror(w->f);
    if (fclose(w->f) != 0 || bad) {
        if (ok)
            rc = tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", w->path, strerror(errno));
        ok = 0;
    }
    w->f = NULL;
    if (ok)
        rc = tg_finish_file(w->tmp, w->path, 1, err);
    else
        remove(w->tmp);
    free(w->buf);
    free(w->path);
    free(w->tmp);
    w->buf = w->path = w->tmp = NULL;
    return rc;
}

static void sep(tg_csvw *w)
{
    if (!w->first)
        putc_unlocked(',', w->f);
    w->first = 0;
}

void tg_csvw_row_end(tg_csvw *w)
{
    putc_unlocked('\n', w->f);
    w->first = 1;
}

/* Would a spreadsheet take s for a formula?  It starts with = + - @ (or
 * their full-width forms U+FF1D U+FF0B U+FF0D U+FF20, which spreadsheets
 * read as the ASCII ones), after any spaces (ASCII, no-break U+00A0,
 * ideographic U+3000), or with a tab or CR. */
static int formula_like(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (*p == '\t' || *p == '\r')
        return 1;
    for (;;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        else if (p[0] == 0xc2 && p[1] == 0xa0)
            p += 2;
        else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
            p += 3;
        else
            break;
    }
    if (*p == '=' || *p == '+' || *p == '-' || *p == '@')
        return 1;
    /* U+FF0B U+FF0D U+FF1D in UTF-8: EF BC 8B, EF BC 8D, EF BC 9D; U+FF20: EF BC A0 */
    return p[0] == 0xef && p[1] == 0xbc &&
           (p[2] == 0x8b || p[2] == 0x8d || p[2] == 0x9d || p[2] == 0xa0);
}

void tg_csvw_text(tg_csvw *w, const char *s)
{
    const char *p;
    int quote;

    sep(w);
    if (!s || !*s)
        return;
    quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        putc_unlocked('"', w->f);
    if (w->guard && formula_like(s))
        putc_unlocked('\'', w->f);
    if (!quote) {
        fputs_unlocked(s, w->f);
        return;
    }
    for (p = s; *p; p++) {
        if (*p == '"')
            putc_unlocked('"', w->f);
        putc_unlocked(*p, w->f);
    }
    putc_unlocked('"', w->f);
}

void tg_csvw_int(tg_csvw *w, long long v)
{
    char b[24];
    char *e = b + sizeof b, *q = e;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    sep(w);
    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--q = '-';
    fwrite_unlocked(q, 1, (size_t)(e - q), w->f);
}

static void fix_point(char *out)
{
    const char *dp = localeconv()->decimal_point;
    char *p;

    if (dp && dp[0] && dp[0] != '.' && (p = strchr(out, dp[0])))
        *p = '.';
}

void tg_format_real_exact(char *out, size_t n, double v)
{
    /* fixed formats: a '*' precision sends glibc down its slow positional path */
    static const char *const fmts[] = { "%.15g", "%.16g", "%.17g" };
    size_t k;

    if (fabs(v) < 1e-12)
        v = 0; /* as tg_fmt_real: no "-0", and 0 where a sum of floats means it */
    /* a whole number below 10^15 is what %.15g prints for it (all its
     * digits, no exponent), and reads back equal */
    if (v > -1e15 && v < 1e15 && v == (double)(long long)v && n >= 21) {
        tg_fmt_int((long long)v, out, n);
        return;
    }
    for (k = 0; k < 3; k++) {
        snprintf(out, n, fmts[k], v);
        /* strtod reads the locale's point, so compare before fix_point */
        if (k == 2 || strtod(out, NULL) == v)
            break;
    }
    fix_point(out);
}

void tg_csvw_real(tg_csvw *w, double v)
{
    char b[40];

    sep(w);
    if (isnan(v))
        return;
    tg_fmt_real(v, b, sizeof b);
    fputs_unlocked(b, w->f);
}

void tg_csvw_time(tg_csvw *w, int64_t t)
{
    char b[32];

    sep(w);
    if (t == TG_TIME_NONE)
        return;
    tg_time_format(t, b, sizeof b);
    fputs_unlocked(b, w->f);
}

void tg_csvw_raw(tg_csvw *w, const char *s)
{
    sep(w);
    if (s)
        fputs_unlocked(s, w->f);
}

void tg_csvw_empty(tg_csvw *w)
{
    sep(w);
}

void tg_csvw_header(tg_csvw *w, const char *const *names)
{
    for (; *names; names++)
        tg_csvw_text(w, *names);
    tg_csvw_row_end(w);
}
