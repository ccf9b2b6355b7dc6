/* stats.c - the summary figures of `threadgraph stats`. */
#include <stdlib.h>
#include <string.h>

#include "threadgraph/analysis.h"

void tg_stats_init(tg_stats_t *st)
{
    memset(st, 0, sizeof *st);
    st->max_depth = -1;
}

void tg_stats_destroy(tg_stats_t *st)
{
    if (!st)
        return;
    free(st->depth_counts);
    tg_stats_init(st);
}

tg_status_t tg_stats_compute(const tg_dataset_t *ds, tg_stats_t *st, tg_error_t *err)
{
    size_t n = ds->ncomments, i;
    int32_t *depth = malloc((n ? n : 1) * sizeof *depth);
    unsigned char *user_seen = calloc(ds->nusers ? ds->nusers : 1, 1);
    unsigned char *loc_seen = calloc(ds->nlocations ? ds->nlocations : 1, 1);
    tg_status_t rc;

    tg_stats_init(st);
    if (!depth || !user_seen || !loc_seen) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = tg_forest_depths(ds, depth, err)))
        goto out;
    st->threads = ds->nthreads;
    st->comments = n;
    for (i = 0; i < n; i++) {
        if (ds->user[i] < 0) {
            st->anonymous_comments++;
        } else if (!user_seen[ds->user[i]]) {
            user_seen[ds->user[i]] = 1;
            st->named_commenters++;
        }
        if (ds->location[i] >= 0 && !loc_seen[ds->location[i]]) {
            loc_seen[ds->location[i]] = 1;
            st->locations++;
        }
        if (depth[i] > st->max_depth)
            st->max_depth = depth[i];
    }
    st->ndepths = (size_t)(st->max_depth + 1);
    st->depth_counts = calloc(st->ndepths ? st->ndepths : 1, sizeof *st->depth_counts);
    if (!st->depth_counts) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        st->depth_counts[depth[i]]++;
out:
    free(depth);
    free(user_seen);
    free(loc_seen);
    return rc;
}
