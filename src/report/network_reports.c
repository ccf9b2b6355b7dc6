/* network_reports.c - the reports of the user network beside users.csv:
 * edges.csv (each directed edge with its weight, first and last reply and
 * whether it is reciprocal: what the users graph export holds) and
 * communities.csv (docs/metrics.md). */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/report.h"

/* The edge from -> to among a->edges[lo, hi), or -1. */
static long edge_in(const tg_analysis_t *a, size_t lo, size_t hi, int32_t from, int32_t to)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const tg_user_edge_t *e = &a->edges[mid];

        if (e->from < from || (e->from == from && e->to < to))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < a->nedges && a->edges[lo].from == from && a->edges[lo].to == to)
        return (long)lo;
    return -1;
}

long tg_user_edge_find(const tg_analysis_t *a, int32_t from, int32_t to)
{
    return edge_in(a, 0, a->nedges, from, to);
}

/* Where each user's edges start in a->edges (sorted by from), nusers + 1
 * entries: a search for u's edge then looks at u's few edges only.  NULL
 * when out of memory (the callers then search the whole list). */
static size_t *edge_starts(const tg_analysis_t *a, size_t nusers)
{
    size_t *start = malloc((nusers + 1) * sizeof *start);
    size_t k = 0;
    int32_t u;

    if (start)
        for (u = 0; (size_t)u <= nusers; u++) {
            while (k < a->nedges && a->edges[k].from < u)
                k++;
            start[u] = k;
        }
    return start;
}

void tg_user_edge_times(const tg_dataset_t *ds, const tg_analysis_t *a, int64_t *first,
                        int64_t *last)
{
    size_t *start = edge_starts(a, ds->nusers);
    size_t i;

    for (i = 0; i < a->nedges; i++)
        first[i] = last[i] = TG_TIME_NONE;
    for (i = 0; i < ds->ncomments; i++) {
        int32_t p = ds->parent[i], from = ds->user[i];
        int64_t t = ds->time[i];
        long e;

        if (p < 0 || from < 0 || ds->user[p] < 0 || from == ds->user[p] || t == TG_TIME_NONE)
            continue;
        /* without the starts (out of memory), the whole list */
        e = start ? edge_in(a, start[from], start[from + 1], from, ds->user[p])
                  : edge_in(a, 0, a->nedges, from, ds->user[p]);
        if (e < 0)
            continue;
        if (first[e] == TG_TIME_NONE || t < first[e])
            first[e] = t;
        if (last[e] == TG_TIME_NONE || t > last[e])
            last[e] = t;
    }
    free(start);
}

tg_status_t tg_report_edges(const tg_dataset_t *ds, const tg_analysis_t *a, const char *dir,
                            const tg_report_options_t *opt, tg_error_t *err)
{
    static const char *const cols[] = { "from", "to", "weight", "first_time", "last_time",
                                        "reciprocal", NULL };
    int64_t *first = malloc((a->nedges ? a->nedges : 1) * sizeof *first);
    int64_t *last = malloc((a->nedges ? a->nedges : 1) * sizeof *last);
    size_t *start = edge_starts(a, ds->nusers);
    tg_csvw w;
    tg_status_t rc;
    size_t i;

    if (!first || !last) {
        free(first);
        free(last);
        free(start);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    tg_user_edge_times(ds, a, first, last);
    if ((rc = tg_csvw_open(&w, dir, "edges.csv", opt->formula_guard, err)))
        goto out;
    tg_csvw_header(&w, cols);
    for (i = 0; i < a->nedges; i++) {
        const tg_user_edge_t *e = &a->edges[i];

        tg_csvw_text(&w, ds->user_name[e->from]);
        tg_csvw_text(&w, ds->user_name[e->to]);
        tg_csvw_int(&w, e->weight);
        tg_csvw_time(&w, first[i]);
        tg_csvw_time(&w, last[i]);
        tg_csvw_raw(&w, (start ? edge_in(a, start[e->to], start[e->to + 1], e->to, e->from)
                               : tg_user_edge_find(a, e->to, e->from)) >= 0
                            ? "true" : "false");
        tg_csvw_row_end(&w);
    }
    rc = tg_csvw_close(&w, 1, err);
out:
    free(first);
    free(last);
    free(start);
    return rc;
}

/* ---- communities.csv ---- */

static const tg_analysis_t *sort_a;

/* users.csv's order: replies received, then comments, then byte order */
static int cmp_members(const void *x, const void *y)
{
    int32_t i = *(const int32_t *)x, j = *(const int32_t *)y;
    const tg_user_stats_t *u = &sort_a->users[i], *v = &sort_a->users[j];

    if (u->replies_received != v->replies_received)
        return u->replies_received > v->replies_received ? -1 : 1;
    if (u->comments != v->comments)
        return u->comments > v->comments ? -1 : 1;
    return i < j ? -1 : i > j;
}

#define TG_TOP_MEMBERS 5

tg_status_t tg_report_communities(const tg_dataset_t *ds, const tg_analysis_t *a,
                                  const char *dir, const tg_report_options_t *opt,
                                  tg_error_t *err)
{
    size_t ncommunities = a->ncommunities;
    static const char *const cols[] = { "community", "size", "internal_weight",
                                        "external_weight", "top_members", NULL };
    long *size = calloc(ncommunities + 1, sizeof *size);
    long *internal = calloc(ncommunities + 1, sizeof *internal);
    long *external = calloc(ncommunities + 1, sizeof *external);
    int32_t *order = malloc((ds->nusers ? ds->nusers : 1) * sizeof *order);
    size_t *shown = calloc(ncommunities + 1, sizeof *shown);
    tg_buf *top = calloc(ncommunities + 1, sizeof *top);
    tg_csvw w;
    tg_status_t rc = TG_OK;
    size_t i, n = 0;
    int nomem = 0;

    if (!size || !internal || !external || !order || !shown || !top) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < ds->nusers; i++)
        if (a->users[i].community > 0) {
            size[a->users[i].community]++;
            order[n++] = (int32_t)i;
        }
    for (i = 0; i < a->nedges; i++) {
        int32_t cf = a->users[a->edges[i].from].community;
        int32_t ct = a->users[a->edges[i].to].community;

        if (cf == ct) {
            internal[cf] += a->edges[i].weight;
        } else {
            external[cf] += a->edges[i].weight;
            external[ct] += a->edges[i].weight;
        }
    }
    sort_a = a;
    qsort(order, n, sizeof *order, cmp_members);
    for (i = 0; i < n; i++) {
        int32_t c = a->users[order[i]].community;

        if (shown[c] == TG_TOP_MEMBERS)
            continue;
        if (shown[c]++)
            nomem |= tg_buf_addstr(&top[c], "; ");
        nomem |= tg_buf_addstr(&top[c], ds->user_name[order[i]]);
    }
    if (nomem) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = tg_csvw_open(&w, dir, "communities.csv", opt->formula_guard, err)))
        goto out;
    tg_csvw_header(&w, cols);
    for (i = 1; i <= ncommunities; i++) {
        tg_csvw_int(&w, (long long)i);
        tg_csvw_int(&w, size[i]);
        tg_csvw_int(&w, internal[i]);
        tg_csvw_int(&w, external[i]);
        tg_csvw_text(&w, top[i].data);
        tg_csvw_row_end(&w);
    }
    rc = tg_csvw_close(&w, 1, err);
out:
    if (top)
        for (i = 0; i <= ncommunities; i++)
            tg_buf_release(&top[i]);
    free(top);
    free(size);
    free(internal);
    free(external);
    free(order);
    free(shown);
    return rc;
}
