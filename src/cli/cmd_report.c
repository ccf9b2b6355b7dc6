/* cmd_report.c - `threadgraph report`: the stored analysis as CSV files and
 * summary.json. */
#include <stdlib.h>

#include "cli_internal.h"

static int run(cli *c, int argc, char **argv)
{
    cli_settings s;
    char **pos = NULL;
    int npos = 0, help = 0, rc;
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_error_t err;

    cli_settings_init(&s, &cmd_report);
    s.out = ".";
    tg_dataset_init(&ds);
    tg_analysis_init(&a);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_report, argc, argv, cli_settings_option, &s, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos) {
        rc = cli_usage_error(c, &cmd_report, "unexpected argument '%s'", pos[0]);
        goto out;
    }
    cli_phase(c, "load");
    if (tg_store_open(s.db, TG_STORE_READONLY, &store, &err) ||
        tg_store_load(store, TG_LOAD_IDS, &ds, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, "load analysis");
    if (tg_store_load_analysis(store, &ds, &a, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, "reports");
    if (tg_report_write(&ds, &a, s.out, &s.report, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, NULL);
    fprintf(c->out, "reports in %s: users.csv pairs.csv comments.csv threads.csv locations.csv "
                    "location_flows.csv summary.json\n", s.out);
out:
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(pos);
    cli_settings_release(&s);
    return rc;
}

const cli_command cmd_report = {
    "report",
    "Write the analysis as CSV reports (users, pairs, comments, threads, locations) and summary.json.",
    "[--db PATH] [--out DIR] [--top N] [--no-formula-guard]",
    { cli_db_options, cli_out_options, cli_report_options, cli_timing_options, NULL },
    run,
};
