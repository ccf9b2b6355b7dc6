/* test_time.c - the date forms threadgraph parses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_internal.h"

static int64_t iso(const char *s)
{
    int64_t t = -1;

    assert_int_equal(tg_time_parse(s, strlen(s), &t), 0);
    return t;
}

static void bad_iso(const char *s)
{
    int64_t t;

    assert_int_not_equal(tg_time_parse(s, strlen(s), &t), 0);
}

static void test_iso(void **state)
{
    (void)state;
    assert_int_equal(iso("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(iso("2014-12-10T17:14:00Z"), 1418231640);
    assert_int_equal(iso("2014-12-10T17:14:00"), 1418231640);      /* zone-less = UTC */
    assert_int_equal(iso("2014-12-10 17:14"), 1418231640);
    assert_int_equal(iso("2014-12-10T18:14:00+01:00"), 1418231640);
    assert_int_equal(iso("2014-12-10T16:14:00-0100"), 1418231640);
    assert_int_equal(iso("2014-12-10T17:14:00.250Z"), 1418231640);
    assert_int_equal(iso("2014-12-10"), 1418169600);
    assert_int_equal(iso("2000-02-29T00:00:00Z"), 951782400);
    assert_int_equal(iso(" 1418231640 "), 1418231640);                /* Unix seconds */
    assert_int_equal(iso("1418231640.75"), 1418231640);
    bad_iso("");
    bad_iso("2014-13-01T00:00:00Z");
    bad_iso("2014-02-30");
    bad_iso("2001-02-29");
    bad_iso("2014-12-10T25:00:00Z");
    bad_iso("2014-12-10T17:61Z");
    bad_iso("yesterday");
    bad_iso("2014-12-10T17:14:00Zjunk");
}

static void test_news(void **state)
{
    int64_t t;

    (void)state;
    assert_int_equal(tg_time_parse_news("December 10, 2014 17:14", 23, &t), 0);
    assert_int_equal(t, 1418231640);
    assert_int_equal(tg_time_parse_news("Dec 10, 2014 7:14", 17, &t), 0);
    assert_int_equal(t, 1418195640);
    assert_int_not_equal(tg_time_parse_news("Decembr 10, 2014 17:14", 22, &t), 0);
    assert_int_not_equal(tg_time_parse_news("February 30, 2014 17:14", 23, &t), 0);
    assert_int_not_equal(tg_time_parse_news("December 10, 2014", 17, &t), 0); /* needs a time */
    assert_int_not_equal(tg_time_parse_news("December 10, 2014 24:00", 23, &t), 0);
}

static void test_loose(void **state)
{
    int64_t t;
    const char *s;

    (void)state;
    s = "Tuesday, August 30, 2016";
    assert_int_equal(tg_time_parse_loose(s, strlen(s), &t), 0);
    assert_int_equal(t, 1472515200);
    s = "30 August 2016";
    assert_int_equal(tg_time_parse_loose(s, strlen(s), &t), 0);
    assert_int_equal(t, 1472515200);
    s = "2016-08-30";
    assert_int_equal(tg_time_parse_loose(s, strlen(s), &t), 0);
    s = "Tracking Islamic State";
    assert_int_not_equal(tg_time_parse_loose(s, strlen(s), &t), 0);
    s = "2016";
    assert_int_not_equal(tg_time_parse_loose(s, strlen(s), &t), 0);
}

static void test_format(void **state)
{
    char buf[32];

    (void)state;
    tg_time_format(1418231640, buf, sizeof buf);
    assert_string_equal(buf, "2014-12-10T17:14:00Z");
    tg_time_format(0, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    tg_time_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    tg_time_format(951782400, buf, sizeof buf);
    assert_string_equal(buf, "2000-02-29T00:00:00Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_news),
        cmocka_unit_test(test_loose),
        cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
