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
} tg_report_options_t;

void tg_report_options_init(tg_report_options_t *opt);
/* Write users.csv, pairs.csv, comments.csv, threads.csv, locations.csv,
 * location_flows.csv and summary.json into outdir (created when missing).
 * ds must be loaded with TG_LOAD_IDS; a computed from it.  Columns:
 * docs/metrics.md. */
tg_status_t tg_report_write(const tg_dataset_t *ds, const tg_analysis_t *a, const char *outdir,
                            const tg_report_options_t *opt, tg_error_t *err);

/* Write outdir/compare.csv (outdir created when missing, one level): one
 * row per database and period of cmp, the columns database, period, people,
 * comments, density, reciprocity, teacher_share (empty without teachers),
 * no_reply, mean_depth, max_depth, unanswered_share, pairs (docs/metrics.md).
 * opt may be NULL (the defaults). */
tg_status_t tg_report_compare_csv(const tg_compare_t *cmp, const char *outdir,
                                  const tg_report_options_t *opt, tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
