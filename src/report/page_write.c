/* page_write.c - the writing helpers of report.html that every section
 * uses: elements, attributes and text through libxml2's xmlTextWriter
 * (which escapes them), a person's name, table cells, dates and counts.
 * Failures stick to the page (p->failed). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "page_internal.h"
#include "threadgraph/timezone.h"

static void check(pg_page *p, int rc)
{
    if (rc < 0)
        p->failed = 1;
}

void pg_open(pg_page *p, const char *element)
{
    check(p, xmlTextWriterStartElement(p->w, BAD_CAST element));
}

void pg_close(pg_page *p)
{
    /* always <x></x>: HTML has no <div/> */
    check(p, xmlTextWriterFullEndElement(p->w));
}

void pg_attr(pg_page *p, const char *name, const char *value)
{
    check(p, xmlTextWriterWriteAttribute(p->w, BAD_CAST name, BAD_CAST(value ? value : "")));
}

void pg_attrf(pg_page *p, const char *name, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    pg_attr(p, name, buf);
}

void pg_text(pg_page *p, const char *s)
{
    check(p, xmlTextWriterWriteString(p->w, BAD_CAST(s ? s : "")));
}

void pg_textf(pg_page *p, const char *fmt, ...)
{
    tg_buf b = TG_BUF_INIT;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || tg_buf_grow(&b, (size_t)n + 1)) {
        p->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pg_text(p, b.data);
    tg_buf_release(&b);
}

void pg_elem(pg_page *p, const char *element, const char *text)
{
    pg_open(p, element);
    pg_text(p, text);
    pg_close(p);
}

void pg_raw(pg_page *p, const char *s)
{
    check(p, xmlTextWriterWriteRaw(p->w, BAD_CAST s));
}

void pg_person(pg_page *p, int32_t u)
{
    pg_open(p, "span");
    pg_attr(p, "class", "person");
    pg_attrf(p, "data-person", "%ld", (long)u);
    pg_elem(p, "bdi", u >= 0 ? p->label[u] : "anonymous");
    pg_close(p);
}

void pg_people_list(pg_page *p, const int32_t *u, size_t n, size_t max)
{
    size_t i, shown = n > max ? max : n;

    for (i = 0; i < shown; i++) {
        if (i > 0)
            pg_text(p, i + 1 == shown && shown == n ? " and " : ", ");
        pg_person(p, u[i]);
    }
    if (shown < n) {
        char b[32];

        pg_textf(p, " and %s more", pg_count((long)(n - shown), b, sizeof b));
    }
}

void pg_section(pg_page *p, const char *id, const char *title)
{
    pg_open(p, "section");
    pg_attr(p, "id", id);
    pg_elem(p, "h2", title);
}

void pg_th(pg_page *p, const char *title, const char *type, const char *gloss)
{
    pg_open(p, "th");
    pg_attr(p, "data-type", type);
    pg_attr(p, "scope", "col");
    pg_elem(p, "span", title);
    if (gloss) {
        char href[80];

        snprintf(href, sizeof href, "#g-%s", gloss);
        pg_text(p, " ");
        pg_open(p, "a");
        pg_attr(p, "class", "gl");
        pg_attr(p, "href", href);
        pg_attrf(p, "title", "What does \"%s\" mean?", title);
        pg_attrf(p, "aria-label", "What does %s mean?", title);
        pg_text(p, "?");
        pg_close(p);
    }
    pg_close(p);
}

void pg_td_num(pg_page *p, long v)
{
    char b[32];

    pg_open(p, "td");
    pg_attr(p, "class", "n");
    pg_attrf(p, "data-v", "%ld", v);
    pg_text(p, pg_count(v, b, sizeof b));
    pg_close(p);
}

void pg_td_real(pg_page *p, double v, int decimals)
{
    pg_open(p, "td");
    pg_attr(p, "class", "n");
    pg_attrf(p, "data-v", "%.17g", isfinite(v) ? v : 0);
    pg_textf(p, "%.*f", decimals, fabs(v) < 1e-12 ? 0.0 : v);
    pg_close(p);
}

void pg_td_time(pg_page *p, int64_t t)
{
    char b[48];

    pg_fmt_time(p, t, 1, b, sizeof b);
    pg_open(p, "td");
    pg_attr(p, "class", "t");
    pg_attrf(p, "data-v", "%lld", t == TG_TIME_NONE ? -1LL : (long long)t);
    pg_text(p, b);
    pg_close(p);
}

void pg_fmt_time(const pg_page *p, int64_t t, int with_time, char *out, size_t outsz)
{
    pg_fmt_utc(t == TG_TIME_NONE ? t : t + tg_tz_offset(p->opt->tz, t), with_time, out, outsz);
}

void pg_fmt_utc(int64_t t, int with_time, char *out, size_t outsz)
{
    static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t tt = (time_t)(t == TG_TIME_NONE ? 0 : t);
    struct tm tm;

    if (t == TG_TIME_NONE || !gmtime_r(&tt, &tm)) {
        snprintf(out, outsz, "%s", "");
        return;
    }
    if (with_time)
        snprintf(out, outsz, "%d %s %d %02d:%02d", tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
                 tm.tm_hour, tm.tm_min);
    else
        snprintf(out, outsz, "%d %s %d", tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900);
}

const char *pg_count(long v, char *out, size_t outsz)
{
    char tmp[32];
    size_t n, i, k = 0;
    int neg = v < 0;

    snprintf(tmp, sizeof tmp, "%lu", neg ? 0UL - (unsigned long)v : (unsigned long)v);
    n = strlen(tmp);
    if (neg && k + 1 < outsz)
        out[k++] = '-';
    for (i = 0; i < n && k + 2 < outsz; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = tmp[i];
    }
    out[k] = '\0';
    return out;
}

void pg_fmt_n(char *out, size_t outsz, long n, const char *one, const char *many)
{
    char b[32];

    if (n == 1)
        snprintf(out, outsz, "one %s", one);
    else
        snprintf(out, outsz, "%s %s", pg_count(n, b, sizeof b), many);
}

const char *pg_zone(const pg_page *p)
{
    return p->opt->tz && *p->opt->tz ? p->opt->tz : "UTC";
}

const char *pg_role_name(const pg_page *p, int32_t u)
{
    if (!p->ds->user_role || u < 0)
        return "";
    switch (p->ds->user_role[u]) {
    case TG_ROLE_TEACHER: return "teacher";
    case TG_ROLE_STUDENT: return "student";
    default: return "";
    }
}

void pg_cut_note(pg_page *p, size_t shown, size_t total, const char *csv)
{
    char a[32], b[32];

    if (shown >= total)
        return;
    pg_open(p, "p");
    pg_attr(p, "class", "note");
    pg_textf(p, "This table shows the first %s of %s rows; %s holds them all.",
             pg_count((long)shown, a, sizeof a), pg_count((long)total, b, sizeof b), csv);
    pg_close(p);
}

