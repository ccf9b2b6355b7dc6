/* chart_timeline.c - one thread over time: each comment a dot at its time
 * (across) and reply depth (down), joined to the comment it answers, so
 * that bursts, long exchanges and late replies show.  Dots are coloured by
 * author as in the tree.  At most TG_RENDER_THREAD_MAX comments (the first
 * ones in time); comments without a time cannot be placed and are counted
 * in the notes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"

#define WIDTH 960.0
#define AXIS_FONT 11.0

typedef struct when {
    int64_t t;
    int32_t c;
} when;

static int by_time(const void *a, const void *b)
{
    const when *x = a, *y = b;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->c < y->c ? -1 : x->c > y->c;
}

/* ---- time ticks: a calendar step that leaves room for the labels ---- */
typedef struct step {
    int64_t secs;   /* fixed steps; 0 for months */
    int months;     /* month steps */
    int fmt;        /* 0 "10 Dec 17:00", 1 "10 Dec", 2 "Dec 2014", 3 "2014" */
} step;

static const step steps[] = {
    { 60, 0, 0 },        { 300, 0, 0 },       { 900, 0, 0 },       { 1800, 0, 0 },
    { 3600, 0, 0 },      { 3 * 3600, 0, 0 },  { 6 * 3600, 0, 0 },  { 12 * 3600, 0, 0 },
    { 86400, 0, 1 },     { 2 * 86400, 0, 1 }, { 7 * 86400, 0, 1 }, { 14 * 86400, 0, 1 },
    { 0, 1, 2 },         { 0, 3, 2 },         { 0, 6, 2 },         { 0, 12, 3 },
    { 0, 24, 3 },        { 0, 60, 3 },        { 0, 120, 3 },
};
#define NSTEPS (sizeof steps / sizeof steps[0])

static void tick_label(int64_t t, int fmt, int with_year, char *out, size_t n)
{
    int y, mo, d, h, mi, s;

    tg_civil(t, &y, &mo, &d, &h, &mi, &s);
    if (fmt == 0)
        snprintf(out, n, "%d %s %02d:%02d", d, tg_month_abbr(mo), h, mi);
    else if (fmt == 1 && with_year)
        snprintf(out, n, "%d %s %d", d, tg_month_abbr(mo), y);
    else if (fmt == 1)
        snprintf(out, n, "%d %s", d, tg_month_abbr(mo));
    else if (fmt == 2)
        snprintf(out, n, "%s %d", tg_month_abbr(mo), y);
    else
        snprintf(out, n, "%d", y);
}

/* the first tick at or after t0 for step s */
static int64_t first_tick(int64_t t0, const step *s)
{
    int y, mo, d, h, mi, sec;
    int64_t t;

    if (s->secs)
        return (t0 / s->secs + (t0 % s->secs != 0)) * s->secs;
    tg_civil(t0, &y, &mo, &d, &h, &mi, &sec);
    /* the first of a month that is a multiple of the step */
    mo = ((mo - 1) / s->months) * s->months + 1;
    t = tg_from_civil(y, mo, 1, 0, 0, 0);
    while (t < t0) {
        mo += s->months;
        while (mo > 12) {
            mo -= 12;
            y++;
        }
        t = tg_from_civil(y, mo, 1, 0, 0, 0);
    }
    return t;
}

static int64_t next_tick(int64_t t, const step *s)
{
    int y, mo, d, h, mi, sec;

    if (s->secs)
        return t + s->secs;
    tg_civil(t, &y, &mo, &d, &h, &mi, &sec);
    mo += s->months;
    while (mo > 12) {
        mo -= 12;
        y++;
    }
    return tg_from_civil(y, mo, 1, 0, 0, 0);
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_dataset_t *ds = job->ds;
    tg_frame f;
    tg_canvas *c = NULL;
    when *w = NULL;
    int32_t *slot = NULL, *drawn = NULL, rank[TG_PEOPLE_PALETTE_N + 1];
    tg_rgb *colour = NULL;
    unsigned char *present = NULL;
    char zone_words[300];
    size_t nt = 0, nw = 0, nuntimed = 0, i, nrank = 0, anon = 0, others = 0, k;
    int maxd = 0, yr0, yr1, dummy;
    int64_t t0 = 0, t1 = 0, last;
    double r, rowh, plot_h, gutter, x0, x1, asc, desc, *py = NULL;
    const step *st = &steps[NSTEPS - 1];
    tg_font af = { AXIS_FONT, 0 };
    char buf[64], nb[32], nb2[32], *subtitle = NULL, *title = NULL, *desc_s = NULL;
    const char *tid = job->thread >= 0 ? ds->thread_id[job->thread] : "";
    tg_status_t rc = TG_OK;

    tg_frame_init(&f, job->m, WIDTH);
    for (i = 0; i < ds->ncomments; i++)
        if ((int32_t)ds->thread[i] == job->thread && job->thread >= 0)
            nt++;
    w = malloc((nt ? nt : 1) * sizeof *w);
    slot = malloc((ds->ncomments ? ds->ncomments : 1) * sizeof *slot);
    colour = malloc((ds->nusers ? ds->nusers : 1) * sizeof *colour);
    drawn = malloc((nt ? nt : 1) * sizeof *drawn);
    py = malloc((nt ? nt : 1) * sizeof *py);
    if (!w || !slot || !colour || !drawn || !py)
        goto nomem;
    for (i = 0; i < ds->ncomments; i++) {
        slot[i] = -1;
        if (job->thread < 0 || ds->thread[i] != job->thread)
            continue;
        if (ds->time[i] == TG_TIME_NONE) {
            nuntimed++;
            continue;
        }
        w[nw].t = tg_shown_time(job->opt, ds->time[i]);
        w[nw].c = (int32_t)i;
        nw++;
    }
    qsort(w, nw, sizeof *w, by_time);
    if (nw > TG_RENDER_THREAD_MAX)
        nw = TG_RENDER_THREAD_MAX;
    for (i = 0; i < nw; i++) {
        slot[w[i].c] = (int32_t)i;
        drawn[i] = w[i].c;
        if (job->depth[w[i].c] > maxd)
            maxd = job->depth[w[i].c];
    }
    if (!(present = calloc(ds->nusers ? ds->nusers : 1, 1)) ||
        tg_person_colours(ds, colour, rank, &nrank))
        goto nomem;
    for (i = 0; i < nw; i++) {
        int32_t u = ds->user[w[i].c];

        if (u < 0)
            anon = 1;
        else {
            present[u] = 1;
            if (colour[u] == TG_OTHER)
                others = 1;
        }
    }
    if (nw) {
        t0 = w[0].t;
        t1 = w[nw - 1].t;
        if (t1 - t0 < 600) {
            /* all within minutes: show a quarter of an hour around them */
            t0 -= 450;
            t1 += 450;
        }
    }
    /* ---- geometry ---- */
    snprintf(buf, sizeof buf, "depth %d", maxd);
    gutter = tg_text_width(job->m, buf, af) + 12;
    x0 = f.margin + gutter + 8;
    x1 = WIDTH - f.margin - 8;
    r = nw <= 200 ? 5 : nw <= 600 ? 4 : nw <= 1200 ? 3 : 2.5;
    rowh = fmin(48, fmax(14, 420.0 / (maxd + 1)));
    plot_h = (maxd + 1) * rowh + 8 + 30; /* rows, then the time axis */
    tg_civil(t0, &yr0, &dummy, &dummy, &dummy, &dummy, &dummy);
    tg_civil(t1, &yr1, &dummy, &dummy, &dummy, &dummy, &dummy);
    /* the smallest step whose labels do not crowd */
    for (k = 0; k < NSTEPS; k++) {
        double lw, n;

        tick_label(t0, steps[k].fmt, yr0 != yr1, buf, sizeof buf);
        lw = tg_text_width(job->m, buf, af) + 18;
        n = steps[k].secs ? (double)(t1 - t0) / (double)steps[k].secs
                          : (double)(t1 - t0) / (steps[k].months * 30.44 * 86400);
        if (n * lw <= (x1 - x0) && n <= 12) {
            st = &steps[k];
            break;
        }
    }
    /* ---- words ---- */
    tg_fmt_count((long)nt, nb, sizeof nb);
    if (asprintf(&subtitle,
                 "Thread %s: %s comment%s over time; across: when it was written, down: its "
                 "reply depth.",
                 tid, nb, nt == 1 ? "" : "s") < 0)
        subtitle = NULL;
    if (asprintf(&title, "Timeline of thread %s", tid) < 0)
        title = NULL;
    if (asprintf(&desc_s,
                 "Each of the %s comments of thread %s is a dot at its time and reply depth, "
                 "joined to the comment it answers and coloured by author.",
                 nb, tid) < 0)
        desc_s = NULL;
    if (!subtitle || !title || !desc_s)
        goto nomem;
    tg_frame_title(&f, "Thread timeline",
                   job->thread < 0 ? "The database holds no comments." : subtitle);
    if (nw) {
        tg_style e = tg_stroke(0x9A9A9Au, 1);

        tg_legend_people(&f, ds, colour, rank, nrank, present, (int)others, (int)anon);
        tg_frame_row(&f, "Reading it:");
        tg_frame_item(&f, TG_SW_LINE, &e, 1, "a reply, joined to the comment it answers");
        snprintf(zone_words, sizeof zone_words, "times in %s", tg_shown_zone(job->opt));
        tg_frame_item(&f, TG_SW_NONE, NULL, 0, zone_words);
    }
    if (nuntimed) {
        tg_fmt_count((long)nuntimed, nb2, sizeof nb2);
        tg_frame_note(&f, "%s comment%s without a time %s left out.", nb2,
                      nuntimed == 1 ? "" : "s", nuntimed == 1 ? "is" : "are");
    }
    if (nt - nuntimed > nw) {
        tg_fmt_count((long)nw, nb, sizeof nb);
        tg_fmt_count((long)(nt - nuntimed), nb2, sizeof nb2);
        tg_frame_note(&f, "Showing the first %s of %s comments in time; the later ones are left "
                          "out.",
                      nb, nb2);
    }
    tg_job_footer(job, &f, job->thread, &last);
    tg_frame_layout(&f, plot_h);
    if ((rc = tg_job_begin(job, &f, WIDTH, title, desc_s, last, &c, err)))
        goto out;
    tg_font_metrics(job->m, af, &asc, &desc);
    {
        double top = f.plot_y + rowh / 2, span = (double)(t1 - t0);
        tg_style grid = tg_stroke(0xEDEDEDu, 1), axis = tg_stroke(TG_MUTED, 1);
        tg_text_style ls = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_END);
        tg_text_style ts = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_MIDDLE);
        double ybase = f.plot_y + (maxd + 1) * rowh + 8;
        tg_group g = { "axes", NULL, NULL, NULL, NULL };
        int d;
        int64_t t;

#define XT(tt) (x0 + (span > 0 ? (double)((tt) - t0) / span * (x1 - x0) : (x1 - x0) / 2))
#define YD(dd) (top + (dd) * rowh)
        /* dots that would cover each other within a row move to side lanes
         * (0, +d, -d, +2d, ...) while the row has room */
        {
            double lane = 2 * r + 1, room = rowh / 2 - r - 1;
            int nlanes = 1 + 2 * (int)floor(room / lane), l;
            double *lane_x = malloc((size_t)(maxd + 1) * (size_t)nlanes * sizeof *lane_x);

            if (!lane_x)
                goto nomem;
            for (l = 0; l < (maxd + 1) * nlanes; l++)
                lane_x[l] = -1e300;
            for (i = 0; i < nw; i++) {
                int dd = job->depth[w[i].c], best = 0;
                double x = XT(w[i].t), *row = lane_x + (size_t)dd * (size_t)nlanes;

                for (l = 0; l < nlanes && x - row[l] < lane; l++)
                    if (row[l] < row[best])
                        best = l;
                if (l < nlanes)
                    best = l;
                row[best] = x;
                py[i] = YD(dd) + (best == 0 ? 0 : (best % 2 ? 1 : -1) * ((best + 1) / 2) * lane);
            }
            free(lane_x);
        }
        tg_draw_group(c, &g);
        for (d = 0; d <= maxd && nw; d++) {
            snprintf(buf, sizeof buf, d == 0 ? "depth %d" : "%d", d);
            tg_draw_line(c, x0 - 4, YD(d), x1, YD(d), &grid);
            tg_draw_text(c, f.plot_x + gutter - 4, YD(d) + (asc - desc) / 2, buf, &ls);
        }
        tg_draw_line(c, x0, ybase, x1, ybase, &axis);
        if (nw)
            for (t = first_tick(t0, st); t <= t1; t = next_tick(t, st)) {
                double half;

                tick_label(t, st->fmt, yr0 != yr1, buf, sizeof buf);
                half = tg_text_width(job->m, buf, af) / 2;
                tg_draw_line(c, XT(t), ybase, XT(t), ybase + 4, &axis);
                /* a label that would leave the page is left out */
                if (XT(t) - half >= f.margin / 2 && XT(t) + half <= WIDTH - f.margin / 2)
                    tg_draw_text(c, XT(t), ybase + 6 + asc, buf, &ts);
            }
        if (!nw) {
            tg_text_style ms = tg_text(14, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

            tg_draw_text(c, WIDTH / 2, f.plot_y + plot_h / 2,
                         nt ? "No comment of this thread has a time." : "No comments to show.",
                         &ms);
        }
        tg_draw_end(c);
        {
            tg_style es = tg_stroke(0x9A9A9Au, nw > 600 ? 0.6 : 1);
            char src[32], dst[32];

            es.stroke_op = nw > 600 ? 0.6 : 0.9;
            for (i = 0; i < nw; i++) {
                int32_t ci = w[i].c, p = ds->parent[ci];
                tg_group eg = { "edge", NULL, NULL, src, dst };

                if (p < 0 || slot[p] < 0)
                    continue;
                snprintf(src, sizeof src, "c%ld", (long)p);
                snprintf(dst, sizeof dst, "c%ld", (long)ci);
                tg_draw_group(c, &eg);
                tg_draw_line(c, XT(tg_shown_time(job->opt, ds->time[p])), py[slot[p]], XT(w[i].t),
                             py[i], &es);
                tg_draw_end(c);
            }
        }
        for (i = 0; i < nw; i++) {
            int32_t ci = w[i].c, u = ds->user[ci];
            char id[32], tip[600], when_s[40];
            const char *a = ds->author && ds->author[ci] ? ds->author[ci]
                            : u >= 0                      ? ds->user_name[u]
                                                          : "";
            tg_group ng = { "node", id, tip, NULL, NULL };
            tg_style s = tg_author_style(colour, u, r);

            snprintf(id, sizeof id, "c%ld", (long)ci);
            tg_fmt_date(w[i].t, 1, when_s, sizeof when_s);
            snprintf(tip, sizeof tip, "%s%s \xC2\xB7 %s %s \xC2\xB7 depth %d",
                     *a ? a : "(no name)", u < 0 ? " (anonymous)" : "", when_s,
                     tg_shown_zone(job->opt), job->depth[ci]);
            tg_draw_group(c, &ng);
            tg_draw_person(c, ds, u, XT(w[i].t), py[i], r, &s);
            tg_draw_end(c);
        }
#undef XT
#undef YD
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(w);
    free(slot);
    free(colour);
    free(present);
    free(drawn);
    free(py);
    free(subtitle);
    free(title);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_timeline_def = { TG_CHART_TIMELINE, "timeline", 1, 0, draw };
