/* cmd_compare.c - `threadgraph compare`: the same measures for each thread,
 * week or month of one or more databases, side by side in compare.csv,
 * with a line chart of the measures and a small-multiples network chart.
 * The work is the library's tg_compare_run. */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { OPT_CMP_DB = 950, OPT_BY, OPT_NO_CHARTS };

static const cli_option options[] = {
    { "db", 0, "PATH", OPT_CMP_DB,
      "a database to compare (repeatable; default: threadgraph.db)" },
    { "by", 0, "thread|week|month", OPT_BY,
      "the periods compared: threads, ISO weeks from Monday, or months (default: week)" },
    { "pseudonymize", 0, NULL, OPT_PSEUDONYMIZE,
      "show the pseudonyms an earlier --pseudonymize (run, report) stored in the database" },
    { "no-charts", 0, NULL, OPT_NO_CHARTS, "write compare.csv, but no chart" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct compare_args {
    cli_settings s;
    const char **dbs;
    size_t ndbs;
    tg_period_by_t by;
    int no_charts;
    int nomem;
} compare_args;

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    compare_args *a = ctx;
    tg_error_t err;

    switch (id) {
    case OPT_CMP_DB: {
        const char **d = realloc(a->dbs, (a->ndbs + 1) * sizeof *d);

        if (!d) {
            a->nomem = 1;
            return cli_usage_error(c, &cmd_compare, "out of memory"), -1;
        }
        a->dbs = d;
        a->dbs[a->ndbs++] = v;
        return 0;
    }
    case OPT_BY:
        tg_error_clear(&err);
        if (tg_period_by_parse(v, &a->by, &err)) {
            cli_usage_error(c, &cmd_compare, "%s", err.message);
            return -1;
        }
        return 0;
    case OPT_NO_CHARTS:
        a->no_charts = 1;
        return 0;
    default:
        return cli_settings_option(c, &a->s, id, v);
    }
}

static int run(cli *c, int argc, char **argv)
{
    compare_args a;
    char **pos = NULL;
    int npos = 0, help = 0, rc;
    tg_compare_options_t co;
    tg_compare_t cmp;
    tg_error_t err;
    static const char *const default_db[] = { "threadgraph.db" };

    memset(&a, 0, sizeof a);
    a.by = TG_BY_WEEK;
    cli_settings_init(&a.s, &cmd_compare);
    tg_compare_init(&cmp, TG_BY_WEEK);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_compare, argc, argv, on_option, &a, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos) {
        rc = cli_usage_error(c, &cmd_compare, "unexpected argument '%s'", pos[0]);
        goto out;
    }
    tg_compare_options_init(&co);
    co.dbs = a.ndbs ? a.dbs : default_db;
    co.ndbs = a.ndbs ? a.ndbs : 1;
    co.by = a.by;
    co.tz = a.s.tz;
    co.pseudonymize = a.s.pseudonymize;
    co.out_dir = a.s.out ? a.s.out : ".";
    co.charts = !a.no_charts;
    co.report = a.s.report;
    if (tg_compare_run(&co, &cmp, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    fprintf(c->out, "compare.csv in %s: %zu row%s (%zu database%s by %s)\n", co.out_dir,
            cmp.nrows, cmp.nrows == 1 ? "" : "s", co.ndbs, co.ndbs == 1 ? "" : "s",
            tg_period_by_name(co.by));
    if (co.charts)
        fprintf(c->out, "charts in %s: compare, compare-network (.png and .svg)\n", co.out_dir);
out:
    tg_compare_destroy(&cmp);
    free(a.dbs);
    free(pos);
    cli_settings_release(&a.s);
    return rc;
}

const cli_command cmd_compare = {
    "compare",
    "Compare threads, weeks or months, and databases: compare.csv and two charts.",
    "[--db PATH]... [--by thread|week|month] [--tz ZONE] [--pseudonymize] [--out DIR] "
    "[--no-charts]",
    { cli_out_options, options, cli_tz_options, cli_report_options, NULL },
    run,
};
