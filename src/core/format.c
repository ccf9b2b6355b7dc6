/* format.c - numbers and dates as the outputs write them, and the one
 * calendar of the library: proleptic Gregorian, UTC, after Howard Hinnant's
 * published days_from_civil and civil_from_days algorithms.  The parsers
 * (timeparse.c), the reports and the charts all count days here. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core_internal.h"

/* ---- the calendar ---- */
int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void tg_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* days since the epoch and seconds into the day (t may be negative) */
static int64_t split_day(int64_t t, int64_t *secs)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);

    *secs = t - days * 86400;
    return days;
}

void tg_civil(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
    int64_t secs, yy;
    unsigned mm, dd;

    tg_civil_from_days(split_day(t, &secs), &yy, &mm, &dd);
    *y = (int)yy;
    *mo = (int)mm;
    *d = (int)dd;
    *h = (int)(secs / 3600);
    *mi = (int)(secs / 60 % 60);
    *s = (int)(secs % 60);
}

int64_t tg_from_civil(int y, int mo, int d, int h, int mi, int s)
{
    return tg_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
}

/* ---- dates ---- */
static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void tg_time_format(int64_t t, char *out, size_t outsz)
{
    int64_t secs, days = split_day(t, &secs), y;
    unsigned m, d;
    char b[21];

    tg_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(out, outsz, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
                 (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
        return;
    }
    /* "YYYY-MM-DDTHH:MM:SSZ", written digit by digit: reports print
     * millions of these */
    put2(b, (unsigned)(y / 100));
    put2(b + 2, (unsigned)(y % 100));
    b[4] = '-';
    put2(b + 5, m);
    b[7] = '-';
    put2(b + 8, d);
    b[10] = 'T';
    put2(b + 11, (unsigned)(secs / 3600));
    b[13] = ':';
    put2(b + 14, (unsigned)(secs / 60 % 60));
    b[16] = ':';
    put2(b + 17, (unsigned)(secs % 60));
    b[19] = 'Z';
    b[20] = '\0';
    /* a copy, not snprintf: "%s" alone cost a third of the reports' time */
    if (outsz > sizeof b - 1) {
        memcpy(out, b, sizeof b);
    } else if (outsz) {
        memcpy(out, b, outsz - 1);
        out[outsz - 1] = '\0';
    }
}

static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

const char *tg_month_abbr(int month)
{
    return month >= 1 && month <= 12 ? month_abbr[month - 1] : "?";
}

void tg_fmt_date(int64_t t, int with_time, char *out, size_t outsz)
{
    int y, mo, d, h, mi, s;

    tg_civil(t, &y, &mo, &d, &h, &mi, &s);
    if (with_time)
        snprintf(out, outsz, "%d %s %d %02d:%02d", d, tg_month_abbr(mo), y, h, mi);
    else
        snprintf(out, outsz, "%d %s %d", d, tg_month_abbr(mo), y);
}

/* ---- numbers ---- */
const char *tg_fmt_count(long v, char *out, size_t outsz)
{
    char digits[32];
    size_t n, i, k = 0;
    int neg = v < 0;
    unsigned long u = neg ? (unsigned long)(-(v + 1)) + 1 : (unsigned long)v;

    snprintf(digits, sizeof digits, "%lu", u);
    n = strlen(digits);
    if (outsz == 0)
        return out;
    if (neg && k + 1 < outsz)
        out[k++] = '-';
    for (i = 0; i < n && k + 1 < outsz; i++) {
        if (i && (n - i) % 3 == 0 && k + 1 < outsz)
            out[k++] = ',';
        if (k + 1 < outsz)
            out[k++] = digits[i];
    }
    out[k] = '\0';
    return out;
}

void tg_fmt_real(double v, char *out, size_t outsz)
{
    const char *dp = localeconv()->decimal_point;
    char *p;

    if (fabs(v) < 1e-12)
        v = 0; /* no "-0", and no 2.2e-16 where a sum of floats means 0 */
    /* a whole number below 10^12 is what %.12g prints for it, without
     * snprintf's cost (a report has hundreds of thousands of these) */
    if (v > -1e12 && v < 1e12 && v == (double)(long long)v && outsz >= 16) {
        long long i = (long long)v;
        unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
        char b[16], *q = b + sizeof b;

        *--q = 0;
        do {
            *--q = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (i < 0)
            *--q = '-';
        memcpy(out, q, (size_t)(b + sizeof b - q));
        return;
    }
    snprintf(out, outsz, "%.12g", v);
    if (dp && dp[0] && dp[0] != '.' && (p = strchr(out, dp[0])))
        *p = '.';
}
