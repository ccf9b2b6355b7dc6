/* canvas_svg.c - the SVG backend of the drawing layer, written by hand
 * because cairo's SVG surface turns letters into glyph outlines.  Text stays
 * <text> (searchable, selectable, editable), the chart has a <title> and a
 * <desc>, groups carry a class and a <title> tooltip, and every string is
 * XML-escaped.  Numbers are written with two decimals by integer arithmetic
 * (no locale, no printf rounding differences): the same drawing gives the
 * same bytes. */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

typedef struct svg_canvas {
    tg_canvas base;
    tg_buf out;
    int failed;
    char *path;
    tg_buf *mem;    /* the output goes here instead of to path */
} svg_canvas;

int tg_xml_escape(tg_buf *b, const char *s)
{
    const char *p = s ? s : "";
    int rc = 0;

    while (*p && !rc) {
        const unsigned char c = (unsigned char)*p;

        if (c < 0x80) {
            switch (c) {
            case '&': rc = tg_buf_addstr(b, "&amp;"); break;
            case '<': rc = tg_buf_addstr(b, "&lt;"); break;
            case '>': rc = tg_buf_addstr(b, "&gt;"); break;
            case '"': rc = tg_buf_addstr(b, "&quot;"); break;
            case '\'': rc = tg_buf_addstr(b, "&apos;"); break;
            case '\t': rc = tg_buf_addstr(b, "&#9;"); break;
            case '\n': rc = tg_buf_addstr(b, "&#10;"); break;
            case '\r': rc = tg_buf_addstr(b, "&#13;"); break;
            default:
                rc = c < 0x20 || c == 0x7F ? tg_buf_addstr(b, "\xEF\xBF\xBD") : tg_buf_addch(b, (char)c);
            }
            p++;
        } else {
            gunichar u = g_utf8_get_char_validated(p, -1);

            if (u == (gunichar)-1 || u == (gunichar)-2) {
                /* an invalid byte: replace it alone */
                rc = tg_buf_addstr(b, "\xEF\xBF\xBD");
                p++;
            } else {
                const char *next = g_utf8_next_char(p);

                if (u == 0xFFFE || u == 0xFFFF || (u >= 0x80 && u <= 0x9F))
                    rc = tg_buf_addstr(b, "\xEF\xBF\xBD");
                else
                    rc = tg_buf_add(b, p, (size_t)(next - p));
                p = next;
            }
        }
    }
    return rc;
}

/* ---- output helpers: errors stick to the canvas ---- */
static void put(svg_canvas *sc, const char *s)
{
    if (!sc->failed && tg_buf_addstr(&sc->out, s))
        sc->failed = 1;
}

static void put_esc(svg_canvas *sc, const char *s)
{
    if (!sc->failed && tg_xml_escape(&sc->out, s))
        sc->failed = 1;
}

/* v with at most two decimals, no trailing zeros */
static void put_num(svg_canvas *sc, double v)
{
    char tmp[48];
    long long k;
    long long ip, fp;
    int neg;

    if (!isfinite(v))
        v = 0;
    k = llround(v * 100);
    neg = k < 0;
    if (neg)
        k = -k;
    ip = k / 100;
    fp = k % 100;
    if (fp == 0)
        snprintf(tmp, sizeof tmp, "%s%lld", neg ? "-" : "", ip);
    else if (fp % 10 == 0)
        snprintf(tmp, sizeof tmp, "%s%lld.%lld", neg ? "-" : "", ip, fp / 10);
    else
        snprintf(tmp, sizeof tmp, "%s%lld.%02lld", neg ? "-" : "", ip, fp);
    put(sc, tmp);
}

static void put_attr_num(svg_canvas *sc, const char *name, double v)
{
    put(sc, " ");
    put(sc, name);
    put(sc, "=\"");
    put_num(sc, v);
    put(sc, "\"");
}

static void put_colour(svg_canvas *sc, tg_rgb c)
{
    char tmp[8];

    snprintf(tmp, sizeof tmp, "#%06x", (unsigned)c & 0xFFFFFFu);
    put(sc, tmp);
}

static void put_style(svg_canvas *sc, const tg_style *s)
{
    put(sc, " fill=\"");
    if (s->fill_op > 0)
        put_colour(sc, s->fill);
    else
        put(sc, "none");
    put(sc, "\"");
    if (s->fill_op > 0 && s->fill_op < 1)
        put_attr_num(sc, "fill-opacity", s->fill_op);
    if (s->stroke_op > 0 && s->width > 0) {
        put(sc, " stroke=\"");
        put_colour(sc, s->stroke);
        put(sc, "\"");
        put_attr_num(sc, "stroke-width", s->width);
        if (s->stroke_op < 1)
            put_attr_num(sc, "stroke-opacity", s->stroke_op);
        if (s->dash > 0) {
            put(sc, " stroke-dasharray=\"");
            put_num(sc, s->dash);
            put(sc, "\"");
        }
    }
}

/* ---- the operations ---- */
static void s_group_begin(tg_canvas *c, const tg_group *g)
{
    svg_canvas *sc = (svg_canvas *)c;

    put(sc, "<g");
    if (g->cls) {
        put(sc, " class=\"");
        put_esc(sc, g->cls);
        put(sc, "\"");
    }
    if (g->id) {
        put(sc, " id=\"");
        put_esc(sc, g->id);
        put(sc, "\"");
    }
    if (g->source) {
        put(sc, " data-source=\"");
        put_esc(sc, g->source);
        put(sc, "\"");
    }
    if (g->target) {
        put(sc, " data-target=\"");
        put_esc(sc, g->target);
        put(sc, "\"");
    }
    put(sc, ">");
    if (g->tooltip) {
        put(sc, "<title>");
        put_esc(sc, g->tooltip);
        put(sc, "</title>");
    }
}

static void s_group_end(tg_canvas *c)
{
    put((svg_canvas *)c, "</g>\n");
}

static void s_rect(tg_canvas *c, double x, double y, double w, double h, const tg_style *s)
{
    svg_canvas *sc = (svg_canvas *)c;

    put(sc, "<rect");
    put_attr_num(sc, "x", x);
    put_attr_num(sc, "y", y);
    put_attr_num(sc, "width", w);
    put_attr_num(sc, "height", h);
    put_style(sc, s);
    put(sc, "/>\n");
}

static void s_circle(tg_canvas *c, double cx, double cy, double r, const tg_style *s)
{
    svg_canvas *sc = (svg_canvas *)c;

    put(sc, "<circle");
    put_attr_num(sc, "cx", cx);
    put_attr_num(sc, "cy", cy);
    put_attr_num(sc, "r", r);
    put_style(sc, s);
    put(sc, "/>\n");
}

static void s_path(tg_canvas *c, const tg_path *p, const tg_style *s)
{
    svg_canvas *sc = (svg_canvas *)c;
    int i, k, npts;
    char op[2] = { 0, 0 };

    put(sc, "<path d=\"");
    for (i = 0; i < p->n; i++) {
        op[0] = p->seg[i].op;
        put(sc, op);
        npts = op[0] == 'C' ? 3 : op[0] == 'Z' ? 0 : 1;
        for (k = 0; k < npts; k++) {
            if (k)
                put(sc, " ");
            put_num(sc, p->seg[i].x[k]);
            put(sc, " ");
            put_num(sc, p->seg[i].y[k]);
        }
    }
    put(sc, "\"");
    put_style(sc, s);
    put(sc, "/>\n");
}

static void s_text(tg_canvas *c, double x, double y, const char *s, const tg_text_style *t)
{
    svg_canvas *sc = (svg_canvas *)c;

    put(sc, "<text");
    if (t->cls) {
        put(sc, " class=\"");
        put_esc(sc, t->cls);
        put(sc, "\"");
    }
    put_attr_num(sc, "x", x);
    put_attr_num(sc, "y", y);
    put_attr_num(sc, "font-size", t->font.size);
    if (t->font.bold)
        put(sc, " font-weight=\"bold\"");
    if (t->anchor == TG_ANCHOR_MIDDLE)
        put(sc, " text-anchor=\"middle\"");
    else if (t->anchor == TG_ANCHOR_END)
        put(sc, " text-anchor=\"end\"");
    put(sc, " fill=\"");
    put_colour(sc, t->color);
    put(sc, "\"");
    if (t->flags & TG_TEXT_HALO)
        put(sc, " stroke=\"#ffffff\" stroke-opacity=\"0.9\" stroke-width=\"3\""
                " stroke-linejoin=\"round\" paint-order=\"stroke\"");
    if (t->angle != 0) {
        put(sc, " transform=\"rotate(");
        put_num(sc, t->angle);
        put(sc, " ");
        put_num(sc, x);
        put(sc, " ");
        put_num(sc, y);
        put(sc, ")\"");
    }
    put(sc, ">");
    put_esc(sc, s);
    put(sc, "</text>\n");
}

static tg_status_t s_finish(tg_canvas *c, tg_error_t *err)
{
    svg_canvas *sc = (svg_canvas *)c;
    FILE *f;
    int bad;

    put(sc, "</svg>\n");
    if (sc->failed)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if (sc->mem)
        return tg_buf_add(sc->mem, sc->out.data, sc->out.len)
                   ? tg_error_set(err, TG_ERR_NOMEM, "out of memory")
                   : TG_OK;
    f = fopen(sc->path, "wb");
    if (!f)
        return tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", sc->path,
                            strerror(errno));
    bad = fwrite(sc->out.data, 1, sc->out.len, f) != sc->out.len;
    bad |= fclose(f) != 0;
    if (bad)
        return tg_error_set(err, TG_ERR_IO, "cannot write '%s'", sc->path);
    return TG_OK;
}

static void s_destroy(tg_canvas *c)
{
    svg_canvas *sc = (svg_canvas *)c;

    tg_buf_release(&sc->out);
    free(sc->path);
    free(sc);
}

static const tg_canvas_ops svg_ops = {
    s_group_begin, s_group_end, s_rect, s_circle, s_path, s_text, s_finish, s_destroy,
};

tg_status_t tg_canvas_svg_open(const tg_page *page, tg_measure *m, tg_canvas **out,
                               tg_error_t *err)
{
    svg_canvas *sc = calloc(1, sizeof *sc);

    *out = NULL;
    if (!sc || !(sc->path = strdup(page->path ? page->path : "memory"))) {
        free(sc);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    sc->mem = page->mem;
    sc->base.ops = &svg_ops;
    sc->base.m = m;
    sc->base.width = page->width;
    sc->base.height = page->height;
    tg_buf_init(&sc->out);
    put(sc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    put_attr_num(sc, "width", page->width);
    put_attr_num(sc, "height", page->height);
    put(sc, " viewBox=\"0 0 ");
    put_num(sc, page->width);
    put(sc, " ");
    put_num(sc, page->height);
    put(sc, "\" role=\"img\" aria-labelledby=\"chart-title chart-desc\""
            " font-family=\"Noto Sans, DejaVu Sans, sans-serif\">\n<title id=\"chart-title\">");
    put_esc(sc, page->title);
    put(sc, "</title>\n<desc id=\"chart-desc\">");
    put_esc(sc, page->desc);
    put(sc, "</desc>\n<style>.node, .root { cursor: default; }"
            " text { white-space: pre; }</style>\n");
    put(sc, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    *out = &sc->base;
    return TG_OK;
}
