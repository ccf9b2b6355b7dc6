/* text.c - measuring text with pango, for both backends: widths, font
 * metrics, shortening with an ellipsis and word wrapping.
 *
 * One pango context on a private cairo font map, with hinting off and
 * unrounded glyph positions, so that a width does not depend on the
 * output's scale: the PNG, the PDF and the SVG are laid out alike. */
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* The face list: Noto Sans covers Latin, Greek and Cyrillic; fontconfig
 * falls back to Noto's Arabic, CJK and colour emoji faces for the rest. */
#define TG_FONT_FAMILY "Noto Sans, DejaVu Sans, sans-serif"

#define ELLIPSIS "\xE2\x80\xA6"

struct tg_measure {
    PangoFontMap *fontmap;
    PangoContext *ctx;
    PangoLayout *layout;
    PangoFontDescription *desc;
    /* metrics cache: last font asked */
    tg_font mfont;
    double ascent, descent;
};

tg_status_t tg_measure_new(tg_measure **out, tg_error_t *err)
{
    tg_measure *m = calloc(1, sizeof *m);
    cairo_font_options_t *fo = NULL;

    *out = NULL;
    if (!m)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    m->fontmap = pango_cairo_font_map_new();
    m->ctx = m->fontmap ? pango_font_map_create_context(m->fontmap) : NULL;
    if (!m->ctx) {
        tg_measure_free(m);
        return tg_error_set(err, TG_ERR_FAIL, "cannot set up pango for text");
    }
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(m->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(m->ctx, 96.0);
    pango_context_set_round_glyph_positions(m->ctx, FALSE);
    pango_context_set_base_dir(m->ctx, PANGO_DIRECTION_LTR);
    m->layout = pango_layout_new(m->ctx);
    m->desc = pango_font_description_from_string(TG_FONT_FAMILY);
    pango_layout_set_auto_dir(m->layout, TRUE);
    *out = m;
    return TG_OK;
}

void tg_measure_free(tg_measure *m)
{
    if (!m)
        return;
    if (m->desc)
        pango_font_description_free(m->desc);
    if (m->layout)
        g_object_unref(m->layout);
    if (m->ctx)
        g_object_unref(m->ctx);
    if (m->fontmap)
        g_object_unref(m->fontmap);
    free(m);
}

static void set_font(tg_measure *m, tg_font f)
{
    pango_font_description_set_absolute_size(m->desc, f.size * PANGO_SCALE);
    pango_font_description_set_weight(m->desc, f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(m->layout, m->desc);
}

PangoLayout *tg_measure_layout(tg_measure *m, const char *s, tg_font f)
{
    set_font(m, f);
    pango_layout_set_width(m->layout, -1);
    pango_layout_set_text(m->layout, s, -1);
    return m->layout;
}

double tg_text_width(tg_measure *m, const char *s, tg_font f)
{
    PangoRectangle logical;

    if (!s || !*s)
        return 0;
    tg_measure_layout(m, s, f);
    pango_layout_get_extents(m->layout, NULL, &logical);
    return (double)logical.width / PANGO_SCALE;
}

void tg_font_metrics(tg_measure *m, tg_font f, double *ascent, double *descent)
{
    if (m->mfont.size != f.size || m->mfont.bold != f.bold) {
        PangoFontMetrics *fm;

        set_font(m, f);
        fm = pango_context_get_metrics(m->ctx, m->desc, NULL);
        m->ascent = (double)pango_font_metrics_get_ascent(fm) / PANGO_SCALE;
        m->descent = (double)pango_font_metrics_get_descent(fm) / PANGO_SCALE;
        pango_font_metrics_unref(fm);
        m->mfont = f;
    }
    *ascent = m->ascent;
    *descent = m->descent;
}

static char *dup_n(const char *s, size_t n)
{
    char *r = malloc(n + 1);

    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* prefix s[0..n) with trailing spaces dropped, then the ellipsis */
static char *with_ellipsis(const char *s, size_t n)
{
    char *r;

    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    r = malloc(n + sizeof ELLIPSIS);
    if (r) {
        memcpy(r, s, n);
        memcpy(r + n, ELLIPSIS, sizeof ELLIPSIS);
    }
    return r;
}

/* s on one line: control characters (a newline in a name) become spaces */
static char *one_line(const char *s)
{
    char *r = dup_n(s, strlen(s)), *p;

    if (r)
        for (p = r; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                *p = ' ';
    return r;
}

static char *fit_line(tg_measure *m, const char *s, tg_font f, double maxw);

char *tg_text_fit(tg_measure *m, const char *s, tg_font f, double maxw)
{
    char *line = one_line(s ? s : ""), *r;

    if (!line)
        return NULL;
    r = fit_line(m, line, f, maxw);
    free(line);
    return r;
}

static char *fit_line(tg_measure *m, const char *s, tg_font f, double maxw)
{
    const PangoLogAttr *attrs;
    gint nattrs, nchars;
    size_t *cut = NULL;
    size_t ncut = 0, lo, hi, len;
    const char *p;
    char *r = NULL, *best = NULL;
    gint i;

    len = strlen(s);
    if (tg_text_width(m, s, f) <= maxw)
        return dup_n(s, len);
    if (tg_text_width(m, ELLIPSIS, f) > maxw)
        return dup_n("", 0);
    /* grapheme boundaries (cursor positions) as byte offsets */
    tg_measure_layout(m, s, f);
    attrs = pango_layout_get_log_attrs_readonly(m->layout, &nattrs);
    nchars = (gint)g_utf8_strlen(s, (gssize)len);
    cut = malloc(((size_t)nchars + 1) * sizeof *cut);
    if (!cut)
        return NULL;
    for (i = 0, p = s; i <= nchars && i < nattrs; i++) {
        if (attrs[i].is_cursor_position)
            cut[ncut++] = (size_t)(p - s);
        if (i < nchars)
            p = g_utf8_next_char(p);
    }
    /* the longest prefix cut[k] (k < ncut) whose text+ellipsis fits:
     * widths grow with k, so search for it */
    lo = 0;
    hi = ncut;
    best = with_ellipsis(s, 0);
    while (best && lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;

        r = with_ellipsis(s, cut[mid]);
        if (!r)
            break;
        if (tg_text_width(m, r, f) <= maxw) {
            free(best);
            best = r;
            lo = mid;
        } else {
            free(r);
            hi = mid;
        }
        r = NULL;
    }
    free(cut);
    return best;
}

void tg_lines_free(char **lines, int n)
{
    int i;

    if (!lines)
        return;
    for (i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

int tg_text_wrap(tg_measure *m, const char *s, tg_font f, double maxw, int maxlines,
                 char ***lines)
{
    char **out = NULL;
    int n = 0, total, i;
    GSList *l;

    *lines = NULL;
    if (!s)
        s = "";
    if (maxlines < 1)
        maxlines = 1;
    tg_measure_layout(m, s, f);
    pango_layout_set_width(m->layout, (int)(maxw * PANGO_SCALE));
    pango_layout_set_wrap(m->layout, PANGO_WRAP_WORD_CHAR);
    total = pango_layout_get_line_count(m->layout);
    out = calloc((size_t)(total < maxlines ? total : maxlines) + 1, sizeof *out);
    if (!out)
        goto nomem;
    for (i = 0, l = pango_layout_get_lines_readonly(m->layout); l && n < maxlines;
         l = l->next, i++) {
        PangoLayoutLine *line = l->data;
        size_t start = (size_t)line->start_index, len = (size_t)line->length;

        if (n == maxlines - 1 && i < total - 1) {
            /* the last line allowed, with more text after it */
            out[n] = NULL;
            len = strlen(s + start);
            {
                char *rest = dup_n(s + start, len);

                if (!rest)
                    goto nomem;
                /* a line that does not end the text always gets the ellipsis */
                out[n] = tg_text_fit(m, rest, f, maxw - tg_text_width(m, ELLIPSIS, f));
                free(rest);
                if (!out[n])
                    goto nomem;
                if (!strstr(out[n], ELLIPSIS)) {
                    char *e = with_ellipsis(out[n], strlen(out[n]));

                    free(out[n]);
                    if (!(out[n] = e))
                        goto nomem;
                }
            }
            n++;
            break;
        }
        while (len && (s[start + len - 1] == ' ' || s[start + len - 1] == '\n'))
            len--;
        if (!(out[n] = dup_n(s + start, len)))
            goto nomem;
        n++;
    }
    pango_layout_set_width(m->layout, -1);
    *lines = out;
    return n;
nomem:
    pango_layout_set_width(m->layout, -1);
    tg_lines_free(out, n + 1);
    return -1;
}
