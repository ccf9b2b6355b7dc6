/* timeparse.c - the date forms threadgraph reads, turned into UTC seconds.
 * Calendar arithmetic is proleptic Gregorian (days_from_civil, after Howard
 * Hinnant's published algorithm). */
#include <stdio.h>
#include <string.h>

#include "core_internal.h"

int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void tg_time_format(int64_t t, char *out, size_t outsz)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    /* civil_from_days */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char b[21];

    y += m <= 2;
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
    snprintf(out, outsz, "%s", b);
}

/* ---- a tiny scanner ---- */
typedef struct scan {
    const char *p, *end;
} scan;

static void skip_spaces(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
}

/* Read 1..maxd digits; returns digit count (0 = none). */
static int digits(scan *s, int maxd, int64_t *v)
{
    int k = 0;

    *v = 0;
    while (s->p < s->end && k < maxd && *s->p >= '0' && *s->p <= '9') {
        *v = *v * 10 + (*s->p - '0');
        s->p++;
        k++;
    }
    return k;
}

static int eat(scan *s, char c)
{
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

static int valid_ymd(int64_t y, int64_t m, int64_t d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= (int64_t)days_in_month(y, (unsigned)m);
}

static int64_t make_time(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t se)
{
    return tg_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
}

/* [T| ]HH:MM[:SS[.frac]] ; returns 1 when a time was read, 0 when absent, -1 bad */
static int clock_part(scan *s, int64_t *h, int64_t *mi, int64_t *se)
{
    *h = *mi = *se = 0;
    if (digits(s, 2, h) == 0)
        return 0;
    if (!eat(s, ':') || digits(s, 2, mi) != 2)
        return -1;
    if (eat(s, ':')) {
        int64_t frac;

        if (digits(s, 2, se) != 2)
            return -1;
        if (eat(s, '.') || eat(s, ','))
            if (digits(s, 18, &frac) == 0)
                return -1;
    }
    if (*h > 24 || *mi > 59 || *se > 60 || (*h == 24 && (*mi || *se)))
        return -1;
    return 1;
}

static int iso(scan *s, int64_t *out)
{
    int64_t y, mo, d, h = 0, mi = 0, se = 0, off = 0;

    if (digits(s, 4, &y) != 4 || !eat(s, '-') || digits(s, 2, &mo) != 2 || !eat(s, '-') ||
        digits(s, 2, &d) != 2)
        return -1;
    if (!valid_ymd(y, mo, d))
        return -1;
    if (s->p < s->end && (*s->p == 'T' || *s->p == 't' || *s->p == ' ')) {
        s->p++;
        if (clock_part(s, &h, &mi, &se) != 1)
            return -1;
        skip_spaces(s);
        if (eat(s, 'Z') || eat(s, 'z')) {
            /* UTC */
        } else if (s->p < s->end && (*s->p == '+' || *s->p == '-')) {
            int sign = *s->p == '-' ? -1 : 1;
            int64_t oh, om = 0;

            s->p++;
            if (digits(s, 2, &oh) != 2)
                return -1;
            eat(s, ':');
            if (s->p < s->end)
                if (digits(s, 2, &om) != 2)
                    return -1;
            if (oh > 23 || om > 59)
                return -1;
            off = sign * (oh * 3600 + om * 60);
        } else if (s->end - s->p == 3 && memcmp(s->p, "UTC", 3) == 0) {
            s->p += 3;
        }
    }
    if (s->p != s->end)
        return -1;
    *out = make_time(y, mo, d, h, mi, se) - off;
    return 0;
}

static int unix_seconds(scan *s, int64_t *out)
{
    int neg = eat(s, '-');
    int64_t v, frac;
    int k = digits(s, 18, &v);

    if (k == 0)
        return -1;
    if (eat(s, '.'))
        digits(s, 18, &frac);
    if (s->p != s->end)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

int tg_time_parse(const char *str, size_t n, int64_t *out)
{
    size_t tn;
    const char *t = tg_trim(str, n, &tn);
    scan s = { t, t + tn };
    const char *q;

    if (!tn)
        return -1;
    /* all digits (with an optional sign and fraction): Unix seconds */
    for (q = t + (*t == '-'); q < t + tn && *q >= '0' && *q <= '9'; q++)
        ;
    if (q == t + tn || (q < t + tn && *q == '.'))
        if (unix_seconds(&s, out) == 0)
            return 0;
    s.p = t;
    return iso(&s, out);
}

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"
};
static const char *const day_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* Read a word of letters; 1..12 for a month name (full or 3-letter, with an
 * optional '.'), 0 otherwise.  *wlen gets the word's length. */
static int month_word(scan *s, size_t *wlen)
{
    const char *w = s->p;
    size_t n = 0;
    int i;

    while (s->p < s->end && ((*s->p >= 'a' && *s->p <= 'z') || (*s->p >= 'A' && *s->p <= 'Z'))) {
        s->p++;
        n++;
    }
    *wlen = n;
    if (n < 3)
        return 0;
    for (i = 0; i < 12; i++) {
        if (tg_ascii_ieq(w, n, month_names[i]))
            return i + 1;
        if (n == 3) {
            char abbr[4] = { month_names[i][0], month_names[i][1], month_names[i][2], '\0' };

            if (tg_ascii_ieq(w, 3, abbr))
                return i + 1;
        }
    }
    if (n == 4 && tg_ascii_ieq(w, 4, "sept"))
        return 9;
    return 0;
}

/* "Month D, YYYY[ HH:MM]" ; with_time: 1 required, 0 forbidden, -1 optional */
static int month_day_year(scan *s, int with_time, int64_t *out)
{
    size_t wl;
    int mo = month_word(s, &wl);
    int64_t d, y, h = 0, mi = 0, se = 0;
    int c;

    if (!mo)
        return -1;
    eat(s, '.');
    skip_spaces(s);
    if (digits(s, 2, &d) == 0)
        return -1;
    if (!eat(s, ','))
        return -1;
    skip_spaces(s);
    if (digits(s, 4, &y) != 4)
        return -1;
    if (!valid_ymd(y, mo, d))
        return -1;
    skip_spaces(s);
    c = clock_part(s, &h, &mi, &se);
    if (c < 0 || (with_time == 1 && c == 0) || (with_time == 0 && c == 1))
        return -1;
    if (h == 24)
        return -1;
    skip_spaces(s);
    if (s->p != s->end)
        return -1;
    *out = make_time(y, mo, d, h, mi, se);
    return 0;
}

int tg_time_parse_news(const char *str, size_t n, int64_t *out)
{
    size_t tn;
    const char *t = tg_trim(str, n, &tn);
    scan s = { t, t + tn };

    return month_day_year(&s, 1, out);
}

int tg_time_parse_loose(const char *str, size_t n, int64_t *out)
{
    size_t tn, wl;
    const char *t = tg_trim(str, n, &tn);
    scan s = { t, t + tn };
    int i, mo;
    int64_t d, y;

    if (tn >= 10 && memchr(t, '-', tn) && iso(&s, out) == 0)
        return 0;
    s.p = t;
    /* optional weekday */
    for (i = 0; i < 7; i++) {
        size_t dl = strlen(day_names[i]);

        if (tn > dl && tg_ascii_ieq(t, dl, day_names[i])) {
            s.p = t + dl;
            eat(&s, ',');
            skip_spaces(&s);
            break;
        }
    }
    {
        scan save = s;

        if (month_day_year(&s, -1, out) == 0)
            return 0;
        s = save;
    }
    /* "30 August 2016" */
    if (digits(&s, 2, &d) == 0)
        return -1;
    skip_spaces(&s);
    mo = month_word(&s, &wl);
    if (!mo)
        return -1;
    eat(&s, '.');
    eat(&s, ',');
    skip_spaces(&s);
    if (digits(&s, 4, &y) != 4 || !valid_ymd(y, mo, d))
        return -1;
    skip_spaces(&s);
    if (s.p != s.end)
        return -1;
    *out = make_time(y, mo, d, 0, 0, 0);
    return 0;
}
