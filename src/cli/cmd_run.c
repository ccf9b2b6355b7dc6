/* cmd_run.c - `threadgraph run`: the main job.  Import the files into
 * DIR/threadgraph.db, analyse, store the analysis, and write the reports and
 * the charts into DIR. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_internal.h"

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

enum { OPT_NO_CHARTS = 900 };

static const cli_option run_options[] = {
    { "no-charts", 0, NULL, OPT_NO_CHARTS, "write the database and the reports, but no chart" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct run_args {
    cli_settings s;
    int no_charts;
} run_args;

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    run_args *r = ctx;

    if (id == OPT_NO_CHARTS) {
        r->no_charts = 1;
        return 0;
    }
    return cli_settings_option(c, &r->s, id, v);
}

static int run(cli *c, int argc, char **argv)
{
    run_args ra;
    cli_settings *sp = &ra.s;
    char **files = NULL;
    int nfiles = 0, help = 0, rc;
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_error_t err;
    char *db = NULL, *source = NULL;
    long imported;
    size_t n;

    ra.no_charts = 0;
    cli_settings_init(sp, &cmd_run);
    tg_dataset_init(&ds);
    tg_analysis_init(&a);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_run, argc, argv, on_option, &ra, &files, &nfiles, &help);
    if (rc || help)
        goto out;
    if (!sp->out) {
        rc = cli_usage_error(c, &cmd_run, "--out DIR is needed");
        goto out;
    }
    if (nfiles == 0) {
        rc = cli_usage_error(c, &cmd_run, "no file to import");
        goto out;
    }
    if (mkdir(sp->out, 0777) != 0 && errno != EEXIST) {
        fprintf(c->err, "threadgraph: cannot create '%s': %s\n", sp->out, strerror(errno));
        rc = 1;
        goto out;
    }
    n = strlen(sp->out) + sizeof "/threadgraph.db";
    if (!(db = malloc(n))) {
        rc = 1;
        goto out;
    }
    snprintf(db, n, "%s/threadgraph.db", sp->out);
    if (tg_store_open(db, TG_STORE_CREATE, &store, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    /* the key index of a new database is built beside the reports */
    sp->import.defer_indexes = 1;
    if ((rc = cli_import_files(c, store, files, nfiles, sp, &imported)))
        goto out;
    sp->analysis.progress = cli_progress;
    sp->analysis.progress_ctx = c;
    cli_phase(c, "load");
    if (tg_store_load(store, TG_LOAD_IDS, &ds, &err) || tg_analyze(&ds, &sp->analysis, &a, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    /* the analysis is stored on a second thread while the reports and the
     * charts are written (no igraph work is left to clash with the charts'
     * layouts) */
    cli_phase(c, "reports and charts, analysis saved beside them");
    source = cli_source_names(store); /* before the store is busy on the other thread */
    {
        saver sv = { store, &ds, &a, { TG_OK, "", "", 0, 0, TG_ERROR_KIND_NONE }, TG_OK };
        pthread_t th;
        int threaded = pthread_create(&th, NULL, save_main, &sv) == 0;
        tg_status_t wrc;
        tg_render_options_t ro;

        if (!threaded)
            save_main(&sv);
        wrc = tg_report_write(&ds, &a, sp->out, &sp->report, &err);
        if (!wrc && !ra.no_charts) {
            tg_render_options_init(&ro);
            ro.source = source;
            ro.seed = sp->analysis.seed;
            wrc = tg_render_all(&ds, &a, sp->out, &ro, &err);
        }
        if (threaded)
            pthread_join(th, NULL);
        if (sv.rc) {
            rc = cli_report_error(c, &sv.err);
            goto out;
        }
        if (wrc) {
            rc = cli_report_error(c, &err);
            goto out;
        }
    }
    cli_phase(c, NULL);
    fprintf(c->out, "database %s\nreports in %s: users.csv pairs.csv comments.csv threads.csv "
                    "locations.csv location_flows.csv summary.json\n", db, sp->out);
    if (!ra.no_charts)
        fprintf(c->out, "charts in %s: network, locations, top-users, depths, and a tree and a "
                        "timeline for each of the largest threads, at most %d (.png and .svg)\n",
                sp->out, TG_RENDER_THREADS_DEFAULT);
out:
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(db);
    free(source);
    free(files);
    cli_settings_release(sp);
    return rc;
}

const cli_command cmd_run = {
    "run",
    "The main job: import FILEs into DIR/threadgraph.db, analyse, write the reports and charts into DIR.",
    "--out DIR [--betweenness auto|exact|sampled] [import options] [report options] FILE...",
    { cli_out_options, run_options, cli_import_options, cli_analysis_options, cli_report_options,
      cli_timing_options },
    run,
};
