/* analysis.h - what threadgraph computes from a loaded store.
 *
 * Thread safety: every call that uses igraph (tg_analyze, tg_forest_depths,
 * tg_layout_*) runs on one thread at a time in the process (Debian's igraph
 * is built without thread safety); tg_stats_compute uses no igraph and may
 * run anywhere.  Results go into caller-initialised structs that the caller
 * destroys. */
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
    /* Betweenness and the communities may each run in a forked child
     * process (the second core), since igraph is not thread-safe.  0 (the
     * default): never fork.  Nonzero: tg_analyze forks for betweenness when
     * its work, sources x (vertices + edges), is at least bc_fork_min_work
     * (negative: never), and for the communities when 40 x (vertices +
     * edges) is at least the same limit (with the default: from 50,000
     * vertices and edges); a child
     * only computes and writes to a pipe, then _exit()s.  Turn it on only
     * in a program for which forking is safe (no other threads holding
     * locks the child would need; the CLI turns it on).  The results are
     * the same either way; should fork or a child fail, the calling process
     * computes the result itself. */
    int bc_fork;
    double bc_fork_min_work;  /* default TG_BC_FORK_MIN_WORK */
    unsigned network;         /* TG_NET_* (default 0) */
} tg_analysis_options_t;
/* tg_analysis_options_t.network: who is in the user network */
#define TG_NET_EXCLUDE_TEACHERS 0x1u  /* no teacher (ds->user_role) is a vertex */
#define TG_NET_POST_REPLIES 0x2u      /* a top-level comment is an edge to the post's author */

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

/* The igraph library in use, e.g. "0.10.2" (static). */
const char *tg_analysis_igraph_version(void);
/* ---- comparing threads and periods (`threadgraph compare`; docs/metrics.md) ----
 * The same measures for each thread, ISO week or calendar month of one or
 * more loaded datasets: one row per database and period. */
typedef enum tg_period_by {
    TG_BY_THREAD = 0,    /* one row per thread, by its first comment's time */
    TG_BY_WEEK,          /* ISO weeks, Monday to Sunday: "2024-W06" */
    TG_BY_MONTH          /* calendar months: "2024-02" */
} tg_period_by_t;

/* The label of comments without a time (weeks and months). */
#define TG_PERIOD_NO_TIME "no time"

typedef struct tg_compare_edge {
    int32_t from, to;      /* indexes into the row's people */
    long weight;           /* replies from -> to in the period */
} tg_compare_edge_t;

typedef struct tg_compare_row {
    char *database;        /* owned: the label given to tg_compare_add */
    char *period;          /* owned: thread id, "2024-W06", "2024-02" or TG_PERIOD_NO_TIME */
    int64_t start;         /* the period's first second (local time as if UTC); threads: first
                            * comment; TG_TIME_NONE for "no time" */
    int64_t first_time, last_time; /* of the period's comments (UTC), or TG_TIME_NONE */
    long people;           /* named people who wrote a comment in the period */
    long comments;         /* comments written in the period (anonymous ones too) */
    double density;        /* arrows / (n (n - 1)) of the period's reply network */
    double reciprocity;    /* the share of its arrows whose reverse arrow exists */
    double teacher_share;  /* replies by or to a teacher / replies between named people;
                            * NAN without teachers or replies */
    long replies;          /* replies between named people (the share's denominator) */
    long no_reply;         /* people none of whose comments of the period got a reply */
    double mean_depth;     /* depths of the period's comments in their whole trees */
    int max_depth;         /* -1 without comments */
    double unanswered_share; /* the share of the period's comments with no reply */
    long pairs;            /* back-and-forth pairs: a reply each way within the period */
    /* the reply network of the period, for the charts: the vertices (the
     * people, then those they answered) and the arrows */
    char **names;          /* owned, nnames */
    uint8_t *teacher;      /* nnames: 1 for a teacher */
    long *wrote;           /* nnames: their comments in the period (0: only answered) */
    size_t nnames;
    tg_compare_edge_t *edges;
    size_t nedges;
} tg_compare_row_t;

typedef struct tg_compare {
    tg_compare_row_t *rows;
    size_t nrows, cap;
    tg_period_by_t by;
    size_t ndatabases;     /* tg_compare_add calls */
} tg_compare_t;

void tg_compare_init(tg_compare_t *cmp, tg_period_by_t by);
/* Frees what cmp owns; cmp may be NULL. */
void tg_compare_destroy(tg_compare_t *cmp);
/* Parse "thread", "week" or "month"; TG_ERR_USAGE otherwise. */
tg_status_t tg_period_by_parse(const char *name, tg_period_by_t *by, tg_error_t *err);
const char *tg_period_by_name(tg_period_by_t by);
/* Add the rows of ds (loaded; roles from ds->user_role) under the label
 * database, periods in the zone utc_offset gives (NULL: UTC; it returns
 * the zone's offset in seconds at a UTC time; ctx is passed on).  Rows come
 * in time order, "no time" last.  Uses igraph (the depths): not beside other
 * igraph work.  TG_OK, TG_ERR_NOMEM, TG_ERR_GRAPH. */
tg_status_t tg_compare_add(tg_compare_t *cmp, const tg_dataset_t *ds, const char *database,
                           int64_t (*utc_offset)(int64_t t, void *ctx), void *ctx,
                           tg_error_t *err);
/* The same with the depth of each comment of ds already known (the
 * analysis's depth, as tg_forest_depths gives; borrowed), which is most of
 * the work at a million comments; NULL: computed as above. */
tg_status_t tg_compare_add_depths(tg_compare_t *cmp, const tg_dataset_t *ds,
                                  const int32_t *depth, const char *database,
                                  int64_t (*utc_offset)(int64_t t, void *ctx), void *ctx,
                                  tg_error_t *err);
/* ---- the teacher share (classroom forums; docs/metrics.md) ----
 * Replies between named people (a named author answering a comment by
 * another named person), and among them those written by a teacher or
 * answering a teacher's comment.  With post_replies, a top-level comment
 * answering a thread post by another named person counts as a reply to
 * the post's author too (--post-replies-as-edges).  Roles come from
 * ds->user_role (no teacher when it is NULL). */
typedef struct tg_teacher_share {
    long replies;          /* between named people */
    long teacher_replies;  /* of them, by a teacher or to a teacher */
    long by_teacher;       /* written by a teacher */
    long to_teacher;       /* answering a teacher (and not written by one) */
    size_t teachers;       /* people with the teacher role */
    double share;          /* teacher_replies / replies; NAN when replies is 0 */
} tg_teacher_share_t;

void tg_teacher_share(const tg_dataset_t *ds, int post_replies, tg_teacher_share_t *out);

#ifdef __cplusplus
}
#endif
#endif
