/* cmd_analyze.c - `threadgraph analyze`: compute every metric and store the
 * results in the database (tables in docs/schema.md). */
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

    cli_settings_init(&s, &cmd_analyze);
    tg_dataset_init(&ds);
    tg_analysis_init(&a);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_analyze, argc, argv, cli_settings_option, &s, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos) {
        rc = cli_usage_error(c, &cmd_analyze, "unexpected argument '%s'", pos[0]);
        goto out;
    }
    if ((rc = cli_people_read(c, &s)))
        goto out;
    s.analysis.progress = cli_progress;
    s.analysis.progress_ctx = c;
    cli_phase(c, "load");
    if (tg_store_open(s.db, 0, &store, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    if ((rc = cli_people_store(c, store, &s)))
        goto out;
    if (tg_store_load(store, 0, &ds, &err) || tg_analyze(&ds, &s.analysis, &a, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, "save analysis");
    if (tg_store_save_analysis(store, &ds, &a, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, NULL);
    fprintf(c->err, "analysed: comments %zu, threads %zu, named commenters %zu, reply edges %zu, "
                    "back-and-forth pairs %zu; betweenness %s\n",
            ds.ncomments, ds.nthreads, a.network_vertices, a.nedges, a.npairs,
            a.bc_exact ? "exact" : "sampled");
out:
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(pos);
    cli_settings_release(&s);
    return rc;
}

const cli_command cmd_analyze = {
    "analyze",
    "Compute depths, centralities, pairs and location flows; store them in the database.",
    "[--db PATH] [--betweenness auto|exact|sampled] [--betweenness-samples K] [--seed N]"
    " [--exclude-teachers] [--post-replies-as-edges] [--roster FILE] [--teacher NAME]",
    { cli_db_options, cli_analysis_options, cli_people_options, cli_timing_options, NULL },
    run,
};
