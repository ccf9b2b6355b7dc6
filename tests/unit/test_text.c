/* test_text.c - UTF-8 checks and repair, trimming, location keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_internal.h"

static void test_utf8(void **state)
{
    tg_buf b = TG_BUF_INIT;
    const char *bad = "ok \xff then \xc3\x28 and \xe2\x82";

    (void)state;
    assert_true(tg_utf8_valid("plain ascii", 11));
    assert_true(tg_utf8_valid("Дмитрий 👍 東京", strlen("Дмитрий 👍 東京")));
    assert_false(tg_utf8_valid(bad, strlen(bad)));
    assert_false(tg_utf8_valid("\xc0\xaf", 2));       /* overlong */
    assert_false(tg_utf8_valid("\xed\xa0\x80", 3));   /* surrogate */
    /* each byte that starts no valid sequence is replaced on its own */
    assert_int_equal(tg_utf8_repair(&b, bad, strlen(bad)), 4);
    assert_string_equal(b.data, "ok \xEF\xBF\xBD then \xEF\xBF\xBD( and \xEF\xBF\xBD\xEF\xBF\xBD");
    assert_true(tg_utf8_valid(b.data, b.len));
    tg_buf_release(&b);
}

static void test_trim(void **state)
{
    size_t n;
    const char *s = "  \t june weathers \xc2\xa0 ";
    const char *t = tg_trim(s, strlen(s), &n);

    (void)state;
    assert_int_equal(n, 13);
    assert_memory_equal(t, "june weathers", 13);
    t = tg_trim("   ", 3, &n);
    assert_int_equal(n, 0);
}

static void test_casefold(void **state)
{
    char *a = tg_casefold_key(" East Bank ", 11), *b = tg_casefold_key("east bank", 9);
    char *c = tg_casefold_key("MÜNCHEN", strlen("MÜNCHEN")), *d = tg_casefold_key("münchen", strlen("münchen"));

    (void)state;
    assert_string_equal(a, b);
    assert_string_equal(c, d);
    free(a);
    free(b);
    free(c);
    free(d);
}

static void test_ieq(void **state)
{
    (void)state;
    assert_true(tg_ascii_ieq("ANONYMOUS", 9, "anonymous"));
    assert_true(tg_ascii_ieq("[Deleted]", 9, "[deleted]"));
    assert_false(tg_ascii_ieq("Anonymous_Fan", 13, "anonymous"));
    assert_false(tg_ascii_ieq("Anon", 4, "anonymous"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_casefold),
        cmocka_unit_test(test_ieq),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
