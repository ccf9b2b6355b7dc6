/* forest.c - the reply forest: one igraph vertex per comment, an edge from
 * each reply to its parent, and every comment's depth from igraph's
 * breadth-first search over the roots (no recursion: a 10,000-deep chain is
 * fine). */
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"

/* Break any cycle left in parent[] at its comment that comes first in the
 * input, as the store does (a dataset from the store has none). */
static tg_status_t break_cycles(int32_t *parent, size_t n, tg_error_t *err)
{
    unsigned char *state = calloc(n ? n : 1, 1); /* 0 new, 1 on the walk, 2 done */
    int32_t *path = malloc((n ? n : 1) * sizeof *path);
    size_t s;

    if (!state || !path) {
        free(state);
        free(path);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    for (s = 0; s < n; s++) {
        size_t len = 0, j;
        int32_t v = (int32_t)s;

        while (v >= 0 && state[v] == 0) {
            state[v] = 1;
            path[len++] = v;
            v = parent[v];
        }
        if (v >= 0 && state[v] == 1) {
            int32_t first = v;

            for (j = len; j-- > 0 && path[j] != v;)
                if (path[j] < first)
                    first = path[j];
            parent[first] = -1;
        }
        for (j = 0; j < len; j++)
            state[path[j]] = 2;
    }
    free(state);
    free(path);
    return TG_OK;
}

void tg_forest_release(tg_forest *f)
{
    if (!f)
        return;
    if (f->has_graph)
        igraph_destroy(&f->graph);
    free(f->parent);
    free(f->order);
    free(f->depth);
    memset(f, 0, sizeof *f);
}

tg_status_t tg_forest_build(const tg_dataset_t *ds, tg_forest *f, tg_error_t *err)
{
    size_t n = ds->ncomments, i, k = 0, nroots = 0;
    igraph_vector_int_t edges, roots, order, dist;
    int have_edges = 0, have_roots = 0, have_order = 0, have_dist = 0;
    igraph_error_t ie;
    tg_status_t rc = TG_OK;

    memset(f, 0, sizeof *f);
    tg_igraph_setup();
    f->n = n;
    f->parent = malloc((n ? n : 1) * sizeof *f->parent);
    f->order = malloc((n ? n : 1) * sizeof *f->order);
    f->depth = malloc((n ? n : 1) * sizeof *f->depth);
    if (!f->parent || !f->order || !f->depth) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (n)
        memcpy(f->parent, ds->parent, n * sizeof *f->parent);
    if ((rc = break_cycles(f->parent, n, err)))
        goto out;
    for (i = 0; i < n; i++)
        nroots += f->parent[i] < 0;

    if ((ie = igraph_vector_int_init(&edges, (igraph_integer_t)(2 * (n - nroots)))))
        goto igraph_failed;
    have_edges = 1;
    if ((ie = igraph_vector_int_init(&roots, (igraph_integer_t)nroots)))
        goto igraph_failed;
    have_roots = 1;
    for (i = 0; i < n; i++) {
        if (f->parent[i] < 0) {
            VECTOR(roots)[k++] = (igraph_integer_t)i;
        } else {
            VECTOR(edges)[2 * (i - k)] = (igraph_integer_t)i;
            VECTOR(edges)[2 * (i - k) + 1] = f->parent[i];
        }
    }
    if ((ie = igraph_create(&f->graph, &edges, (igraph_integer_t)n, IGRAPH_DIRECTED)))
        goto igraph_failed;
    f->has_graph = 1;
    if ((ie = igraph_vector_int_init(&order, 0)))
        goto igraph_failed;
    have_order = 1;
    if ((ie = igraph_vector_int_init(&dist, 0)))
        goto igraph_failed;
    have_dist = 1;
    /* replies point at their parents: search along incoming edges */
    if ((ie = igraph_bfs(&f->graph, 0, &roots, IGRAPH_IN, 0, NULL, &order, NULL, NULL, NULL,
                         NULL, &dist, NULL, NULL)))
        goto igraph_failed;
    for (i = 0; i < n; i++) {
        f->order[i] = (int32_t)VECTOR(order)[i];
        f->depth[i] = (int32_t)VECTOR(dist)[i];
    }
    goto out;
igraph_failed:
    rc = tg_igraph_error(err, ie, "the reply forest");
out:
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    if (have_roots)
        igraph_vector_int_destroy(&roots);
    if (have_order)
        igraph_vector_int_destroy(&order);
    if (have_dist)
        igraph_vector_int_destroy(&dist);
    if (rc)
        tg_forest_release(f);
    return rc;
}

tg_status_t tg_forest_depths(const tg_dataset_t *ds, int32_t *depth, tg_error_t *err)
{
    tg_forest f;
    tg_igraph_handlers saved;
    tg_status_t rc;

    tg_igraph_enter(&saved);
    rc = tg_forest_build(ds, &f, err);
    if (!rc) {
        if (f.n)
            memcpy(depth, f.depth, f.n * sizeof *depth);
        tg_forest_release(&f);
    }
    tg_igraph_leave(&saved);
    return rc;
}
