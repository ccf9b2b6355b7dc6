/* results_internal.h - allocation and ordering of analysis results
 * (results.h), shared by the store, which loads them, and the analysis,
 * which computes them.  Not part of the public interface. */
#ifndef TG_RESULTS_INTERNAL_H
#define TG_RESULTS_INTERNAL_H

#include <stddef.h>

#include "threadgraph/results.h"

/* Allocate the per-comment, per-thread, per-user and per-location arrays of
 * a for ds (zeroed); 0 ok, -1 out of memory (a is then empty). */
int tg_analysis_alloc(tg_analysis_t *a, const tg_dataset_t *ds);
/* Put edges, pairs and flows in their documented order. */
void tg_analysis_sort(tg_analysis_t *a);
void tg_user_edges_sort(tg_user_edge_t *edges, size_t n);

#endif
