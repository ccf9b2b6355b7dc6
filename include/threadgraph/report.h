/* report.h - turning results into text, JSON and CSV files.
 *
 * Thread safety: the reports read a dataset and an analysis without
 * changing them and use no igraph; different reports may be written from
 * different threads. */
#ifndef THREADGRAPH_REPORT_H
#define THREADGRAPH_REPORT_H

#include <stdio.h>

#include "threadgraph/analysis.h"
#include "threadgraph/error.h"
#include "threadgraph/record.h"
#include "threadgraph/results.h"
#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The per-file summary of an import, as lines of text (what `threadgraph
 * import` prints on stderr). */
void tg_report_import_text(FILE *f, const tg_import_report_t *r);

/* `threadgraph stats`: the figures, and the last imports' stored reports. */
void tg_report_stats_text(FILE *f, const tg_stats_t *st, const tg_source_row_t *imports,
                          size_t nimports);
/* One JSON object with the keys threads, comments, named_commenters,
 * anonymous_comments, locations, max_depth, depth_counts and imports, and a
 * newline, written to f whole or not at all.  TG_OK, TG_ERR_NOMEM, or
 * TG_ERR_IO when f refuses it. */
tg_status_t tg_report_stats_json(FILE *f, const tg_stats_t *st, const tg_source_row_t *imports,
                                 size_t nimports, tg_error_t *err);

typedef struct tg_report_options {
    size_t top;          /* rows of users.csv and pairs.csv; 0: all */
    int formula_guard;   /* 1 (default): guard text cells against spreadsheet formulas */
    /* summary.json's record: the imported files (tg_store_inputs; borrowed) */
    const tg_input_file_t *inputs;
    size_t ninputs;
} tg_report_options_t;

void tg_report_options_init(tg_report_options_t *opt);
/* Write users.csv, edges.csv, communities.csv, pairs.csv, comments.csv,
 * threads.csv, locations.csv, location_flows.csv and summary.json into outdir (created when missing).
 * ds must be loaded with TG_LOAD_IDS; a computed from it.  Columns:
 * docs/metrics.md. */
tg_status_t tg_report_write(const tg_dataset_t *ds, const tg_analysis_t *a, const char *outdir,
                            const tg_report_options_t *opt, tg_error_t *err);

/* ---- a set of output files ----
 * Every file the library writes appears whole or not at all (a temporary
 * name, renamed when complete).  Between tg_output_set_begin and
 * tg_output_set_end, on one thread, the files written (the reports,
 * report.html, the charts of tg_render_all, the exports) stay under their
 * temporary names; tg_output_set_end renames them all when ok is nonzero
 * and every one was written, else removes them all, so that a failure (a
 * full disk) leaves the earlier files of the set as they were.  It frees
 * the set. */
typedef struct tg_output_set tg_output_set_t;
tg_status_t tg_output_set_begin(tg_output_set_t **set, tg_error_t *err);
tg_status_t tg_output_set_end(tg_output_set_t *set, int ok, tg_error_t *err);

/* ---- graph exports (docs/exports.md) ---- */
typedef struct tg_export_options {
    const char *graph;   /* users (default), comments, locations, people-places */
    const char *format;  /* graphml, gexf, dot, json, csv; NULL: from the path's
                            extension, else graphml */
    const char *thread;  /* only this thread (its id as in the input), or NULL */
    int pseudonymize;    /* names through tg_dataset_user_label */
    int formula_guard;   /* CSV files: as the reports (default 1) */
} tg_export_options_t;

void tg_export_options_init(tg_export_options_t *opt);
/* The graph and format names, NULL-terminated (static). */
const char *const *tg_export_graphs(void);
const char *const *tg_export_formats(void);
/* The format a file name's extension names (static), or NULL. */
const char *tg_export_format_of(const char *path);
/* The extension of a format ("graphml", "gexf", "dot", "json", "csv"), or NULL. */
const char *tg_export_extension(const char *format);
/* Write one graph of ds and a (computed from it) to path in one format;
 * CSV writes two files, STEM-nodes.csv and STEM-edges.csv, from path
 * STEM.csv.  Each file appears whole or not at all.  With opt->thread, the
 * graph is that of the thread alone and its measures are computed on that
 * thread (a is then not used).  What each graph reads (tg_export_needs):
 * the comments graph and opt->thread need ds loaded with TG_LOAD_IDS; a
 * may be loaded in parts (tg_store_load_analysis_parts). */
tg_status_t tg_export_write(const tg_dataset_t *ds, const tg_analysis_t *a, const char *path,
                            const tg_export_options_t *opt, tg_error_t *err);
/* What tg_export_write reads for opt (its graph, its thread): TG_LOAD_*
 * flags for tg_store_load into *load, TG_ANALYSIS_* parts for
 * tg_store_load_analysis_parts into *parts. */
void tg_export_needs(const tg_export_options_t *opt, unsigned *load, unsigned *parts);

/* The libxml2 and yajl libraries in use, e.g. "2.9.14" (static). */
const char *tg_report_libxml2_version(void);
const char *tg_report_yajl_version(void);
/* Write outdir/compare.csv (outdir created when missing, one level): one
 * row per database and period of cmp, the columns database, period, people,
 * comments, density, reciprocity, teacher_share (empty without teachers),
 * no_reply, mean_depth, max_depth, unanswered_share, pairs (docs/metrics.md).
 * opt may be NULL (the defaults). */
tg_status_t tg_report_compare_csv(const tg_compare_t *cmp, const char *outdir,
                                  const tg_report_options_t *opt, tg_error_t *err);
/* ---- report.html: the page for a class (src/report/page*.c) ----
 * One self-contained HTML file: summary in sentences, participation table,
 * people worth a look, who replies to whom (matrix and charts as inline
 * SVG), back-and-forth pairs, brokers, a glossary and how it was made.
 * No network request; it reads fully with scripts off (scripts only sort
 * tables and highlight a person).  A forum of TG_PAGE_BIG_COMMENTS comments
 * or more gets tables cut to opt->top rows, trees and timelines of its 3
 * largest threads, and no per-comment tooltip in threads of more than
 * TG_RENDER_THREAD_MAX comments (docs/classroom.md). */
#define TG_PAGE_BIG_COMMENTS 100000
#define TG_PAGE_TOP_DEFAULT 200     /* rows of a cut table */
#define TG_PAGE_THREADS 5           /* threads with a tree and a timeline */
#define TG_PAGE_THREADS_BIG 3
#define TG_PAGE_MATRIX_MAX 60       /* people in the who-replies-to-whom matrix */

typedef struct tg_page_options {
    int pseudonymize;       /* names through tg_dataset_user_label */
    int keep_locations;     /* with pseudonymize: still show locations */
    int post_replies;       /* --post-replies-as-edges: post replies count in the teacher share */
    const char *tz;         /* zone of the times shown (NULL: UTC; timezone.h) */
    size_t top;             /* rows of cut tables (default TG_PAGE_TOP_DEFAULT) */
    size_t big_comments;    /* a big forum from this many comments (default TG_PAGE_BIG_COMMENTS) */
    const char *title;      /* page title, or NULL */
    const tg_source_row_t *sources; /* the imported files (borrowed), for reproducibility */
    size_t nsources;
    int64_t made_at;        /* date printed on the page; TG_TIME_NONE: SOURCE_DATE_EPOCH or now */
} tg_page_options_t;

void tg_page_options_init(tg_page_options_t *opt);
/* Write the page to path (a temporary file renamed into place).  ds was
 * loaded with TG_LOAD_IDS and a computed from it. */
tg_status_t tg_report_html(const tg_dataset_t *ds, const tg_analysis_t *a,
                           const tg_page_options_t *opt, const char *path, tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
