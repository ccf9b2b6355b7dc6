/* run.c - tg_run: the main job.  Import the files into the database,
 * analyse, and write the reports and the charts while a second thread
 * stores the analysis.  Nothing here prints: the caller hears of each
 * imported file and each phase through the callbacks of its options. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "threadgraph/pipeline.h"
#include "pipeline_internal.h"

void tg_run_options_init(tg_run_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->charts = 1;
    opt->compare_by = -1;
    tg_import_options_init(&opt->import);
    tg_analysis_options_init(&opt->analysis);
    tg_report_options_init(&opt->report);
    tg_render_options_init(&opt->render);
    tg_page_options_init(&opt->page);
}

void tg_run_result_init(tg_run_result_t *res)
{
    memset(res, 0, sizeof *res);
    res->failed_input = -1;
}

void tg_run_result_destroy(tg_run_result_t *res)
{
    if (!res)
        return;
    free(res->db_path);
    tg_run_result_init(res);
}

/* The analysis is stored on a second thread while the reports are written:
 * SQLite and the CSV files then use both cores. */
typedef struct saver {
    tg_store_t *store;
    const tg_dataset_t *ds;
    const tg_analysis_t *a;
    tg_error_t err;
    tg_status_t rc;
} saver;

static void *save_main(void *arg)
{
    saver *sv = arg;

    sv->rc = tg_store_build_indexes(sv->store, &sv->err);
    if (!sv->rc)
        sv->rc = tg_store_save_analysis(sv->store, sv->ds, sv->a, &sv->err);
    return NULL;
}

static void phase(const tg_run_options_t *opt, const char *what)
{
    if (opt->phase)
        opt->phase(what, opt->ctx);
}

/* Import every input; stops at the first that fails (res->failed_input). */
static tg_status_t import_all(const tg_run_options_t *opt, tg_store_t *store,
                              tg_run_result_t *res, tg_error_t *err)
{
    tg_import_options_t io = opt->import;
    tg_status_t rc = TG_OK;
    size_t i;

    /* the key index of a new database is built beside the reports */
    io.defer_indexes = 1;
    for (i = 0; i < opt->ninputs && !rc; i++) {
        tg_import_report_t report;

        tg_import_report_init(&report);
        rc = tg_import_file(store, opt->inputs[i], &io, &report, err);
        if (rc) {
            res->failed_input = (long)i;
        } else {
            if (opt->imported)
                opt->imported(opt->inputs[i], &report, opt->ctx);
            if (!report.already_imported)
                res->imported++;
        }
        tg_import_report_destroy(&report);
    }
    return rc;
}

/* Reports and charts into out_dir, the analysis saved beside them. */
static tg_status_t write_all(const tg_run_options_t *opt, tg_store_t *store,
                             const tg_dataset_t *ds, const tg_analysis_t *a, tg_error_t *err)
{
    saver sv = { store, ds, a, { TG_OK, "", "", 0, 0, TG_ERROR_KIND_NONE }, TG_OK };
    tg_render_options_t ro = opt->render;
    tg_page_options_t po = opt->page;
    tg_source_row_t *rows = NULL;
    size_t nrows = 0;
    char *source = NULL, *page = NULL;
    pthread_t th;
    int threaded;
    tg_status_t wrc;

    /* before the store is busy on the other thread */
    if (opt->charts && !ro.source)
        ro.source = source = tg_source_names(store);
    if (opt->charts && !po.sources && tg_store_sources(store, 10000, &rows, &nrows, NULL) == TG_OK) {
        po.sources = rows;
        po.nsources = nrows;
    }
    /* no igraph work is left to clash with the charts' layouts */
    threaded = pthread_create(&th, NULL, save_main, &sv) == 0;
    if (!threaded)
        save_main(&sv);
    wrc = tg_report_write(ds, a, opt->out_dir, &opt->report, err);
    if (!wrc && opt->charts)
        wrc = tg_render_all(ds, a, opt->out_dir, &ro, err);
    if (!wrc && opt->compare_by >= 0)
        wrc = tg_compare_into(ds, tg_store_path(store), (tg_period_by_t)opt->compare_by,
                              opt->compare_tz, opt->out_dir, opt->charts, &opt->report, &ro,
                              err);
    if (!wrc && opt->charts) {
        size_t n = strlen(opt->out_dir) + sizeof "/report.html";

        if (!(page = malloc(n)))
            wrc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        else {
            snprintf(page, n, "%s/report.html", opt->out_dir);
            wrc = tg_report_html(ds, a, &po, page, err);
        }
    }
    if (threaded)
        pthread_join(th, NULL);
    free(source);
    free(page);
    tg_source_rows_free(rows, nrows);
    if (sv.rc) {
        if (err)
            *err = sv.err;
        return sv.rc;
    }
    return wrc;
}

tg_status_t tg_run(const tg_run_options_t *opt, tg_run_result_t *res, tg_error_t *err)
{
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_run_result_t local;
    tg_status_t rc;

    if (!res) {
        tg_run_result_init(&local);
        res = &local;
    }
    tg_dataset_init(&ds);
    tg_analysis_init(&a);
    res->imported = 0;
    res->failed_input = -1;
    if (!opt->out_dir || !*opt->out_dir) {
        rc = tg_error_set(err, TG_ERR_USAGE, "no folder for the reports was given");
        goto out;
    }
    if (opt->ninputs == 0) {
        rc = tg_error_set(err, TG_ERR_USAGE, "no file to import");
        goto out;
    }
    if (mkdir(opt->out_dir, 0777) != 0 && errno != EEXIST) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", opt->out_dir,
                          strerror(errno));
        goto out;
    }
    free(res->db_path);
    if (opt->db_path) {
        res->db_path = strdup(opt->db_path);
    } else {
        size_t n = strlen(opt->out_dir) + sizeof "/threadgraph.db";

        if ((res->db_path = malloc(n)))
            snprintf(res->db_path, n, "%s/threadgraph.db", opt->out_dir);
    }
    if (!res->db_path) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = tg_store_open(res->db_path, TG_STORE_CREATE, &store, err)))
        goto out;
    if ((rc = import_all(opt, store, res, err)))
        goto out;
    phase(opt, "load");
    if ((rc = tg_store_load(store, TG_LOAD_IDS, &ds, err)) ||
        (rc = tg_analyze(&ds, &opt->analysis, &a, err)))
        goto out;
    phase(opt, "reports and charts, analysis saved beside them");
    if ((rc = write_all(opt, store, &ds, &a, err)))
        goto out;
    phase(opt, NULL);
out:
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    if (res == &local)
        tg_run_result_destroy(&local);
    return rc;
}

/* "a.txt", "a.txt and b.csv", "a.txt, b.csv and 3 more files": the
 * imported files by name (no folders, so the chart does not depend on
 * where they were), oldest first.  NULL when none (or out of memory). */
char *tg_source_names(tg_store_t *store)
{
    tg_source_row_t *rows = NULL;
    size_t n = 0, i, shown;
    char *s = NULL;
    size_t len = 0;
    FILE *f;

    if (tg_store_sources(store, 1000, &rows, &n, NULL) || n == 0) {
        tg_source_rows_free(rows, n);
        return NULL;
    }
    f = open_memstream(&s, &len);
    if (!f) {
        tg_source_rows_free(rows, n);
        return NULL;
    }
    shown = n <= 3 ? n : 2;
    for (i = 0; i < shown; i++) {
        const char *p = rows[n - 1 - i].path, *slash = p ? strrchr(p, '/') : NULL;

        if (i)
            fputs(i + 1 == shown && shown == n ? " and " : ", ", f);
        fputs(slash ? slash + 1 : p ? p : "?", f);
    }
    if (shown < n)
        fprintf(f, " and %zu more files", n - shown);
    if (fclose(f) != 0) {
        free(s);
        s = NULL;
    }
    tg_source_rows_free(rows, n);
    return s;
}
