/* test_hmap.c - the string hash map under growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_internal.h"

static void test_many(void **state)
{
    tg_hmap m;
    char key[32];
    int i, found;

    (void)state;
    assert_int_equal(tg_hmap_init(&m, 0), 0);
    for (i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        int64_t *v = tg_hmap_put(&m, key, (size_t)n, i * 3, &found);

        assert_non_null(v);
        assert_false(found);
    }
    assert_int_equal(m.n, 100000);
    for (i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        int64_t *v = tg_hmap_get(&m, key, (size_t)n);

        assert_non_null(v);
        assert_int_equal(*v, i * 3);
    }
    assert_null(tg_hmap_get(&m, "k100000", 7));
    assert_null(tg_hmap_get(&m, "k1", 1)); /* a prefix is another key */
    assert_int_equal(*tg_hmap_put(&m, "k7", 2, 99, &found), 21);
    assert_true(found);
    tg_hmap_release(&m);
}

static void test_binary_keys(void **state)
{
    tg_hmap m;
    int64_t a = 1, b = 2;

    (void)state;
    assert_int_equal(tg_hmap_init(&m, 4), 0);
    tg_hmap_put(&m, &a, sizeof a, 10, NULL);
    tg_hmap_put(&m, &b, sizeof b, 20, NULL);
    assert_int_equal(*tg_hmap_get(&m, &a, sizeof a), 10);
    assert_int_equal(*tg_hmap_get(&m, &b, sizeof b), 20);
    tg_hmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_binary_keys),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
