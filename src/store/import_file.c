/* import_file.c - one input into the database as one transaction: an
 * import job (import.h) runs into the store's sink, then parents are
 * settled and the import is committed, or rolled back on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "threadgraph/import.h"
#include "threadgraph/store.h"

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* For strict imports: what the report found, as "2 skipped, 1 bad_times",
 * and the place (line, and byte in JSON documents) of the earliest.
 * problems() returns 0 when the import is clean. */
static void earliest(const tg_tally_t *t, long *line, long *byte)
{
    if (t->first_line > 0 && (*line == 0 || t->first_line < *line ||
                              (t->first_line == *line && t->first_byte > 0 &&
                               (*byte == 0 || t->first_byte < *byte)))) {
        *line = t->first_line;
        *byte = t->first_byte;
    }
}

static int problems(const tg_import_report_t *r, char *what, size_t n, long *line, long *byte)
{
    size_t k, used = 0;
    int found = 0;

    *line = *byte = 0;
    what[0] = '\0';
    for (k = 0; k < TG_TALLY_KINDS; k++) {
        const tg_tally_t *t = &r->tally[k];

        if (k == TG_TALLY_LINKED || !t->count)
            continue;
        if (used < n)
            used += (size_t)snprintf(what + used, n - used, "%s%ld %s", found ? ", " : "",
                                     t->count, tg_tally_name((tg_tally_kind_t)k));
        earliest(t, line, byte);
        found = 1;
    }
    /* "more" stubs whose count is 0 ("continue this thread") hide comments too */
    if (r->missing.more_stubs && !r->tally[TG_TALLY_MISSING].count) {
        if (used < n)
            snprintf(what + used, n - used, "%s%ld more_stubs", found ? ", " : "",
                     r->missing.more_stubs);
        earliest(&r->tally[TG_TALLY_MISSING], line, byte);
        found = 1;
    }
    return found;
}

/* Run job into store; job is closed in every case. */
static tg_status_t import_job(tg_store_t *store, tg_import_job_t *job,
                              tg_import_report_t *report, tg_error_t *err)
{
    const tg_import_options_t *opt = tg_import_job_options(job);
    const tg_source_info_t *src = tg_import_job_source(job);
    const char *name = src->path;
    tg_store_import_t *si = NULL;
    tg_status_t rc;
    double t0 = now_s(), t1;

    free(report->path);
    free(report->format);
    report->path = strdup(src->path);
    report->format = strdup(src->format);
    if (!report->path || !report->format) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    report->hash_s = tg_import_job_hash_seconds(job);
    if ((rc = tg_store_import_begin(store, src, opt->anonymous, report, &si, err)))
        goto out;
    if (report->already_imported)
        goto out;
    if (opt->defer_indexes)
        tg_store_import_defer_indexes(si);
    if (opt->title && (rc = tg_store_import_set_title(si, opt->title))) {
        tg_error_set(err, rc, "out of memory");
        goto out;
    }
    if ((rc = tg_import_job_run(job, tg_store_import_sink(si), err)))
        goto out;
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
            rc = tg_error_set_at(err, TG_ERR_DATA, name, report->skips[0].first_line, 0,
                                 "no %s comment found in '%s': every record was skipped "
                                 "(%ld in all; this one: %s)", src->format, name,
                                 report->tally[TG_TALLY_SKIPPED].count, report->skips[0].reason);
        else if (report->tally[TG_TALLY_DUPLICATE].count)
            /* e.g. a compressed copy of a file imported before (another hash) */
            rc = tg_error_set_at(err, TG_ERR_DATA, name,
                                 report->tally[TG_TALLY_DUPLICATE].first_line, 0,
                                 "no new %s comment in '%s': all %ld are duplicates of "
                                 "comments already stored", src->format, name,
                                 report->tally[TG_TALLY_DUPLICATE].count);
        else
            rc = tg_error_set_at(err, TG_ERR_DATA, name, 0, 0, "no %s comment found in '%s'",
                                 src->format, name);
        goto out;
    }
    if (opt->strict) {
        char what[256], at[48] = "";
        long line, byte;

        if (problems(report, what, sizeof what, &line, &byte)) {
            if (byte > 0)
                snprintf(at, sizeof at, ", byte %ld", byte);
            rc = tg_error_set_at(err, TG_ERR_DATA, name, line, 0,
                                 "the import found %s (the first at this line%s)", what, at);
            tg_error_mark(err, TG_ERROR_KIND_STRICT);
            goto out;
        }
    }
    rc = tg_store_import_commit(si, err);
    si = NULL;
    report->commit_s = now_s() - t0;
out:
    tg_store_import_abort(si);
    tg_import_job_close(job);
    return rc;
}

tg_status_t tg_import_file(tg_store_t *store, const char *path, const tg_import_options_t *opt,
                           tg_import_report_t *report, tg_error_t *err)
{
    tg_import_job_t *job;
    tg_status_t rc;

    free(report->path);
    if (!(report->path = strdup(path)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((rc = tg_import_job_open(path, opt, &job, err)))
        return rc;
    return import_job(store, job, report, err);
}

tg_status_t tg_import_memory(tg_store_t *store, const void *data, size_t len, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err)
{
    tg_import_job_t *job;
    tg_status_t rc;

    if ((rc = tg_import_job_open_memory(data, len, name, opt, &job, err)))
        return rc;
    return import_job(store, job, report, err);
}

tg_status_t tg_import_stream(tg_store_t *store, FILE *f, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err)
{
    tg_import_job_t *job;
    tg_status_t rc;

    if ((rc = tg_import_job_open_stream(f, name, opt, &job, err)))
        return rc;
    return import_job(store, job, report, err);
}
