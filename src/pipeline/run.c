/* run.c - tg_run: the main job.  Import the files into the database,
 * analyse, and write the reports and the charts while a second thread
 * stores the analysis.  Nothing here prints: the caller hears of each
 * imported file and each phase through the callbacks of its options. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
    tg_people_result_destroy(&res->people);
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
    if (!sv->rc)
        sv->rc = tg_store_checkpoint(sv->store, &sv->err);
    return NULL;
}

/* While the dataset is loaded and analysed, a second connection on a
 * thread of its own builds the key index the import left for later (one
 * sort of every comment: opening a store builds it) and copies the
 * write-ahead log into the database file, on the core the loading and the
 * reply forest leave idle.  The analysis is saved later through the first
 * connection. */
typedef struct finisher {
    const char *path;
    tg_error_t err;
    tg_status_t rc;
} finisher;

static void *finish_main(void *arg)
{
    finisher *fin = arg;
    tg_store_t *s = NULL;

    fin->rc = tg_store_open(fin->path, TG_STORE_SMALL_CACHE, &s, &fin->err);
    if (!fin->rc)
        fin->rc = tg_store_checkpoint(s, &fin->err);
    tg_store_close(s);
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

/* Reports and charts of (shown, shown_a) into out_dir, the analysis of the
 * whole database (ds, a) saved beside them. */
static tg_status_t write_all(const tg_run_options_t *opt, tg_store_t *store,
                             const tg_dataset_t *ds, const tg_analysis_t *a,
                             const tg_dataset_t *shown, const tg_analysis_t *shown_a,
                             tg_error_t *err)
{
    saver sv = { store, ds, a, { TG_OK, "", "", 0, 0, TG_ERROR_KIND_NONE }, TG_OK };
    tg_render_options_t ro = opt->render;
    tg_report_options_t rep = opt->report;
    tg_input_file_t *inputs = NULL;
    tg_page_options_t po = opt->page;
    tg_source_row_t *rows = NULL;
    size_t nrows = 0;
    char *source = NULL, *page = NULL;
    tg_output_set_t *set = NULL;
    pthread_t th;
    int threaded;
    tg_status_t wrc;

    /* before the store is busy on the other thread */
    if (!rep.inputs && (wrc = tg_store_inputs(store, &inputs, &rep.ninputs, err)))
        return wrc;
    if (inputs)
        rep.inputs = inputs;
    if (opt->charts && !ro.source) {
        if ((wrc = tg_source_names(store, &source, err))) {
            tg_input_files_free(inputs, rep.ninputs);
            return wrc;
        }
        ro.source = source;
    }
    if (opt->charts && !po.sources) {
        /* the page names the input files: without them it is not written */
        if ((wrc = tg_store_sources(store, 10000, &rows, &nrows, err))) {
            tg_input_files_free(inputs, rep.ninputs);
            free(source);
            return wrc;
        }
        po.sources = rows;
        po.nsources = nrows;
    }
    /* no igraph work is left to clash with the charts' layouts */
    threaded = pthread_create(&th, NULL, save_main, &sv) == 0;
    if (!threaded)
        save_main(&sv);
    phase(opt, "reports, the analysis saved beside them");
    /* reports, charts and page are renamed together, once all are written */
    wrc = tg_output_set_begin(&set, err);
    if (!wrc)
        wrc = tg_report_write(shown, shown_a, opt->out_dir, &rep, err);
    if (!wrc && opt->charts) {
        phase(opt, "charts");
        wrc = tg_render_all(shown, shown_a, opt->out_dir, &ro, err);
    }
    if (!wrc && opt->compare_by >= 0) {
        phase(opt, "compare");
        wrc = tg_compare_into(shown, tg_store_path(store), (tg_period_by_t)opt->compare_by,
                              opt->compare_tz, opt->out_dir, opt->charts, &opt->report, &ro,
                              err);
    }
    if (!wrc && opt->charts) {
        size_t n = strlen(opt->out_dir) + sizeof "/report.html";

        phase(opt, "page");
        if (!(page = malloc(n)))
            wrc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        else {
            snprintf(page, n, "%s/report.html", opt->out_dir);
            wrc = tg_report_html(shown, shown_a, &po, page, err);
        }
    }
    if (set) {
        tg_status_t src = tg_output_set_end(set, wrc == TG_OK, wrc ? NULL : err);

        if (!wrc)
            wrc = src;
    }
    phase(opt, "saving the analysis (the rest of it)");
    if (threaded)
        pthread_join(th, NULL);
    free(source);
    tg_input_files_free(inputs, rep.ninputs);
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
    tg_dataset_t ds, tds, hidden;
    tg_analysis_t a, ta, hidden_a;
    const tg_dataset_t *shown = &ds;
    const tg_analysis_t *shown_a = &a;
    int32_t *noloc = NULL;
    tg_run_result_t local;
    tg_status_t rc;
    finisher fin;
    pthread_t fin_th;
    int finishing = 0;

    if (!res) {
        tg_run_result_init(&local);
        res = &local;
    }
    tg_dataset_init(&ds);
    tg_analysis_init(&a);
    tg_dataset_init(&tds);
    tg_analysis_init(&ta);
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
    /* the log is copied into the database beside the reports */
    if ((rc = tg_store_defer_checkpoints(store, err)))
        goto out;
    if ((rc = import_all(opt, store, res, err)))
        goto out;
    if (opt->people && opt->people->n &&
        (rc = tg_store_set_people(store, opt->people, &res->people, err)))
        goto out;
    if (opt->pseudonymize &&
        ((rc = tg_store_assign_pseudonyms(store, opt->key, &res->pseudonyms_new, err)) ||
         (opt->key_path && (rc = tg_key_write(store, opt->key_path, opt->key, err)))))
        goto out;
#ifdef __GLIBC__
    /* the import's maps and batches are freed, but glibc keeps freed memory
     * of its threads' arenas mapped: give it back before the analysis,
     * whose forked children would otherwise count it again */
    malloc_trim(0);
#endif
    fin.path = res->db_path;
    fin.rc = TG_OK;
    tg_error_clear(&fin.err);
    finishing = pthread_create(&fin_th, NULL, finish_main, &fin) == 0;
    phase(opt, "load");
    if ((rc = tg_store_load(store, TG_LOAD_IDS, &ds, err)))
        goto out;
    /* pseudonyms in the names; the analysis of the whole database is what
     * is stored */
    if (opt->pseudonymize && (rc = tg_dataset_pseudonymize(&ds, TG_VIEW_KEEP_LOCATIONS, err)))
        goto out;
    if ((rc = tg_analyze(&ds, &opt->analysis, &a, err)))
        goto out;
    if (opt->thread) {
        /* the reports and charts of one thread: its own dataset and analysis */
        int32_t t;

        if ((rc = tg_store_load(store, TG_LOAD_IDS, &tds, err)) ||
            (rc = tg_render_find_thread(&tds, opt->thread, &t, err)) ||
            (rc = tg_dataset_keep_thread(&tds, t, err)) ||
            (opt->pseudonymize && (rc = tg_dataset_pseudonymize(&tds, opt->view, err))) ||
            (rc = tg_analyze(&tds, &opt->analysis, &ta, err)))
            goto out;
        shown = &tds;
        shown_a = &ta;
    } else if (opt->pseudonymize && !(opt->view & TG_VIEW_KEEP_LOCATIONS)) {
        /* the locations hidden from the outputs only: a shallow copy of the
         * dataset without them, and of the analysis without its flows */
        size_t i;

        if (!(noloc = malloc((ds.ncomments ? ds.ncomments : 1) * sizeof *noloc))) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        for (i = 0; i < ds.ncomments; i++)
            noloc[i] = -1;
        hidden = ds;
        hidden.location = noloc;
        hidden.nlocations = 0;
        hidden_a = a;
        hidden_a.nflows = 0;
        shown = &hidden;
        shown_a = &hidden_a;
    }
    if (finishing) {
        phase(opt, "index and checkpoint (the rest of it)");
        finishing = 0;
        pthread_join(fin_th, NULL);
        if ((rc = fin.rc)) {
            if (err)
                *err = fin.err;
            goto out;
        }
    }
    if ((rc = write_all(opt, store, &ds, &a, shown, shown_a, err)))
        goto out;
    phase(opt, NULL);
out:
    if (finishing)
        pthread_join(fin_th, NULL);
    free(noloc);
    tg_analysis_destroy(&ta);
    tg_dataset_destroy(&tds);
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    if (res == &local)
        tg_run_result_destroy(&local);
    return rc;
}

/* "a.txt", "a.txt and b.csv", "a.txt, b.csv and 3 more files": the
 * imported files by name (no folders, so the chart does not depend on
 * where they were), oldest first.  *names is NULL when there is none. */
tg_status_t tg_source_names(tg_store_t *store, char **names, tg_error_t *err)
{
    tg_source_row_t *rows = NULL;
    size_t n = 0, i, shown;
    char *s = NULL;
    size_t len = 0;
    FILE *f;
    tg_status_t rc;

    *names = NULL;
    if ((rc = tg_store_sources(store, 1000, &rows, &n, err)) || n == 0) {
        tg_source_rows_free(rows, n);
        return rc;
    }
    f = open_memstream(&s, &len);
    if (!f) {
        tg_source_rows_free(rows, n);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
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
    tg_source_rows_free(rows, n);
    if (fclose(f) != 0) {
        free(s);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    *names = s;
    return TG_OK;
}
