/* analysis_internal.h - what the analysis files share: igraph glue, the
 * reply forest and the user network. */
#ifndef TG_ANALYSIS_INTERNAL_H
#define TG_ANALYSIS_INTERNAL_H

#include <igraph.h>
#include <sys/types.h>

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
    int omp_threads; /* the caller's OpenMP thread count */
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

/* ---- work in a forked child (forkjob.c) ----
 * fn runs in the child, writes its result to fd with tg_fork_write and
 * returns 0 (anything else: failed).  tg_fork_start returns 0 when the
 * child started; the parent then reads exactly what the child writes with
 * tg_fork_read, and tg_fork_finish (0: the whole result arrived and the
 * child succeeded) or tg_fork_cancel (kills it).  Either reaps the child. */
typedef struct tg_fork_job {
    pid_t pid;
    int fd;
} tg_fork_job;
typedef int (*tg_fork_fn)(void *ctx, int fd);

int tg_fork_start(tg_fork_fn fn, void *ctx, tg_fork_job *job);
int tg_fork_write(int fd, const void *p, size_t n);
int tg_fork_read(tg_fork_job *job, void *buf, size_t n);
int tg_fork_finish(tg_fork_job *job);
void tg_fork_cancel(tg_fork_job *job);

/* Communities of the user network: Leiden, seeded.  community[] (net->n
 * entries, by vertex) gets each vertex's community, 1 the largest; with
 * *ncommunities and *modularity (community.c). */
typedef struct tg_communities {
    int32_t *community;
    size_t ncommunities;
    double modularity;
} tg_communities;

tg_status_t tg_communities_compute(const tg_user_net *net, uint64_t seed, tg_communities *c,
                                   tg_error_t *err);
/* The same, in a forked child when fork is set and 40 x (vertices + edges)
 * is at least min_work (tg_analysis_options_t.bc_fork_min_work; negative:
 * never): start now, collect later.  The collection falls back on
 * computing here. */
typedef struct tg_communities_job {
    tg_fork_job job;
    int forked;
    const tg_user_net *net;
    uint64_t seed;
} tg_communities_job;

void tg_communities_start(const tg_user_net *net, uint64_t seed, int fork, double min_work,
                          tg_communities_job *job);
tg_status_t tg_communities_collect(tg_communities_job *job, tg_communities *c, tg_error_t *err);
void tg_communities_cancel(tg_communities_job *job);

#endif
