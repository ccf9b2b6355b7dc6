/* import.c - the importer table, format detection and the import of one
 * file as one transaction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* ---- --map: "field=name,field=name" ---- */

static const char *const map_fields[] = {
    "id", "parent_id", "thread_id", "author", "location", "timestamp", "text", NULL
};

/* Walk the pairs of one spec; fn gets each field and name with lengths.
 * Stops at the first nonzero return. */
static int each_pair(const char *spec, int (*fn)(void *, const char *, size_t, const char *,
                                                 size_t), void *ctx)
{
    const char *p = spec;

    while (*p) {
        const char *end = strchr(p, ','), *eq;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int r;

        eq = memchr(p, '=', n);
        r = eq ? fn(ctx, p, (size_t)(eq - p), eq + 1, n - (size_t)(eq - p) - 1)
               : fn(ctx, p, n, NULL, 0);
        if (r)
            return r;
        p += n + (end != NULL);
    }
    return 0;
}

static int check_pair(void *ctx, const char *f, size_t fn, const char *v, size_t vn)
{
    tg_error_t *err = ctx;
    size_t i;

    if (!v)
        return tg_error_set(err, TG_ERR_USAGE, "--map wants FIELD=NAME pairs, not '%.*s'",
                            (int)fn, f), 1;
    for (i = 0; map_fields[i]; i++)
        if (strlen(map_fields[i]) == fn && memcmp(map_fields[i], f, fn) == 0)
            break;
    if (!map_fields[i])
        return tg_error_set(err, TG_ERR_USAGE,
                            "--map: unknown field '%.*s' (fields: id, parent_id, thread_id, "
                            "author, location, timestamp, text)", (int)fn, f), 1;
    if (vn == 0)
        return tg_error_set(err, TG_ERR_USAGE, "--map: no name for field '%.*s'", (int)fn, f), 1;
    return 0;
}

tg_status_t tg_import_map_check(const char *spec, tg_error_t *err)
{
    if (!spec || !*spec)
        return tg_error_set(err, TG_ERR_USAGE, "--map wants FIELD=NAME pairs");
    return each_pair(spec, check_pair, err) ? TG_ERR_USAGE : TG_OK;
}

typedef struct map_find {
    const char *field;
    const char *name;
    size_t n;
} map_find;

static int find_pair(void *ctx, const char *f, size_t fn, const char *v, size_t vn)
{
    map_find *m = ctx;

    if (v && strlen(m->field) == fn && memcmp(m->field, f, fn) == 0) {
        m->name = v;
        m->n = vn;  /* the last spec that names the field wins */
    }
    return 0;
}

const char *tg_import_mapped(const tg_import_options_t *opt, const char *field, size_t *n)
{
    map_find m = { field, NULL, 0 };
    size_t i;

    for (i = 0; opt && i < opt->nmaps; i++)
        each_pair(opt->maps[i], find_pair, &m);
    *n = m.n;
    return m.name;
}

/* A ConvoKit corpus directory stands for its utterances file; anything else
 * stands for itself.  *data gets a new string (the file to read). */
static tg_status_t resolve_path(const char *path, char **data, tg_error_t *err)
{
    static const char *const names[] = { "utterances.jsonl", "utterances.json" };
    struct stat st;
    size_t i;

    *data = NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        for (i = 0; i < 2; i++) {
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
                               "no utterances.jsonl in it)", path);
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
    if (!best)
        tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                        "cannot tell the format of '%s' (name one with --format)", path);
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

/* Where an import reads from: a file by path, a caller's stream or a
 * caller's buffer.  name is used in messages, as the format hint and as
 * the source's path in the store. */
typedef struct source {
    const char *name;
    const char *path;       /* a file, or NULL */
    FILE *fp;               /* or a seekable stream (borrowed) */
    const void *mem;        /* or a buffer mem[0..len) (borrowed) */
    size_t len;
    off_t fp_start;         /* where fp was when the import began */
} source;

static tg_status_t open_source(source *s, int unpack, tg_input_t **in, tg_error_t *err)
{
    if (s->path)
        return unpack ? tg_input_open(s->path, in, err) : tg_input_open_raw(s->path, in, err);
    if (s->fp)
        return tg_input_open_stream(s->fp, s->name, unpack, in, err);
    return tg_input_open_memory(s->mem, s->len, s->name, unpack, in, err);
}

/* Content hash (XXH3, 128 bits) and size of the input, read once up front
 * so that content imported before is recognised before any parsing.  A
 * compressed input is hashed as it is (no second decompression).  A stream
 * is put back where it was. */
static tg_status_t hash_source(source *s, char *hex, size_t hexsz, int64_t *bytes,
                               tg_error_t *err)
{
    tg_input_t *in = NULL;
    XXH3_state_t *st = XXH3_createState();
    char *buf = NULL;
    tg_status_t rc = TG_OK;
    long n = 0;
    XXH128_hash_t h;

    *bytes = 0;
    if (!st) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    XXH3_128bits_reset(st);
    if (s->mem || (!s->path && !s->fp)) {
        XXH3_128bits_update(st, s->mem, s->len);
        *bytes = (int64_t)s->len;
    } else {
        if (!(buf = malloc(128 * 1024))) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        if ((rc = open_source(s, 0, &in, err)))
            goto out;
        while ((n = tg_input_read(in, buf, 128 * 1024, err)) > 0) {
            XXH3_128bits_update(st, buf, (size_t)n);
            *bytes += n;
        }
        if (n < 0) {
            rc = err ? err->code : TG_ERR_IO;
            goto out;
        }
        if (s->fp && fseeko(s->fp, s->fp_start, SEEK_SET) != 0) {
            rc = tg_error_set_at(err, TG_ERR_IO, s->name, 0, 0, "cannot read '%s' again: %s",
                                 s->name, strerror(errno));
            goto out;
        }
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
 * place (line, and byte in JSON documents) of the earliest.  Returns 0 when
 * the import is clean. */
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

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Check the options; *imp gets the importer they name, or NULL: detect. */
static tg_status_t check_options(const tg_import_options_t *opt, const tg_importer_t **imp,
                                 tg_error_t *err)
{
    tg_status_t rc;
    size_t k;

    *imp = NULL;
    if (opt->format && strcmp(opt->format, "auto") != 0) {
        *imp = find_importer(opt->format);
        if (!*imp)
            return tg_error_set(err, TG_ERR_USAGE, "unknown format '%s'", opt->format);
    }
    for (k = 0; k < opt->nmaps; k++)
        if ((rc = tg_import_map_check(opt->maps[k], err)))
            return rc;
    return TG_OK;
}

/* Import one source into the store as one transaction.  report->path is
 * already set; data is the name used in messages. */
static tg_status_t import_source(tg_store_t *store, source *s, const tg_import_options_t *opt,
                                 tg_import_report_t *report, tg_error_t *err)
{
    const char *data = s->name;
    tg_input_t *in = NULL;
    const tg_importer_t *imp = NULL;
    tg_store_import_t *si = NULL;
    tg_source_info_t src;
    char hex[40];
    int64_t bytes;
    tg_status_t rc;
    double t0 = now_s(), t1;

    if ((rc = check_options(opt, &imp, err)))
        return rc;
    if ((rc = hash_source(s, hex, sizeof hex, &bytes, err)))
        goto out;
    if (bytes == 0) {
        rc = tg_error_set_at(err, TG_ERR_DATA, data, 0, 0, "'%s' is empty", data);
        goto out;
    }
    t1 = now_s();
    report->hash_s = t1 - t0;
    t0 = t1;
    if ((rc = open_source(s, 1, &in, err)))
        goto out;
    if (!imp && !(imp = detect(in, data, err))) {
        rc = err ? err->code : TG_ERR_DATA;
        goto out;
    }
    free(report->format);
    report->format = strdup(imp->name);
    src.path = report->path;
    src.format = imp->name;
    src.space = imp->space;
    src.hash = hex;
    src.bytes = bytes;
    if ((rc = tg_store_import_begin(store, &src, opt->anonymous, report, &si, err)))
        goto out;
    if (report->already_imported)
        goto out;
    if (opt->defer_indexes)
        tg_store_import_defer_indexes(si);
    if (opt->title && (rc = tg_store_import_set_title(si, opt->title))) {
        tg_error_set(err, rc, "out of memory");
        goto out;
    }
    if ((rc = imp->run(in, opt, tg_store_import_sink(si), err))) {
        tg_error_locate(err, data, 0);
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
            rc = tg_error_set_at(err, TG_ERR_DATA, data, report->skips[0].first_line, 0,
                                 "no %s comment found in '%s': every record was skipped "
                                 "(%ld in all; this one: %s)", imp->name, data,
                                 report->tally[TG_TALLY_SKIPPED].count, report->skips[0].reason);
        else if (report->tally[TG_TALLY_DUPLICATE].count)
            /* e.g. a compressed copy of a file imported before (another hash) */
            rc = tg_error_set_at(err, TG_ERR_DATA, data,
                                 report->tally[TG_TALLY_DUPLICATE].first_line, 0,
                                 "no new %s comment in '%s': all %ld are duplicates of "
                                 "comments already stored", imp->name, data,
                                 report->tally[TG_TALLY_DUPLICATE].count);
        else
            rc = tg_error_set_at(err, TG_ERR_DATA, data, 0, 0, "no %s comment found in '%s'",
                                 imp->name, data);
        goto out;
    }
    if (opt->strict) {
        char what[256], at[48] = "";
        long line, byte;

        if (problems(report, what, sizeof what, &line, &byte)) {
            if (byte > 0)
                snprintf(at, sizeof at, ", byte %ld", byte);
            rc = tg_error_set_at(err, TG_ERR_DATA, data, line, 0,
                                 "--strict: the import found %s (the first at this line%s)",
                                 what, at);
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

/* report->path becomes name; its earlier value is freed. */
static tg_status_t set_report_path(tg_import_report_t *report, const char *name, tg_error_t *err)
{
    free(report->path);
    if (!(report->path = strdup(name)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return TG_OK;
}

static const tg_import_options_t *options_or_defaults(const tg_import_options_t *opt,
                                                      tg_import_options_t *defaults)
{
    if (opt)
        return opt;
    tg_import_options_init(defaults);
    return defaults;
}

tg_status_t tg_import_file(tg_store_t *store, const char *path, const tg_import_options_t *opt,
                           tg_import_report_t *report, tg_error_t *err)
{
    tg_import_options_t defaults;
    source s;
    char *data = NULL;
    tg_status_t rc;

    opt = options_or_defaults(opt, &defaults);
    if ((rc = set_report_path(report, path, err)))
        return rc;
    if ((rc = resolve_path(path, &data, err)))
        return rc;
    memset(&s, 0, sizeof s);
    s.name = s.path = data;
    rc = import_source(store, &s, opt, report, err);
    free(data);
    return rc;
}

#define STREAM_NAME "(stream)"
#define MEMORY_NAME "(memory)"

tg_status_t tg_import_memory(tg_store_t *store, const void *data, size_t len, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err)
{
    tg_import_options_t defaults;
    source s;
    tg_status_t rc;

    opt = options_or_defaults(opt, &defaults);
    memset(&s, 0, sizeof s);
    s.name = name ? name : MEMORY_NAME;
    s.mem = data;
    s.len = data ? len : 0;
    if ((rc = set_report_path(report, s.name, err)))
        return rc;
    return import_source(store, &s, opt, report, err);
}

/* The rest of fp from where it is, into a new buffer *data[0..*len). */
static tg_status_t slurp(FILE *fp, const char *name, char **data, size_t *len, tg_error_t *err)
{
    size_t cap = 1u << 16, n = 0, got;
    char *buf = malloc(cap), *p;

    *data = NULL;
    *len = 0;
    if (!buf)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    for (;;) {
        if (n == cap) {
            if (!(p = realloc(buf, cap * 2))) {
                free(buf);
                return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            }
            buf = p;
            cap *= 2;
        }
        errno = 0;
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp)) {
                int e = errno ? errno : EIO;

                free(buf);
                return tg_error_set_at(err, TG_ERR_IO, name, 0, 0, "cannot read '%s': %s",
                                       name, strerror(e));
            }
            break;
        }
    }
    *data = buf;
    *len = n;
    return TG_OK;
}

tg_status_t tg_import_stream(tg_store_t *store, FILE *fp, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err)
{
    tg_import_options_t defaults;
    source s;
    char *copy = NULL;
    tg_status_t rc;

    opt = options_or_defaults(opt, &defaults);
    memset(&s, 0, sizeof s);
    s.name = name ? name : STREAM_NAME;
    if ((rc = set_report_path(report, s.name, err)))
        return rc;
    if (!fp)
        return tg_error_set(err, TG_ERR_USAGE, "no stream to import from");
    /* the stream is read twice (hash, then parse) when it can seek back;
     * a pipe is read into memory first */
    if ((s.fp_start = ftello(fp)) >= 0 && fseeko(fp, s.fp_start, SEEK_SET) == 0) {
        s.fp = fp;
    } else {
        clearerr(fp);
        if ((rc = slurp(fp, s.name, &copy, &s.len, err)))
            return rc;
        s.mem = copy;
    }
    rc = import_source(store, &s, opt, report, err);
    free(copy);
    return rc;
}

/* ---- into a caller's sink ---- */

/* report_name: the path the report gives (as the caller named the input). */
static tg_status_t import_to_sink(source *s, const char *report_name,
                                  const tg_import_options_t *opt, tg_sink_t *sink,
                                  tg_error_t *err)
{
    tg_import_options_t defaults;
    const tg_importer_t *imp = NULL;
    tg_input_t *in = NULL;
    const char *head;
    tg_status_t rc;

    opt = options_or_defaults(opt, &defaults);
    if (!sink || !sink->post || !sink->comment || !sink->report)
        return tg_error_set(err, TG_ERR_USAGE, "the sink needs post, comment and report");
    if ((rc = check_options(opt, &imp, err)))
        return rc;
    if ((rc = set_report_path(sink->report, report_name, err)))
        return rc;
    if ((rc = open_source(s, 1, &in, err)))
        goto out;
    if (!imp && !(imp = detect(in, s->name, err))) {
        rc = err ? err->code : TG_ERR_DATA;
        goto out;
    }
    if (tg_input_peek(in, &head, 1, err) == 0) {
        rc = head ? tg_error_set_at(err, TG_ERR_DATA, s->name, 0, 0, "'%s' is empty", s->name)
                  : (err ? err->code : TG_ERR_IO);
        goto out;
    }
    free(sink->report->format);
    if (!(sink->report->format = strdup(imp->name))) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = imp->run(in, opt, sink, err)))
        tg_error_locate(err, s->name, 0);
out:
    tg_input_close(in);
    return rc;
}

tg_status_t tg_import_file_to_sink(const char *path, const tg_import_options_t *opt,
                                   tg_sink_t *sink, tg_error_t *err)
{
    source s;
    char *data = NULL;
    tg_status_t rc;

    if ((rc = resolve_path(path, &data, err)))
        return rc;
    memset(&s, 0, sizeof s);
    s.name = s.path = data;
    rc = import_to_sink(&s, path, opt, sink, err);
    free(data);
    return rc;
}

tg_status_t tg_import_stream_to_sink(FILE *fp, const char *name, const tg_import_options_t *opt,
                                     tg_sink_t *sink, tg_error_t *err)
{
    source s;

    if (!fp)
        return tg_error_set(err, TG_ERR_USAGE, "no stream to import from");
    memset(&s, 0, sizeof s);
    s.name = name ? name : STREAM_NAME;
    s.fp = fp;
    return import_to_sink(&s, s.name, opt, sink, err);
}

tg_status_t tg_import_memory_to_sink(const void *data, size_t len, const char *name,
                                     const tg_import_options_t *opt, tg_sink_t *sink,
                                     tg_error_t *err)
{
    source s;

    memset(&s, 0, sizeof s);
    s.name = name ? name : MEMORY_NAME;
    s.mem = data;
    s.len = data ? len : 0;
    return import_to_sink(&s, s.name, opt, sink, err);
}
