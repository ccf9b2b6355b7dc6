/* import.h - reading discussion files into records.
 *
 * One importer per format sits behind one interface (src/import/); the
 * format is detected from the content unless named.  An import job reads
 * one input (a path, a FILE * or memory), compressed or not, into a
 * caller's tg_sink_t.  Importing into the database (one file, one
 * transaction) is the store's: tg_import_file() and friends in store.h.
 *
 * Thread safety: every call here may run on several threads at once for
 * different jobs; one job is used by one thread at a time. */
#ifndef THREADGRAPH_IMPORT_H
#define THREADGRAPH_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "threadgraph/error.h"
#include "threadgraph/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tg_reply_model {
    TG_REPLY_CHAIN = 0, /* "In Response": the next comment replies to this one */
    TG_REPLY_ROOT       /* ... replies to the top-level comment of its group */
} tg_reply_model_t;

typedef struct tg_import_options {
    const char *format;              /* NULL or "auto": detect */
    tg_reply_model_t reply_model;    /* newspage */
    const char *title;               /* overrides the thread title, or NULL */
    const char *const *footers;      /* newspage footer lines; NULL: defaults */
    size_t nfooters;
    const char *const *anonymous;    /* anonymous names; NULL: defaults */
    size_t nanonymous;
    int strict;                      /* any integrity problem is an error */
    int defer_indexes;               /* see tg_store_import_defer_indexes */
    const char *const *maps;         /* csv, moodle, jsonl, convokit: "field=column,..."
                                      * specs naming the file's column for our field */
    size_t nmaps;
    const char *tz;                  /* moodle: zone of human-readable dates (NULL: UTC) */
} tg_import_options_t;

void tg_import_options_init(tg_import_options_t *opt);

/* The default anonymous names ("Anonymous", "[deleted]", "[removed]"; the
 * empty name is always anonymous). NULL-terminated, static. */
const char *const *tg_default_anonymous(void);

typedef struct tg_format_info {
    const char *name;        /* "newspage", "csv", ... */
    const char *summary;     /* one line */
} tg_format_info_t;

/* Check one field map spec: comma-separated FIELD=NAME pairs, FIELD one of
 * id, parent_id, thread_id, author, location, timestamp, text.  TG_ERR_USAGE
 * with a message (of kind TG_ERROR_KIND_MAP) when it is not one. */
tg_status_t tg_import_map_check(const char *spec, tg_error_t *err);

/* The importers, in the order detection tries them.  *n gets the count. */
const tg_format_info_t *tg_formats(size_t *n);

/* Name of the format detected for path, or NULL (err says why).  A
 * directory holding utterances.jsonl (a ConvoKit corpus) stands for that file. */
const char *tg_import_detect(const char *path, tg_error_t *err);

/* ---- import jobs ----
 * A job is one input, hashed (XXH3-128, as the store records it), opened
 * (gzip, zstd and bzip2 are decompressed by their magic bytes) and given
 * its importer (opt->format, or detected), ready to run into a sink.  opt
 * is copied, but the strings and arrays it points to are borrowed until the
 * job is closed; NULL means the defaults.
 *
 * Each open call returns TG_OK and a new job in *out (the caller closes it
 * with tg_import_job_close), or an error (TG_ERR_IO: cannot read; TG_ERR_DATA:
 * empty, or no format recognised; TG_ERR_USAGE: unknown format name or bad
 * map spec; TG_ERR_NOMEM) with *out NULL. */
typedef struct tg_import_job tg_import_job_t;

/* A file, or a ConvoKit corpus folder (its utterances file is read). */
tg_status_t tg_import_job_open(const char *path, const tg_import_options_t *opt,
                               tg_import_job_t **out, tg_error_t *err);
/* len bytes at data, copied (into an anonymous memory file) before the call
 * returns.  name (NULL: "(memory)") stands for the file in messages and
 * reports, and names threads as a file name would (a news page's thread id
 * is the name's stem). */
tg_status_t tg_import_job_open_memory(const void *data, size_t len, const char *name,
                                      const tg_import_options_t *opt, tg_import_job_t **out,
                                      tg_error_t *err);
/* Everything f has left to read, copied to an unlinked temporary file
 * first, so that pipes work (f is read to its end and not closed).  name
 * as for memory (NULL: "(stream)"). */
tg_status_t tg_import_job_open_stream(FILE *f, const char *name, const tg_import_options_t *opt,
                                      tg_import_job_t **out, tg_error_t *err);
/* What the job reads: name, format, id space, hash, size (borrowed, valid
 * until the job is closed). */
const tg_source_info_t *tg_import_job_source(const tg_import_job_t *job);
/* The options the job runs with (borrowed). */
const tg_import_options_t *tg_import_job_options(const tg_import_job_t *job);
/* Wall seconds spent hashing the input. */
double tg_import_job_hash_seconds(const tg_import_job_t *job);
/* Read the input into sink; sink->report (if not NULL) gets the path and
 * format and what the importer counts.  Runs once per job.  Returns the
 * importer's status: TG_ERR_DATA for input it cannot read (err names the
 * file and line), TG_ERR_NOMEM, TG_ERR_IO, or the first error the sink
 * returned. */
tg_status_t tg_import_job_run(tg_import_job_t *job, tg_sink_t *sink, tg_error_t *err);
/* Close; accepts NULL. */
void tg_import_job_close(tg_import_job_t *job);

/* ---- into a caller's sink ----
 * The importer's records go to sink (record.h) as they are read: strings
 * borrowed for the call, in input order, with no settling (orphans, cycles,
 * duplicate ids and the threads touched are the receiver's business; the
 * store does them).  sink->post, sink->comment and sink->report are
 * required: the report, initialised by the caller, receives what the
 * importer counts (skips, bad times, invalid UTF-8, notes), and its path
 * and format.  Of the options, format, reply_model, footers, anonymous
 * and maps apply; title, strict and defer_indexes concern the store and are
 * ignored.  A nonzero status from the sink stops the import and is
 * returned.  Returns TG_OK; TG_ERR_USAGE (unknown format, bad map spec, a
 * sink without post, comment or report, a NULL fp); TG_ERR_IO; TG_ERR_DATA
 * (malformed or empty input, err naming the file and line); TG_ERR_NOMEM.
 * Records sent before a failure have been sent: the receiver undoes them
 * if it must.  Thread-safe for different sinks and inputs. */
tg_status_t tg_import_file_to_sink(const char *path, const tg_import_options_t *opt,
                                   tg_sink_t *sink, tg_error_t *err);
/* fp is read once, from where it is to its end, and left open.  name: as
 * for tg_import_job_open_stream (NULL: "(stream)"). */
tg_status_t tg_import_stream_to_sink(FILE *fp, const char *name, const tg_import_options_t *opt,
                                     tg_sink_t *sink, tg_error_t *err);
/* data[0..len) is borrowed for the call.  name: as for
 * tg_import_job_open_memory (NULL: "(memory)"). */
tg_status_t tg_import_memory_to_sink(const void *data, size_t len, const char *name,
                                     const tg_import_options_t *opt, tg_sink_t *sink,
                                     tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
