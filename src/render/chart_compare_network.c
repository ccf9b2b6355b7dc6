/* chart_compare_network.c - small multiples of the reply network: one
 * panel per period of `compare`, every person in the same place in every
 * panel (one seeded force layout of all periods' replies together), so
 * that what changes from panel to panel is who talks to whom.  People who
 * did not write in a period stay as faint rings; teachers are squares.
 *
 * The chart stays the same size and its layout costs the same whatever the
 * data: it draws at most TG_RENDER_COMPARE_PEOPLE people (those who wrote
 * most and got most replies over all the periods) and at most
 * TG_RENDER_COMPARE_PANELS panels (the periods with most comments, in
 * their order), and its notes say what was left out. */
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
    long activity;         /* comments written and replies received, in the shown panels */
    int32_t id;            /* its number in the order first met */
    double x, y;
} person;

static int by_activity(const void *a, const void *b)
{
    const person *x = a, *y = b;

    if (x->activity != y->activity)
        return x->activity > y->activity ? -1 : 1;
    return strcmp(x->name, y->name);
}

typedef struct panel_key {
    long comments;
    size_t row;
} panel_key;

static int by_comments(const void *a, const void *b)
{
    const panel_key *x = a, *y = b;

    if (x->comments != y->comments)
        return x->comments > y->comments ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static int by_row(const void *a, const void *b)
{
    const panel_key *x = a, *y = b;

    return x->row < y->row ? -1 : x->row > y->row;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const person *)a)->name, ((const person *)b)->name);
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

/* a panel's title: "period · N comments", or "period · N" when short */
static void panel_title(const tg_compare_row_t *r, int ndb, int short_title, char *out,
                        size_t outsz)
{
    char nb[32];

    tg_fmt_count(r->comments, nb, sizeof nb);
    if (short_title && ndb)
        snprintf(out, outsz, "%s \xC2\xB7 %s \xC2\xB7 %s", r->database, r->period, nb);
    else if (short_title)
        snprintf(out, outsz, "%s \xC2\xB7 %s", r->period, nb);
    else if (ndb)
        snprintf(out, outsz, "%s \xC2\xB7 %s \xC2\xB7 %s comments", r->database, r->period, nb);
    else
        snprintf(out, outsz, "%s \xC2\xB7 %s comment%s", r->period, nb,
                 r->comments == 1 ? "" : "s");
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_compare_t *cmp = job->cmp;
    tg_frame f;
    tg_canvas *c = NULL;
    person *pp = NULL;
    panel_key *pk = NULL;
    size_t np = 0, np_all, npanels, i, j, q, ne = 0, ndb = 0, maxnames = 0;
    int32_t *from = NULL, *to = NULL, *map = NULL, *at = NULL, *drawn = NULL;
    size_t *off = NULL;
    tg_hmap names;
    int have_names = 0;
    double *wt = NULL, *xs = NULL, *ys = NULL;
    long *recv = NULL;
    char *subtitle = NULL, *desc_s = NULL, nb[32], nb2[32], tip[512];
    int64_t first = TG_TIME_NONE, last = TG_TIME_NONE;
    int cols, rows_n;
    double pw, ph, dot_scale = 1, lasc, ldesc;
    int short_titles = 0;
    tg_status_t rc = TG_OK;

    tg_frame_init(&f, job->m, WIDTH);
    tg_font_metrics(job->m, (tg_font){ LABEL_FONT, 0 }, &lasc, &ldesc);
    for (i = 0; i < cmp->nrows; i++) {
        const tg_compare_row_t *r = &cmp->rows[i];

        if (i == 0 || strcmp(r->database, cmp->rows[i - 1].database) != 0)
            ndb++;
        if (r->first_time != TG_TIME_NONE && (first == TG_TIME_NONE || r->first_time < first))
            first = r->first_time;
        if (r->last_time != TG_TIME_NONE && (last == TG_TIME_NONE || r->last_time > last))
            last = r->last_time;
    }
    /* the panels: the periods with most comments, in their order */
    if (!(pk = malloc((cmp->nrows ? cmp->nrows : 1) * sizeof *pk)))
        goto nomem;
    for (i = 0; i < cmp->nrows; i++) {
        pk[i].comments = cmp->rows[i].comments;
        pk[i].row = i;
    }
    npanels = cmp->nrows;
    if (npanels > TG_RENDER_COMPARE_PANELS) {
        qsort(pk, npanels, sizeof *pk, by_comments);
        npanels = TG_RENDER_COMPARE_PANELS;
        qsort(pk, npanels, sizeof *pk, by_row);
    }
    /* everyone of the shown periods, once each (a hash of the names);
     * at[off[q] + j] is name j of panel q's person */
    off = malloc((npanels + 1) * sizeof *off);
    if (!off)
        goto nomem;
    for (q = 0; q < npanels; q++) {
        const tg_compare_row_t *r = &cmp->rows[pk[q].row];

        off[q] = np;
        np += r->nnames;
        ne += r->nedges;
        if (r->nnames > maxnames)
            maxnames = r->nnames;
    }
    off[npanels] = np;
    pp = calloc(np ? np : 1, sizeof *pp);
    at = malloc((np ? np : 1) * sizeof *at);
    from = malloc((ne ? ne : 1) * sizeof *from);
    to = malloc((ne ? ne : 1) * sizeof *to);
    wt = malloc((ne ? ne : 1) * sizeof *wt);
    recv = calloc(maxnames ? maxnames : 1, sizeof *recv);
    if (!pp || !at || !from || !to || !wt || !recv || tg_hmap_init(&names, np ? np : 1))
        goto nomem;
    have_names = 1;
    np_all = 0;
    for (q = 0; q < npanels; q++) {
        const tg_compare_row_t *r = &cmp->rows[pk[q].row];

        for (j = 0; j < r->nnames; j++) {
            int found;
            int64_t *id = tg_hmap_put(&names, r->names[j], strlen(r->names[j]),
                                      (int64_t)np_all, &found);

            if (!id)
                goto nomem;
            if (!found) {
                pp[np_all].name = r->names[j];
                pp[np_all].id = (int32_t)np_all;
                np_all++;
            }
            pp[*id].teacher |= r->teacher[j];
            at[off[q] + j] = (int32_t)*id;
            pp[*id].activity += r->wrote[j];
        }
        for (j = 0; j < r->nedges; j++)
            pp[at[off[q] + (size_t)r->edges[j].to]].activity += r->edges[j].weight;
    }
    /* the people drawn: those who wrote most and got most replies; then
     * by name */
    np = np_all;
    if (np_all > TG_RENDER_COMPARE_PEOPLE) {
        qsort(pp, np_all, sizeof *pp, by_activity);
        np = TG_RENDER_COMPARE_PEOPLE;
    }
    qsort(pp, np, sizeof *pp, by_name);
    drawn = malloc((np_all ? np_all : 1) * sizeof *drawn);
    map = malloc((np ? np : 1) * sizeof *map);
    xs = calloc(np ? np : 1, sizeof *xs);
    ys = calloc(np ? np : 1, sizeof *ys);
    if (!drawn || !map || !xs || !ys)
        goto nomem;
    for (i = 0; i < np_all; i++)
        drawn[i] = -1;
    for (i = 0; i < np; i++)
        drawn[pp[i].id] = (int32_t)i;
#define DRAWN(q, j) drawn[at[off[q] + (size_t)(j)]]
    /* one layout of the shown periods' replies between the people drawn */
    ne = 0;
    for (q = 0; q < npanels; q++) {
        const tg_compare_row_t *r = &cmp->rows[pk[q].row];

        for (j = 0; j < r->nedges; j++) {
            int32_t a = DRAWN(q, r->edges[j].from), b = DRAWN(q, r->edges[j].to);

            if (a < 0 || b < 0)
                continue;
            from[ne] = (int32_t)a;
            to[ne] = (int32_t)b;
            wt[ne++] = (double)r->edges[j].weight;
        }
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
    if (npanels < cmp->nrows) {
        free(subtitle);
        tg_fmt_count((long)npanels, nb2, sizeof nb2);
        if (asprintf(&subtitle, "Who replied to whom in the %s busiest %ss of %s (one panel "
                     "each). Everyone stays in the same place in every panel, so you can see "
                     "who joins in, who drops out and where the replies go.",
                     nb2, tg_period_by_name(cmp->by), nb) < 0)
            subtitle = NULL;
    }
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
    cols = npanels <= 3 ? (int)(npanels ? npanels : 1) : (int)ceil(sqrt((double)npanels));
    if (npanels > 3 && cols < 3)
        cols = 3;
    rows_n = (int)((npanels + (size_t)cols - 1) / (size_t)cols);
    if (rows_n < 1)
        rows_n = 1;
    pw = (WIDTH - 2 * f.margin - (cols - 1) * GAP) / cols;
    ph = fmin(pw * 0.8, 340) + HEAD_H;
    for (q = 0; q < npanels && !short_titles; q++) {
        char title[200];

        panel_title(&cmp->rows[pk[q].row], ndb > 1, 0, title, sizeof title);
        short_titles = tg_text_width(job->m, title, (tg_font){ TITLE_FONT, 1 }) > pw - 12;
    }
    if (short_titles)
        tg_frame_note(&f, "The number after each %s is how many comments were written in it.",
                      tg_period_by_name(cmp->by));
    if (np < np_all) {
        tg_fmt_count((long)np, nb, sizeof nb);
        tg_fmt_count((long)np_all, nb2, sizeof nb2);
        tg_frame_note(&f, "Too many people to draw: only the %s busiest of the %s people are "
                          "drawn (those who wrote the most comments and got the most replies). "
                          "Everyone else, and their arrows, is left out.",
                      nb, nb2);
    }
    if (npanels < cmp->nrows) {
        tg_fmt_count((long)npanels, nb, sizeof nb);
        tg_fmt_count((long)cmp->nrows, nb2, sizeof nb2);
        tg_frame_note(&f, "Too many %ss to draw: only the %s with the most comments get a panel, "
                          "of %s; compare.csv has them all.",
                      tg_period_by_name(cmp->by), nb, nb2);
    }
    if (np)
        tg_frame_note(&f, "Names: the %d most answered people of each panel, by first name. "
                          "Positions: one force-directed layout of all the periods' replies "
                          "(seed %llu).",
                      LABELS, (unsigned long long)job->opt->seed);
    tg_frame_footer(&f, tg_job_source(job), tg_shown_time(job->opt, first),
                    tg_shown_time(job->opt, last), tg_shown_zone(job->opt));
    /* the largest dot stays small enough for the people of a panel to fit */
    {
        double rmax = fmin(12, fmax(4, (pw - 24) / (2.2 * sqrt((double)(np ? np : 1))))), big;
        long maxw = 0;

        for (q = 0; q < npanels; q++) {
            const tg_compare_row_t *r = &cmp->rows[pk[q].row];

            for (j = 0; j < r->nnames; j++)
                if (r->wrote[j] > maxw && DRAWN(q, j) >= 0)
                    maxw = r->wrote[j];
        }
        big = 1.1 * sqrt((double)maxw);
        dot_scale = big > rmax - 2.5 ? (rmax - 2.5) / big : 1;
    }
    tg_frame_layout(&f, rows_n * (ph + GAP));
    if ((rc = tg_job_begin(job, &f, WIDTH, "The reply network, period by period", desc_s, last,
                           &c, err)))
        goto out;
    for (q = 0; q < npanels; q++) {
        const tg_compare_row_t *r = &cmp->rows[pk[q].row];
        double px = f.margin + (double)(q % (size_t)cols) * (pw + GAP);
        double py = f.plot_y + (double)(q / (size_t)cols) * (ph + GAP);
        double ix = px + 12, iy = py + HEAD_H + 8, iw = pw - 24, ih = ph - HEAD_H - 16;
        tg_text_style ts = tg_text(TITLE_FONT, 1, TG_INK, TG_ANCHOR_START);
        tg_text_style ls = tg_text(LABEL_FONT, 0, TG_INK, TG_ANCHOR_MIDDLE);
        tg_style frame_s = tg_stroke(TG_RULE, 1);
        char title[200], gid[48];
        tg_group pg = { "panel", gid, NULL, NULL, NULL };
        tg_box lab[LABELS];
        int shown, nlab;

        ls.flags = TG_TEXT_HALO;
        snprintf(gid, sizeof gid, "p%zu", pk[q].row + 1);
        panel_title(r, ndb > 1, short_titles, title, sizeof title);
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
        for (j = 0; j < r->nnames; j++) {
            int32_t k = DRAWN(q, j);

            if (k >= 0)
                map[k] = (int32_t)j;
        }
        /* everyone drawn who did not write in the period: faint rings */
        for (j = 0; j < np; j++)
            if (map[j] < 0 || r->wrote[map[j]] == 0) {
                tg_style ab = tg_stroke(0xC8C8C8u, 0.8);

                tg_draw_circle(c, PX(j), PY(j), 2.2, &ab);
            }
        /* the arrows between people drawn */
        for (j = 0; j < r->nedges; j++) {
            int32_t a = DRAWN(q, r->edges[j].from), b = DRAWN(q, r->edges[j].to);
            tg_style es = tg_stroke(TG_EDGE, fmin(0.7 + 0.5 * (double)r->edges[j].weight, 4));
            double dx, dy, d, rb = 5.5;
            tg_group eg = { "arrow", NULL, tip, r->names[r->edges[j].from],
                            r->names[r->edges[j].to] };

            if (a < 0 || b < 0)
                continue;
            dx = PX(b) - PX(a);
            dy = PY(b) - PY(a);
            d = hypot(dx, dy);
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
        /* the people drawn who wrote (replies received from anyone) */
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
            rad = 2.5 + 1.1 * sqrt((double)r->wrote[k]) * dot_scale;
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
        /* the most answered people drawn: their first names, above their
         * dot or else below it, inside the panel and clear of each other */
        for (shown = 0, nlab = 0; shown < LABELS; shown++) {
            long best = -1, who = -1;
            char word[64];
            double tw, lx, cand[2];
            int c2, b2, placed = 0;

            for (j = 0; j < np; j++) {
                long k = map[j];

                if (k >= 0 && recv[k] > 0 && (best < 0 || recv[k] > recv[best] ||
                                              (recv[k] == recv[best] && k < best))) {
                    best = k;
                    who = (long)j;
                }
            }
            if (best < 0)
                break;
            recv[best] = -1;
            first_word(r->names[best], word, sizeof word);
            tw = tg_text_width(job->m, word, (tg_font){ LABEL_FONT, 0 });
            lx = fmin(fmax(PX(who), px + 3 + tw / 2), px + pw - 3 - tw / 2);
            cand[0] = PY(who) - 8;
            cand[1] = PY(who) + 8 + lasc;
            for (c2 = 0; c2 < 2 && !placed; c2++) {
                tg_box b = { lx - tw / 2 - 1, cand[c2] - lasc, lx + tw / 2 + 1, cand[c2] + ldesc };

                if (b.y0 < py + HEAD_H || b.y1 > py + ph - 2 || tw > pw - 6)
                    continue;
                for (b2 = 0; b2 < nlab; b2++)
                    if (b.x0 < lab[b2].x1 && lab[b2].x0 < b.x1 && b.y0 < lab[b2].y1 &&
                        lab[b2].y0 < b.y1)
                        break;
                if (b2 < nlab)
                    continue;
                lab[nlab++] = b;
                tg_draw_text(c, lx, cand[c2], word, &ls);
                placed = 1;
            }
        }
#undef PX
#undef PY
#undef DRAWN
        tg_draw_end(c);
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    if (have_names)
        tg_hmap_release(&names);
    free(pp);
    free(pk);
    free(at);
    free(off);
    free(drawn);
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
