/* test_analysis.c - tg_analyze on hand-built datasets: depths, replies,
 * subtree sizes, latencies, pairs and their longest alternating run, user
 * counts, thread figures and locations; a 10,000-deep chain, a cycle and an
 * orphan. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <igraph.h>

#include "threadgraph/threadgraph.h"

/* A dataset from arrays: parent and user per comment (user -1 anonymous),
 * one thread, users named u0000, u0001, ... */
typedef struct built {
    tg_dataset_t ds;
    char (*names)[24];
    const char **name_ptrs;
    const char *thread_ids[4];
} built;

static void build(built *b, size_t n, const int32_t *parent, const int32_t *user, size_t nusers,
                  const int64_t *times)
{
    size_t i;

    memset(b, 0, sizeof *b);
    tg_dataset_init(&b->ds);
    b->ds.ncomments = n;
    b->ds.parent = calloc(n, sizeof(int32_t));
    b->ds.thread = calloc(n, sizeof(int32_t));
    b->ds.user = calloc(n, sizeof(int32_t));
    b->ds.location = calloc(n, sizeof(int32_t));
    b->ds.time = calloc(n, sizeof(int64_t));
    b->ds.flags = calloc(n, sizeof(uint32_t));
    b->ds.rowid = calloc(n, sizeof(int64_t));
    for (i = 0; i < n; i++) {
        b->ds.parent[i] = parent[i];
        b->ds.user[i] = user[i];
        b->ds.location[i] = -1;
        b->ds.time[i] = times ? times[i] : TG_TIME_NONE;
        b->ds.rowid[i] = (int64_t)i + 1;
    }
    b->ds.nthreads = 1;
    b->thread_ids[0] = "T";
    b->ds.thread_id = b->thread_ids;
    b->ds.nusers = nusers;
    b->names = calloc(nusers + 1, sizeof *b->names);
    b->name_ptrs = calloc(nusers + 1, sizeof *b->name_ptrs);
    for (i = 0; i < nusers; i++) {
        /* zero-padded, so that index order is byte order */
        snprintf(b->names[i], sizeof b->names[i], "u%04zu", i);
        b->name_ptrs[i] = b->names[i];
    }
    b->ds.user_name = b->name_ptrs;
}

static void unbuild(built *b)
{
    free(b->ds.parent);
    free(b->ds.thread);
    free(b->ds.user);
    free(b->ds.location);
    free(b->ds.time);
    free(b->ds.flags);
    free(b->ds.rowid);
    free(b->names);
    free(b->name_ptrs);
}

static void analyze(const tg_dataset_t *ds, tg_analysis_t *a)
{
    tg_error_t err;

    tg_error_clear(&err);
    if (tg_analyze(ds, NULL, a, &err) != TG_OK)
        fail_msg("tg_analyze: %s", err.message);
}

static void test_small_tree(void **state)
{
    /*   0(u0) <- 1(u1) <- 2(u0) <- 3(u1)      alternating run of 4
     *        <- 4(anon) <- 5(u2)              u2 replies to anonymous
     *   6(u2) <- 7(u2)                        a self-reply
     *   8(u1) orphan-like root                (no parent) */
    int32_t parent[9] = { -1, 0, 1, 2, 0, 4, -1, 6, -1 };
    int32_t user[9] = { 0, 1, 0, 1, -1, 2, 2, 2, 1 };
    int64_t times[9] = { 100, 160, 220, 400, 130, 140, 1000, 1010, TG_TIME_NONE };
    built b;
    tg_analysis_t a;

    (void)state;
    build(&b, 9, parent, user, 3, times);
    analyze(&b.ds, &a);
    assert_int_equal(a.depth[3], 3);
    assert_int_equal(a.depth[5], 2);
    assert_int_equal(a.depth[8], 0);
    assert_int_equal(a.replies[0], 2);
    assert_int_equal(a.subtree[0], 6);
    assert_int_equal(a.subtree[6], 2);
    assert_int_equal(a.latency[1], 60);
    assert_int_equal(a.latency[3], 180);
    assert_true(a.latency[0] == TG_TIME_NONE);
    /* users: u0 wrote 0 and 2; u1 wrote 1, 3, 8; u2 wrote 5, 6, 7 */
    assert_int_equal(a.users[0].comments, 2);
    assert_int_equal(a.users[0].replies_received, 3);  /* 1 and 4 (to 0), 3 (to 2) */
    assert_int_equal(a.users[0].replies_given, 1);     /* 2 -> 1 */
    assert_int_equal(a.users[1].replies_received, 1);  /* 2 -> 1 */
    assert_int_equal(a.users[1].replies_given, 2);
    assert_int_equal(a.users[2].replies_given, 1);     /* 5 -> anonymous 4 counts */
    assert_int_equal(a.users[2].self_replies, 1);
    assert_int_equal(a.users[2].replies_received, 0);  /* 7 is its own */
    assert_int_equal(a.users[2].distinct_replied_to, 0); /* anonymous is no vertex */
    assert_int_equal(a.users[0].distinct_repliers, 1);
    assert_int_equal(a.users[0].max_depth, 2);
    assert_true(fabs(a.users[0].mean_depth - 1.0) < 1e-12);
    /* one pair u0-u1: 2 replies u1->u0, 1 reply u0->u1, run 0-1-2-3 = 4 */
    assert_int_equal(a.npairs, 1);
    assert_int_equal(a.pairs[0].a, 0);
    assert_int_equal(a.pairs[0].b, 1);
    assert_int_equal(a.pairs[0].a_to_b, 1);
    assert_int_equal(a.pairs[0].b_to_a, 2);
    assert_int_equal(a.pairs[0].longest_run, 4);
    assert_int_equal(a.pairs[0].threads, 1);
    assert_int_equal(a.pairs[0].first_time, 160);
    assert_int_equal(a.pairs[0].last_time, 400);
    /* the thread */
    assert_int_equal(a.threads[0].comments, 9);
    assert_int_equal(a.threads[0].participants, 3);
    assert_int_equal(a.threads[0].anonymous, 1);
    assert_int_equal(a.threads[0].top_level, 3);
    assert_int_equal(a.threads[0].max_depth, 3);
    assert_int_equal(a.threads[0].max_width, 3);       /* depth 0: 0, 6, 8; depth 1: 1, 4, 7 */
    assert_int_equal(a.threads[0].pairs, 1);
    assert_true(fabs(a.threads[0].unanswered_share - 4.0 / 9.0) < 1e-12);
    /* latencies 60, 120, 180, 30, 10, 10 -> median (30 + 60) / 2 */
    assert_true(fabs(a.threads[0].median_latency - 45.0) < 1e-12);
    assert_int_equal(a.threads[0].first_time, 100);
    assert_int_equal(a.threads[0].last_time, 1010);
    /* PageRank sums to 1 */
    assert_true(fabs(a.users[0].pagerank + a.users[1].pagerank + a.users[2].pagerank - 1) < 1e-12);
    assert_int_equal(a.network_vertices, 3);
    assert_int_equal(a.nedges, 2);
    assert_true(fabs(a.reciprocity - 1.0) < 1e-12);
    assert_int_equal(a.components, 2);
    tg_analysis_destroy(&a);
    unbuild(&b);
}

static void test_deep_chain(void **state)
{
    size_t n = 10000, i;
    int32_t *parent = malloc(n * sizeof *parent), *user = malloc(n * sizeof *user);
    built b;
    tg_analysis_t a;

    (void)state;
    /* the chain comes leaf first, so every parent comes after its reply */
    for (i = 0; i < n; i++) {
        parent[i] = i + 1 < n ? (int32_t)(i + 1) : -1;
        user[i] = (int32_t)(i % 2);
    }
    build(&b, n, parent, user, 2, NULL);
    analyze(&b.ds, &a);
    assert_int_equal(a.depth[0], 9999);
    assert_int_equal(a.subtree[n - 1], 10000);
    assert_int_equal(a.npairs, 1);
    assert_int_equal(a.pairs[0].longest_run, 10000);
    assert_int_equal(a.pairs[0].a_to_b + a.pairs[0].b_to_a, 9999);
    assert_int_equal(a.threads[0].max_depth, 9999);
    assert_int_equal(a.threads[0].max_width, 1);
    tg_analysis_destroy(&a);
    unbuild(&b);
    free(parent);
    free(user);
}

static void test_cycle_and_orphan(void **state)
{
    /* 0 -> 1 -> 2 -> 0 is a cycle (broken at 0); 3 replies to 2; 4 is an orphan */
    int32_t parent[5] = { 1, 2, 0, 2, -1 };
    int32_t user[5] = { 0, 1, 0, 1, 1 };
    built b;
    tg_analysis_t a;

    (void)state;
    build(&b, 5, parent, user, 2, NULL);
    b.ds.flags[4] = TG_COMMENT_ORPHAN;
    analyze(&b.ds, &a);
    assert_int_equal(a.depth[0], 0);
    assert_int_equal(a.depth[2], 1);
    assert_int_equal(a.depth[1], 2);
    assert_int_equal(a.depth[3], 2);
    assert_int_equal(a.depth[4], 0);
    /* replies: 1 -> 2 (u1 -> u0), 2 -> 0 (u0 -> u0: self), 3 -> 2 (u1 -> u0) */
    assert_int_equal(a.users[0].self_replies, 1);
    assert_int_equal(a.users[0].replies_received, 2);
    assert_int_equal(a.npairs, 0);
    tg_analysis_destroy(&a);
    unbuild(&b);
}

static void test_empty(void **state)
{
    built b;
    tg_analysis_t a;

    (void)state;
    build(&b, 0, NULL, NULL, 0, NULL);
    b.ds.nthreads = 0;
    analyze(&b.ds, &a);
    assert_int_equal(a.network_vertices, 0);
    assert_int_equal(a.npairs, 0);
    tg_analysis_destroy(&a);
    unbuild(&b);
}

/* Betweenness and communities computed in forked children equal those
 * computed here. */
static void test_forked_betweenness(void **state)
{
    size_t n = 3000, i;
    int32_t *parent = malloc(n * sizeof *parent), *user = malloc(n * sizeof *user);
    built b;
    tg_analysis_t one, two;
    tg_analysis_options_t opt;
    tg_error_t err;
    unsigned r = 12345;

    (void)state;
    for (i = 0; i < n; i++) {
        r = r * 1103515245u + 12345u;
        parent[i] = i && (r >> 16) % 4 ? (int32_t)((r >> 8) % i) : -1;
        r = r * 1103515245u + 12345u;
        user[i] = (int32_t)((r >> 16) % 400);
    }
    build(&b, n, parent, user, 400, NULL);
    for (int mode = 0; mode < 2; mode++) {
        double total = 0;

        tg_analysis_options_init(&opt);
        opt.betweenness = mode ? TG_BC_SAMPLED : TG_BC_EXACT;
        opt.bc_samples = 5;
        assert_int_equal(opt.bc_fork, 0); /* the library forks only when asked */
        assert_int_equal(tg_analyze(&b.ds, &opt, &one, &err), TG_OK);
        opt.bc_fork = 1;
        opt.bc_fork_min_work = 0;
        assert_int_equal(tg_analyze(&b.ds, &opt, &two, &err), TG_OK);
        for (i = 0; i < 400; i++) {
            assert_true(one.users[i].betweenness == two.users[i].betweenness);
            assert_int_equal(one.users[i].community, two.users[i].community);
            total += one.users[i].betweenness;
        }
        assert_true(total > 0);
        assert_true(one.ncommunities > 1);
        assert_int_equal(one.ncommunities, two.ncommunities);
        assert_true(one.modularity == two.modularity);
        tg_analysis_destroy(&one);
        tg_analysis_destroy(&two);
    }
    unbuild(&b);
    free(parent);
    free(user);
}

/* tg_analyze and tg_forest_depths put the caller's igraph handlers back */
static void my_error(const char *reason, const char *file, int line, igraph_error_t code)
{
    (void)reason, (void)file, (void)line, (void)code;
}

static void my_warning(const char *reason, const char *file, int line)
{
    (void)reason, (void)file, (void)line;
}

static void test_handlers_restored(void **state)
{
    int32_t parent[4] = { -1, 0, 1, -1 };
    int32_t user[4] = { 0, 1, 0, 1 };
    int32_t depth[4];
    igraph_error_handler_t *old_error = igraph_set_error_handler(my_error);
    igraph_warning_handler_t *old_warning = igraph_set_warning_handler(my_warning);
    tg_analysis_t a;
    built b;

    (void)state;
    build(&b, 4, parent, user, 2, NULL);
    tg_analysis_init(&a);
    analyze(&b.ds, &a);
    assert_ptr_equal(igraph_set_error_handler(my_error), my_error);
    assert_ptr_equal(igraph_set_warning_handler(my_warning), my_warning);
    assert_int_equal(tg_forest_depths(&b.ds, depth, NULL), TG_OK);
    assert_int_equal(depth[2], 2);
    assert_ptr_equal(igraph_set_error_handler(old_error), my_error);
    assert_ptr_equal(igraph_set_warning_handler(old_warning), my_warning);
    tg_analysis_destroy(&a);
    unbuild(&b);
}

/* The force layout seeds a generator of its own and puts igraph's default
 * back as it was: same type, same state, still usable (it once left the
 * default pointing at its freed generator, and a later seed wrote into
 * freed memory). */
static void test_layout_keeps_default_rng(void **state)
{
    const int32_t from[] = { 0, 1, 2 }, to[] = { 1, 2, 0 };
    double x[3], y[3];
    igraph_rng_t before = *igraph_rng_default();
    igraph_real_t a, b;
    tg_error_t err;
    int k;

    (void)state;
    igraph_rng_seed(igraph_rng_default(), 7);
    a = RNG_UNIF01();
    for (k = 0; k < 3; k++)
        assert_int_equal(tg_layout_force(3, from, to, NULL, 3, 42, x, y, &err), TG_OK);
    assert_ptr_equal(igraph_rng_default()->type, before.type);
    assert_ptr_equal(igraph_rng_default()->state, before.state);
    igraph_rng_seed(igraph_rng_default(), 7);
    b = RNG_UNIF01();
    assert_true(a == b);
    for (k = 0; k < 3; k++)
        assert_true(x[k] >= 0 && x[k] <= 1 && y[k] >= 0 && y[k] <= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_tree),
        cmocka_unit_test(test_deep_chain),
        cmocka_unit_test(test_cycle_and_orphan),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_forked_betweenness),
        cmocka_unit_test(test_handlers_restored),
        cmocka_unit_test(test_layout_keeps_default_rng),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
