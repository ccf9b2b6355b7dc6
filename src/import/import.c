/* import.c - the importer table, format detection and the import of one
 * file as one transaction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "import_internal.h"

/* Detection tries these in order; the highest score wins, ties go to the
 * earlier entry.  A new format is one entry here. */
static const tg_importer_t *const importers[] = {
    &tg_importer_reddit,
    &tg_importer_hn,
    &tg_importer_canvas,
    &tg_importer_convokit,
    &tg_importer_jsonl,
    &tg_importer_reddit_ndjson,
    &tg_importer_moodle,
    &tg_importer_csv,
    &tg_importer_newspage,
    &tg_importer_disqus,
    &tg_importer_wordpress,
    &tg_importer_mbox,
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
    opt->max_record_size = TG_MAX_RECORD_DEFAULT;
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

/* A ConvoKit corpus directory stands for its utterances file; anything else
 * stands for itself.  *data gets a new string (the file to read). */
static tg_status_t resolve_path(const char *path, char **data, tg_error_t *err)
{
    /* compressed copies too: the input layer reads them as they are */
    static const char *const names[] = {
        "utterances.jsonl", "utterances.json", "utterances.jsonl.gz", "utterances.jsonl.zst",
        "utterances.jsonl.bz2", "utterances.json.gz", "utterances.json.zst",
        "utterances.json.bz2"
    };
    struct stat st;
    size_t i;

    *data = NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        for (i = 0; i < sizeof names / sizeof names[0]; i++) {
            size_t n = strlen(path) + strlen(names[i]) + 2;
            char *p = malloc(n);
            struct stat fs;

            if (!p)
                return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            snprintf(p, n, "%s%s%s", path, path[0] && path[strlen(path) - 1] == '/' ? "" : "/",
                     names[i]);
            if (stat(p, &fs) == 0 && S_ISREG(fs.st_mode)) {
                *data = p;
                return TG_OK;
            }
            free(p);
        }
        return tg_error_set_at(err, TG_ERR_IO, path, 0, 0,
                               "cannot read '%s': is a directory (and not a ConvoKit corpus: "
                               "no utterances.jsonl, plain or compressed, in it)", path);
    }
    if (!(*data = strdup(path)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return TG_OK;
}

static const tg_importer_t *find_importer(const char *name)
{
    size_t i;

    for (i = 0; i < NIMPORTERS; i++)
        if (strcmp(importers[i]->name, name) == 0)
            return importers[i];
    return NULL;
}

/* The name importers see for hints: without the extension of the
 * compression (data.csv.gz -> data.csv); caller frees. */
static char *hint_path(tg_input_t *in, const char *path)
{
    static const char *const exts[] = { ".gz", ".zst", ".zstd", ".bz2", NULL };
    size_t n = strlen(path), k, e;

    if (tg_input_codec(in))
        for (k = 0; exts[k]; k++) {
            e = strlen(exts[k]);
            if (n > e && tg_ascii_ieq(path + n - e, e, exts[k]))
                return strndup(path, n - e);
        }
    return strdup(path);
}

static const tg_importer_t *detect(tg_input_t *in, const char *path, tg_error_t *err)
{
    const char *head;
    size_t len = tg_input_peek(in, &head, DETECT_BYTES, err), i;
    const tg_importer_t *best = NULL;
    int best_score = 0;
    char *hint;

    if (!head)
        return NULL;
    if (len == 0) {
        tg_error_set_at(err, TG_ERR_DATA, path, 0, 0, "'%s' is empty", path);
        return NULL;
    }
    if (!(hint = hint_path(in, path))) {
        tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (i = 0; i < NIMPORTERS; i++) {
        int s = importers[i]->detect(hint, head, len);

        if (s > best_score) {
            best_score = s;
            best = importers[i];
        }
    }
    free(hint);
    if (!best) {
        tg_error_set_at(err, TG_ERR_DATA, path, 1, 0, "cannot tell the format of '%s'", path);
        tg_error_mark(err, TG_ERROR_KIND_FORMAT);
    }
    return best;
}

const char *tg_import_detect(const char *path, tg_error_t *err)
{
    tg_input_t *in = NULL;
    const tg_importer_t *imp = NULL;
    char *data = NULL;

    if (resolve_path(path, &data, err) == TG_OK && tg_input_open(data, &in, err) == TG_OK)
        imp = detect(in, data, err);
    tg_input_close(in);
    free(data);
    return imp ? imp->name : NULL;
}

/* Content hash (XXH3, 128 bits) and size of the file, read once up front so
 * that a file imported before is recognised before any parsing.  A
 * compressed file is hashed as it is on disk (no second decompression). */
static tg_status_t hash_file(const char *path, const char *name, char *hex, size_t hexsz,
                             int64_t *bytes, tg_error_t *err)
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
    if ((rc = tg_input_open_as(path, name, 0, &in, err)))
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

/* ---- import jobs: one input, detected and hashed, read into a sink ---- */

struct tg_import_job {
    char *open_path;        /* the file to read (a ConvoKit folder's utterances file,
                             * or /proc/self/fd/N for memory and streams) */
    char *name;             /* the name in messages */
    char *given;            /* the name the caller gave (reports, the store) */
    int fd;                 /* the memory or stream copy, or -1 */
    const tg_importer_t *imp;
    tg_input_t *in;
    tg_import_options_t opt;
    tg_source_info_t src;
    char hex[40];
    double hash_s;
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tg_import_job_close(tg_import_job_t *job)
{
    if (!job)
        return;
    tg_input_close(job->in);
    if (job->fd >= 0)
        close(job->fd);
    free(job->open_path);
    free(job->name);
    free(job->given);
    free(job);
}

/* Hash, open and detect: the common part of the three ways to open a job.
 * job->open_path and job->name are set. */
static tg_status_t job_start(tg_import_job_t *job, const tg_import_options_t *opt,
                             tg_error_t *err)
{
    double t0 = now_s();
    tg_status_t rc;
    size_t k;

    if (opt)
        job->opt = *opt;
    else
        tg_import_options_init(&job->opt);
    if (job->opt.format && strcmp(job->opt.format, "auto") != 0) {
        job->imp = find_importer(job->opt.format);
        if (!job->imp)
            return tg_error_set(err, TG_ERR_USAGE, "unknown format '%s'", job->opt.format);
    }
    for (k = 0; k < job->opt.nmaps; k++)
        if ((rc = tg_import_map_check(job->opt.maps[k], err)))
            return rc;
    if ((rc = hash_file(job->open_path, job->name, job->hex, sizeof job->hex, &job->src.bytes,
                        err)))
        return rc;
    if (job->src.bytes == 0)
        return tg_error_set_at(err, TG_ERR_DATA, job->name, 0, 0, "'%s' is empty", job->name);
    job->hash_s = now_s() - t0;
    if ((rc = tg_input_open_as(job->open_path, job->name, 1, &job->in, err)))
        return rc;
    tg_input_set_max_record(job->in, job->opt.max_record_size);
    if (!job->imp && !(job->imp = detect(job->in, job->name, err)))
        return err ? err->code : TG_ERR_DATA;
    job->src.path = job->given;
    job->src.format = job->imp->name;
    job->src.space = job->imp->space;
    job->src.hash = job->hex;
    return TG_OK;
}

static tg_status_t job_new(const char *name, tg_import_job_t **out, tg_error_t *err)
{
    tg_import_job_t *job = calloc(1, sizeof *job);

    *out = NULL;
    if (!job || !(job->name = strdup(name)) || !(job->given = strdup(name))) {
        if (job)
            free(job->name);
        free(job);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    job->fd = -1;
    *out = job;
    return TG_OK;
}

static tg_status_t job_finish(tg_import_job_t *job, tg_status_t rc, tg_import_job_t **out)
{
    if (rc) {
        tg_import_job_close(job);
        *out = NULL;
    } else {
        *out = job;
    }
    return rc;
}

tg_status_t tg_import_job_open(const char *path, const tg_import_options_t *opt,
                               tg_import_job_t **out, tg_error_t *err)
{
    tg_import_job_t *job;
    tg_status_t rc;

    if ((rc = job_new(path, &job, err)))
        return rc;
    if (!(rc = resolve_path(path, &job->open_path, err))) {
        /* messages name the file read (a ConvoKit folder's utterances file) */
        free(job->name);
        if (!(job->name = strdup(job->open_path)))
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        else
            rc = job_start(job, opt, err);
    }
    return job_finish(job, rc, out);
}

/* A job reading the copy in fd, which it owns from now on. */
static tg_status_t job_open_fd(int fd, const char *name, const tg_import_options_t *opt,
                               tg_import_job_t **out, tg_error_t *err)
{
    tg_import_job_t *job;
    tg_status_t rc;
    char path[64];

    if ((rc = job_new(name, &job, err))) {
        close(fd);
        return rc;
    }
    job->fd = fd;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (!(job->open_path = strdup(path)))
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    else
        rc = job_start(job, opt, err);
    return job_finish(job, rc, out);
}

tg_status_t tg_import_job_open_memory(const void *data, size_t len, const char *name,
                                      const tg_import_options_t *opt, tg_import_job_t **out,
                                      tg_error_t *err)
{
    int fd = memfd_create("threadgraph-import", MFD_CLOEXEC);

    *out = NULL;
    if (!name)
        name = "(memory)";
    if (fd < 0)
        return tg_error_set(err, TG_ERR_IO, "cannot hold '%s' for reading: %s", name,
                            strerror(errno));
    if (tg_fd_write_all(fd, data, len) < 0) {
        int e = errno;

        close(fd);
        return tg_error_set(err, e == ENOMEM ? TG_ERR_NOMEM : TG_ERR_IO,
                            "cannot hold '%s' for reading: %s", name, strerror(e));
    }
    return job_open_fd(fd, name, opt, out, err);
}

tg_status_t tg_import_job_open_stream(FILE *f, const char *name, const tg_import_options_t *opt,
                                      tg_import_job_t **out, tg_error_t *err)
{
    FILE *copy = tmpfile();
    char *buf = NULL;
    size_t n;
    int fd;

    *out = NULL;
    if (!name)
        name = "(stream)";
    if (!f) {
        if (copy)
            fclose(copy);
        return tg_error_set(err, TG_ERR_USAGE, "no stream to read '%s' from", name);
    }
    if (!copy || !(buf = malloc(128 * 1024))) {
        int e = errno;

        if (copy)
            fclose(copy);
        return tg_error_set(err, copy ? TG_ERR_NOMEM : TG_ERR_IO,
                            "cannot make a temporary copy of '%s': %s", name, strerror(e));
    }
    while ((n = fread(buf, 1, 128 * 1024, f)) > 0)
        if (fwrite(buf, 1, n, copy) != n)
            break;
    free(buf);
    if (ferror(f) || ferror(copy) || fflush(copy) != 0) {
        int e = errno;
        int was_read = ferror(f);

        fclose(copy);
        return tg_error_set_at(err, TG_ERR_IO, name, 0, 0, was_read ? "cannot read '%s': %s"
                               : "cannot make a temporary copy of '%s': %s", name, strerror(e));
    }
    fd = dup(fileno(copy));
    fclose(copy);
    if (fd < 0)
        return tg_error_set(err, TG_ERR_IO, "cannot make a temporary copy of '%s': %s", name,
                            strerror(errno));
    return job_open_fd(fd, name, opt, out, err);
}

const tg_source_info_t *tg_import_job_source(const tg_import_job_t *job)
{
    return &job->src;
}

const tg_import_options_t *tg_import_job_options(const tg_import_job_t *job)
{
    return &job->opt;
}

double tg_import_job_hash_seconds(const tg_import_job_t *job)
{
    return job->hash_s;
}

tg_status_t tg_import_job_run(tg_import_job_t *job, tg_sink_t *sink, tg_error_t *err)
{
    tg_status_t rc;

    if (!job->in)
        return tg_error_set(err, TG_ERR_FAIL, "the import of '%s' has already run", job->name);
    if (sink->report) {
        free(sink->report->path);
        free(sink->report->format);
        sink->report->path = strdup(job->given);
        sink->report->format = strdup(job->imp->name);
        if (!sink->report->path || !sink->report->format)
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    rc = job->imp->run(job->in, &job->opt, sink, err);
    if (rc)
        tg_error_locate(err, job->name, 0);
    tg_input_close(job->in);
    job->in = NULL;
    return rc;
}

static tg_status_t sink_check(const tg_sink_t *sink, tg_error_t *err)
{
    if (!sink || !sink->post || !sink->comment || !sink->report)
        return tg_error_set(err, TG_ERR_USAGE,
                            "a sink needs its post and comment calls and a report");
    return TG_OK;
}

/* Run a job that opened with status rc into sink, and close it (*job is
 * read after the open call has set it). */
static tg_status_t run_and_close(tg_status_t rc, tg_import_job_t **job, tg_sink_t *sink,
                                 tg_error_t *err)
{
    if (!rc)
        rc = tg_import_job_run(*job, sink, err);
    tg_import_job_close(*job);
    return rc;
}

tg_status_t tg_import_file_to_sink(const char *path, const tg_import_options_t *opt,
                                   tg_sink_t *sink, tg_error_t *err)
{
    tg_import_job_t *job = NULL;
    tg_status_t rc;

    if ((rc = sink_check(sink, err)))
        return rc;
    return run_and_close(tg_import_job_open(path, opt, &job, err), &job, sink, err);
}

tg_status_t tg_import_stream_to_sink(FILE *fp, const char *name, const tg_import_options_t *opt,
                                     tg_sink_t *sink, tg_error_t *err)
{
    tg_import_job_t *job = NULL;
    tg_status_t rc;

    if ((rc = sink_check(sink, err)))
        return rc;
    return run_and_close(tg_import_job_open_stream(fp, name, opt, &job, err), &job, sink, err);
}

tg_status_t tg_import_memory_to_sink(const void *data, size_t len, const char *name,
                                     const tg_import_options_t *opt, tg_sink_t *sink,
                                     tg_error_t *err)
{
    tg_import_job_t *job = NULL;
    tg_status_t rc;

    if ((rc = sink_check(sink, err)))
        return rc;
    return run_and_close(tg_import_job_open_memory(data, len, name, opt, &job, err), &job, sink,
                         err);
}
