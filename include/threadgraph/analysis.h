/* analysis.h - what threadgraph computes from a loaded store. */
#ifndef THREADGRAPH_ANALYSIS_H
#define THREADGRAPH_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/error.h"
#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Depth of every comment (0 for top-level comments and orphans) into
 * depth[0..ds->ncomments).  Iterative: a 10,000-deep chain is fine.  Should
 * the parent links still hold a cycle, it is broken at the comment that
 * comes first in the input, as the store does. */
tg_status_t tg_forest_depths(const tg_dataset_t *ds, int32_t *depth, tg_error_t *err);

/* The figures `threadgraph stats` shows. */
typedef struct tg_stats {
    size_t threads;
    size_t comments;
    size_t named_commenters;    /* distinct named authors of comments */
    size_t anonymous_comments;
    size_t locations;           /* distinct location keys in use */
    int max_depth;              /* -1 when there is no comment */
    size_t *depth_counts;       /* owned; element d = comments at depth d */
    size_t ndepths;             /* max_depth + 1 */
} tg_stats_t;

void tg_stats_init(tg_stats_t *st);
void tg_stats_destroy(tg_stats_t *st);
tg_status_t tg_stats_compute(const tg_dataset_t *ds, tg_stats_t *st, tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
