/* test_forest.c - depths on hand-built forests: a 10,000-deep chain (no
 * recursion), cycles broken at the first comment, orphans at depth 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "threadgraph/threadgraph.h"

static void depths_of(const int32_t *parent, size_t n, int32_t *depth)
{
    tg_dataset_t ds;
    tg_error_t err;

    tg_dataset_init(&ds);
    ds.ncomments = n;
    ds.parent = (int32_t *)parent;
    assert_int_equal(tg_forest_depths(&ds, depth, &err), TG_OK);
}

static void test_deep_chain(void **state)
{
    size_t n = 10000, i;
    int32_t *parent = malloc(n * sizeof *parent), *depth = malloc(n * sizeof *depth);

    (void)state;
    /* the chain is given leaf first: every parent comes after its child */
    for (i = 0; i < n; i++)
        parent[i] = i + 1 < n ? (int32_t)(i + 1) : -1;
    depths_of(parent, n, depth);
    assert_int_equal(depth[n - 1], 0);
    assert_int_equal(depth[0], 9999);
    free(parent);
    free(depth);
}

static void test_cycles(void **state)
{
    /* 0 root; 1 -> 0; 2 -> 3 -> 4 -> 2 (cycle); 5 -> 3; 6 -> 6 (self) */
    int32_t parent[7] = { -1, 0, 3, 4, 2, 3, 6 }, depth[7];

    (void)state;
    depths_of(parent, 7, depth);
    assert_int_equal(depth[0], 0);
    assert_int_equal(depth[1], 1);
    assert_int_equal(depth[2], 0);   /* the cycle's first comment becomes a root */
    assert_int_equal(depth[4], 1);
    assert_int_equal(depth[3], 2);
    assert_int_equal(depth[5], 3);
    assert_int_equal(depth[6], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deep_chain),
        cmocka_unit_test(test_cycles),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
