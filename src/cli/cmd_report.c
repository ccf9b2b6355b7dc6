/* cmd_report.c - `threadgraph report`: the stored analysis as CSV files,
 * summary.json and report.html; `--html FILE` writes the page alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { OPT_HTML = 950 };

static const cli_option report_page_options[] = {
    { "html", 0, "FILE", OPT_HTML, "write only the page (report.html) to FILE" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct report_args {
    cli_settings s;
    const char *html;
} report_args;

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    report_args *r = ctx;

    if (id == OPT_HTML) {
        r->html = v;
        return 0;
    }
    return cli_settings_option(c, &r->s, id, v);
}

/* report.html into path, with the imported files for its last section */
int cli_write_page(cli *c, tg_store_t *store, const tg_dataset_t *ds, const tg_analysis_t *a,
                   const cli_settings *s, const char *path)
{
    tg_page_options_t po;
    tg_source_row_t *rows = NULL;
    size_t nrows = 0;
    tg_error_t err;
    int rc = 0;

    tg_error_clear(&err);
    tg_page_options_init(&po);
    po.pseudonymize = s->pseudonymize;
    po.keep_locations = s->keep_locations;
    po.post_replies = (s->analysis.network & TG_NET_POST_REPLIES) != 0;
    po.tz = s->tz;
    /* the page names the input files: without them it is not written */
    if (tg_store_sources(store, 10000, &rows, &nrows, &err))
        return cli_report_error(c, &err);
    po.sources = rows;
    po.nsources = nrows;
    if (tg_report_html(ds, a, &po, path, &err))
        rc = cli_report_error(c, &err);
    tg_source_rows_free(rows, nrows);
    return rc;
}

static int run(cli *c, int argc, char **argv)
{
    report_args ra;
    cli_settings *s = &ra.s;
    char **pos = NULL;
    int npos = 0, help = 0, rc;
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_error_t err;
    tg_input_file_t *inputs = NULL;
    tg_output_set_t *set = NULL;

    ra.html = NULL;
    cli_settings_init(&ra.s, &cmd_report);
    ra.s.out = ".";
    tg_dataset_init(&ds);
    tg_analysis_init(&a);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_report, argc, argv, on_option, &ra, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos) {
        rc = cli_usage_error(c, &cmd_report, "unexpected argument '%s'", pos[0]);
        goto out;
    }
    {
        tg_analysis_options_t def;

        /* the analysis options only shape the analysis of one thread; the
         * stored analysis is what it is */
        tg_analysis_options_init(&def);
        if (!s->thread && (s->analysis.network != def.network ||
                           s->analysis.betweenness != def.betweenness ||
                           s->analysis.bc_samples != def.bc_samples ||
                           s->analysis.seed != def.seed)) {
            rc = cli_usage_error(c, &cmd_report, "the analysis options go with --thread; the "
                                                 "stored analysis is reported otherwise (run "
                                                 "'threadgraph analyze' with them)");
            goto out;
        }
    }
    if ((rc = cli_people_read(c, s)))
        goto out;
    cli_phase(c, "load");
    /* pseudonyms not given yet are stored: the database is then written */
    if (tg_store_open(s->db, s->pseudonymize ? 0 : TG_STORE_READONLY, &store, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    if ((rc = cli_people_pseudonyms(c, store, s, s->key)))
        goto out;
    if (tg_store_load(store, TG_LOAD_IDS, &ds, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    if (s->thread) {
        /* the analysis of the thread alone */
        if ((rc = cli_people_view(c, &ds, s, 1)))
            goto out;
        cli_phase(c, "analyse");
        if (tg_analyze(&ds, &s->analysis, &a, &err)) {
            rc = cli_report_error(c, &err);
            goto out;
        }
    } else {
        cli_phase(c, "load analysis");
        if (tg_store_load_analysis(store, &ds, &a, &err)) {
            rc = cli_report_error(c, &err);
            goto out;
        }
        if ((rc = cli_people_view(c, &ds, s, 0)))
            goto out;
    }
    cli_people_view_analysis(&ds, &a, s);
    if (tg_store_inputs(store, &inputs, &s->report.ninputs, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    s->report.inputs = inputs;
    if (ra.html) {
        cli_phase(c, "page");
        if ((rc = cli_write_page(c, store, &ds, &a, s, ra.html)))
            goto out;
        cli_phase(c, NULL);
        fprintf(c->out, "page in %s\n", ra.html);
        goto out;
    }
    /* the reports and the page are one set: renamed together at its end */
    if (tg_output_set_begin(&set, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, "reports");
    if (tg_report_write(&ds, &a, s->out, &s->report, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, "page");
    {
        size_t n = strlen(s->out) + sizeof "/report.html";
        char *path = malloc(n);

        if (!path) {
            rc = cli_nomem(c);
            goto out;
        }
        snprintf(path, n, "%s/report.html", s->out);
        rc = cli_write_page(c, store, &ds, &a, s, path);
        free(path);
        if (rc)
            goto out;
    }
    {
        tg_output_set_t *done = set;

        set = NULL;
        if (tg_output_set_end(done, 1, &err)) {
            rc = cli_report_error(c, &err);
            goto out;
        }
    }
    cli_phase(c, NULL);
    fprintf(c->out, "reports in %s: users.csv edges.csv communities.csv pairs.csv comments.csv "
                    "threads.csv locations.csv location_flows.csv summary.json report.html\n",
            s->out);
out:
    tg_output_set_end(set, 0, NULL);
    tg_input_files_free(inputs, s->report.ninputs);
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(pos);
    cli_settings_release(s);
    return rc;
}

const cli_command cmd_report = {
    "report",
    "Write the analysis as CSV reports (users, edges, communities, pairs, comments, threads, "
    "locations), summary.json and report.html.",
    "[--db PATH] [--out DIR] [--thread ID] [--pseudonymize [--key FILE] [--keep-locations]] "
    "[--top N] [--no-formula-guard] [--html FILE] [--tz ZONE]",
    { cli_db_options, cli_out_options, cli_thread_options, cli_privacy_options,
      cli_report_options, report_page_options, cli_tz_options, cli_analysis_options,
      cli_timing_options },
    run,
};
