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
    /* Betweenness runs in a forked child process (the second core) when its
     * work, sources x (vertices + edges), is at least this; negative: never.
     * Default TG_BC_FORK_MIN_WORK.  The results are the same either way. */
    double bc_fork_min_work;
    unsigned network;         /* TG_NET_* (default 0) */
} tg_analysis_options_t;
/* tg_analysis_options_t.network: who is in the user network */
#define TG_NET_EXCLUDE_TEACHERS 0x1u  /* no teacher (ds->user_role) is a vertex */
#define TG_NET_POST_REPLIES 0x2u      /* a top-level comment is an edge to the post's author */

#define TG_BC_FORK_MIN_WORK 2e6

void tg_analysis_options_init(tg_analysis_options_t *opt);
void tg_analysis_init(tg_analysis_t *a);
void tg_analysis_destroy(tg_analysis_t *a);
/* Allocate the per-comment, thread, user and location arrays for ds
 * (zeroed); 0, or -1 when out of memory (a is then empty). */
int tg_analysis_alloc(tg_analysis_t *a, const tg_dataset_t *ds);
/* Put edges, pairs and flows in the orders results.h gives. */
void tg_analysis_sort(tg_analysis_t *a);
void tg_user_edges_sort(tg_user_edge_t *edges, size_t n);
/* Compute everything in results.h from ds (loaded with TG_LOAD_IDS). */
tg_status_t tg_analyze(const tg_dataset_t *ds, const tg_analysis_options_t *opt,
                       tg_analysis_t *out, tg_error_t *err);

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
