/* timeparse.c - the date forms threadgraph reads, turned into UTC seconds.
 * The days are counted by the library's one calendar (format.c). */
#include <string.h>

#include "core_internal.h"

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
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

/* ---- mail dates (RFC 5322 and the asctime form of mbox "From " lines) ---- */

/* A zone after the time: +HHMM / -HHMM, a name (GMT, UT, UTC, the North
 * American zones RFC 5322 keeps), or nothing, which is UTC.  *has_zone says
 * whether one was written.  Unknown names count as UTC, as RFC 5322 asks of
 * military zones. */
static int mail_zone(scan *s, int64_t *off, int *has_zone)
{
    static const struct {
        const char *name;
        int hours;
    } zones[] = {
        { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
        { "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
        { "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
    };
    const char *w;
    size_t n, i;

    *off = 0;
    *has_zone = 0;
    skip_spaces(s);
    if (s->p < s->end && (*s->p == '+' || *s->p == '-')) {
        int sign = *s->p == '-' ? -1 : 1;
        int64_t hhmm;

        s->p++;
        if (digits(s, 4, &hhmm) != 4 || hhmm / 100 > 23 || hhmm % 100 > 59)
            return -1;
        *off = sign * (hhmm / 100 * 3600 + hhmm % 100 * 60);
        *has_zone = 1;
        return 0;
    }
    w = s->p;
    while (s->p < s->end && ((*s->p >= 'A' && *s->p <= 'Z') || (*s->p >= 'a' && *s->p <= 'z')))
        s->p++;
    n = (size_t)(s->p - w);
    if (n == 0)
        return 0;
    *has_zone = 1;
    for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (tg_ascii_ieq(w, n, zones[i].name))
            *off = zones[i].hours * 3600;
    return 0;
}

/* What may follow a mail date: spaces and a (comment). */
static int mail_tail(scan *s)
{
    skip_spaces(s);
    if (eat(s, '(')) {
        while (s->p < s->end && *s->p != ')')
            s->p++;
        if (!eat(s, ')'))
            return -1;
        skip_spaces(s);
    }
    return s->p == s->end ? 0 : -1;
}

static int64_t mail_year(int64_t y, int ndigits)
{
    if (ndigits == 2)
        return y < 50 ? 2000 + y : 1900 + y;
    if (ndigits == 3)
        return 1900 + y;
    return y;
}

static const char *const day_abbr[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

int tg_time_parse_mail(const char *str, size_t n, int64_t *out, int *zoneless)
{
    size_t tn, wl;
    const char *t = tg_trim(str, n, &tn);
    scan s = { t, t + tn };
    int64_t d, y, h, mi, se, off;
    int mo, k, has_zone, i;

    *zoneless = 0;
    /* an optional day of the week, with or without its comma */
    for (i = 0; i < 7; i++)
        if (tn > 3 && tg_ascii_ieq(t, 3, day_abbr[i])) {
            while (s.p < s.end && ((*s.p | 0x20) >= 'a' && (*s.p | 0x20) <= 'z'))
                s.p++;
            eat(&s, ',');
            skip_spaces(&s);
            break;
        }
    if (s.p < s.end && *s.p >= '0' && *s.p <= '9') {
        /* RFC 5322: D Mon YYYY HH:MM[:SS] [zone] */
        digits(&s, 2, &d);
        skip_spaces(&s);
        if (!(mo = month_word(&s, &wl)))
            return -1;
        skip_spaces(&s);
        if ((k = digits(&s, 4, &y)) < 2)
            return -1;
        y = mail_year(y, k);
        skip_spaces(&s);
        if (clock_part(&s, &h, &mi, &se) != 1 || mail_zone(&s, &off, &has_zone))
            return -1;
    } else {
        /* asctime: Mon D HH:MM:SS [zone] YYYY */
        if (!(mo = month_word(&s, &wl)))
            return -1;
        skip_spaces(&s);
        if (digits(&s, 2, &d) == 0)
            return -1;
        skip_spaces(&s);
        if (clock_part(&s, &h, &mi, &se) != 1 || mail_zone(&s, &off, &has_zone))
            return -1;
        skip_spaces(&s);
        if ((k = digits(&s, 4, &y)) < 2)
            return -1;
        y = mail_year(y, k);
    }
    if (!valid_ymd(y, mo, d) || h == 24 || mail_tail(&s))
        return -1;
    *out = make_time(y, mo, d, h, mi, se) - off;
    *zoneless = !has_zone;
    return 0;
}
