/* frame.c - what every chart has around its plot: the title and subtitle
 * above it; below it the legend (rows of swatches with plain words), the
 * notes (what was left out, and why) and the footer (data source, date
 * range, threadgraph version).  Layout and drawing share one flow routine,
 * so what is measured is what is drawn. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define TITLE_FONT 20.0
#define SUBTITLE_FONT 13.0
#define NOTE_FONT 12.0
#define FOOTER_FONT 11.0
#define TITLE_LINE 26.0
#define SUBTITLE_LINE 18.0
#define NOTE_LINE 17.0

/* wrapped lines, kept between layout and draw */
typedef struct frame_lines {
    char **title, **subtitle, **notes_wrapped;
    int ntitle, nsubtitle, nnotes;
} frame_lines;

static char *dup_str(tg_frame *f, const char *s)
{
    char *r = strdup(s ? s : "");

    if (!r)
        f->status = -1;
    return r;
}

void tg_frame_init(tg_frame *f, tg_measure *m, double width)
{
    memset(f, 0, sizeof *f);
    f->m = m;
    f->width = width;
    f->margin = 24;
}

void tg_frame_release(tg_frame *f)
{
    size_t i;
    frame_lines *fl = f ? f->lines : NULL;

    if (!f)
        return;
    free(f->title);
    free(f->subtitle);
    tg_legend_release(f);
    for (i = 0; i < f->nnotes; i++)
        free(f->notes[i]);
    free(f->notes);
    free(f->footer);
    if (fl) {
        tg_lines_free(fl->title, fl->ntitle);
        tg_lines_free(fl->subtitle, fl->nsubtitle);
        tg_lines_free(fl->notes_wrapped, fl->nnotes);
        free(fl);
    }
    memset(f, 0, sizeof *f);
}

static frame_lines *lines_of(tg_frame *f)
{
    if (!f->lines)
        f->lines = calloc(1, sizeof(frame_lines));
    return f->lines;
}

void tg_frame_title(tg_frame *f, const char *title, const char *subtitle)
{
    free(f->title);
    free(f->subtitle);
    f->title = dup_str(f, title);
    f->subtitle = subtitle ? dup_str(f, subtitle) : NULL;
}

void tg_frame_note(tg_frame *f, const char *fmt, ...)
{
    va_list ap;
    char **n = realloc(f->notes, (f->nnotes + 1) * sizeof *n);
    char *s = NULL;

    if (!n) {
        f->status = -1;
        return;
    }
    f->notes = n;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s) {
        f->status = -1;
        return;
    }
    f->notes[f->nnotes++] = s;
}

void tg_frame_footer(tg_frame *f, const char *source, int64_t first, int64_t last)
{
    char a[40], b[40];
    char *s = NULL;
    int rc;

    if (first == TG_TIME_NONE || last == TG_TIME_NONE) {
        rc = asprintf(&s, "Data: %s \xC2\xB7 dates unknown", source);
    } else {
        tg_fmt_date(first, 0, a, sizeof a);
        tg_fmt_date(last, 0, b, sizeof b);
        if (strcmp(a, b) == 0)
            rc = asprintf(&s, "Data: %s \xC2\xB7 %s (UTC)", source, a);
        else
            rc = asprintf(&s, "Data: %s \xC2\xB7 %s \xE2\x80\x93 %s (UTC)", source, a, b);
    }
    free(f->footer);
    f->footer = rc < 0 ? NULL : s;
    if (!f->footer)
        f->status = -1;
}

double tg_frame_header_height(tg_frame *f)
{
    frame_lines *fl = lines_of(f);
    double inner = f->width - 2 * f->margin;
    tg_font tf = { TITLE_FONT, 1 }, sf = { SUBTITLE_FONT, 0 };

    if (!fl) {
        f->status = -1;
        return 0;
    }
    if (!fl->title) {
        fl->ntitle = tg_text_wrap(f->m, f->title ? f->title : "", tf, inner, 2, &fl->title);
        if (fl->ntitle < 0) {
            fl->ntitle = 0;
            f->status = -1;
        }
        if (f->subtitle) {
            fl->nsubtitle = tg_text_wrap(f->m, f->subtitle, sf, inner, 2, &fl->subtitle);
            if (fl->nsubtitle < 0) {
                fl->nsubtitle = 0;
                f->status = -1;
            }
        }
    }
    return f->margin + fl->ntitle * TITLE_LINE + fl->nsubtitle * SUBTITLE_LINE + 14;
}

void tg_frame_layout(tg_frame *f, double plot_h)
{
    frame_lines *fl;
    double y = tg_frame_header_height(f), inner = f->width - 2 * f->margin;
    tg_font nf = { NOTE_FONT, 0 };
    size_t i;
    int k;

    fl = lines_of(f);
    if (!fl)
        return;
    f->plot_x = f->margin;
    f->plot_y = y;
    f->plot_w = inner;
    f->plot_h = plot_h;
    y += plot_h + 16;
    y = tg_legend_flow(f, NULL, y);
    /* the notes, wrapped into one list of lines (again: notes may have
     * been added since the last layout) */
    tg_lines_free(fl->notes_wrapped, fl->nnotes);
    fl->notes_wrapped = NULL;
    fl->nnotes = 0;
    if (f->nnotes) {
        for (i = 0; i < f->nnotes; i++) {
            char **l = NULL, **grown;
            int n = tg_text_wrap(f->m, f->notes[i], nf, inner, 4, &l);

            if (n < 0) {
                f->status = -1;
                break;
            }
            grown = realloc(fl->notes_wrapped, (size_t)(fl->nnotes + n + 1) * sizeof *grown);
            if (!grown) {
                tg_lines_free(l, n);
                f->status = -1;
                break;
            }
            fl->notes_wrapped = grown;
            for (k = 0; k < n; k++)
                fl->notes_wrapped[fl->nnotes++] = l[k];
            free(l);
        }
    }
    if (fl->nnotes)
        y += 4 + fl->nnotes * NOTE_LINE;
    y += 12;           /* the rule */
    y += 16 + 14;      /* the footer line and the bottom margin */
    f->height = ceil(y);
}

void tg_frame_draw(tg_frame *f, tg_canvas *c)
{
    frame_lines *fl = lines_of(f);
    tg_text_style ts = tg_text(TITLE_FONT, 1, TG_INK, TG_ANCHOR_START);
    tg_text_style ss = tg_text(SUBTITLE_FONT, 0, TG_MUTED, TG_ANCHOR_START);
    tg_text_style ns = tg_text(NOTE_FONT, 0, TG_MUTED, TG_ANCHOR_START);
    tg_text_style fs = tg_text(FOOTER_FONT, 0, TG_MUTED, TG_ANCHOR_START);
    tg_font ff = { FOOTER_FONT, 0 };
    tg_style rule = tg_stroke(TG_RULE, 1);
    double y = f->margin, asc, desc, right_w;
    int k;
    char version[64];

    if (!fl)
        return;
    ts.cls = "chart-title";
    tg_font_metrics(f->m, ts.font, &asc, &desc);
    for (k = 0; k < fl->ntitle; k++) {
        tg_draw_text(c, f->margin, y + asc, fl->title[k], &ts);
        y += TITLE_LINE;
    }
    tg_font_metrics(f->m, ss.font, &asc, &desc);
    for (k = 0; k < fl->nsubtitle; k++) {
        tg_draw_text(c, f->margin, y + asc, fl->subtitle[k], &ss);
        y += SUBTITLE_LINE;
    }
    y = f->plot_y + f->plot_h + 16;
    {
        tg_group g = { "legend", NULL, NULL, NULL, NULL };

        tg_draw_group(c, &g);
        y = tg_legend_flow(f, c, y);
        tg_draw_end(c);
    }
    if (fl->nnotes) {
        tg_font_metrics(f->m, ns.font, &asc, &desc);
        y += 4;
        for (k = 0; k < fl->nnotes; k++) {
            tg_draw_text(c, f->margin, y + asc, fl->notes_wrapped[k], &ns);
            y += NOTE_LINE;
        }
    }
    y += 6;
    tg_draw_line(c, f->margin, y, f->width - f->margin, y, &rule);
    y += 6;
    tg_font_metrics(f->m, ff, &asc, &desc);
    snprintf(version, sizeof version, "threadgraph %s", TG_VERSION);
    right_w = tg_text_width(f->m, version, ff);
    fs.cls = "footer";
    if (f->footer) {
        char *fit = tg_text_fit(f->m, f->footer, ff, f->width - 2 * f->margin - right_w - 20);

        if (fit)
            tg_draw_text(c, f->margin, y + asc, fit, &fs);
        else
            f->status = -1;
        free(fit);
    }
    fs.anchor = TG_ANCHOR_END;
    tg_draw_text(c, f->width - f->margin, y + asc, version, &fs);
}
