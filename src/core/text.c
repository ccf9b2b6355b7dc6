/* text.c - UTF-8 checks and repair, trimming, case-folded keys, bidi isolation,
 * byte sizes. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"

static int is_layout_space(const unsigned char *p, size_t n, size_t *w)
{
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n' ||
                   p[0] == '\f' || p[0] == '\v')) {
        *w = 1;
        return 1;
    }
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) { /* U+00A0 no-break space */
        *w = 2;
        return 1;
    }
    return 0;
}

const char *tg_trim(const char *s, size_t n, size_t *outn)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w;

    while (n && is_layout_space(p, n, &w)) {
        p += w;
        n -= w;
    }
    while (n) {
        if (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n' ||
            p[n - 1] == '\f' || p[n - 1] == '\v')
            n--;
        else if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    *outn = n;
    return (const char *)p;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && p[1] > 0x9F)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0;
        if (c == 0xF4 && p[1] > 0x8F)
            return 0;
        return 4;
    }
    return 0;
}

int tg_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        size_t k;

        /* fast path over ASCII, 8 bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;

            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        k = utf8_seq(p + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

long tg_utf8_repair(tg_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    long bad = 0;

    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);

        if (k) {
            i += k;
            continue;
        }
        if (tg_buf_add(b, s + run, i - run) || tg_buf_add(b, "\xEF\xBF\xBD", 3))
            return -1;
        bad++;
        i++;
        run = i;
    }
    if (tg_buf_add(b, s + run, n - run))
        return -1;
    return bad;
}

char *tg_casefold_key(const char *s, size_t n)
{
    size_t tn;
    const char *t = tg_trim(s, n, &tn);
    char *folded, *norm;

    /* Callers hand in valid UTF-8 (importers repair it first). */
    folded = g_utf8_casefold(t, (gssize)tn);
    if (!folded)
        return NULL;
    norm = g_utf8_normalize(folded, -1, G_NORMALIZE_NFC);
    g_free(folded);
    if (!norm)
        return NULL;
    /* hand back memory the caller can free() */
    {
        char *out = strdup(norm);

        g_free(norm);
        return out;
    }
}

int tg_ascii_ieq(const char *s, size_t n, const char *word)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];

        if (!b)
            return 0;
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return word[n] == '\0';
}

/* ---- bidirectional isolation ---- */

/* The explicit formatting character at p (3 bytes, E2 80 xx or E2 81 xx):
 * 'E' opens an embedding or override (LRE RLE LRO RLO), 'I' an isolate
 * (LRI RLI FSI), 'P' is PDF, 'Q' is PDI; 0 for anything else. */
static int bidi_kind(const unsigned char *p)
{
    if (p[0] != 0xE2)
        return 0;
    if (p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE)
        return p[2] == 0xAC ? 'P' : 'E';   /* U+202A..U+202E, U+202C is PDF */
    if (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
        return p[2] == 0xA9 ? 'Q' : 'I';   /* U+2066..U+2069, U+2069 is PDI */
    return 0;
}

int tg_bidi_has_controls(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++) {
        if (p[0] == 0xD8 && p[1] == 0x9C)                           /* U+061C */
            return 1;
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F)) /* U+200E/F */
            return 1;
        if (p[0] == 0xE2 && p[1] && bidi_kind(p))
            return 1;
    }
    return 0;
}

int tg_bidi_isolate(tg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char open[128];          /* the openers in force, innermost last */
    size_t depth = 0, lost = 0;  /* lost: openers beyond open[] (still closed) */

    if (tg_buf_add(b, "\xE2\x81\xA8", 3))                 /* FSI */
        return -1;
    while (*p) {
        int k = p[1] && p[2] ? bidi_kind(p) : 0;

        if (k == 'E' || k == 'I') {
            if (depth < sizeof open)
                open[depth++] = (char)k;
            else
                lost++;
        } else if (k == 'P') {
            /* closes the innermost embedding, never an isolate */
            if (lost)
                lost--;
            else if (depth && open[depth - 1] == 'E')
                depth--;
            else
                k = -1;                                  /* stray: dropped */
        } else if (k == 'Q') {
            /* closes the innermost isolate and the embeddings inside it */
            size_t i = depth;

            while (i && open[i - 1] != 'I')
                i--;
            if (i) {
                depth = i - 1;
                lost = 0;
            } else {
                k = -1;                                  /* stray: dropped */
            }
        }
        if (k >= 0) {
            size_t n = k ? 3 : 1;

            if (tg_buf_add(b, p, n))
                return -1;
            p += n;
        } else {
            p += 3;
        }
    }
    while (lost) {
        if (tg_buf_add(b, "\xE2\x80\xAC", 3))         /* PDF */
            return -1;
        lost--;
    }
    while (depth) {
        depth--;
        if (tg_buf_add(b, open[depth] == 'I' ? "\xE2\x81\xA9" : "\xE2\x80\xAC", 3))
            return -1;
    }
    return tg_buf_add(b, "\xE2\x81\xA9", 3);             /* PDI */
}

/* ---- sizes ---- */

void tg_size_format(size_t n, char *out, size_t outsz)
{
    static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
    double v = (double)n;
    int u = -1;

    if (n < 1024) {
        snprintf(out, outsz, "%zu byte%s", n, n == 1 ? "" : "s");
        return;
    }
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    if (v == (double)(long long)v)
        snprintf(out, outsz, "%lld %s", (long long)v, units[u]);
    else
        snprintf(out, outsz, "%.1f %s", v, units[u]);
}
