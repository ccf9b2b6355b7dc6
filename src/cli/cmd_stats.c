/* cmd_stats.c - `threadgraph stats`: what the database holds. */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

static const cli_option options[] = {
    { "json", 0, NULL, OPT_JSON, "one JSON object instead of text" },
    { NULL, 0, NULL, 0, NULL }
};

#define SHOWN_IMPORTS 5

static int run(cli *c, int argc, char **argv)
{
    cli_settings a;
    char **pos = NULL;
    int npos = 0, help = 0, rc;
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_stats_t st;
    tg_error_t err;
    tg_source_row_t *imports = NULL;
    size_t nimports = 0;

    cli_settings_init(&a, &cmd_stats);
    tg_dataset_init(&ds);
    tg_stats_init(&st);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_stats, argc, argv, cli_settings_option, &a, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos) {
        rc = cli_usage_error(c, &cmd_stats, "unexpected argument '%s'", pos[0]);
        goto out;
    }
    if (tg_store_open(a.db, TG_STORE_READONLY, &store, &err) ||
        tg_store_load(store, 0, &ds, &err) || tg_stats_compute(&ds, &st, &err) ||
        tg_store_sources(store, SHOWN_IMPORTS, &imports, &nimports, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    if (a.json) {
        if (tg_report_stats_json(c->out, &st, imports, nimports, &err))
            rc = cli_report_error(c, &err);
    } else
        tg_report_stats_text(c->out, &st, imports, nimports);
out:
    tg_source_rows_free(imports, nimports);
    tg_stats_destroy(&st);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(pos);
    cli_settings_release(&a);
    return rc;
}

const cli_command cmd_stats = {
    "stats",
    "Show what the database holds: threads, comments, commenters, locations, depths.",
    "[--db PATH] [--json]",
    { cli_db_options, options, NULL },
    run,
};
