/* page_compare.c - report.html's "Week by week": the measures of `compare`
 * for each ISO week of the forum (in the page's zone) as a sortable table,
 * when the forum spans two weeks or more; page_charts.c puts the
 * compare-network chart under it. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "page_internal.h"
#include "threadgraph/timezone.h"

static int64_t zone_offset(int64_t t, void *ctx)
{
    return tg_tz_offset(ctx, t);
}

int pg_weeks(pg_page *p)
{
    tg_compare_t cmp;
    size_t i;
    int shown = 0;
    tg_status_t rc;

    if (p->rc || p->failed)
        return 0;
    tg_compare_init(&cmp, TG_BY_WEEK);
    rc = tg_compare_add_depths(&cmp, p->view, p->an->depth, "", p->opt->tz ? zone_offset : NULL,
                               (void *)(uintptr_t)p->opt->tz, p->err);
    if (rc) {
        p->rc = rc;
        goto out;
    }
    if (cmp.nrows < 2)
        goto out;
    shown = 1;
    pg_elem(p, "h3", "Week by week");
    pg_open(p, "p");
    pg_textf(p, "The same measures for each week (Monday to Sunday, %s): does the discussion "
                "change from one week to the next? A post counts in the week it was written. "
                "The command threadgraph compare writes them to compare.csv, by week, month or "
                "discussion.",
             pg_zone(p));
    pg_close(p);
    pg_open(p, "div");
    pg_attr(p, "class", "scroll");
    pg_open(p, "table");
    pg_attr(p, "class", "sortable");
    pg_attr(p, "id", "weeks-table");
    pg_elem(p, "caption", "The discussion week by week");
    pg_open(p, "thead");
    pg_open(p, "tr");
    pg_th(p, "Week", "text", NULL);
    pg_th(p, "People", "num", NULL);
    pg_th(p, "Posts", "num", "posts");
    pg_th(p, "Teacher share", "num", "teacher-share");
    pg_th(p, "Replied both ways", "num", NULL);
    pg_th(p, "Back-and-forth pairs", "num", NULL);
    pg_th(p, "Got no reply", "num", "no-reply");
    pg_th(p, "Deepest exchange", "num", "depth");
    pg_close(p);
    pg_close(p);
    pg_open(p, "tbody");
    for (i = 0; i < cmp.nrows; i++) {
        const tg_compare_row_t *r = &cmp.rows[i];

        pg_open(p, "tr");
        pg_open(p, "td");
        pg_attr(p, "data-v", r->period);
        pg_text(p, r->period);
        pg_close(p);
        pg_td_num(p, r->people);
        pg_td_num(p, r->comments);
        if (isnan(r->teacher_share))
            pg_elem(p, "td", "");
        else
            pg_td_real(p, r->teacher_share, 2);
        pg_td_real(p, r->reciprocity, 2);
        pg_td_num(p, r->pairs);
        pg_td_num(p, r->no_reply);
        pg_td_num(p, r->max_depth + 1);
        pg_close(p);
    }
    pg_close(p);
    pg_close(p);
    pg_close(p);
    pg_open(p, "p");
    pg_attr(p, "class", "note");
    pg_text(p, "Replied both ways: the share of the links between two people (one replied to "
               "the other) that also went back. Deepest exchange: the longest chain of posts, "
               "each replying to the one before.");
    pg_close(p);
out:
    tg_compare_destroy(&cmp);
    return shown;
}
