/* test_calendar.c - the library's one calendar and its number and date
 * formats (core/format.c), checked against the C library's own calendar
 * (gmtime_r, timegm) over four centuries either side of the epoch. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/core_internal.h"
#include "report/report_internal.h"

/* from 1570 to 2370, in steps that are no whole number of days or hours,
 * so every month, weekday and time of day comes up */
#define FROM (-400LL * 365 * 86400)
#define TO (400LL * 365 * 86400)
#define STEP (86400LL * 3 + 3600 * 7 + 60 * 13 + 17)

static void test_civil_matches_libc(void **state)
{
    long long t;
    long n = 0;

    (void)state;
    for (t = FROM; t <= TO; t += STEP, n++) {
        time_t tt = (time_t)t;
        struct tm tm;
        int y, mo, d, h, mi, s;
        int64_t days, yy;
        unsigned m2, d2;

        assert_non_null(gmtime_r(&tt, &tm));
        tg_civil(t, &y, &mo, &d, &h, &mi, &s);
        assert_int_equal(y, tm.tm_year + 1900);
        assert_int_equal(mo, tm.tm_mon + 1);
        assert_int_equal(d, tm.tm_mday);
        assert_int_equal(h, tm.tm_hour);
        assert_int_equal(mi, tm.tm_min);
        assert_int_equal(s, tm.tm_sec);
        /* back again, and through the day count */
        assert_int_equal(tg_from_civil(y, mo, d, h, mi, s), t);
        assert_int_equal(tg_from_civil(y, mo, d, h, mi, s), (int64_t)timegm(&tm));
        days = tg_days_from_civil(y, (unsigned)mo, (unsigned)d);
        tg_civil_from_days(days, &yy, &m2, &d2);
        assert_int_equal(yy, y);
        assert_int_equal(m2, (unsigned)mo);
        assert_int_equal(d2, (unsigned)d);
    }
    assert_true(n > 30000);
}

static void test_time_format_matches_strftime(void **state)
{
    long long t;

    (void)state;
    for (t = FROM; t <= TO; t += STEP * 7) {
        time_t tt = (time_t)t;
        struct tm tm;
        char want[40], got[40];

        assert_non_null(gmtime_r(&tt, &tm));
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        tg_time_format(t, got, sizeof got);
        assert_string_equal(got, want);
    }
}

static void test_fmt_date(void **state)
{
    char buf[40];

    (void)state;
    tg_fmt_date(1418231640, 0, buf, sizeof buf);
    assert_string_equal(buf, "10 Dec 2014");
    tg_fmt_date(1418231640, 1, buf, sizeof buf);
    assert_string_equal(buf, "10 Dec 2014 17:14");
    tg_fmt_date(-1, 1, buf, sizeof buf);
    assert_string_equal(buf, "31 Dec 1969 23:59");
    tg_fmt_date(951782400, 0, buf, sizeof buf);
    assert_string_equal(buf, "29 Feb 2000");
    assert_string_equal(tg_month_abbr(1), "Jan");
    assert_string_equal(tg_month_abbr(12), "Dec");
    assert_string_equal(tg_month_abbr(0), "?");
    assert_string_equal(tg_month_abbr(13), "?");
}

static void test_fmt_count(void **state)
{
    char buf[32], small[5];

    (void)state;
    assert_string_equal(tg_fmt_count(0, buf, sizeof buf), "0");
    assert_string_equal(tg_fmt_count(999, buf, sizeof buf), "999");
    assert_string_equal(tg_fmt_count(1000, buf, sizeof buf), "1,000");
    assert_string_equal(tg_fmt_count(12345, buf, sizeof buf), "12,345");
    assert_string_equal(tg_fmt_count(1234567, buf, sizeof buf), "1,234,567");
    assert_string_equal(tg_fmt_count(-1234, buf, sizeof buf), "-1,234");
    assert_string_equal(tg_fmt_count(-100, buf, sizeof buf), "-100");
    /* LONG_MIN has no positive counterpart */
    tg_fmt_count(LONG_MIN, buf, sizeof buf);
    assert_string_equal(buf, sizeof(long) == 8 ? "-9,223,372,036,854,775,808" : "-2,147,483,648");
    /* a short buffer gets a cut but terminated prefix */
    assert_string_equal(tg_fmt_count(1234567, small, sizeof small), "1,23");
}

static void test_fmt_real(void **state)
{
    char buf[40];

    (void)state;
    tg_fmt_real(0.4, buf, sizeof buf);
    assert_string_equal(buf, "0.4");
    tg_fmt_real(-0.0, buf, sizeof buf);
    assert_string_equal(buf, "0");
    tg_fmt_real(1.0 / 3, buf, sizeof buf);
    assert_string_equal(buf, "0.333333333333");
    tg_fmt_real(123456789012345.0, buf, sizeof buf);
    assert_string_equal(buf, "1.23456789012e+14");
    tg_fmt_real(-2.5e-7, buf, sizeof buf);
    assert_string_equal(buf, "-2.5e-07");
    /* whole numbers take a path of their own: the same text as %.12g on
     * either side of its limits (12 digits, then an exponent) */
    {
        static const double whole[] = { 1, -1, 7, 10, 100, 1234567, -98765432, 999999999999.0,
                                        -999999999999.0, 1e12, -1e12, 1e15, 4503599627370496.0,
                                        1e300, 12.5, -0.5, 1e-11 };
        char want[40];
        size_t i;

        for (i = 0; i < sizeof whole / sizeof *whole; i++) {
            tg_fmt_real(whole[i], buf, sizeof buf);
            snprintf(want, sizeof want, "%.12g", whole[i]);
            assert_string_equal(buf, want);
        }
    }
    /* within 1e-12 of zero is 0 (a sum of floats that means 0), not 2.2e-16 */
    tg_fmt_real(2.2e-16, buf, sizeof buf);
    assert_string_equal(buf, "0");
    tg_fmt_real(-1e-300, buf, sizeof buf);
    assert_string_equal(buf, "0");
}

/* the digit loop against printf's %lld, at the limits and in a short buffer */
static void test_fmt_int(void **state)
{
    static const long long v[] = { 0, 1, -1, 9, 10, -10, 123456789, -987654321, 1LL << 53,
                                   LLONG_MAX, LLONG_MIN, LLONG_MIN + 1 };
    char got[24], want[24], small[4];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof v / sizeof *v; i++) {
        snprintf(want, sizeof want, "%lld", v[i]);
        assert_ptr_equal(tg_fmt_int(v[i], got, sizeof got), got);
        assert_string_equal(got, want);
        /* cut and terminated where snprintf cuts */
        snprintf(want, sizeof small, "%lld", v[i]);
        tg_fmt_int(v[i], small, sizeof small);
        assert_string_equal(small, want);
    }
}

/* a buffer too short for the date: cut where snprintf cuts */
static void test_time_format_short(void **state)
{
    char got[12];

    (void)state;
    tg_time_format(1418231640, got, sizeof got);
    assert_string_equal(got, "2014-12-10T");
}

/* the exports' exact reals: a whole number below 10^15 takes the digit
 * loop; the text is still the shortest of %.15g, %.16g and %.17g that
 * reads back equal, on either side of the limit */
static void test_format_real_exact(void **state)
{
    static const double v[] = { 0, 1, -1, 42, 1234567, -98765432, 999999999999999.0,
                                -999999999999999.0, 1e15, -1e15, 9007199254740993.0, 1e300,
                                0.1, 1.0 / 3, -2.5e-7, 12.5, 123456789012345.6 };
    static const char *const fmts[] = { "%.15g", "%.16g", "%.17g" };
    char got[40], want[40];
    size_t i, k;

    (void)state;
    for (i = 0; i < sizeof v / sizeof *v; i++) {
        for (k = 0; k < 3; k++) {
            snprintf(want, sizeof want, fmts[k], v[i]);
            if (strtod(want, NULL) == v[i])
                break;
        }
        tg_format_real_exact(got, sizeof got, v[i]);
        assert_string_equal(got, want);
    }
    tg_format_real_exact(got, sizeof got, -0.0);
    assert_string_equal(got, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_matches_libc),
        cmocka_unit_test(test_time_format_matches_strftime),
        cmocka_unit_test(test_fmt_date),
        cmocka_unit_test(test_fmt_count),
        cmocka_unit_test(test_fmt_real),
        cmocka_unit_test(test_fmt_int),
        cmocka_unit_test(test_time_format_short),
        cmocka_unit_test(test_format_real_exact),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
