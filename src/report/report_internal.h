/* report_internal.h - what the report files share: the one CSV writer
 * (RFC 4180, the formula guard, fixed number formatting) and the graph
 * exports' model and writers.  Not part of the public interface. */
#ifndef TG_REPORT_INTERNAL_H
#define TG_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core_internal.h"
#include "threadgraph/error.h"

/* ---- the CSV writer (csvw.c) ----
 * A file is written beside its final name (".NAME.tmp") and renamed when
 * tg_csvw_close succeeds, so it appears whole or not at all. */
typedef struct tg_csvw {
    FILE *f;
    char *path, *tmp;
    int guard;             /* guard text cells against spreadsheet formulas */
    int first;             /* no cell yet on this row */
    char *buf;             /* stdio buffer */
} tg_csvw;

/* Open dir/name (dir NULL: name is the whole path). */
tg_status_t tg_csvw_open(tg_csvw *w, const char *dir, const char *name, int guard, tg_error_t *err);
/* Close and rename into place; on failure, or when ok is 0, remove the
 * temporary file.  Accepts a writer that is not open. */
tg_status_t tg_csvw_close(tg_csvw *w, int ok, tg_error_t *err);
void tg_csvw_text(tg_csvw *w, const char *s);     /* NULL or "": empty cell */
void tg_csvw_int(tg_csvw *w, long long v);
void tg_csvw_real(tg_csvw *w, double v);          /* %.12g; NAN: empty */
void tg_csvw_time(tg_csvw *w, int64_t t);         /* ISO 8601 UTC; TG_TIME_NONE: empty */
void tg_csvw_empty(tg_csvw *w);
void tg_csvw_raw(tg_csvw *w, const char *s);      /* a number as it is: no quotes, no guard */
void tg_csvw_header(tg_csvw *w, const char *const *names); /* NULL-terminated, ends the row */
void tg_csvw_row_end(tg_csvw *w);
/* The shortest of %.15g, %.16g, %.17g that reads back as v exactly, '.'
 * whatever the locale (the exports' reals). */
void tg_format_real_exact(char *out, size_t n, double v);

/* ---- the user network's reports (network_reports.c) ---- */
struct tg_dataset;
struct tg_analysis;
struct tg_report_options;
/* The index of edge from -> to in a->edges, or -1. */
long tg_user_edge_find(const struct tg_analysis *a, int32_t from, int32_t to);
/* The first and last reply of each edge of a->edges (TG_TIME_NONE when no
 * reply has a time), from the replies in ds. */
void tg_user_edge_times(const struct tg_dataset *ds, const struct tg_analysis *a, int64_t *first,
                        int64_t *last);
tg_status_t tg_report_edges(const struct tg_dataset *ds, const struct tg_analysis *a,
                            const char *dir, const struct tg_report_options *opt,
                            tg_error_t *err);
/* From a->users[].community (1..a->ncommunities, or -1 outside the network). */
tg_status_t tg_report_communities(const struct tg_dataset *ds, const struct tg_analysis *a,
                                  const char *dir, const struct tg_report_options *opt,
                                  tg_error_t *err);

/* ---- summary.json's record of the analysis (provenance.c) ---- */
struct tg_jsonw;
/* Write the keys communities, inputs, missing_comments, versions, seed and
 * methods into the open map of j. */
void tg_summary_record(struct tg_jsonw *j, const struct tg_analysis *a,
                       const struct tg_report_options *opt);

/* ---- the graph exports (export.c builds, export_<format>.c write) ---- */
typedef enum tg_xtype {
    TG_XT_INT = 0,     /* int64 */
    TG_XT_REAL,        /* double */
    TG_XT_BOOL,
    TG_XT_STRING,
    TG_XT_TIME         /* int64 UTC seconds, written as an ISO 8601 string */
} tg_xtype;

/* One attribute column: a value per node (or edge). */
typedef struct tg_xattr {
    const char *name;
    tg_xtype type;
    int64_t *i;            /* INT, BOOL, TIME */
    double *r;             /* REAL */
    const char **s;        /* STRING (borrowed or in the graph's arena) */
    uint8_t *missing;      /* 1: no value (written as nothing, or an empty cell) */
} tg_xattr;

#define TG_X_MAXATTR 32

typedef struct tg_xgraph {
    const char *name;          /* users, comments, locations, people-places */
    int directed;
    size_t nnodes;
    const char **node_id;      /* stable ids ("u12", "c5", ...) */
    const char **node_label;
    int64_t *node_start, *node_end;  /* the node's spell, TG_TIME_NONE: none */
    tg_xattr nattr[TG_X_MAXATTR];
    size_t nnattr;
    size_t nedges;
    size_t *src, *dst;         /* node indexes */
    int64_t *weight;           /* every edge has an integer weight */
    int64_t *edge_start, *edge_end;
    tg_xattr eattr[TG_X_MAXATTR];
    size_t neattr;
    void *priv;                /* owned storage */
} tg_xgraph;

/* A writer: the graph into f (opened by the caller).  base is the path
 * without its extension, for formats that write more than one file. */
typedef struct tg_export_format {
    const char *name;          /* graphml, gexf, dot, json, csv */
    const char *ext;           /* the file name extension */
    tg_status_t (*write)(const tg_xgraph *g, const char *path, int guard, tg_error_t *err);
} tg_export_format;

/* Each writer writes path (CSV: path's stem -nodes.csv and -edges.csv)
 * through a temporary file renamed when complete. */
tg_status_t tg_export_graphml(const tg_xgraph *g, const char *path, int guard, tg_error_t *err);
tg_status_t tg_export_gexf(const tg_xgraph *g, const char *path, int guard, tg_error_t *err);
tg_status_t tg_export_dot(const tg_xgraph *g, const char *path, int guard, tg_error_t *err);
tg_status_t tg_export_json(const tg_xgraph *g, const char *path, int guard, tg_error_t *err);
tg_status_t tg_export_csv(const tg_xgraph *g, const char *path, int guard, tg_error_t *err);

/* The value of attribute x at k as text (into buf, or x's own string), or
 * NULL when missing: INT as a decimal, REAL as tg_format_real_exact, BOOL
 * as true or false, TIME as ISO 8601 UTC. */
const char *tg_xvalue(const tg_xattr *x, size_t k, char *buf, size_t n);

/* XML 1.0 cannot hold most control characters: a copy of s with each one
 * replaced by U+FFFD, or s itself when it has none (*tofree is then NULL). */
const char *tg_xml_clean(const char *s, char **tofree);
/* tg_temp_name, tg_fileset and tg_finish_file: core_internal.h. */

#endif
