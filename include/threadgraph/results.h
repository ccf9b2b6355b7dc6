/* results.h - what analysis computes from a dataset: per comment, thread,
 * user, pair and location.  Analysis fills a tg_analysis_t; the store can
 * save it in the database; reports and charts read it.  Every array is
 * indexed like the dataset it was computed from (ds->user_name,
 * ds->thread_id, ds->location_key, comments in input order).  The exact
 * definitions are in docs/metrics.md.
 *
 * Thread safety: plain data; an analysis is read by any number of threads
 * once written. */
#ifndef THREADGRAPH_RESULTS_H
#define THREADGRAPH_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tg_thread_stats {
    long comments;
    long participants;        /* distinct named commenters */
    long anonymous;           /* anonymous comments */
    long top_level;           /* comments at depth 0 */
    int max_depth;            /* -1 without comments */
    double mean_depth;
    long max_width;           /* most comments at one depth */
    double unanswered_share;  /* share of comments without a reply */
    double median_latency;    /* seconds; NAN when no reply has both times */
    long pairs;               /* back-and-forth pairs inside this thread */
    int64_t first_time, last_time; /* of its comments; TG_TIME_NONE when unknown */
} tg_thread_stats_t;

typedef struct tg_user_stats {
    int in_network;           /* wrote a comment: a vertex of the user network */
    long comments;
    long replies_received;    /* comments by anyone else whose parent is theirs */
    long replies_given;       /* their comments whose parent is someone else's */
    long distinct_repliers;   /* named */
    long distinct_replied_to; /* named */
    long self_replies;
    long posts;               /* thread posts they wrote */
    long post_replies;        /* top-level comments on their posts */
    double pagerank, betweenness, harmonic, hub, authority;
    int max_depth;            /* -1 without comments */
    double mean_depth;
} tg_user_stats_t;

/* A weighted edge of the user network: `weight` comments by `from` reply
 * to a comment by `to` (both named, different). */
typedef struct tg_user_edge {
    int32_t from, to;         /* user indexes */
    long weight;
} tg_user_edge_t;

/* A back-and-forth pair: at least one reply each way; a < b in byte order. */
typedef struct tg_pair {
    int32_t a, b;             /* user indexes */
    long a_to_b, b_to_a;
    long longest_run;         /* longest alternating run along one reply path */
    long threads;             /* threads where either replied to the other */
    int64_t first_time, last_time; /* of those replies; TG_TIME_NONE when unknown */
} tg_pair_t;

typedef struct tg_location_stats {
    long commenters;          /* named commenters who declared it */
    long comments;
    long replies_received;    /* replies between named commenters into it */
    long replies_given;
} tg_location_stats_t;

typedef struct tg_flow {
    int32_t from, to;         /* location indexes */
    long replies;
} tg_flow_t;

typedef struct tg_analysis {
    /* per comment */
    int32_t *depth;
    int32_t *replies;         /* direct replies */
    int32_t *subtree;         /* the comment and all replies below it */
    int64_t *latency;         /* seconds from parent to reply, TG_TIME_NONE */
    /* per thread, per user, per location */
    tg_thread_stats_t *threads;
    tg_user_stats_t *users;
    tg_location_stats_t *locations;
    /* the user network, sorted by (from, to) */
    tg_user_edge_t *edges;
    size_t nedges;
    /* back-and-forth pairs, sorted by total desc, then a, then b (byte order) */
    tg_pair_t *pairs;
    size_t npairs;
    /* location flows, sorted by replies desc, then from, then to */
    tg_flow_t *flows;
    size_t nflows;
    /* summary of the user network */
    size_t network_vertices;
    double reciprocity;       /* share of edges whose reverse is an edge */
    double density;           /* edges / (n (n - 1)) */
    size_t components;        /* weakly connected */
    int bc_exact;             /* 1 exact, 0 estimated from sampled sources */
    size_t bc_samples;        /* sources used (n when exact) */
    uint64_t seed;
} tg_analysis_t;

/* An empty analysis (every pointer NULL). */
void tg_analysis_init(tg_analysis_t *a);
/* Free everything a owns and leave it empty; accepts NULL. */
void tg_analysis_destroy(tg_analysis_t *a);

#ifdef __cplusplus
}
#endif
#endif
