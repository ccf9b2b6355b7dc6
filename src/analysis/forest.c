/* forest.c - the reply forest: depth of every comment, computed breadth
 * first from the roots over a children index (no recursion). */
#include <stdlib.h>
#include <string.h>

#include "threadgraph/analysis.h"

tg_status_t tg_forest_depths(const tg_dataset_t *ds, int32_t *depth, tg_error_t *err)
{
    size_t n = ds->ncomments, i, head = 0, tail = 0;
    int32_t *start = calloc(n + 1, sizeof *start);
    int32_t *child = malloc((n ? n : 1) * sizeof *child);
    int32_t *queue = malloc((n ? n : 1) * sizeof *queue);
    int32_t *fill = NULL;

    if (!start || !child || !queue)
        goto nomem;
    /* children index (CSR), children in input order */
    for (i = 0; i < n; i++)
        if (ds->parent[i] >= 0)
            start[ds->parent[i] + 1]++;
    for (i = 0; i < n; i++)
        start[i + 1] += start[i];
    if (!(fill = malloc((n ? n : 1) * sizeof *fill)))
        goto nomem;
    memcpy(fill, start, n * sizeof *fill);
    for (i = 0; i < n; i++)
        if (ds->parent[i] >= 0)
            child[fill[ds->parent[i]]++] = (int32_t)i;
    for (i = 0; i < n; i++)
        depth[i] = -1;
    /* roots first; comments on a cycle are picked up below */
    for (i = 0; i < n; i++)
        if (ds->parent[i] < 0) {
            depth[i] = 0;
            queue[tail++] = (int32_t)i;
        }
    for (;;) {
        while (head < tail) {
            int32_t v = queue[head++];
            int32_t k;

            for (k = start[v]; k < start[v + 1]; k++) {
                int32_t c = child[k];

                if (depth[c] < 0) {
                    depth[c] = depth[v] + 1;
                    queue[tail++] = c;
                }
            }
        }
        if (tail == n)
            break;
        /* a cycle: the first unreached comment in input order is on it or
         * below it; walk up to the cycle and break it at its first comment */
        for (i = 0; i < n && depth[i] >= 0; i++)
            ;
        {
            size_t v = i, first;
            size_t steps = 0;

            while (steps++ <= n)
                v = (size_t)ds->parent[v];
            /* v is now on the cycle: find its smallest index */
            first = v;
            for (i = (size_t)ds->parent[v]; i != v; i = (size_t)ds->parent[i])
                if (i < first)
                    first = i;
            depth[first] = 0;
            queue[tail++] = (int32_t)first;
        }
    }
    free(start);
    free(child);
    free(queue);
    free(fill);
    return TG_OK;
nomem:
    free(start);
    free(child);
    free(queue);
    free(fill);
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}
