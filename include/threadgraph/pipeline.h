/* pipeline.h - the main job in one call: import files into a database,
 * analyse, store the analysis, and write the reports and the charts
 * (what `threadgraph run` does; the CLI is options, this call, printing).
 *
 * The library never prints: what happens along the way comes back through
 * the callbacks in tg_run_options_t and the tg_run_result_t. */
#ifndef THREADGRAPH_PIPELINE_H
#define THREADGRAPH_PIPELINE_H

#include <stddef.h>

#include "threadgraph/analysis.h"
#include "threadgraph/error.h"
#include "threadgraph/import.h"
#include "threadgraph/people.h"
#include "threadgraph/record.h"
#include "threadgraph/render.h"
#include "threadgraph/report.h"
#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called on the thread that called tg_run after each input is imported
 * (also when its content had been imported before: report->already_imported
 * is then set).  path is the input as given; report is borrowed for the
 * call (its timing fields hash_s ... commit_s are filled in). */
typedef void (*tg_run_imported_fn)(const char *path, const tg_import_report_t *report,
                                   void *ctx);
/* Called on the calling thread when a phase starts: "load"; "index and
 * checkpoint (the rest of it)" (the wait for the second connection that
 * builds the key index and copies the log during the analysis); "reports,
 * the analysis saved beside them"; with charts "charts" and "page"; with
 * compare_by "compare"; then "saving the analysis (the rest of it)" (the
 * wait for the saving thread); NULL when the job is done.  The
 * analysis reports its own steps through analysis.progress.  A caller can
 * time the phases from these calls (the CLI's --timing does). */
typedef void (*tg_run_phase_fn)(const char *what, void *ctx);

typedef struct tg_run_options {
    const char *const *inputs;    /* files to import, in order (borrowed) */
    size_t ninputs;               /* at least one */
    const char *out_dir;          /* reports and charts; created when missing (one level) */
    const char *db_path;          /* NULL (default): OUT_DIR/threadgraph.db */
    int charts;                   /* 1 (default): also draw the charts */
    tg_import_options_t import;   /* defer_indexes is always set by tg_run */
    tg_analysis_options_t analysis;
    tg_report_options_t report;
    tg_render_options_t render;   /* source NULL: the imported files by name */
    tg_page_options_t page;       /* report.html, written with the charts (sources: the store's) */
    tg_run_imported_fn imported;  /* or NULL */
    tg_run_phase_fn phase;        /* or NULL */
    void *ctx;                    /* passed to imported and phase */
    /* the people of a class forum (people.h) */
    const tg_people_t *people;    /* roles and groups stored after the import, or NULL */
    int pseudonymize;             /* give everyone a pseudonym and show only those */
    const tg_key_t *key;          /* a key read before (its pseudonyms are reused), or NULL */
    const char *key_path;         /* with pseudonymize: where the key is written (mode
                                   * 0600), or NULL */
    unsigned view;                /* TG_VIEW_KEEP_LOCATIONS: keep them under pseudonymize */
    const char *thread;           /* only this thread in the reports and charts, or NULL;
                                   * the whole database is still analysed and stored */
    int compare_by;               /* -1 (default): none; a tg_period_by_t: also write
                                   * compare.csv (and its two charts) for the periods */
    const char *compare_tz;       /* the zone of the periods; NULL: UTC */
} tg_run_options_t;

/* The defaults above: no input, no callback, the defaults of each module's
 * options (so no fork: see tg_analysis_options_t.bc_fork). */
void tg_run_options_init(tg_run_options_t *opt);

typedef struct tg_run_result {
    char *db_path;      /* owned: the database written (also on failure, once known) */
    long imported;      /* inputs that changed the database */
    long failed_input;  /* index in inputs of the file that failed to import, or -1; the
                         * database is unchanged by that file, and later ones were not read */
    tg_people_result_t people; /* what storing opt->people found (unknown teachers) */
    size_t pseudonyms_new;     /* pseudonyms given by this run */
} tg_run_result_t;

void tg_run_result_init(tg_run_result_t *res);
/* Frees what res owns; res may be NULL. */
void tg_run_result_destroy(tg_run_result_t *res);

/* The main job: import opt->inputs into the database (one transaction per
 * file: a file that fails leaves the database as it was and stops the job),
 * load it, analyse, then write the reports (and the charts) into out_dir
 * while a second thread builds the deferred indexes and stores the
 * analysis.  res (initialised by the caller, destroyed with
 * tg_run_result_destroy; or NULL) says which database and what was
 * imported.
 *
 * Returns TG_OK; TG_ERR_USAGE (no input, no out_dir, unknown format);
 * TG_ERR_IO (out_dir cannot be made, a file cannot be read or written);
 * TG_ERR_DATA (an input is malformed: err names the file and line);
 * TG_ERR_DB, TG_ERR_VERSION, TG_ERR_GRAPH, TG_ERR_NOMEM.
 *
 * Threads: tg_run starts threads of its own (the saver, the importers'
 * writer and decompression, the analysis's counting) and joins them before
 * it returns; it forks only when opt->analysis.bc_fork is set.  It uses
 * igraph (see tg_analyze): do not run two tg_run calls, or tg_run beside
 * other igraph work, at once.  The callbacks run on the calling thread. */
tg_status_t tg_run(const tg_run_options_t *opt, tg_run_result_t *res, tg_error_t *err);

/* The imported files of the store by name, for chart footers: "a.txt",
 * "a.txt and b.csv", "a.txt, b.csv and 3 more files" (no folders, oldest
 * first).  *names gets a new string the caller frees, or NULL when the store
 * holds no file.  Reads the store: not beside another use of the same store. */
tg_status_t tg_source_names(tg_store_t *store, char **names, tg_error_t *err);

/* ---- compare: the same measures side by side (`threadgraph compare`) ---- */
typedef struct tg_compare_options {
    const char *const *dbs;       /* databases (borrowed), compared in this order */
    size_t ndbs;                  /* at least one */
    tg_period_by_t by;            /* default TG_BY_WEEK */
    const char *tz;               /* the zone of weeks and months; NULL (default): UTC */
    const char *out_dir;          /* compare.csv and the charts; created when missing */
    int charts;                   /* 1 (default): also draw compare and compare-network */
    int pseudonymize;             /* show the pseudonyms stored in each database (a database
                                   * without them is refused: TG_ERR_USAGE) */
    tg_report_options_t report;
    tg_render_options_t render;   /* formats, dpi, seed; source NULL: the databases */
} tg_compare_options_t;

void tg_compare_options_init(tg_compare_options_t *opt);
/* Load each database (read-only), compute its rows (tg_compare_add, the
 * database's path as given as its label) and write out_dir/compare.csv
 * and, with charts, compare.EXT and compare-network.EXT.  out (initialised
 * by the caller, or NULL) receives the rows.  TG_OK; TG_ERR_USAGE (no
 * database, no out_dir, an unknown zone, no pseudonyms stored); TG_ERR_IO, TG_ERR_DB,
 * TG_ERR_VERSION, TG_ERR_GRAPH, TG_ERR_NOMEM.  Uses igraph: not beside
 * other igraph work. */
tg_status_t tg_compare_run(const tg_compare_options_t *opt, tg_compare_t *out, tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
