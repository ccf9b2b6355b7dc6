/* cmd_render.c - `threadgraph render CHART`: one chart of the database as
 * PNG, SVG or PDF (the format follows the file name).  The charts that need
 * the analysis use the stored one, or compute it when there is none. */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { OPT_R_THREAD = 400, OPT_R_TOP, OPT_R_DPI, OPT_R_SEED, OPT_R_OUTPUT, OPT_R_COLOUR };

static const cli_option render_options[] = {
    { "thread", 0, "ID", OPT_R_THREAD,
      "only this thread, on every chart (tree, timeline: default the thread with most "
      "comments)" },
    { "top", 0, "N", OPT_R_TOP, "top-users: bars; network: names shown (default 20, at most 100)" },
    { "dpi", 0, "N", OPT_R_DPI, "PNG resolution (default 192, twice a screen's; 24 to 600)" },
    { "seed", 0, "N", OPT_R_SEED, "seed of the network and locations layouts (default 1)" },
    { "colour", 0, "BY", OPT_R_COLOUR,
      "network: replies (default: one colour) or community (each commenter's community)" },
    { "output", 'o', "FILE", OPT_R_OUTPUT, "the chart: FILE.png, .svg or .pdf (default CHART.png)" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct render_args {
    cli_settings s;
    tg_render_options_t opt;
    const char *thread;
    const char *output;
} render_args;

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    render_args *a = ctx;
    long n;

    switch (id) {
    case OPT_R_THREAD: a->thread = v; return 0;
    case OPT_R_OUTPUT: a->output = v; return 0;
    case OPT_R_COLOUR:
        if (strcmp(v, "community") == 0)
            a->opt.colour = TG_COLOUR_COMMUNITY;
        else if (strcmp(v, "replies") == 0)
            a->opt.colour = TG_COLOUR_REPLIES;
        else
            return cli_usage_error(c, &cmd_render,
                                   "--colour needs replies or community, not '%s'", v), -1;
        return 0;
    case OPT_R_TOP:
        if ((n = cli_parse_count(v)) < 1 || n > TG_RENDER_TOP_MAX)
            return cli_usage_error(c, &cmd_render, "--top needs a whole number from 1 to %d, not "
                                   "'%s'", TG_RENDER_TOP_MAX, v), -1;
        a->opt.top = (size_t)n;
        return 0;
    case OPT_R_DPI:
        if ((n = cli_parse_count(v)) < TG_RENDER_DPI_MIN || n > TG_RENDER_DPI_MAX)
            return cli_usage_error(c, &cmd_render, "--dpi needs a whole number from %g to %g, not "
                                   "'%s'", TG_RENDER_DPI_MIN, TG_RENDER_DPI_MAX, v), -1;
        a->opt.dpi = (double)n;
        return 0;
    case OPT_R_SEED:
        if ((n = cli_parse_count(v)) < 0)
            return cli_usage_error(c, &cmd_render, "--seed needs a whole number, not '%s'", v), -1;
        a->opt.seed = (uint64_t)n;
        a->s.analysis.seed = (uint64_t)n;
        return 0;
    default:
        return cli_settings_option(c, &a->s, id, v);
    }
}

static int run(cli *c, int argc, char **argv)
{
    render_args a;
    char **pos = NULL, *source = NULL, *defpath = NULL;
    int npos = 0, help = 0, rc, have_an = 0;
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t an;
    tg_error_t err;
    tg_chart_t chart;
    const char *path;

    cli_settings_init(&a.s, &cmd_render);
    tg_render_options_init(&a.opt);
    a.thread = NULL;
    a.output = NULL;
    tg_dataset_init(&ds);
    tg_analysis_init(&an);
    tg_error_clear(&err);
    rc = cli_parse(c, &cmd_render, argc, argv, on_option, &a, &pos, &npos, &help);
    if (rc || help)
        goto out;
    if (npos != 1) {
        rc = npos ? cli_usage_error(c, &cmd_render, "unexpected argument '%s'", pos[1])
                  : cli_usage_error(c, &cmd_render, "which chart? (tree, timeline, network, "
                                                    "locations, top-users, depths, compare, "
                                                    "compare-network)");
        goto out;
    }
    if (tg_chart_parse(pos[0], &chart, &err)) {
        rc = cli_usage_error(c, &cmd_render, "%s", err.message);
        goto out;
    }
    if (a.output) {
        path = a.output;
    } else {
        size_t n = strlen(pos[0]) + sizeof ".png";

        if (!(defpath = malloc(n))) {
            rc = 1;
            goto out;
        }
        snprintf(defpath, n, "%s.png", pos[0]);
        path = defpath;
    }
    {
        unsigned format;

        if (tg_render_format_of(path, &format, &err)) {
            rc = cli_usage_error(c, &cmd_render, "%s", err.message);
            goto out;
        }
    }
    cli_phase(c, "load");
    if (tg_store_open(a.s.db, TG_STORE_READONLY, &store, &err) ||
        tg_store_load(store, TG_LOAD_IDS, &ds, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    if ((rc = cli_people_read(c, &a.s)))
        goto out;
    if (a.s.pseudonymize) {
        /* pseudonyms not given yet are stored: the database is written */
        tg_dataset_destroy(&ds);
        tg_dataset_init(&ds);
        tg_store_close(store);
        store = NULL;
        if (tg_store_open(a.s.db, 0, &store, &err)) {
            rc = cli_report_error(c, &err);
            goto out;
        }
        if ((rc = cli_people_pseudonyms(c, store, &a.s, a.s.key)))
            goto out;
        if (tg_store_load(store, TG_LOAD_IDS, &ds, &err)) {
            rc = cli_report_error(c, &err);
            goto out;
        }
    }
    if (a.thread) {
        /* the thread alone, on every chart; its analysis is its own */
        a.s.thread = a.thread;
        if ((rc = cli_people_view(c, &ds, &a.s, 1)))
            goto out;
        a.opt.thread = 0;
        if (tg_chart_needs_analysis(chart)) {
            cli_phase(c, "analyse");
            if (tg_analyze(&ds, &a.s.analysis, &an, &err)) {
                rc = cli_report_error(c, &err);
                goto out;
            }
            have_an = 1;
        }
    }
    if (!a.thread && tg_chart_needs_analysis(chart)) {
        cli_phase(c, "load analysis");
        tg_error_clear(&err);
        if (tg_store_load_analysis(store, &ds, &an, &err) == TG_OK) {
            have_an = 1;
        } else if (err.code != TG_ERR_FAIL) {
            rc = cli_report_error(c, &err);
            goto out;
        } else {
            /* none stored, or stale: compute it */
            tg_analysis_destroy(&an);
            tg_analysis_init(&an);
            tg_error_clear(&err);
            cli_phase(c, "analyse");
            if (tg_analyze(&ds, &a.s.analysis, &an, &err)) {
                rc = cli_report_error(c, &err);
                goto out;
            }
            have_an = 1;
        }
    }
    if (!a.thread && (rc = cli_people_view(c, &ds, &a.s, 0)))
        goto out;
    cli_people_view_analysis(&ds, &an, &a.s);
    if (chart == TG_CHART_LOCATIONS && !tg_dataset_has_locations(&ds)) {
        fprintf(c->err, "threadgraph: %s: no locations chart\n",
                a.thread ? "no comment of this thread has a location"
                : a.s.pseudonymize && !a.s.keep_locations
                    ? "no location is shown (--pseudonymize hides them; --keep-locations keeps "
                      "them)"
                    : "no comment has a location");
        rc = EXIT_DATAERR;
        goto out;
    }
    a.opt.tz = a.s.tz;
    if (tg_source_names(store, &source, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    a.opt.source = source;
    cli_phase(c, "draw");
    if (tg_render_chart(chart, &ds, have_an ? &an : NULL, &a.opt, path, &err)) {
        unsigned format = 0;

        /* the options were checked above: a usage error left is a PNG too
         * large for its resolution */
        tg_render_format_of(path, &format, NULL);
        rc = err.code == TG_ERR_USAGE && format == TG_IMAGE_PNG
                 ? cli_report_error_hint(c, &err, "; choose a lower --dpi")
                 : cli_report_error(c, &err);
        goto out;
    }
    cli_phase(c, NULL);
    fprintf(c->out, "wrote %s\n", path);
out:
    tg_analysis_destroy(&an);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    free(source);
    free(defpath);
    free(pos);
    cli_settings_release(&a.s);
    return rc;
}

const cli_command cmd_render = {
    "render",
    "Draw a chart of the database: tree, timeline, network, locations, top-users, depths, "
    "compare (by week) or compare-network.",
    "CHART [--db PATH] [--thread ID] [--top N] [--dpi N] [--seed N] [--colour BY] [--tz ZONE] "
    "[--pseudonymize [--key FILE] [--keep-locations]] [-o FILE]",
    { cli_db_options, render_options, cli_privacy_options, cli_tz_options, cli_timing_options,
      NULL },
    run,
};
