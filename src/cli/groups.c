/* groups.c - the option groups commands share (database, output folder,
 * import, analysis, report), the settings they fill, and the import loop
 * that `import` and `run` share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli_internal.h"

const cli_option cli_db_options[] = {
    { "db", 0, "PATH", OPT_DB, "database file (default: threadgraph.db)" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_out_options[] = {
    { "out", 'o', "DIR", OPT_OUT, "output folder (created when missing)" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_import_options[] = {
    { "anonymous", 0, "NAME", OPT_ANONYMOUS,
      "also treat NAME (any letter case) as anonymous; repeatable" },
    { "footer", 0, "LINE", OPT_FOOTER,
      "newspage: a line that ends the comment section (default: 'About This Blog'); repeatable" },
    { "format", 'f', "FORMAT", OPT_FORMAT,
      "auto (default: detect from the content), or one of: " CLI_FORMAT_NAMES },
    { "map", 0, "FIELD=NAME,...", OPT_MAP,
      "csv, moodle, jsonl, convokit: read FIELD (id, parent_id, thread_id, author, location, "
      "timestamp, text) from the column or key NAME; repeatable" },
    { "max-record-size", 0, "SIZE", OPT_MAX_RECORD_SIZE,
      "the longest record read (a line, a mail, a JSON string; default 64M): a longer one "
      "stops the import; SIZE in bytes or with K, M, G" },
    { "reply-model", 0, "MODEL", OPT_REPLY_MODEL,
      "newspage: chain (default: 'In Response' replies to the comment above) or root "
      "(to the top-level comment of its group)" },
    { "strict", 0, NULL, OPT_STRICT,
      "treat orphans, duplicates, cycles, skipped records and bad timestamps as errors" },
    { "title", 0, "TITLE", OPT_TITLE, "title of the thread(s), instead of the one found" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_timing_options[] = {
    { "timing", 0, NULL, OPT_TIMING, "also print the wall and CPU time of each phase on stderr" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_analysis_options[] = {
    { "betweenness", 0, "MODE", OPT_BETWEENNESS,
      "auto (default: exact on small networks), exact, or sampled" },
    { "betweenness-samples", 0, "K", OPT_BC_SAMPLES,
      "sources sampled for betweenness and harmonic closeness (default 64)" },
    { "exclude-teachers", 0, NULL, OPT_EXCLUDE_TEACHERS,
      "leave teachers out of the user network and its measures (their comments stay in the "
      "trees)" },
    { "post-replies-as-edges", 0, NULL, OPT_POST_REPLIES_AS_EDGES,
      "count a top-level comment as a reply to the author of the thread's post in the user "
      "network" },
    { "seed", 0, "N", OPT_SEED, "seed of every random choice (default 1)" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_people_options[] = {
    { "roster", 0, "FILE", OPT_ROSTER,
      "the class: CSV with a name column and optional role (teacher or student) and group "
      "columns; stored in the database, people who never posted included" },
    { "teacher", 0, "NAME", OPT_TEACHER,
      "mark NAME (as written in the forum) as a teacher, stored in the database; repeatable" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_privacy_options[] = {
    { "keep-locations", 0, NULL, OPT_KEEP_LOCATIONS, "with --pseudonymize: keep the locations" },
    { "key", 0, "FILE", OPT_KEY,
      "with --pseudonymize: the key file (CSV, mode 0600) mapping pseudonyms to names; an "
      "existing key is reused, a missing one created" },
    { "pseudonymize", 0, NULL, OPT_PSEUDONYMIZE,
      "show 'Teacher 1', 'Student 01', ... instead of names in every output (stored in the "
      "database; locations hidden)" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_tz_options[] = {
    { "tz", 0, "ZONE", OPT_TZ,
      "time zone of Moodle's human-readable dates and of the times on the charts (default "
      "UTC; CSV stays UTC)" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_thread_options[] = {
    { "thread", 0, "ID", OPT_THREAD, "only this thread: every report is about it alone" },
    { NULL, 0, NULL, 0, NULL }
};

const cli_option cli_report_options[] = {
    { "no-formula-guard", 0, NULL, OPT_NO_FORMULA_GUARD,
      "do not prefix text cells starting with = + - @ with an apostrophe" },
    { "top", 0, "N", OPT_TOP, "rows of users.csv and pairs.csv (default: all)" },
    { NULL, 0, NULL, 0, NULL }
};

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

void cli_settings_init(cli_settings *s, const cli_command *cmd)
{
    memset(s, 0, sizeof *s);
    s->cmd = cmd;
    s->db = "threadgraph.db";
    tg_import_options_init(&s->import);
    tg_analysis_options_init(&s->analysis);
    s->analysis.bc_fork = 1; /* betweenness on the second core */
    tg_report_options_init(&s->report);
    /* the importers' defaults (import.anonymous NULL) until --anonymous
     * adds a name to them */
}

void cli_settings_release(cli_settings *s)
{
    tg_people_destroy(&s->people);
    tg_key_destroy(&s->keyfile);
    free(s->teachers);
    s->teachers = NULL;
    free(s->footers);
    free(s->anonymous);
    free(s->maps);
    s->footers = s->anonymous = s->maps = NULL;
}

/* Is v a format name?  When not, names gets ", name, name, ..." */
static int known_format(const char *v, char *names, size_t size)
{
    size_t n, i, used = 0;
    const tg_format_info_t *f = tg_formats(&n);

    if (strcmp(v, "auto") == 0)
        return 1;
    for (i = 0; i < n; i++)
        if (strcmp(f[i].name, v) == 0)
            return 1;
    names[0] = '\0';
    for (i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(names + used, size - used, ", %s", f[i].name);
    return 0;
}

int cli_settings_option(cli *c, void *ctx, int id, const char *v)
{
    cli_settings *s = ctx;
    long n;

    switch (id) {
    case OPT_DB:
        s->db = v;
        s->db_given = 1;
        break;
    case OPT_OUT: s->out = v; break;
    case OPT_JSON: s->json = 1; break;
    case OPT_FORMAT: {
        char names[512];

        if (!known_format(v, names, sizeof names))
            return cli_usage_error(c, s->cmd, "unknown format '%s' (formats: auto%s)", v, names),
                   -1;
        s->import.format = v;
        break;
    }
    case OPT_MAP: {
        tg_error_t e;

        tg_error_clear(&e);
        if (tg_import_map_check(v, &e))
            return cli_usage_error(c, s->cmd, "--map: %s", e.message), -1;
        if (push(&s->maps, &s->nmaps, v))
            return cli_nomem(c);
        s->import.maps = s->maps;
        s->import.nmaps = s->nmaps;
        break;
    }
    case OPT_REPLY_MODEL:
        if (strcmp(v, "chain") == 0)
            s->import.reply_model = TG_REPLY_CHAIN;
        else if (strcmp(v, "root") == 0)
            s->import.reply_model = TG_REPLY_ROOT;
        else
            return cli_usage_error(c, s->cmd, "--reply-model is chain or root, not '%s'", v), -1;
        break;
    case OPT_TITLE: s->import.title = v; break;
    case OPT_FOOTER:
        if (push(&s->footers, &s->nfooters, v))
            return cli_nomem(c);
        s->import.footers = s->footers;
        s->import.nfooters = s->nfooters;
        break;
    case OPT_ANONYMOUS:
        if (!s->anonymous) {
            const char *const *def;

            for (def = tg_default_anonymous(); *def; def++)
                if (push(&s->anonymous, &s->nanonymous, *def))
                    return cli_nomem(c);
        }
        if (push(&s->anonymous, &s->nanonymous, v))
            return cli_nomem(c);
        s->import.anonymous = s->anonymous;
        s->import.nanonymous = s->nanonymous;
        break;
    case OPT_MAX_RECORD_SIZE:
        if (cli_parse_size(v, &s->import.max_record_size) || s->import.max_record_size == 0)
            return cli_usage_error(c, s->cmd, "--max-record-size wants a size such as 64M or "
                                   "1048576, not '%s'", v), -1;
        break;
    case OPT_STRICT: s->import.strict = 1; break;
    case OPT_TIMING: s->timing = c->timing = 1; break;
    case OPT_BETWEENNESS:
        if (strcmp(v, "auto") == 0)
            s->analysis.betweenness = TG_BC_AUTO;
        else if (strcmp(v, "exact") == 0)
            s->analysis.betweenness = TG_BC_EXACT;
        else if (strcmp(v, "sampled") == 0)
            s->analysis.betweenness = TG_BC_SAMPLED;
        else
            return cli_usage_error(c, s->cmd, "--betweenness is auto, exact or sampled, not '%s'",
                                   v), -1;
        break;
    case OPT_BC_SAMPLES:
        if ((n = cli_parse_count(v)) < 1)
            return cli_usage_error(c, s->cmd, "--betweenness-samples needs a positive whole number, "
                                   "not '%s'", v), -1;
        s->analysis.bc_samples = (size_t)n;
        break;
    case OPT_SEED:
        if ((n = cli_parse_count(v)) < 0)
            return cli_usage_error(c, s->cmd, "--seed needs a whole number, not '%s'", v), -1;
        s->analysis.seed = (uint64_t)n;
        break;
    case OPT_TOP:
        if ((n = cli_parse_count(v)) < 1)
            return cli_usage_error(c, s->cmd, "--top needs a positive whole number, not '%s'", v),
                   -1;
        s->report.top = (size_t)n;
        break;
    case OPT_NO_FORMULA_GUARD: s->report.formula_guard = 0; break;
    case OPT_ROSTER: s->roster = v; break;
    case OPT_TEACHER:
        if (!*v)
            return cli_usage_error(c, s->cmd, "--teacher needs a name"), -1;
        if (push(&s->teachers, &s->nteachers, v))
            return cli_usage_error(c, s->cmd, "out of memory"), -1;
        break;
    case OPT_EXCLUDE_TEACHERS: s->analysis.network |= TG_NET_EXCLUDE_TEACHERS; break;
    case OPT_POST_REPLIES_AS_EDGES: s->analysis.network |= TG_NET_POST_REPLIES; break;
    case OPT_PSEUDONYMIZE: s->pseudonymize = 1; break;
    case OPT_KEY: s->key = v; break;
    case OPT_KEEP_LOCATIONS: s->keep_locations = 1; break;
    case OPT_THREAD: s->thread = v; break;
    case OPT_TZ: {
        tg_error_t e;
        char *env;

        tg_error_clear(&e);
        if (tg_tz_check(v, &e))
            return cli_usage_error(c, s->cmd, "%s", e.message), -1;
        /* the zone is set for the whole process once, before any thread
         * starts, so that the library's local times need no lock */
        if (!(env = malloc(strlen(v) + 2)))
            return cli_usage_error(c, s->cmd, "out of memory"), -1;
        snprintf(env, strlen(v) + 2, ":%s", v);
        setenv("TZ", env, 1);
        free(env);
        tzset();
        s->tz = v;
        s->import.tz = v;
        break;
    }
    }
    return 0;
}

void cli_print_import(cli *c, const tg_import_report_t *report)
{
    tg_report_import_text(c->err, report);
    if (c->timing && !report->already_imported)
        fprintf(c->err, "  timing: hash %.3f s, parse and write %.3f s (writer busy %.3f s), "
                        "settle %.3f s, commit %.3f s\n",
                report->hash_s, report->parse_s, report->write_s, report->settle_s,
                report->commit_s);
}

void cli_import_failed(cli *c, const char *path, const tg_error_t *err)
{
    cli_report_error(c, err);
    fprintf(c->err, "threadgraph: '%s' was not imported; the database is unchanged by it\n", path);
}

int cli_import_files(cli *c, tg_store_t *store, char **files, int nfiles, const cli_settings *s,
                     long *imported)
{
    int i, rc = 0;
    tg_error_t err;

    *imported = 0;
    for (i = 0; i < nfiles; i++) {
        tg_import_report_t report;

        tg_import_report_init(&report);
        tg_error_clear(&err);
        if (tg_import_file(store, files[i], &s->import, &report, &err)) {
            rc = cli_exit_status(err.code);
            cli_import_failed(c, files[i], &err);
            tg_import_report_destroy(&report);
            break;
        }
        cli_print_import(c, &report);
        if (!report.already_imported)
            (*imported)++;
        tg_import_report_destroy(&report);
    }
    return rc;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process's threads and of its children reaped so far
 * (the forked betweenness and communities count when they are collected) */
static double cpu_s(void)
{
    struct rusage self, kids;
    double s = 0;

    if (getrusage(RUSAGE_SELF, &self) == 0)
        s += (double)self.ru_utime.tv_sec + (double)self.ru_stime.tv_sec +
             ((double)self.ru_utime.tv_usec + (double)self.ru_stime.tv_usec) / 1e6;
    if (getrusage(RUSAGE_CHILDREN, &kids) == 0)
        s += (double)kids.ru_utime.tv_sec + (double)kids.ru_stime.tv_sec +
             ((double)kids.ru_utime.tv_usec + (double)kids.ru_stime.tv_usec) / 1e6;
    return s;
}

void cli_phase(cli *c, const char *what)
{
    double t = now_s(), cpu = c->timing ? cpu_s() : 0;

    if (c->timing && c->phase[0])
        fprintf(c->err, "  timing: %s %.3f s (CPU %.3f s)\n", c->phase, t - c->phase_start,
                cpu - c->phase_cpu);
    snprintf(c->phase, sizeof c->phase, "%s", what ? what : "");
    c->phase_start = t;
    c->phase_cpu = cpu;
}

void cli_progress(const char *what, double percent, void *ctx)
{
    cli *c = ctx;

    /* a new phase starts at 0% */
    if (percent <= 0 && what && strcmp(what, c->phase) != 0)
        cli_phase(c, what);
    if (!isatty(fileno(c->err)))
        return;
    fprintf(c->err, "\r%-40s %5.1f%%", what ? what : "", percent);
    if (percent >= 100)
        fputc('\n', c->err);
    fflush(c->err);
}
