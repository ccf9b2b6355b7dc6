/* page_internal.h - what the files of report.html share: the page being
 * written (an xmlTextWriter, so every name and text is escaped by libxml2),
 * the figures per person computed once, and one function per section. */
#ifndef TG_PAGE_INTERNAL_H
#define TG_PAGE_INTERNAL_H

#include <libxml/xmlwriter.h>
#include <stddef.h>
#include <stdint.h>

#include "core_internal.h"
#include "threadgraph/version.h"
#include "threadgraph/analysis.h"
#include "threadgraph/render.h"
#include "threadgraph/report.h"

/* One person's row of the participation table. */
typedef struct pg_figures {
    long posts;              /* comments and thread posts written */
    long comments, top_level; /* comments; of them at depth 0 with no parent */
    long given, received;    /* replies between named people */
    long replied_to, repliers; /* distinct people */
    long partners;           /* back-and-forth pairs they are in */
    int64_t first, last;     /* of their posts; TG_TIME_NONE when unknown */
    int posted;              /* wrote anything */
} pg_figures;

typedef struct pg_page {
    xmlTextWriterPtr w;
    int failed;                      /* a write failed: out of memory */
    const tg_dataset_t *ds;          /* the data (names: label[]) */
    const tg_dataset_t *view;        /* ds with labels for names, for the charts */
    const tg_analysis_t *an;
    const tg_page_options_t *opt;
    const char **label;              /* per user: the name shown */
    pg_figures *people;               /* per user */
    int32_t *by_posts;               /* users who posted, most posts first */
    size_t nposted;
    size_t npeople;                  /* posted, or in a roster */
    int32_t *thread_order;           /* threads with comments, most first */
    size_t nthreads;
    long *thread_comments;           /* per thread */
    int big;                         /* a big forum: cut tables */
    size_t top;                      /* rows of a cut table */
    tg_teacher_share_t share;
    int has_roles;                   /* some person has a role */
    int has_roster;                  /* roster people who never posted exist */
    size_t nsvg;                     /* charts inlined so far (id prefixes) */
    tg_status_t rc;                  /* the first failure of a chart */
    tg_error_t *err;
} pg_page;

/* ---- writing (page_write.c); failures stick to the page ---- */
void pg_open(pg_page *p, const char *element);
void pg_close(pg_page *p);
void pg_attr(pg_page *p, const char *name, const char *value);
void pg_attrf(pg_page *p, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pg_text(pg_page *p, const char *s);
void pg_textf(pg_page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <element>text</element> */
void pg_elem(pg_page *p, const char *element, const char *text);
/* Our own constant CSS, script or serialized SVG, never data. */
void pg_raw(pg_page *p, const char *s);
/* A person's name, marked for highlighting (isolated against bidi tricks). */
void pg_person(pg_page *p, int32_t u);
/* "Ada, Ben and 3 others" from a list of people. */
void pg_people_list(pg_page *p, const int32_t *u, size_t n, size_t max);
/* A section: <section id><h2>title</h2>; close with pg_close. */
void pg_section(pg_page *p, const char *id, const char *title);
/* A column header that sorts (type "num" or "text") and links to the glossary
 * entry gloss (or NULL). */
void pg_th(pg_page *p, const char *title, const char *type, const char *gloss);
/* A number cell (sorts by v). */
void pg_td_num(pg_page *p, long v);
void pg_td_real(pg_page *p, double v, int decimals);
void pg_td_time(pg_page *p, int64_t t);
/* "5 Feb 2024 10:00" in the page's zone (opt->tz, UTC by default); ""
 * when unknown. */
void pg_fmt_time(const pg_page *p, int64_t t, int with_time, char *out, size_t outsz);
/* The same for t as it is (no zone). */
void pg_fmt_utc(int64_t t, int with_time, char *out, size_t outsz);
/* "12,345" */
const char *pg_count(long v, char *out, size_t outsz);
/* "one person" / "3 people" */
void pg_fmt_n(char *out, size_t outsz, long n, const char *one, const char *many);
const char *pg_role_name(const pg_page *p, int32_t u);
/* The zone times are shown in ("UTC", "Europe/Berlin"). */
const char *pg_zone(const pg_page *p);
/* A note that a table shows shown of total rows. */
void pg_cut_note(pg_page *p, size_t shown, size_t total, const char *csv);

/* ---- sections ---- */
void pg_summary(pg_page *p);        /* 1 (page_people.c) */
void pg_participation(pg_page *p);  /* 2 */
void pg_worth_a_look(pg_page *p);   /* 3 */
void pg_who_whom(pg_page *p);       /* 4 (page_charts.c) */
/* In 4: the table of the weeks, when the forum spans two or more; returns 1
 * when it was written (page_compare.c). */
int pg_weeks(pg_page *p);
void pg_pairs(pg_page *p);          /* 5 (page_people.c) */
void pg_brokers(pg_page *p);        /* 6 */
void pg_glossary(pg_page *p);       /* 7 (page_text.c) */
void pg_reproducibility(pg_page *p); /* 8 */

/* The style sheet and the script (page_assets.c). */
extern const char pg_css[];
extern const char pg_script[];

#endif
