/* cmd_import.c - `threadgraph import`: files (or ConvoKit corpus
 * directories) into the database, one transaction each, with a summary per
 * file on stderr. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"

enum {
    OPT_DB, OPT_FORMAT, OPT_REPLY_MODEL, OPT_TITLE, OPT_FOOTER, OPT_ANONYMOUS, OPT_STRICT,
    OPT_TIMING, OPT_MAP
};

static const cli_option options[] = {
    { "anonymous", 0, "NAME", OPT_ANONYMOUS,
      "also treat NAME (any letter case) as anonymous; repeatable" },
    { "db", 0, "PATH", OPT_DB, "database file (default: threadgraph.db)" },
    { "footer", 0, "LINE", OPT_FOOTER,
      "newspage: a line that ends the comment section (default: 'About This Blog'); repeatable" },
    { "format", 'f', "FORMAT", OPT_FORMAT,
      "auto (default: detect from the content), reddit, hn, canvas, convokit, jsonl, "
      "reddit-ndjson, moodle, csv or newspage" },
    { "map", 0, "FIELD=NAME,...", OPT_MAP,
      "csv, moodle, jsonl, convokit: read FIELD (id, parent_id, thread_id, author, location, "
      "timestamp, text) from the column or key NAME; repeatable" },
    { "reply-model", 0, "MODEL", OPT_REPLY_MODEL,
      "newspage: chain (default: 'In Response' replies to the comment above) or root "
      "(to the top-level comment of its group)" },
    { "strict", 0, NULL, OPT_STRICT,
      "treat orphans, duplicates, cycles, skipped records and bad timestamps as errors" },
    { "timing", 0, NULL, OPT_TIMING, "also print how long each phase of the import took" },
    { "title", 0, "TITLE", OPT_TITLE, "title of the thread(s), instead of the one found" },
    { NULL, 0, NULL, 0, NULL }
};

typedef struct import_args {
    const char *db;
    tg_import_options_t opt;
    const char **footers;
    size_t nfooters;
    const char **anon;       /* defaults + --anonymous, NULL-terminated */
    size_t nanon;
    const char **maps;       /* --map specs */
    size_t nmaps;
    int timing;
} import_args;

static int push(const char ***list, size_t *n, const char *s)
{
    const char **p = realloc(*list, (*n + 2) * sizeof *p);

    if (!p)
        return -1;
    p[(*n)++] = s;
    p[*n] = NULL;
    *list = p;
    return 0;
}

static int on_option(cli *c, void *ctx, int id, const char *v)
{
    import_args *a = ctx;

    switch (id) {
    case OPT_DB: a->db = v; break;
    case OPT_FORMAT: {
        size_t n, i;
        const tg_format_info_t *f = tg_formats(&n);

        if (strcmp(v, "auto") != 0) {
            char names[512];
            size_t used = 0;

            for (i = 0; i < n && strcmp(f[i].name, v) != 0; i++)
                ;
            if (i == n) {
                names[0] = '\0';
                for (i = 0; i < n && used < sizeof names; i++)
                    used += (size_t)snprintf(names + used, sizeof names - used, ", %s", f[i].name);
                return cli_usage_error(c, &cmd_import, "unknown format '%s' (formats: auto%s)", v,
                                       names), -1;
            }
        }
        a->opt.format = v;
        break;
    }
    case OPT_REPLY_MODEL:
        if (strcmp(v, "chain") == 0)
            a->opt.reply_model = TG_REPLY_CHAIN;
        else if (strcmp(v, "root") == 0)
            a->opt.reply_model = TG_REPLY_ROOT;
        else
            return cli_usage_error(c, &cmd_import, "--reply-model is chain or root, not '%s'", v),
                   -1;
        break;
    case OPT_TITLE: a->opt.title = v; break;
    case OPT_FOOTER:
        if (push(&a->footers, &a->nfooters, v))
            return -1;
        break;
    case OPT_ANONYMOUS:
        if (push(&a->anon, &a->nanon, v))
            return -1;
        break;
    case OPT_MAP: {
        tg_error_t e;

        tg_error_clear(&e);
        if (tg_import_map_check(v, &e))
            return cli_usage_error(c, &cmd_import, "%s", e.message), -1;
        if (push(&a->maps, &a->nmaps, v))
            return -1;
        break;
    }
    case OPT_STRICT: a->opt.strict = 1; break;
    case OPT_TIMING: a->timing = 1; break;
    }
    return 0;
}

static int run(cli *c, int argc, char **argv)
{
    import_args a;
    char **files = NULL;
    int nfiles = 0, help = 0, rc, i, existed;
    const char *const *def;
    tg_store_t *store = NULL;
    tg_error_t err;
    long imported = 0;

    memset(&a, 0, sizeof a);
    a.db = "threadgraph.db";
    tg_import_options_init(&a.opt);
    for (def = tg_default_anonymous(); *def; def++)
        push(&a.anon, &a.nanon, *def);
    rc = cli_parse(c, &cmd_import, argc, argv, on_option, &a, &files, &nfiles, &help);
    if (rc || help)
        goto out;
    if (nfiles == 0) {
        rc = cli_usage_error(c, &cmd_import, "no file to import");
        goto out;
    }
    a.opt.footers = a.footers;
    a.opt.nfooters = a.nfooters;
    a.opt.anonymous = a.anon;
    a.opt.nanonymous = a.nanon;
    a.opt.maps = a.maps;
    a.opt.nmaps = a.nmaps;

    tg_error_clear(&err);
    existed = access(a.db, F_OK) == 0;
    if (tg_store_open(a.db, TG_STORE_CREATE, &store, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    for (i = 0; i < nfiles; i++) {
        tg_import_report_t report;

        tg_import_report_init(&report);
        tg_error_clear(&err);
        if (tg_import_file(store, files[i], &a.opt, &report, &err)) {
            rc = cli_report_error(c, &err);
            fprintf(c->err, "threadgraph: '%s' was not imported; the database is unchanged by it\n",
                    files[i]);
            tg_import_report_destroy(&report);
            break;
        }
        tg_report_import_text(c->err, &report);
        if (a.timing && !report.already_imported)
            fprintf(c->err, "  timing: hash %.3f s, parse and write %.3f s (writer busy %.3f s), "
                            "settle %.3f s, commit %.3f s\n",
                    report.hash_s, report.parse_s, report.write_s, report.settle_s,
                    report.commit_s);
        if (!report.already_imported)
            imported++;
        tg_import_report_destroy(&report);
    }
    tg_store_close(store);
    /* a database this command created for nothing is removed again */
    if (rc && !existed && imported == 0)
        unlink(a.db);
out:
    free(files);
    free(a.footers);
    free(a.anon);
    free(a.maps);
    return rc;
}

const cli_command cmd_import = {
    "import",
    "Import comment files into the database (one transaction per file).",
    "[--db PATH] [--format FORMAT] [--map FIELD=NAME,...] [--reply-model chain|root] [--title T]"
    " [--strict] FILE...",
    options,
    run,
};
