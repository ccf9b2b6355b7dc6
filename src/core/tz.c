/* tz.c - named time zones through the C library and the system's tz
 * database.  glibc reads the zone from TZ; when TZ already names the zone
 * (the CLI sets it once for --tz, before any thread starts) localtime_r is
 * used as it is, which is thread-safe; otherwise TZ is switched for the
 * call under a lock and put back. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_internal.h"
#include "threadgraph/timezone.h"

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static int is_utc(const char *name)
{
    return !name || !*name || strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0 ||
           strcmp(name, "Z") == 0;
}

tg_status_t tg_tz_check(const char *name, tg_error_t *err)
{
    const char *dir = getenv("TZDIR"), *p;
    char path[4096], magic[4];
    FILE *f;
    int ok = 0;

    if (is_utc(name))
        return TG_OK;
    /* a zone name is a relative path of letters, digits, _ + - / */
    for (p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '+' || *p == '-' || *p == '/'))
            break;
    if (!*p && name[0] != '/' && !strstr(name, "..") && strlen(name) < 256) {
        snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
        if ((f = fopen(path, "rb"))) {
            ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
            fclose(f);
        }
    }
    if (!ok)
        return tg_error_set(err, TG_ERR_USAGE,
                            "unknown time zone '%s' (a name of the tz database, such as UTC, "
                            "Europe/Berlin or America/New_York)", name);
    return TG_OK;
}

/* Does TZ already name the zone? */
static int tz_is_set(const char *name)
{
    const char *tz = getenv("TZ");

    if (!tz)
        return 0;
    if (*tz == ':')
        tz++;
    return strcmp(tz, name) == 0;
}

int64_t tg_tz_offset(const char *name, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    int64_t off = 0;

    if (is_utc(name))
        return 0;
    if (tz_is_set(name)) {
        if (localtime_r(&tt, &tm))
            off = tm.tm_gmtoff;
        return off;
    }
    pthread_mutex_lock(&tz_lock);
    {
        const char *old = getenv("TZ");
        char *saved = old ? strdup(old) : NULL;
        char want[300];

        snprintf(want, sizeof want, ":%s", name);
        setenv("TZ", want, 1);
        tzset();
        if (localtime_r(&tt, &tm))
            off = tm.tm_gmtoff;
        if (saved)
            setenv("TZ", saved, 1);
        else
            unsetenv("TZ");
        tzset();
        free(saved);
    }
    pthread_mutex_unlock(&tz_lock);
    return off;
}

int tg_tz_to_utc(const char *name, int year, int month, int day, int hour, int minute,
                 int second, int64_t *out)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int64_t wall, t;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    if (month < 1 || month > 12 || day < 1 || day > mdays[month - 1] ||
        (month == 2 && day == 29 && !leap) || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 60)
        return -1;
    wall = tg_days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 + hour * 3600 +
           minute * 60 + second;
    /* the offset at the guess, then at the time it gives: right on both
     * sides of a change */
    t = wall - tg_tz_offset(name, wall);
    t = wall - tg_tz_offset(name, t);
    *out = t;
    return 0;
}

/* ---- Moodle's human-readable dates ---- */

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"
};
static const char *const day_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

static void skip_spaces(const char **p, const char *e)
{
    while (*p < e && (**p == ' ' || **p == '\t' || **p == ','))
        (*p)++;
}

/* A word of letters; its length. */
static size_t word(const char *p, const char *e)
{
    size_t n = 0;

    while (p + n < e && ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z')))
        n++;
    return n;
}

static int number(const char **p, const char *e, int maxdigits, int *v)
{
    int n = 0;

    *v = 0;
    while (*p < e && **p >= '0' && **p <= '9' && n < maxdigits) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n > 0 && !(*p < e && **p >= '0' && **p <= '9');
}

/* A name from names[0..count) written whole or as its first three letters
 * (any case). */
static int name_index(const char *w, size_t n, const char *const *names, int count)
{
    int i;
    size_t k;

    for (i = 0; i < count; i++) {
        if (n != strlen(names[i]) && n != 3)
            continue;
        for (k = 0; k < n; k++) {
            char c = w[k];

            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != names[i][k])
                break;
        }
        if (k == n)
            return i;
    }
    return -1;
}

int tg_time_parse_moodle(const char *s, size_t len, const char *tz, int64_t *out)
{
    const char *p = s, *e = s + len;
    size_t n;
    int day, month, year, hour, minute, pm = -1;

    skip_spaces(&p, e);
    n = word(p, e);
    if (n) { /* the weekday is optional and not checked against the date */
        if (name_index(p, n, day_names, 7) < 0)
            return -1;
        p += n;
        skip_spaces(&p, e);
    }
    if (!number(&p, e, 2, &day))
        return -1;
    skip_spaces(&p, e);
    n = word(p, e);
    if ((month = name_index(p, n, month_names, 12)) < 0)
        return -1;
    p += n;
    skip_spaces(&p, e);
    if (!number(&p, e, 4, &year) || year < 1000)
        return -1;
    skip_spaces(&p, e);
    if (!number(&p, e, 2, &hour) || p >= e || *p != ':')
        return -1;
    p++;
    if (!number(&p, e, 2, &minute))
        return -1;
    skip_spaces(&p, e);
    n = word(p, e);
    if (n == 2 && tg_ascii_ieq(p, 2, "am"))
        pm = 0;
    else if (n == 2 && tg_ascii_ieq(p, 2, "pm"))
        pm = 1;
    else if (n)
        return -1;
    p += n;
    skip_spaces(&p, e);
    if (p != e)
        return -1;
    if (pm >= 0) {
        if (hour < 1 || hour > 12)
            return -1;
        hour = hour % 12 + (pm ? 12 : 0);
    }
    return tg_tz_to_utc(tz, year, month + 1, day, hour, minute, 0, out);
}
