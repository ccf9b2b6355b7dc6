/* network_reports.c - the reports of the user network beside users.csv:
 * edges.csv (each directed edge with its weight, first and last reply and
 * whether it is reciprocal: what the users graph export holds) and
 * communities.csv (docs/metrics.md). */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/report.h"

/* Edge from -> to among the edges of from, a->edges[off[from]] to
 * a->edges[off[from + 1] - 1] (sorted by to), or -1.  A search among a
 * user's few edges instead of all of them: a million lookups stay in the
 * cache. */
static long find_from(const tg_analysis_t *a, const size_t *off, int32_t from, int32_t to)
{
    size_t lo = off[from], hi = off[from + 1];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (a->edges[mid].to < to)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < off[from + 1] && a->edges[lo].to == to ? (long)lo : -1;
}

int tg_user_edge_times(const tg_dataset_t *ds, const tg_analysis_t *a, int64_t *first,
                       int64_t *last, unsigned char *recip)
{
    size_t *off = malloc((ds->nusers + 1) * sizeof *off);
    size_t i, e = 0;

    if (!off)
        return -1;
    /* a->edges is sorted by (from, to): off[u] is the first edge from u or
     * after */
    for (i = 0; i <= ds->nusers; i++) {
        while (e < a->nedges && a->edges[e].from < (int32_t)i)
            e++;
        off[i] = e;
    }
    for (i = 0; i < a->nedges; i++) {
        first[i] = last[i] = TG_TIME_NONE;
        if (recip)
            recip[i] = find_from(a, off, a->edges[i].to, a->edges[i].from) >= 0;
    }
    for (i = 0; i < ds->ncomments; i++) {
        int32_t p = ds->parent[i];
        int64_t t = ds->time[i];
        long k;

        if (p < 0 || ds->user[i] < 0 || ds->user[p] < 0 || ds->user[i] == ds->user[p] ||
            t == TG_TIME_NONE)
            continue;
        if ((k = find_from(a, off, ds->user[i], ds->user[p])) < 0)
            continue;
        if (first[k] == TG_TIME_NONE || t < first[k])
            first[k] = t;
        if (last[k] == TG_TIME_NONE || t > last[k])
            last[k] = t;
    }
    free(off);
    return 0;
}

tg_status_t tg_report_edges(const tg_dataset_t *ds, const tg_analysis_t *a, const char *dir,
                            const tg_report_options_t *opt, tg_error_t *err)
{
    static const char *const cols[] = { "from", "to", "weight", "first_time", "last_time",
                                        "reciprocal", NULL };
    int64_t *first = malloc((a->nedges ? a->nedges : 1) * sizeof *first);
    int64_t *last = malloc((a->nedges ? a->nedges : 1) * sizeof *last);
    unsigned char *recip = malloc(a->nedges ? a->nedges : 1);
    tg_csvw w;
    tg_status_t rc;
    size_t i;

    if (!first || !last || !recip || tg_user_edge_times(ds, a, first, last, recip)) {
        free(first);
        free(last);
        free(recip);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
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
        tg_csvw_raw(&w, recip[i] ? "true" : "false");
        tg_csvw_row_end(&w);
    }
    rc = tg_csvw_close(&w, 1, err);
out:
    free(first);
    free(last);
    free(recip);
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
