/* text.c - UTF-8 checks and repair, trimming, case-folded keys. */
#include <glib.h>
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
