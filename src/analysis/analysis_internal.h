/* analysis_internal.h - what the analysis files share: igraph glue, the
 * reply forest and the user network. */
#ifndef TG_ANALYSIS_INTERNAL_H
#define TG_ANALYSIS_INTERNAL_H

#include <igraph.h>

#include "threadgraph/analysis.h"
#include "results_internal.h"

/* Install igraph error and warning handlers that record instead of printing
 * or aborting.  Called by every library function that uses igraph; safe to
 * call more than once. */
void tg_igraph_setup(void);
/* igraph's handlers are process-wide: a public entry point installs ours
 * with tg_igraph_enter and gives the caller's back with tg_igraph_leave. */
typedef struct tg_igraph_handlers {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
} tg_igraph_handlers;

void tg_igraph_enter(tg_igraph_handlers *saved);
void tg_igraph_leave(const tg_igraph_handlers *saved);
/* Turn a failed igraph call into a threadgraph error naming what failed. */
tg_status_t tg_igraph_error(tg_error_t *err, igraph_error_t code, const char *what);
/* The last warning igraph gave, or "". */
const char *tg_igraph_last_warning(void);

/* The reply forest as an igraph graph: vertex i is comment i, an edge goes
 * from each reply to its parent.  Depths and the breadth-first order come
 * from igraph_bfs over the roots. */
typedef struct tg_forest {
    igraph_t graph;
    int has_graph;
    int32_t *parent;     /* the parent links used (any leftover cycle broken) */
    int32_t *order;      /* breadth-first order: parents before their replies */
    int32_t *depth;
    size_t n;
} tg_forest;

tg_status_t tg_forest_build(const tg_dataset_t *ds, tg_forest *f, tg_error_t *err);
void tg_forest_release(tg_forest *f);

/* The user network: one vertex per named commenter (users with a comment,
 * in byte order of their names), a weighted edge u -> v for the replies of
 * u to v.  vertex[user] is the vertex of a user or -1; user[vertex] back. */
typedef struct tg_user_net {
    igraph_t graph;
    int has_graph;
    igraph_vector_t weights;
    int has_weights;
    int32_t *vertex;
    int32_t *user;
    size_t n;
    tg_user_edge_t *edges;   /* sorted by (from, to), user indexes */
    size_t nedges;
} tg_user_net;

/* parent: the reply forest's links (f->parent); network: TG_NET_* (who is
 * a vertex, what is an edge). */
tg_status_t tg_user_net_build(const tg_dataset_t *ds, const int32_t *parent, unsigned network,
                              tg_user_net *net, tg_error_t *err);
void tg_user_net_release(tg_user_net *net);

/* Centralities and the network summary into a->users and a. */
tg_status_t tg_centrality_compute(const tg_user_net *net, const tg_analysis_options_t *opt,
                                  tg_analysis_t *a, tg_error_t *err);
/* Back-and-forth pairs (a->pairs), per-thread pair counts. */
tg_status_t tg_pairs_compute(const tg_dataset_t *ds, const tg_forest *f, const tg_user_net *net,
                             tg_analysis_t *a, tg_error_t *err);
/* Location stats and flows. */
tg_status_t tg_locations_compute(const tg_dataset_t *ds, const tg_forest *f,
                                 const tg_user_net *net, tg_analysis_t *a, tg_error_t *err);

#endif
