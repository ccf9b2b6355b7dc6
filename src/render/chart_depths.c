/* chart_depths.c - a histogram of reply depths: how many comments sit at
 * depth 0 (top-level), 1 (replies to those), 2, ...  Over every comment, or
 * over one thread's when opt->thread names it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define WIDTH 960.0
#define PLOT_H 320.0
#define AXIS_FONT 11.0
#define VALUE_FONT 11.0

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_dataset_t *ds = job->ds;
    tg_frame f;
    tg_canvas *c = NULL;
    long *count = NULL, maxc = 0, total = 0;
    int maxd = -1, d, nticks, t, every = 1;
    size_t i;
    double first, step, gutter, x0, x1, slot, barw, asc, desc, sum = 0;
    int64_t tlast;
    tg_font af = { AXIS_FONT, 0 }, vf = { VALUE_FONT, 0 };
    char nb[32], lab[48], *subtitle = NULL, *desc_s = NULL;
    tg_status_t rc = TG_OK;

    tg_frame_init(&f, job->m, WIDTH);
    for (i = 0; i < ds->ncomments; i++)
        if ((job->thread < 0 || ds->thread[i] == job->thread) && job->depth[i] > maxd)
            maxd = job->depth[i];
    count = calloc((size_t)(maxd + 2), sizeof *count);
    if (!count)
        goto nomem;
    for (i = 0; i < ds->ncomments; i++)
        if (job->thread < 0 || ds->thread[i] == job->thread) {
            count[job->depth[i]]++;
            total++;
            sum += job->depth[i];
        }
    for (d = 0; d <= maxd; d++)
        if (count[d] > maxc)
            maxc = count[d];
    tg_nice_ticks(0, (double)(maxc > 0 ? maxc : 1), 5, &first, &step, &nticks);
    if (step < 1) {
        step = 1;
        nticks = (int)(maxc > 0 ? maxc : 1) + 1;
    }
    /* the y axis labels' width */
    tg_fmt_count((long)(first + (nticks - 1) * step), nb, sizeof nb);
    gutter = tg_text_width(job->m, nb, af) + 10;
    x0 = f.margin + gutter + 4;
    x1 = WIDTH - f.margin;
    slot = (x1 - x0) / (maxd >= 0 ? maxd + 1 : 1);
    barw = fmin(slot * 0.8, 90);
    /* depth labels under the bars: every one, or every second, fifth... */
    {
        double lw;

        snprintf(lab, sizeof lab, "%d", maxd > 0 ? maxd : 0);
        lw = tg_text_width(job->m, lab, af) + 6;
        while (every * slot < lw)
            every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    }
    /* ---- words ---- */
    tg_fmt_count(total, nb, sizeof nb);
    if (total == 0) {
        if (!(subtitle = strdup("There are no comments to count.")))
            goto nomem;
    } else if (job->thread >= 0) {
        if (asprintf(&subtitle, "How deep the %s comment%s of thread %s sit in the reply tree.", nb,
                     total == 1 ? "" : "s", ds->thread_id[job->thread]) < 0)
            subtitle = NULL;
    } else if (asprintf(&subtitle, "How deep the %s comment%s sit in their threads' reply trees.",
                        nb, total == 1 ? "" : "s") < 0) {
        subtitle = NULL;
    }
    if (asprintf(&desc_s,
                 "A histogram of reply depths: each bar counts the comments at one depth, 0 "
                 "being a top-level comment; %s comments in all, the deepest at depth %d.",
                 nb, maxd > 0 ? maxd : 0) < 0)
        desc_s = NULL;
    if (!subtitle || !desc_s)
        goto nomem;
    tg_frame_title(&f, "Reply depths", subtitle);
    if (total) {
        tg_style bs = tg_fill(TG_SKY);

        tg_frame_row(&f, "Bar height:");
        bs.stroke = TG_BLUE;
        bs.stroke_op = 1;
        bs.width = 1;
        tg_frame_item(&f, TG_SW_BAR, &bs, 12, "comments at that depth");
        tg_frame_item(&f, TG_SW_NONE, NULL, 0,
                      "depth 0: a comment on the thread; 1: a reply to one; 2: a reply to a reply");
    }
    if (total)
        tg_frame_note(&f, "Mean depth %.2f; the deepest comment is at depth %d.", sum / (double)total, maxd);
    tg_job_footer(job, &f, job->thread, &tlast);
    tg_frame_layout(&f, PLOT_H);
    if ((rc = tg_job_begin(job, &f, WIDTH, "Reply depths", desc_s, tlast, &c, err)))
        goto out;
    tg_font_metrics(job->m, af, &asc, &desc);
    {
        double top = f.plot_y + 20, base = f.plot_y + PLOT_H - 34;
        double ymax = first + (nticks - 1) * step;
        tg_style grid = tg_stroke(0xEDEDEDu, 1), axis = tg_stroke(TG_MUTED, 1);
        tg_text_style ys = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_END);
        tg_text_style xs = tg_text(AXIS_FONT, 0, TG_MUTED, TG_ANCHOR_MIDDLE);
        tg_text_style vs = tg_text(VALUE_FONT, 0, TG_INK, TG_ANCHOR_MIDDLE);
        tg_group axes = { "axes", NULL, NULL, NULL, NULL };

        if (ymax < maxc)
            ymax = (double)maxc;
#define YV(v) (base - (double)(v) / ymax * (base - top))
        tg_draw_group(c, &axes);
        for (t = 0; t < nticks; t++) {
            double v = first + t * step;

            tg_draw_line(c, x0, YV(v), x1, YV(v), &grid);
            tg_fmt_count((long)llround(v), lab, sizeof lab);
            tg_draw_text(c, x0 - 8, YV(v) + (asc - desc) / 2, lab, &ys);
        }
        tg_draw_line(c, x0, base, x1, base, &axis);
        for (d = 0; d <= maxd; d += every) {
            snprintf(lab, sizeof lab, "%d", d);
            tg_draw_text(c, x0 + (d + 0.5) * slot, base + 6 + asc, lab, &xs);
        }
        tg_draw_text(c, (x0 + x1) / 2, base + 6 + asc + 16, "reply depth", &xs);
        if (maxd < 0) {
            tg_text_style es = tg_text(14, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

            tg_draw_text(c, WIDTH / 2, (top + base) / 2, "No comments to count.", &es);
        }
        tg_draw_end(c);
        for (d = 0; d <= maxd; d++) {
            char tip[128], id[16];
            tg_group g = { "bar", id, tip, NULL, NULL };
            tg_style bs = tg_fill(TG_SKY);
            double cx = x0 + (d + 0.5) * slot, yb = YV(count[d]);

            bs.stroke = TG_BLUE;
            bs.stroke_op = 1;
            bs.width = 1;
            tg_fmt_count(count[d], nb, sizeof nb);
            snprintf(id, sizeof id, "d%d", d);
            snprintf(tip, sizeof tip, "depth %d: %s comment%s (%.1f%%)", d, nb,
                     count[d] == 1 ? "" : "s", 100.0 * (double)count[d] / (double)(total ? total : 1));
            tg_draw_group(c, &g);
            tg_draw_rect(c, cx - barw / 2, yb, barw, base - yb, &bs);
            /* the count above the bar when it fits */
            if (tg_text_width(job->m, nb, vf) <= slot - 2)
                tg_draw_text(c, cx, yb - 4, nb, &vs);
            tg_draw_end(c);
        }
#undef YV
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(count);
    free(subtitle);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_depths_def = { TG_CHART_DEPTHS, "depths", 0, 0, draw };
