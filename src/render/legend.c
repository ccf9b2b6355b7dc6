/* legend.c - the legend under every chart's plot: rows, each a bold
 * heading ("Colour = author:") and items (a swatch and plain words), flowed
 * into lines across the frame's width; and the row of author colours that
 * the tree and the timeline share.  One flow routine measures and draws, so
 * what is measured is what is drawn. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define LEGEND_FONT 12.5
#define LEGEND_LINE 21.0

static char *dup_str(tg_frame *f, const char *s)
{
    char *r = strdup(s ? s : "");

    if (!r)
        f->status = -1;
    return r;
}

void tg_frame_row(tg_frame *f, const char *heading)
{
    tg_legend_row *r = realloc(f->rows, (f->nrows + 1) * sizeof *r);

    if (!r) {
        f->status = -1;
        return;
    }
    f->rows = r;
    memset(&r[f->nrows], 0, sizeof r[f->nrows]);
    r[f->nrows].heading = dup_str(f, heading);
    f->nrows++;
}

void tg_frame_item(tg_frame *f, tg_swatch kind, const tg_style *style, double size,
                   const char *text)
{
    tg_legend_row *r;
    tg_legend_item *it;

    if (!f->nrows)
        tg_frame_row(f, "");
    if (!f->nrows)
        return;
    r = &f->rows[f->nrows - 1];
    it = realloc(r->items, (r->n + 1) * sizeof *it);
    if (!it) {
        f->status = -1;
        return;
    }
    r->items = it;
    it = &r->items[r->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    if (style)
        it->style = *style;
    it->size = size;
    it->text = dup_str(f, text);
}

void tg_legend_release(tg_frame *f)
{
    size_t i, k;

    for (i = 0; i < f->nrows; i++) {
        free(f->rows[i].heading);
        for (k = 0; k < f->rows[i].n; k++)
            free(f->rows[i].items[k].text);
        free(f->rows[i].items);
    }
    free(f->rows);
    f->rows = NULL;
    f->nrows = 0;
}

/* ---- the legend's flow: positions items in rows, drawing them when c ---- */
static double swatch_width(const tg_legend_item *it)
{
    switch (it->kind) {
    case TG_SW_DOT: return fmax(2 * it->size, 8);
    case TG_SW_LINE:
    case TG_SW_ARROW: return 28;
    case TG_SW_BAR: return 12;
    default: return 0;
    }
}

static void draw_swatch(tg_canvas *c, const tg_legend_item *it, double x, double cy)
{
    double w = swatch_width(it);
    tg_style s = it->style;

    switch (it->kind) {
    case TG_SW_DOT:
        tg_draw_circle(c, x + w / 2, cy, it->size, &s);
        break;
    case TG_SW_LINE:
        s.width = it->size;
        tg_draw_line(c, x, cy, x + w, cy, &s);
        break;
    case TG_SW_ARROW:
        s.width = it->size;
        tg_draw_arrow(c, x, cy, x + w, cy, fmax(7, it->size * 2.2), &s);
        break;
    case TG_SW_BAR:
        tg_draw_rect(c, x, cy - 6, 12, 12, &s);
        break;
    default:
        break;
    }
}

/* Flow one legend row starting at y (the top of its first line); returns
 * the number of lines used. */
static int flow_row(tg_frame *f, tg_legend_row *r, tg_canvas *c, double y)
{
    tg_font hf = { LEGEND_FONT, 1 }, tf = { LEGEND_FONT, 0 };
    tg_text_style hs = tg_text(LEGEND_FONT, 1, TG_INK, TG_ANCHOR_START);
    tg_text_style ts = tg_text(LEGEND_FONT, 0, TG_INK, TG_ANCHOR_START);
    double x0 = f->margin, x1 = f->width - f->margin, x = x0, indent, asc, desc, base;
    int lines = 1;
    size_t i;

    tg_font_metrics(f->m, tf, &asc, &desc);
    base = (LEGEND_LINE + asc - desc) / 2;
    if (r->heading && *r->heading) {
        double hw = tg_text_width(f->m, r->heading, hf);

        if (c)
            tg_draw_text(c, x, y + base, r->heading, &hs);
        x += hw + 10;
    }
    indent = x - x0 < (x1 - x0) * 0.3 ? x : x0 + 16;
    for (i = 0; i < r->n; i++) {
        tg_legend_item *it = &r->items[i];
        double sw = swatch_width(it), gap = sw > 0 ? 6 : 0;
        double tw = tg_text_width(f->m, it->text, tf);

        if (sw + gap + tw > x1 - indent) {
            /* too long for any line: shorten it (once, at layout time) */
            char *fit = tg_text_fit(f->m, it->text, tf, x1 - indent - sw - gap);

            if (!fit) {
                f->status = -1;
                return lines;
            }
            free(it->text);
            it->text = fit;
            tw = tg_text_width(f->m, it->text, tf);
        }
        if (x > indent && x + sw + gap + tw > x1) {
            lines++;
            y += LEGEND_LINE;
            x = indent;
        }
        if (c) {
            draw_swatch(c, it, x, y + LEGEND_LINE / 2);
            tg_draw_text(c, x + sw + gap, y + base, it->text, &ts);
        }
        x += sw + gap + tw + 18;
    }
    return lines;
}

double tg_legend_flow(tg_frame *f, tg_canvas *c, double y)
{
    size_t i;

    for (i = 0; i < f->nrows; i++)
        y += flow_row(f, &f->rows[i], c, y) * LEGEND_LINE;
    return y;
}

/* ---- the authors' colours ---- */
void tg_legend_authors(tg_frame *f, const tg_dataset_t *ds, const tg_rgb *colour,
                       const int32_t *rank, size_t nrank, int others, int anon)
{
    tg_font lf = { 12.5, 0 };
    size_t i;

    tg_frame_row(f, "Colour = author:");
    for (i = 0; i < nrank; i++) {
        tg_style s = tg_author_style(colour, rank[i], 5);
        char *name = tg_text_fit(f->m, ds->user_name[rank[i]], lf, 180);

        if (!name)
            f->status = -1;
        tg_frame_item(f, TG_SW_DOT, &s, 5, name ? name : "");
        free(name);
    }
    if (others) {
        tg_style s = tg_fill(TG_OTHER);

        tg_frame_item(f, TG_SW_DOT, &s, 5, nrank ? "other named commenters" : "named commenters");
    }
    if (anon) {
        tg_style s = tg_author_style(colour, -1, 5);

        tg_frame_item(f, TG_SW_DOT, &s, 5, "anonymous");
    }
}
