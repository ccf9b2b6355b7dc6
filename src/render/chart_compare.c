/* chart_compare.c - the measures of `compare` across the periods: one small
 * line panel per measure (each with its own scale), the periods along the
 * bottom in time order, one line per database.  A point's tooltip gives
 * the database, the period and the value.
 *
 * At most TG_RENDER_COMPARE_PERIODS periods are drawn (those with most
 * comments, in time order: `compare --by thread` of a big forum has one
 * per thread); the notes say how many were left out. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"
#include "render_internal.h"

#define WIDTH 960.0
#define COLS 2
#define PANEL_H 150.0
#define GAP_X 40.0
#define GAP_Y 34.0
#define AXIS_FONT 10.5
#define TITLE_FONT 12.5
#define NMEASURES 10

typedef struct measure_def {
    const char *name;      /* the column */
    const char *words;     /* the panel's title */
    int share;             /* 0..1: the axis is 0 to 1 */
} measure_def;

static const measure_def measures[NMEASURES] = {
    { "comments", "comments", 0 },
    { "people", "people who wrote", 0 },
    { "density", "density: arrows / possible arrows", 0 },
    { "reciprocity", "reciprocity: arrows answered back", 1 },
    { "teacher_share", "teacher share of the replies", 1 },
    { "no_reply", "people who got no reply", 0 },
    { "mean_depth", "mean reply depth", 0 },
    { "max_depth", "deepest reply", 0 },
    { "unanswered_share", "share of comments with no reply", 1 },
    { "pairs", "back-and-forth pairs", 0 },
};

static double value_of(const tg_compare_row_t *r, int k)
{
    switch (k) {
    case 0: return (double)r->comments;
    case 1: return (double)r->people;
    case 2: return r->density;
    case 3: return r->reciprocity;
    case 4: return r->teacher_share;
    case 5: return (double)r->no_reply;
    case 6: return r->mean_depth;
    case 7: return r->max_depth >= 0 ? (double)r->max_depth : NAN;
    case 8: return r->unanswered_share;
    default: return (double)r->pairs;
    }
}

/* the periods along the x axis: each row's position in the union of the
 * periods of every database, in time order ("no time" last) */
typedef struct xslot {
    const char *label;
    int64_t start;
    long comments;         /* of its rows, for choosing the periods drawn */
} xslot;

static int by_comments(const void *a, const void *b)
{
    const xslot *x = a, *y = b;

    if (x->comments != y->comments)
        return x->comments > y->comments ? -1 : 1;
    return strcmp(x->label, y->label);
}

static int by_start(const void *a, const void *b)
{
    const xslot *x = a, *y = b;

    if (x->start != y->start) {
        if (x->start == TG_TIME_NONE)
            return 1;
        if (y->start == TG_TIME_NONE)
            return -1;
        return x->start < y->start ? -1 : 1;
    }
    return strcmp(x->label, y->label);
}

typedef struct xname {
    const char *label;
    size_t slot;
} xname;

static int by_label(const void *a, const void *b)
{
    return strcmp(((const xname *)a)->label, ((const xname *)b)->label);
}

/* the slot of a period's label; SIZE_MAX when it is not drawn */
static size_t slot_of(const xname *names, size_t n, const char *label)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(names[mid].label, label);

        if (c == 0)
            return names[mid].slot;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_compare_t *cmp = job->cmp;
    tg_frame f;
    tg_canvas *c = NULL;
    xslot *slots = NULL;
    xname *names = NULL;
    size_t *dbi = NULL, *xi = NULL, ns = 0, nall, i, j, ndb = 0;
    char **dbs = NULL, *subtitle = NULL, *desc_s = NULL, nb[48], tip[512];
    int64_t first = TG_TIME_NONE, last = TG_TIME_NONE;
    tg_font af = { AXIS_FONT, 0 };
    double asc, dsc, panel_w, plot_h, dot_r = 3.5;
    int rows_n, k, every = 1;
    tg_status_t rc = TG_OK;

    tg_frame_init(&f, job->m, WIDTH);
    slots = calloc(cmp->nrows ? cmp->nrows : 1, sizeof *slots);
    dbi = calloc(cmp->nrows ? cmp->nrows : 1, sizeof *dbi);
    xi = calloc(cmp->nrows ? cmp->nrows : 1, sizeof *xi);
    dbs = calloc(cmp->nrows ? cmp->nrows : 1, sizeof *dbs);
    if (!slots || !dbi || !xi || !dbs)
        goto nomem;
    /* the periods: one slot per label (a sorted list of the labels) */
    if (!(names = malloc((cmp->nrows ? cmp->nrows : 1) * sizeof *names)))
        goto nomem;
    for (i = 0; i < cmp->nrows; i++) {
        const tg_compare_row_t *r = &cmp->rows[i];

        names[i].label = r->period;
        names[i].slot = i;
        if (r->first_time != TG_TIME_NONE && (first == TG_TIME_NONE || r->first_time < first))
            first = r->first_time;
        if (r->last_time != TG_TIME_NONE && (last == TG_TIME_NONE || r->last_time > last))
            last = r->last_time;
        for (j = 0; j < ndb && strcmp(dbs[j], r->database) != 0; j++)
            ;
        if (j == ndb)
            dbs[ndb++] = r->database;
        dbi[i] = j;
    }
    qsort(names, cmp->nrows, sizeof *names, by_label);
    for (i = 0; i < cmp->nrows; i++) {
        const tg_compare_row_t *r = &cmp->rows[names[i].slot];

        if (ns == 0 || strcmp(slots[ns - 1].label, r->period) != 0) {
            slots[ns].label = r->period;
            slots[ns].start = r->start;
            slots[ns++].comments = 0;
        } else if (r->start != TG_TIME_NONE &&
                   (slots[ns - 1].start == TG_TIME_NONE || r->start < slots[ns - 1].start)) {
            slots[ns - 1].start = r->start;
        }
        slots[ns - 1].comments += r->comments;
    }
    nall = ns;
    if (ns > TG_RENDER_COMPARE_PERIODS) {
        qsort(slots, ns, sizeof *slots, by_comments);
        ns = TG_RENDER_COMPARE_PERIODS;
    }
    qsort(slots, ns, sizeof *slots, by_start);
    for (i = 0; i < ns; i++) {
        names[i].label = slots[i].label;
        names[i].slot = i;
    }
    qsort(names, ns, sizeof *names, by_label);
    for (i = 0; i < cmp->nrows; i++)
        xi[i] = slot_of(names, ns, cmp->rows[i].period);
    tg_fmt_count((long)nall, nb, sizeof nb);
    if (asprintf(&subtitle, "The same measures for each %s (%s in all%s)%s: does the discussion "
                 "change from one to the next?",
                 tg_period_by_name(cmp->by), nb, ns < nall ? ", the busiest drawn" : "",
                 ndb > 1 ? ", one line per database" : "") < 0)
        subtitle = NULL;
    if (asprintf(&desc_s, "Ten small line charts, one per measure of compare.csv, across %s "
                 "periods.", nb) < 0)
        desc_s = NULL;
    if (!subtitle || !desc_s)
        goto nomem;
    tg_frame_title(&f, "How the discussions compare", subtitle);
    if (ndb > 1) {
        tg_frame_row(&f, "Line:");
        for (j = 0; j < ndb; j++) {
            tg_style ls = tg_stroke(tg_palette[j % TG_PALETTE_N], 2);

            tg_frame_item(&f, TG_SW_LINE, &ls, 2, dbs[j]);
        }
    }
    if (ns < nall) {
        char nb2[48];

        tg_fmt_count((long)ns, nb, sizeof nb);
        tg_fmt_count((long)nall, nb2, sizeof nb2);
        tg_frame_note(&f, "Too many %ss to draw: only the %s with the most comments are shown, "
                          "of %s; compare.csv has them all.",
                      tg_period_by_name(cmp->by), nb, nb2);
    }
    tg_frame_note(&f, "Each panel has its own scale; the shares (reciprocity, teacher share, "
                      "unanswered) run from 0 to 1. Blank teacher share: no teacher is "
                      "marked (--teacher or --roster).");
    tg_frame_footer(&f, tg_job_source(job), tg_shown_time(job->opt, first),
                    tg_shown_time(job->opt, last), tg_shown_zone(job->opt));
    rows_n = (NMEASURES + COLS - 1) / COLS;
    panel_w = (WIDTH - 2 * f.margin - (COLS - 1) * GAP_X) / COLS;
    tg_font_metrics(job->m, af, &asc, &dsc);
    plot_h = rows_n * (PANEL_H + GAP_Y);
    tg_frame_layout(&f, plot_h);
    if ((rc = tg_job_begin(job, &f, WIDTH, "How the discussions compare", desc_s, last, &c, err)))
        goto out;
    /* x labels: every one, or every second, fifth... so that they fit */
    {
        double widest = 0, step_x;

        for (j = 0; j < ns; j++)
            widest = fmax(widest, tg_text_width(job->m, slots[j].label, af));
        step_x = ns > 1 ? (panel_w - 40) / (double)(ns - 1) : panel_w;
        /* many periods: smaller dots, so that neighbours stay apart */
        dot_r = fmax(1.2, fmin(3.5, step_x * 0.4));
        while (every * step_x < widest + 6 && every < (int)ns)
            every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    }
    for (k = 0; k < NMEASURES; k++) {
        double px = f.margin + (k % COLS) * (panel_w + GAP_X);
        double py = f.plot_y + (k / COLS) * (PANEL_H + GAP_Y);
        double x0 = px + 34, x1 = px + panel_w - 6, top = py + 22, base = py + PANEL_H - 20;
        double lo = 0, hi = 0, tfirst, tstep;
        int nt, t, any = 0;
        tg_text_style ts = tg_text(TITLE_FONT, 1, TG_INK, TG_ANCHOR_START);
        tg_text_style ys = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_END);
        tg_text_style xs = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_MIDDLE);
        tg_style grid = tg_stroke(0xEDEDEDu, 1), axis = tg_stroke(TG_MUTED, 1);
        char gid[32];
        tg_group pg = { "panel", gid, NULL, NULL, NULL };

        snprintf(gid, sizeof gid, "m-%s", measures[k].name);
        for (i = 0; i < cmp->nrows; i++) {
            double v = value_of(&cmp->rows[i], k);

            if (!isnan(v)) {
                hi = fmax(hi, v);
                any = 1;
            }
        }
        if (measures[k].share)
            hi = 1;
        tg_nice_ticks(lo, hi > 0 ? hi : 1, 3, &tfirst, &tstep, &nt);
        hi = tfirst + (nt - 1) * tstep;
        if (hi <= 0)
            hi = 1;
#define XV(s) (ns > 1 ? x0 + 10 + (double)(s) * (x1 - x0 - 20) / (double)(ns - 1) : (x0 + x1) / 2)
#define YV(v) (base - (v) / hi * (base - top))
        tg_draw_group(c, &pg);
        tg_draw_text(c, px, py + 12, measures[k].words, &ts);
        for (t = 0; t < nt; t++) {
            double v = tfirst + t * tstep;

            tg_draw_line(c, x0, YV(v), x1, YV(v), &grid);
            if (measures[k].share || fabs(v - round(v)) > 1e-9)
                snprintf(nb, sizeof nb, "%g", v);
            else
                tg_fmt_count((long)llround(v), nb, sizeof nb);
            tg_draw_text(c, x0 - 5, YV(v) + (asc - dsc) / 2, nb, &ys);
        }
        tg_draw_line(c, x0, base, x1, base, &axis);
        for (j = 0; j < ns; j += (size_t)every) {
            char *lab = tg_text_fit(job->m, slots[j].label, af, (x1 - x0) / 2);

            if (!lab)
                goto nomem;
            tg_draw_text(c, XV(j), base + 4 + asc, lab, &xs);
            free(lab);
        }
        if (!any) {
            tg_text_style es = tg_text(11, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

            tg_draw_text(c, (x0 + x1) / 2, (top + base) / 2,
                         k == 4 ? "no teacher marked" : "no value", &es);
        }
        /* one line per database, through its periods in order */
        for (j = 0; j < ndb; j++) {
            tg_rgb col = tg_palette[j % TG_PALETTE_N];
            tg_style ls = tg_stroke(col, 2);
            double lx = 0, ly = 0;
            int have = 0;

            for (i = 0; i < cmp->nrows; i++) {
                double v = value_of(&cmp->rows[i], k);

                if (dbi[i] != j || isnan(v) || xi[i] == SIZE_MAX)
                    continue;
                if (have)
                    tg_draw_line(c, lx, ly, XV(xi[i]), YV(v), &ls);
                lx = XV(xi[i]);
                ly = YV(v);
                have = 1;
            }
            for (i = 0; i < cmp->nrows; i++) {
                double v = value_of(&cmp->rows[i], k);
                tg_group dg = { "point", NULL, tip, NULL, NULL };
                tg_style ds = tg_fill(col);
                char vb[40];

                if (dbi[i] != j || isnan(v) || xi[i] == SIZE_MAX)
                    continue;
                tg_fmt_real(v, vb, sizeof vb);
                if (ndb > 1)
                    snprintf(tip, sizeof tip, "%s, %s: %s %s", cmp->rows[i].database,
                             cmp->rows[i].period, measures[k].name, vb);
                else
                    snprintf(tip, sizeof tip, "%s: %s %s", cmp->rows[i].period,
                             measures[k].name, vb);
                ds.stroke = TG_WHITE;
                ds.stroke_op = 1;
                ds.width = 1;
                tg_draw_group(c, &dg);
                tg_draw_circle(c, XV(xi[i]), YV(v), dot_r, &ds);
                tg_draw_end(c);
            }
        }
        tg_draw_end(c);
#undef XV
#undef YV
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(slots);
    free(names);
    free(dbi);
    free(xi);
    free(dbs);
    free(subtitle);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_compare_def = { TG_CHART_COMPARE, "compare", 0, 0, draw };
