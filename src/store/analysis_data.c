/* analysis_data.c - allocation of analysis results (results.h), shared by the
 * analysis that computes them and the store that loads them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"

void tg_analysis_init(tg_analysis_t *a)
{
    memset(a, 0, sizeof *a);
    a->modularity = NAN;
}

void tg_analysis_destroy(tg_analysis_t *a)
{
    if (!a)
        return;
    free(a->depth);
    free(a->replies);
    free(a->subtree);
    free(a->latency);
    free(a->threads);
    free(a->users);
    free(a->locations);
    free(a->edges);
    free(a->pairs);
    free(a->flows);
    memset(a, 0, sizeof *a);
}

#define ALLOC(ptr, n) ((ptr) = calloc((n) ? (n) : 1, sizeof *(ptr)))

int tg_analysis_alloc(tg_analysis_t *a, const tg_dataset_t *ds)
{
    size_t n = ds->ncomments;

    tg_analysis_init(a);
    if (!ALLOC(a->depth, n) || !ALLOC(a->replies, n) || !ALLOC(a->subtree, n) ||
        !ALLOC(a->latency, n) || !ALLOC(a->threads, ds->nthreads) ||
        !ALLOC(a->users, ds->nusers) || !ALLOC(a->locations, ds->nlocations)) {
        tg_analysis_destroy(a);
        return -1;
    }
    return 0;
}

static int cmp_edge(const void *x, const void *y)
{
    const tg_user_edge_t *a = x, *b = y;

    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return 0;
}

static int cmp_pair(const void *x, const void *y)
{
    const tg_pair_t *p = x, *q = y;
    long tp = p->a_to_b + p->b_to_a, tq = q->a_to_b + q->b_to_a;

    if (tp != tq)
        return tp > tq ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return 0;
}

static int cmp_flow(const void *x, const void *y)
{
    const tg_flow_t *p = x, *q = y;

    if (p->replies != q->replies)
        return p->replies > q->replies ? -1 : 1;
    if (p->from != q->from)
        return p->from < q->from ? -1 : 1;
    if (p->to != q->to)
        return p->to < q->to ? -1 : 1;
    return 0;
}

void tg_user_edges_sort(tg_user_edge_t *edges, size_t n)
{
    qsort(edges, n, sizeof *edges, cmp_edge);
}

void tg_analysis_sort(tg_analysis_t *a)
{
    /* an analysis loaded in parts may lack pairs or flows (NULL) */
    if (a->edges)
        tg_user_edges_sort(a->edges, a->nedges);
    if (a->pairs)
        qsort(a->pairs, a->npairs, sizeof *a->pairs, cmp_pair);
    if (a->flows)
        qsort(a->flows, a->nflows, sizeof *a->flows, cmp_flow);
}
