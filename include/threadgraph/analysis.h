/* analysis.h - what threadgraph computes from a loaded store. */
#ifndef THREADGRAPH_ANALYSIS_H
#define THREADGRAPH_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/error.h"
#include "threadgraph/results.h"
#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Depth of every comment (0 for top-level comments and orphans) into
 * depth[0..ds->ncomments) (the caller's array).  Iterative: a 10,000-deep
 * chain is fine.  Should the parent links still hold a cycle, it is broken
 * at the comment that comes first in the input, as the store does.
 * Returns TG_OK, TG_ERR_NOMEM or TG_ERR_GRAPH.  Uses igraph: not to be
 * called from two threads at once (see tg_analyze). */
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

/* ---- the whole analysis (docs/metrics.md) ---- */
typedef enum tg_bc_mode {
    TG_BC_AUTO = 0,   /* exact while the user network is small (TG_BC_EXACT_LIMIT) */
    TG_BC_EXACT,
    TG_BC_SAMPLED     /* estimated from bc_samples sampled sources, scaled by n/k */
} tg_bc_mode_t;

/* auto is exact while (vertices x edges) of the user network is at most this */
#define TG_BC_EXACT_LIMIT 200000000.0

/* Progress of a long computation: what, and how far (0..100). */
typedef void (*tg_progress_fn)(const char *what, double percent, void *ctx);

typedef struct tg_analysis_options {
    tg_bc_mode_t betweenness;
    size_t bc_samples;        /* default 64 */
    uint64_t seed;            /* every random choice; default 1 */
    tg_progress_fn progress;  /* or NULL */
    void *progress_ctx;
    /* Betweenness may run in a forked child process (the second core),
     * since igraph is not thread-safe.  0 (the default): never fork.
     * Nonzero: tg_analyze calls fork() when the work, sources x (vertices +
     * edges), is at least bc_fork_min_work (negative: never); the child
     * only computes and writes to a pipe, then _exit()s.  Turn it on only
     * in a program for which forking is safe (no other threads holding
     * locks the child would need; the CLI turns it on).  The results are
     * the same either way; should fork or the child fail, the calling
     * process computes betweenness itself. */
    int bc_fork;
    double bc_fork_min_work;  /* default TG_BC_FORK_MIN_WORK */
} tg_analysis_options_t;

#define TG_BC_FORK_MIN_WORK 2e6

void tg_analysis_options_init(tg_analysis_options_t *opt);
/* ---- layouts (igraph), for charts ----
 * Both use igraph: call them on the thread that does the igraph work (see
 * tg_analyze).  They allocate nothing that outlives the call. */
/* A seeded force-directed layout (igraph's Fruchterman-Reingold, 500
 * iterations) of n vertices and the undirected edges (from[i], to[i]) with
 * weight[i] (NULL: 1); x and y (n each, the caller's) get positions in the
 * unit square, keeping the aspect.  igraph's default RNG is put back.
 * TG_OK, or TG_ERR_GRAPH / TG_ERR_NOMEM from igraph. */
tg_status_t tg_layout_force(size_t n, const int32_t *from, const int32_t *to,
                            const double *weight, size_t nedges, uint64_t seed, double *x,
                            double *y, tg_error_t *err);
/* The tidy tree layout (igraph's Reingold-Tilford) of the tree of n
 * vertices whose root is vertex 0, where parent[v] is the parent of vertex
 * v (parent[0] is ignored): x (n, the caller's) gets each vertex's
 * horizontal position in sibling units.  TG_OK, TG_ERR_GRAPH, TG_ERR_NOMEM. */
tg_status_t tg_layout_tree(size_t n, const int32_t *parent, double *x, tg_error_t *err);

/* Compute everything in results.h from ds (loaded with TG_LOAD_IDS).
 * opt may be NULL (the defaults).  out must have been initialised with
 * tg_analysis_init; it receives arrays it owns (free them with
 * tg_analysis_destroy), and is left empty on failure.  Returns TG_OK,
 * TG_ERR_NOMEM, or TG_ERR_GRAPH when igraph fails (err says where).
 *
 * Threads and processes: tg_analyze starts one thread of its own for the
 * counting that needs no igraph, and forks only when opt->bc_fork is set.
 * igraph keeps global state and Debian's igraph is built without thread
 * safety: do not call tg_analyze (or anything else that uses igraph, such
 * as tg_forest_depths and the charts) from two threads at once.  igraph's
 * error and warning handlers are process-wide: tg_analyze and
 * tg_forest_depths install handlers that record instead of aborting or
 * printing, and put the caller's handlers back before they return. */
tg_status_t tg_analyze(const tg_dataset_t *ds, const tg_analysis_options_t *opt,
                       tg_analysis_t *out, tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
