/* chart_compare_network.c - small multiples of the reply network: one
 * panel per period of `compare`, every person in the same place in every
 * panel (one seeded force layout of all periods' replies together), so
 * that what changes from panel to panel is who talks to whom.  People who
 * did not write in a period stay as faint rings; teachers are squares. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"
#include "render_internal.h"

#define WIDTH 960.0
#define GAP 18.0
#define HEAD_H 22.0
#define LABEL_FONT 9.5
#define TITLE_FONT 12.0
#define LABELS 3           /* the most answered people of a panel get their first name */

typedef struct person {
    const char *name;      /* borrowed from a row */
    int teacher;
    double x, y;
} person;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const person *)a)->name, ((const person *)b)->name);
}

static long find(const person *p, size_t n, const char *name)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p[mid].name, name);

        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* the first word of a name, for a label */
static void first_word(const char *s, char *out, size_t outsz)
{
    size_t n = strcspn(s, " ");

    if (n >= outsz)
        n = outsz - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_compare_t *cmp = job->cmp;
    tg_frame f;
    tg_canvas *c = NULL;
    person *pp = NULL;
    size_t np = 0, i, j, ne = 0, ndb = 0;
    int32_t *from = NULL, *to = NULL, *map = NULL;
    double *wt = NULL, *xs = NULL, *ys = NULL;
    long *recv = NULL;
    char *subtitle = NULL, *desc_s = NULL, nb[32], tip[512];
    int64_t first = TG_TIME_NONE, last = TG_TIME_NONE;
    int cols, rows_n;
    double pw, ph;
    tg_status_t rc = TG_OK;

    tg_frame_init(&f, job->m, WIDTH);
    /* everyone of every period, by name */
    for (i = 0; i < cmp->nrows; i++) {
        np += cmp->rows[i].nnames;
        ne += cmp->rows[i].nedges;
        if (i == 0 || strcmp(cmp->rows[i].database, cmp->rows[i - 1].database) != 0)
            ndb++;
    }
    pp = calloc(np ? np : 1, sizeof *pp);
    from = malloc((ne ? ne : 1) * sizeof *from);
    to = malloc((ne ? ne : 1) * sizeof *to);
    wt = malloc((ne ? ne : 1) * sizeof *wt);
    if (!pp || !from || !to || !wt)
        goto nomem;
    np = 0;
    for (i = 0; i < cmp->nrows; i++)
        for (j = 0; j < cmp->rows[i].nnames; j++) {
            pp[np].name = cmp->rows[i].names[j];
            pp[np++].teacher = cmp->rows[i].teacher[j];
        }
    qsort(pp, np, sizeof *pp, by_name);
    for (i = j = 0; i < np; i++) {
        if (j && strcmp(pp[j - 1].name, pp[i].name) == 0) {
            pp[j - 1].teacher |= pp[i].teacher;
            continue;
        }
        pp[j++] = pp[i];
    }
    np = j;
    map = malloc((np ? np : 1) * sizeof *map);
    xs = calloc(np ? np : 1, sizeof *xs);
    ys = calloc(np ? np : 1, sizeof *ys);
    recv = calloc(np ? np : 1, sizeof *recv);
    if (!map || !xs || !ys || !recv)
        goto nomem;
    /* one layout of all periods' replies together */
    ne = 0;
    for (i = 0; i < cmp->nrows; i++) {
        const tg_compare_row_t *r = &cmp->rows[i];

        for (j = 0; j < r->nedges; j++) {
            from[ne] = (int32_t)find(pp, np, r->names[r->edges[j].from]);
            to[ne] = (int32_t)find(pp, np, r->names[r->edges[j].to]);
            wt[ne++] = (double)r->edges[j].weight;
        }
        if (r->first_time != TG_TIME_NONE && (first == TG_TIME_NONE || r->first_time < first))
            first = r->first_time;
        if (r->last_time != TG_TIME_NONE && (last == TG_TIME_NONE || r->last_time > last))
            last = r->last_time;
    }
    if (np && (rc = tg_layout_force(np, from, to, wt, ne, job->opt->seed, xs, ys, err)))
        goto out;
    for (i = 0; i < np; i++) {
        pp[i].x = xs[i];
        pp[i].y = ys[i];
    }
    tg_fmt_count((long)cmp->nrows, nb, sizeof nb);
    if (asprintf(&subtitle, "Who replied to whom in each %s (%s panel%s). Everyone stays in the "
                 "same place in every panel, so you can see who joins in, who drops out and "
                 "where the replies go.",
                 tg_period_by_name(cmp->by), nb, cmp->nrows == 1 ? "" : "s") < 0)
        subtitle = NULL;
    if (asprintf(&desc_s, "Small multiples of the reply network, one panel per period, with "
                 "the same positions for each person in every panel.") < 0)
        desc_s = NULL;
    if (!subtitle || !desc_s)
        goto nomem;
    tg_frame_title(&f, "The reply network, period by period", subtitle);
    {
        tg_style st = tg_fill(TG_BLUE), te = tg_fill(TG_ACCENT), ab = tg_stroke(0xBBBBBBu, 1);
        tg_style ar = tg_stroke(TG_EDGE, 1.2);

        tg_frame_row(&f, "Dot:");
        tg_frame_item(&f, TG_SW_DOT, &st, 4, "wrote in this period (larger: more comments)");
        tg_frame_item(&f, TG_SW_BAR, &te, 8, "teacher");
        tg_frame_item(&f, TG_SW_DOT, &ab, 3, "did not write in this period");
        tg_frame_row(&f, "Arrow:");
        tg_frame_item(&f, TG_SW_ARROW, &ar, 1.2, "replied to (wider: more replies)");
    }
    if (np)
        tg_frame_note(&f, "Names: the %d most answered people of each panel, by first name. "
                          "Positions: one force-directed layout of all the periods' replies "
                          "(seed %llu).",
                      LABELS, (unsigned long long)job->opt->seed);
    tg_frame_footer(&f, tg_job_source(job), tg_shown_time(job->opt, first),
                    tg_shown_time(job->opt, last), tg_shown_zone(job->opt));
    cols = cmp->nrows <= 3 ? (int)(cmp->nrows ? cmp->nrows : 1)
                           : (int)ceil(sqrt((double)cmp->nrows));
    if (cmp->nrows > 3 && cols < 3)
        cols = 3;
    rows_n = (int)((cmp->nrows + (size_t)cols - 1) / (size_t)cols);
    if (rows_n < 1)
        rows_n = 1;
    pw = (WIDTH - 2 * f.margin - (cols - 1) * GAP) / cols;
    ph = fmin(pw * 0.8, 340) + HEAD_H;
    tg_frame_layout(&f, rows_n * (ph + GAP));
    if ((rc = tg_job_begin(job, &f, WIDTH, "The reply network, period by period", desc_s, last,
                           &c, err)))
        goto out;
    for (i = 0; i < cmp->nrows; i++) {
        const tg_compare_row_t *r = &cmp->rows[i];
        double px = f.margin + (double)(i % (size_t)cols) * (pw + GAP);
        double py = f.plot_y + (double)(i / (size_t)cols) * (ph + GAP);
        double ix = px + 12, iy = py + HEAD_H + 8, iw = pw - 24, ih = ph - HEAD_H - 16;
        tg_text_style ts = tg_text(TITLE_FONT, 1, TG_INK, TG_ANCHOR_START);
        tg_text_style ls = tg_text(LABEL_FONT, 0, TG_INK, TG_ANCHOR_MIDDLE);
        tg_style frame_s = tg_stroke(TG_RULE, 1);
        char title[200], gid[48];
        tg_group pg = { "panel", gid, NULL, NULL, NULL };
        int shown;

        ls.flags = TG_TEXT_HALO;
        snprintf(gid, sizeof gid, "p%zu", i + 1);
        tg_fmt_count(r->comments, nb, sizeof nb);
        if (ndb > 1)
            snprintf(title, sizeof title, "%s \xC2\xB7 %s \xC2\xB7 %s comments", r->database,
                     r->period, nb);
        else
            snprintf(title, sizeof title, "%s \xC2\xB7 %s comment%s", r->period, nb,
                     r->comments == 1 ? "" : "s");
        tg_draw_group(c, &pg);
        tg_draw_rect(c, px, py, pw, ph, &frame_s);
        {
            char *fit = tg_text_fit(job->m, title, (tg_font){ TITLE_FONT, 1 }, pw - 12);

            if (!fit)
                goto nomem;
            tg_draw_text(c, px + 6, py + 16, fit, &ts);
            free(fit);
        }
#define PX(k) (ix + pp[k].x * iw)
#define PY(k) (iy + pp[k].y * ih)
        for (j = 0; j < np; j++)
            map[j] = -1;
        for (j = 0; j < r->nnames; j++)
            map[find(pp, np, r->names[j])] = (int32_t)j;
        /* everyone not in the period: faint rings */
        for (j = 0; j < np; j++)
            if (map[j] < 0 || r->wrote[map[j]] == 0) {
                tg_style ab = tg_stroke(0xC8C8C8u, 0.8);

                tg_draw_circle(c, PX(j), PY(j), 2.2, &ab);
            }
        /* the arrows */
        for (j = 0; j < r->nedges; j++) {
            long a = find(pp, np, r->names[r->edges[j].from]);
            long b = find(pp, np, r->names[r->edges[j].to]);
            tg_style es = tg_stroke(TG_EDGE, fmin(0.7 + 0.5 * (double)r->edges[j].weight, 4));
            double dx = PX(b) - PX(a), dy = PY(b) - PY(a), d = hypot(dx, dy), rb = 5.5;
            tg_group eg = { "arrow", NULL, tip, r->names[r->edges[j].from],
                            r->names[r->edges[j].to] };

            if (d < 1e-6)
                continue;
            es.stroke_op = 0.75;
            snprintf(tip, sizeof tip, "%s \xE2\x86\x92 %s: %ld repl%s", r->names[r->edges[j].from],
                     r->names[r->edges[j].to], r->edges[j].weight,
                     r->edges[j].weight == 1 ? "y" : "ies");
            tg_draw_group(c, &eg);
            tg_draw_arrow(c, PX(a), PY(a), PX(b) - dx / d * rb, PY(b) - dy / d * rb, 4, &es);
            tg_draw_end(c);
        }
        /* the people who wrote */
        for (j = 0; j < r->nnames; j++)
            recv[j] = 0;
        for (j = 0; j < r->nedges; j++)
            recv[r->edges[j].to] += r->edges[j].weight;
        for (j = 0; j < np; j++) {
            long k = map[j];
            double rad;
            tg_group ng = { "person", NULL, tip, NULL, NULL };
            tg_style ds;

            if (k < 0 || r->wrote[k] == 0)
                continue;
            rad = 2.5 + 1.1 * sqrt((double)r->wrote[k]);
            ds = tg_fill(pp[j].teacher ? TG_ACCENT : TG_BLUE);
            ds.stroke = TG_WHITE;
            ds.stroke_op = 1;
            ds.width = 0.8;
            snprintf(tip, sizeof tip, "%s%s: %ld comment%s, %ld repl%s received", pp[j].name,
                     pp[j].teacher ? " (teacher)" : "", r->wrote[k], r->wrote[k] == 1 ? "" : "s",
                     recv[k], recv[k] == 1 ? "y" : "ies");
            tg_draw_group(c, &ng);
            if (pp[j].teacher)
                tg_draw_rect(c, PX(j) - rad, PY(j) - rad, 2 * rad, 2 * rad, &ds);
            else
                tg_draw_circle(c, PX(j), PY(j), rad, &ds);
            tg_draw_end(c);
        }
        /* the most answered people's first names */
        for (shown = 0; shown < LABELS; shown++) {
            long best = -1;
            char word[64];

            for (j = 0; j < r->nnames; j++)
                if (recv[j] > 0 && (best < 0 || recv[j] > recv[best]))
                    best = (long)j;
            if (best < 0)
                break;
            recv[best] = -1;
            first_word(r->names[best], word, sizeof word);
            j = (size_t)find(pp, np, r->names[best]);
            tg_draw_text(c, PX(j), PY(j) - 8, word, &ls);
        }
#undef PX
#undef PY
        tg_draw_end(c);
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(pp);
    free(from);
    free(to);
    free(wt);
    free(map);
    free(xs);
    free(ys);
    free(recv);
    free(subtitle);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_compare_network_def = { TG_CHART_COMPARE_NETWORK, "compare-network", 0,
                                                    0, draw };
