/* cmd_export.c - `threadgraph export GRAPH`: one graph of the database
 * (users, comments, locations, people-places) as GraphML, GEXF, DOT,
 * node-link JSON or Gephi's CSV pair, for Gephi, networkx, igraph and R
 * (docs/exports.md).  It uses the stored analysis, or computes it when
 * there is none. */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { OPT_X_FORMAT = 500, OPT_X_THREAD, OPT_X_OUTPUT, OPT_X_NO_GUARD };

static const cli_option export_options[] = {
    { "format", 0, "F", OPT_X_FORMAT,
      "graphml, gexf, dot, json or csv (default: from -o's extension, else graphml)" },
    { "thread", 0, "ID", OPT_X_THREAD, "only this thread: its graph and its measures" },
    { "output", 'o', "FILE", OPT_X_OUTPUT,
      "the file (default GRAPH.FORMAT; csv writes FILE-nodes.csv and FILE-edges.csv)" },
    { "no-formula-guard", 0, NULL, OPT_X_NO_GUARD,
      "csv: do not prefix text cells starting with = + - @ with an apostrophe" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct export_args {
    cli_settings s;
    tg_export_options_t opt;
    const char *output;
} export_args;

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    export_args *a = ctx;
    const char *const *f;

    switch (id) {
    case OPT_X_FORMAT:
        for (f = tg_export_formats(); *f && strcmp(*f, v) != 0; f++)
            ;
        if (!*f)
            return cli_usage_error(c, &cmd_export,
                                   "unknown format '%s' (graphml, gexf, dot, json or csv)", v),
                   -1;
        a->opt.format = *f;
        return 0;
    case OPT_X_THREAD: a->opt.thread = v; return 0;
    case OPT_X_OUTPUT: a->output = v; return 0;
    case OPT_X_NO_GUARD: a->opt.formula_guard = 0; return 0;
    default:
        return cli_settings_option(c, &a->s, id, v);
    }
}

static int run(cli *c, int argc, char **argv)
{
    export_args a;
    char **pos = NULL, *defpath = NULL;
    int npos = 0, help = 0, rc;
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t an;
    tg_error_t err;
    const char *const *g;
    const char *path;
    unsigned load, parts;

    memset(&a, 0, sizeof a);
    cli_settings_init(&a.s, &cmd_export);
    tg_export_options_init(&a.opt);
    tg_dataset_init(&ds);
    tg_analysis_init(&an);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_export, argc, argv, on_option, &a, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos != 1) {
        rc = npos ? cli_usage_error(c, &cmd_export, "unexpected argument '%s'", pos[1])
                  : cli_usage_error(c, &cmd_export,
                                    "which graph? users, comments, locations or people-places");
        goto out;
    }
    for (g = tg_export_graphs(); *g && strcmp(*g, pos[0]) != 0; g++)
        ;
    if (!*g) {
        rc = cli_usage_error(c, &cmd_export,
                             "unknown graph '%s' (users, comments, locations or people-places)",
                             pos[0]);
        goto out;
    }
    a.opt.graph = *g;
    path = a.output;
    if (path && !a.opt.format && !tg_export_format_of(path)) {
        rc = cli_usage_error(c, &cmd_export,
                             "cannot tell the format of '%s': name it .graphml, .gexf, .dot, "
                             ".json or .csv, or give --format",
                             path);
        goto out;
    }
    if (!path) {
        const char *ext = tg_export_extension(a.opt.format ? a.opt.format : "graphml");
        size_t n = strlen(pos[0]) + strlen(ext) + 2;

        if (!(defpath = malloc(n))) {
            rc = cli_usage_error(c, &cmd_export, "out of memory");
            goto out;
        }
        snprintf(defpath, n, "%s.%s", pos[0], ext);
        path = defpath;
    }
    cli_phase(c, "load");
    /* only what the graph shows: the users graph needs no comment ids and
     * no per-comment figures */
    tg_export_needs(&a.opt, &load, &parts);
    if (tg_store_open(a.s.db, TG_STORE_READONLY, &store, &err) ||
        tg_store_load(store, load, &ds, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    if (!a.opt.thread) {
        cli_phase(c, "load analysis");
        if (tg_store_load_analysis_parts(store, &ds, parts, &an, &err) != TG_OK) {
            if (err.code != TG_ERR_FAIL) {
                rc = cli_report_error(c, &err);
                goto out;
            }
            /* none stored, or stale: compute it */
            tg_analysis_destroy(&an);
            tg_analysis_init(&an);
            tg_error_clear(&err);
            cli_phase(c, "analyse");
            if (tg_analyze(&ds, &a.s.analysis, &an, &err)) {
                rc = cli_report_error(c, &err);
                goto out;
            }
        }
    }
    cli_phase(c, "export");
    if (tg_export_write(&ds, a.opt.thread ? NULL : &an, path, &a.opt, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, NULL);
    if (strcmp(a.opt.format ? a.opt.format : tg_export_format_of(path) ? tg_export_format_of(path)
                                                                        : "graphml",
               "csv") == 0) {
        size_t len = strlen(path);

        if (len > 4 && strcasecmp(path + len - 4, ".csv") == 0)
            len -= 4;
        fprintf(c->out, "wrote %.*s-nodes.csv and %.*s-edges.csv\n", (int)len, path, (int)len,
                path);
    } else {
        fprintf(c->out, "wrote %s\n", path);
    }
out:
    tg_analysis_destroy(&an);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(defpath);
    free(pos);
    cli_settings_release(&a.s);
    return rc;
}

const cli_command cmd_export = {
    "export",
    "Export a graph (users, comments, locations, people-places) for Gephi, networkx, igraph or R.",
    "GRAPH [--db PATH] [--format F] [--thread ID] [-o FILE]",
    { cli_db_options, export_options, cli_timing_options, NULL },
    run,
};
