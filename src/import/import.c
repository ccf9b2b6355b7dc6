/* import.c - the importer table, format detection and the import of one
 * file as one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "import_internal.h"

/* Detection tries these in order; the highest score wins, ties go to the
 * earlier entry.  A new format is one entry here. */
static const tg_importer_t *const importers[] = {
    &tg_importer_reddit_ndjson,
    &tg_importer_csv,
    &tg_importer_newspage,
};

#define NIMPORTERS (sizeof importers / sizeof importers[0])
#define DETECT_BYTES (64u * 1024u)

static const char *const default_anonymous[] = { "Anonymous", "[deleted]", "[removed]", NULL };

const char *const *tg_default_anonymous(void)
{
    return default_anonymous;
}

void tg_import_options_init(tg_import_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->reply_model = TG_REPLY_CHAIN;
}

const tg_format_info_t *tg_formats(size_t *n)
{
    static tg_format_info_t infos[NIMPORTERS];
    size_t i;

    for (i = 0; i < NIMPORTERS; i++) {
        infos[i].name = importers[i]->name;
        infos[i].summary = importers[i]->summary;
    }
    *n = NIMPORTERS;
    return infos;
}

static const tg_importer_t *find_importer(const char *name)
{
    size_t i;

    for (i = 0; i < NIMPORTERS; i++)
        if (strcmp(importers[i]->name, name) == 0)
            return importers[i];
    return NULL;
}

static const tg_importer_t *detect(tg_input_t *in, const char *path, tg_error_t *err)
{
    const char *head;
    size_t len = tg_input_peek(in, &head, DETECT_BYTES, err), i;
    const tg_importer_t *best = NULL;
    int best_score = 0;

    if (!head)
        return NULL;
    if (len == 0) {
        tg_error_set_at(err, TG_ERR_DATA, path, 0, 0, "'%s' is empty", path);
        return NULL;
    }
    for (i = 0; i < NIMPORTERS; i++) {
        int s = importers[i]->detect(path, head, len);

        if (s > best_score) {
            best_score = s;
            best = importers[i];
        }
    }
    if (!best)
        tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                        "cannot tell the format of '%s' (name one with --format)", path);
    return best;
}

const char *tg_import_detect(const char *path, tg_error_t *err)
{
    tg_input_t *in = NULL;
    const tg_importer_t *imp;

    if (tg_input_open(path, &in, err))
        return NULL;
    imp = detect(in, path, err);
    tg_input_close(in);
    return imp ? imp->name : NULL;
}

/* Content hash (XXH3, 128 bits) and size of the file, read once up front so
 * that a file imported before is recognised before any parsing. */
static tg_status_t hash_file(const char *path, char *hex, size_t hexsz, int64_t *bytes,
                             tg_error_t *err)
{
    tg_input_t *in = NULL;
    XXH3_state_t *st = XXH3_createState();
    char *buf = malloc(128 * 1024);
    tg_status_t rc = TG_OK;
    long n;
    XXH128_hash_t h;

    *bytes = 0;
    if (!st || !buf) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = tg_input_open(path, &in, err)))
        goto out;
    XXH3_128bits_reset(st);
    while ((n = tg_input_read(in, buf, 128 * 1024, err)) > 0) {
        XXH3_128bits_update(st, buf, (size_t)n);
        *bytes += n;
    }
    if (n < 0) {
        rc = err ? err->code : TG_ERR_IO;
        goto out;
    }
    h = XXH3_128bits_digest(st);
    snprintf(hex, hexsz, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
out:
    tg_input_close(in);
    XXH3_freeState(st);
    free(buf);
    return rc;
}

/* For --strict: what the report found, as "2 skipped, 1 bad_times", and the
 * earliest line concerned.  Returns 0 when the import is clean. */
static int problems(const tg_import_report_t *r, char *what, size_t n, long *line)
{
    size_t k, used = 0;
    int found = 0;

    *line = 0;
    what[0] = '\0';
    for (k = 0; k < TG_TALLY_KINDS; k++) {
        const tg_tally_t *t = &r->tally[k];

        if (k == TG_TALLY_LINKED || !t->count)
            continue;
        if (used < n)
            used += (size_t)snprintf(what + used, n - used, "%s%ld %s", found ? ", " : "",
                                     t->count, tg_tally_name((tg_tally_kind_t)k));
        if (t->first_line > 0 && (*line == 0 || t->first_line < *line))
            *line = t->first_line;
        found = 1;
    }
    return found;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

tg_status_t tg_import_file(tg_store_t *store, const char *path, const tg_import_options_t *opt,
                           tg_import_report_t *report, tg_error_t *err)
{
    tg_import_options_t defaults;
    tg_input_t *in = NULL;
    const tg_importer_t *imp = NULL;
    tg_store_import_t *si = NULL;
    tg_source_info_t src;
    char hex[40];
    int64_t bytes;
    tg_status_t rc;
    double t0 = now_s(), t1;

    if (!opt) {
        tg_import_options_init(&defaults);
        opt = &defaults;
    }
    free(report->path);
    report->path = strdup(path);
    if (!report->path)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if (opt->format && strcmp(opt->format, "auto") != 0) {
        imp = find_importer(opt->format);
        if (!imp)
            return tg_error_set(err, TG_ERR_USAGE, "unknown format '%s'", opt->format);
    }
    if ((rc = hash_file(path, hex, sizeof hex, &bytes, err)))
        return rc;
    if (bytes == 0)
        return tg_error_set_at(err, TG_ERR_DATA, path, 0, 0, "'%s' is empty", path);
    t1 = now_s();
    report->hash_s = t1 - t0;
    t0 = t1;
    if ((rc = tg_input_open(path, &in, err)))
        return rc;
    if (!imp && !(imp = detect(in, path, err))) {
        rc = err ? err->code : TG_ERR_DATA;
        goto out;
    }
    free(report->format);
    report->format = strdup(imp->name);
    src.path = path;
    src.format = imp->name;
    src.hash = hex;
    src.bytes = bytes;
    if ((rc = tg_store_import_begin(store, &src, opt->anonymous, report, &si, err)))
        goto out;
    if (report->already_imported)
        goto out;
    if (opt->title && (rc = tg_store_import_set_title(si, opt->title))) {
        tg_error_set(err, rc, "out of memory");
        goto out;
    }
    if ((rc = imp->run(in, opt, tg_store_import_sink(si), err))) {
        tg_error_locate(err, path, 0);
        goto out;
    }
    t1 = now_s();
    report->parse_s = t1 - t0;
    t0 = t1;
    if ((rc = tg_store_import_settle(si, err)))
        goto out;
    t1 = now_s();
    report->settle_s = t1 - t0;
    t0 = t1;
    if (report->comments == 0 && report->posts == 0) {
        if (report->nskips)
            rc = tg_error_set_at(err, TG_ERR_DATA, path, report->skips[0].first_line, 0,
                                 "no %s comment found in '%s': every record was skipped "
                                 "(%ld in all; this one: %s)", imp->name, path,
                                 report->tally[TG_TALLY_SKIPPED].count, report->skips[0].reason);
        else
            rc = tg_error_set_at(err, TG_ERR_DATA, path, 0, 0, "no %s comment found in '%s'",
                                 imp->name, path);
        goto out;
    }
    if (opt->strict) {
        char what[256];
        long line;

        if (problems(report, what, sizeof what, &line)) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, line, 0,
                                 "--strict: the import found %s (the first at this line)", what);
            goto out;
        }
    }
    rc = tg_store_import_commit(si, err);
    si = NULL;
    report->commit_s = now_s() - t0;
out:
    tg_store_import_abort(si);
    tg_input_close(in);
    return rc;
}
