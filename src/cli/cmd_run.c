/* cmd_run.c - `threadgraph run`: the main job.  Import the files into
 * DIR/threadgraph.db, analyse, store the analysis, and write the reports and
 * the charts into DIR.  The job is the library's tg_run; this file turns
 * the options into its options and prints what it reports. */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { OPT_NO_CHARTS = 900, OPT_RUN_BY };

static const cli_option run_options[] = {
    { "no-charts", 0, NULL, OPT_NO_CHARTS,
      "write the database and the reports, but no chart and no report.html" },
    { "by", 0, "thread|week|month", OPT_RUN_BY,
      "also compare the threads, weeks or months: compare.csv and its charts (as compare)" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct run_args {
    cli_settings s;
    int no_charts;
    int by;             /* -1, or a tg_period_by_t */
} run_args;

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    run_args *r = ctx;

    if (id == OPT_NO_CHARTS) {
        r->no_charts = 1;
        return 0;
    }
    if (id == OPT_RUN_BY) {
        tg_period_by_t by;
        tg_error_t err;

        tg_error_clear(&err);
        if (tg_period_by_parse(v, &by, &err)) {
            cli_usage_error(c, &cmd_run, "%s", err.message);
            return -1;
        }
        r->by = (int)by;
        return 0;
    }
    return cli_settings_option(c, &r->s, id, v);
}

static void on_imported(const char *path, const tg_import_report_t *report, void *ctx)
{
    (void)path;
    cli_print_import(ctx, report);
}

static void on_phase(const char *what, void *ctx)
{
    cli_phase(ctx, what);
}

static int run(cli *c, int argc, char **argv)
{
    run_args ra;
    cli_settings *sp = &ra.s;
    char **files = NULL;
    int nfiles = 0, help = 0, rc;
    tg_run_options_t ro;
    tg_run_result_t res;
    tg_error_t err;
    char *db = NULL, *key = NULL;

    ra.no_charts = 0;
    ra.by = -1;
    cli_settings_init(sp, &cmd_run);
    tg_run_result_init(&res);
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
    /* a bad roster or key stops the run before anything is changed */
    if ((rc = cli_people_read(c, sp)) ||
        (rc = cli_people_run_paths(c, sp, sp->out, sp->db_given, &db, &key)))
        goto out;
    tg_run_options_init(&ro);
    ro.db_path = db ? db : sp->db_given ? sp->db : NULL;
    ro.people = &sp->people;
    ro.pseudonymize = sp->pseudonymize;
    ro.key = sp->keyfile.n ? &sp->keyfile : NULL;
    ro.key_path = key ? key : sp->key;
    ro.view = sp->keep_locations ? TG_VIEW_KEEP_LOCATIONS : 0;
    ro.thread = sp->thread;
    ro.render.tz = sp->tz;
    ro.inputs = (const char *const *)files;
    ro.ninputs = (size_t)nfiles;
    ro.out_dir = sp->out;
    ro.charts = !ra.no_charts;
    ro.import = sp->import;
    ro.analysis = sp->analysis;
    ro.analysis.progress = cli_progress;
    ro.analysis.progress_ctx = c;
    ro.report = sp->report;
    ro.render.seed = sp->analysis.seed;
    ro.compare_by = ra.by;
    ro.compare_tz = sp->tz;
    ro.page.post_replies = (sp->analysis.network & TG_NET_POST_REPLIES) != 0;
    ro.page.tz = sp->tz;
    ro.imported = on_imported;
    ro.phase = on_phase;
    ro.ctx = c;
    if (tg_run(&ro, &res, &err)) {
        if (res.failed_input >= 0)
            cli_import_failed(c, files[res.failed_input], &err);
        else
            cli_report_error(c, &err);
        rc = cli_exit_status(err.code);
        goto out;
    }
    cli_people_warnings(c, res.db_path, &res.people);
    if (sp->pseudonymize)
        fprintf(c->err, "pseudonyms: %zu new; key in %s\n", res.pseudonyms_new, ro.key_path);
    fprintf(c->out, "database %s\nreports in %s: users.csv edges.csv communities.csv pairs.csv "
                    "comments.csv threads.csv locations.csv location_flows.csv summary.json\n",
            res.db_path, sp->out);
    if (!ra.no_charts)
        fprintf(c->out, "charts in %s: network, locations (when a comment has one), top-users, "
                        "depths, and a tree and a timeline for each of the largest threads, at "
                        "most %d (.png and .svg)\n"
                        "page in %s/report.html\n",
                sp->out, TG_RENDER_THREADS_DEFAULT, sp->out);
    if (ra.by >= 0)
        fprintf(c->out, "compared by %s in %s: compare.csv%s\n",
                tg_period_by_name((tg_period_by_t)ra.by), sp->out,
                ra.no_charts ? "" : ", compare and compare-network (.png and .svg)");
out:
    free(db);
    free(key);
    tg_run_result_destroy(&res);
    free(files);
    cli_settings_release(sp);
    return rc;
}

const cli_command cmd_run = {
    "run",
    "The main job: import FILEs into DIR/threadgraph.db, analyse, write the reports and charts into DIR.",
    "--out DIR [--teacher NAME] [--roster FILE] [--pseudonymize [--key FILE] [--keep-locations]] "
    "[--thread ID] [--tz ZONE] [--db PATH] [import options] [analysis options] [report options] "
    "FILE...",
    { cli_out_options, run_options, cli_db_options, cli_import_options, cli_people_options,
      cli_privacy_options, cli_thread_options, cli_tz_options, cli_analysis_options,
      cli_report_options, cli_timing_options },
    run,
};
