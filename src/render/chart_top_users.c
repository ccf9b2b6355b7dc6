/* chart_top_users.c - a bar chart of the most-replied commenters: one bar
 * per commenter (the top opt->top of those who got a reply), as long as the
 * replies they received, with how many commenters those replies came from. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"

#define WIDTH 960.0
#define ROW 26.0
#define BAR 16.0
#define NAME_FONT 12.5
#define VALUE_FONT 12.0
#define AXIS_FONT 11.0
#define NAME_MAX_W 240.0
#define MARK_W 16.0

typedef struct rkey {
    long received, comments;
    int32_t u;
} rkey;

static int by_received(const void *a, const void *b)
{
    const rkey *x = a, *y = b;

    if (x->received != y->received)
        return x->received > y->received ? -1 : 1;
    if (x->comments != y->comments)
        return x->comments > y->comments ? -1 : 1;
    return x->u < y->u ? -1 : x->u > y->u;
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_dataset_t *ds = job->ds;
    const tg_analysis_t *an = job->an;
    tg_frame f;
    tg_canvas *c = NULL;
    rkey *rk = NULL;
    char **names = NULL;
    size_t i, nr = 0, shown;
    long maxv = 1;
    double name_w = 0, x0, x1, plot_h, first, step, value_room, axis_max;
    int nticks, t;
    int64_t tlast;
    tg_font nf = { NAME_FONT, 0 }, vf = { VALUE_FONT, 0 }, af = { AXIS_FONT, 0 };
    char nb[32], nb2[32], *subtitle = NULL, *desc_s = NULL;
    tg_status_t rc = TG_OK;
    tg_rgb *colour = NULL;
    int32_t prank[TG_PEOPLE_PALETTE_N];
    size_t nprank = 0;
    unsigned char *present = NULL;
    int others = 0;

    tg_frame_init(&f, job->m, WIDTH);
    rk = malloc((ds->nusers ? ds->nusers : 1) * sizeof *rk);
    if (!rk)
        goto nomem;
    for (i = 0; i < ds->nusers; i++)
        if (an->users[i].replies_received > 0) {
            rk[nr].received = an->users[i].replies_received;
            rk[nr].comments = an->users[i].comments;
            rk[nr].u = (int32_t)i;
            nr++;
        }
    qsort(rk, nr, sizeof *rk, by_received);
    shown = nr < job->opt->top ? nr : job->opt->top;
    names = calloc(shown ? shown : 1, sizeof *names);
    if (!names)
        goto nomem;
    for (i = 0; i < shown; i++) {
        if (!(names[i] = tg_text_fit(job->m, ds->user_name[rk[i].u], nf, NAME_MAX_W)))
            goto nomem;
        name_w = fmax(name_w, tg_text_width(job->m, names[i], nf));
    }
    if (shown)
        maxv = rk[0].received;
    tg_fmt_count(maxv, nb, sizeof nb);
    value_room = tg_text_width(job->m, nb, vf) + tg_text_width(job->m, " from 99,999", vf) + 12;
    /* a column for each person's mark (colour, and a square for a teacher) */
    x0 = f.margin + name_w + 12 + MARK_W;
    colour = malloc((ds->nusers ? ds->nusers : 1) * sizeof *colour);
    present = calloc(ds->nusers ? ds->nusers : 1, 1);
    if (!colour || !present || tg_person_colours(ds, colour, prank, &nprank))
        goto nomem;
    for (i = 0; i < shown; i++) {
        present[rk[i].u] = 1;
        others |= colour[rk[i].u] == TG_OTHER;
    }
    x1 = WIDTH - f.margin - value_room;
    plot_h = (double)(shown ? shown : 3) * ROW + 30;
    tg_nice_ticks(0, (double)maxv, 5, &first, &step, &nticks);
    if (step < 1) {
        step = 1;
        nticks = (int)maxv + 1;
    }
    axis_max = first + (nticks - 1) * step;
    /* ---- words ---- */
    tg_fmt_count((long)shown, nb, sizeof nb);
    tg_fmt_count((long)nr, nb2, sizeof nb2);
    if (asprintf(&subtitle, "The %s commenter%s who received the most replies, of %s who received "
                            "any.",
                 nb, shown == 1 ? "" : "s", nb2) < 0)
        subtitle = NULL;
    if (asprintf(&desc_s,
                 "A bar chart of the %s most-replied commenters: each bar is as long as the "
                 "replies the commenter received from others.",
                 nb) < 0)
        desc_s = NULL;
    if (!subtitle || !desc_s)
        goto nomem;
    tg_frame_title(&f, "Most-replied commenters", subtitle);
    if (shown) {
        tg_style bs = tg_fill(TG_OTHER);

        tg_frame_row(&f, "Bar length:");
        tg_frame_item(&f, TG_SW_BAR, &bs, 12, "replies received from others (not from oneself)");
        tg_frame_item(&f, TG_SW_NONE, NULL, 0, "“from N”: how many named commenters replied");
        tg_legend_people(&f, ds, colour, prank, nprank, present, others, 0);
    }
    tg_job_footer(job, &f, -1, &tlast);
    tg_frame_layout(&f, plot_h);
    if ((rc = tg_job_begin(job, &f, WIDTH, "Most-replied commenters", desc_s, tlast, &c, err)))
        goto out;
    {
        double asc, desc, vasc, vdesc, top = f.plot_y, base = f.plot_y + (double)shown * ROW + 4;
        tg_style grid = tg_stroke(0xEDEDEDu, 1), axis = tg_stroke(TG_MUTED, 1);
        tg_text_style as = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_MIDDLE);
        tg_text_style ns = tg_text(NAME_FONT, 0, TG_INK, TG_ANCHOR_END);
        tg_text_style vs = tg_text(VALUE_FONT, 1, TG_INK, TG_ANCHOR_START);
        tg_text_style ms = tg_text(VALUE_FONT, 0, TG_MUTED, TG_ANCHOR_START);
        tg_group axes = { "axes", NULL, NULL, NULL, NULL };

#define XV(v) (x0 + (double)(v) / axis_max * (x1 - x0))
        tg_font_metrics(job->m, af, &asc, &desc);
        tg_font_metrics(job->m, vf, &vasc, &vdesc);
        tg_draw_group(c, &axes);
        if (shown) {
            for (t = 0; t < nticks; t++) {
                double v = first + t * step;
                char lab[32];

                tg_draw_line(c, XV(v), top, XV(v), base, &grid);
                tg_fmt_count((long)llround(v), lab, sizeof lab);
                tg_draw_line(c, XV(v), base, XV(v), base + 4, &axis);
                tg_draw_text(c, XV(v), base + 6 + asc, lab, &as);
            }
            tg_draw_line(c, x0, top, x0, base, &axis);
        } else {
            tg_text_style es = tg_text(14, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

            tg_draw_text(c, WIDTH / 2, f.plot_y + plot_h / 2, "No commenter received a reply.",
                         &es);
        }
        tg_draw_end(c);
        for (i = 0; i < shown; i++) {
            const tg_user_stats_t *us = &an->users[rk[i].u];
            double cy = top + (double)i * ROW + ROW / 2, w = XV(rk[i].received) - x0;
            char id[32], tip[512], val[32], from[48];
            tg_group g = { "node bar", id, tip, NULL, NULL };
            tg_style bs = tg_author_style(colour, rk[i].u, 6);

            snprintf(id, sizeof id, "u%ld", (long)rk[i].u);
            tg_fmt_count(rk[i].received, val, sizeof val);
            snprintf(from, sizeof from, " from %ld", us->distinct_repliers);
            snprintf(tip, sizeof tip, "%s: %s repl%s received from %ld commenter%s; %ld comment%s",
                     ds->user_name[rk[i].u], val, rk[i].received == 1 ? "y" : "ies",
                     us->distinct_repliers, us->distinct_repliers == 1 ? "" : "s", us->comments,
                     us->comments == 1 ? "" : "s");
            tg_draw_group(c, &g);
            ns.cls = "label";
            tg_draw_text(c, x0 - 8 - MARK_W, cy + (vasc - vdesc) / 2, names[i], &ns);
            tg_draw_person(c, ds, rk[i].u, x0 - MARK_W / 2 - 2, cy, 5.5, &bs);
            tg_draw_rect(c, x0, cy - BAR / 2, fmax(w, 1), BAR, &bs);
            tg_draw_text(c, x0 + w + 6, cy + (vasc - vdesc) / 2, val, &vs);
            tg_draw_text(c, x0 + w + 6 + tg_text_width(job->m, val, (tg_font){ VALUE_FONT, 1 }),
                         cy + (vasc - vdesc) / 2, from, &ms);
            tg_draw_end(c);
        }
#undef XV
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(colour);
    free(present);
    if (names)
        for (i = 0; i < shown; i++)
            free(names[i]);
    free(names);
    free(rk);
    free(subtitle);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_top_users_def = { TG_CHART_TOP_USERS, "top-users", 0, 1, draw };
