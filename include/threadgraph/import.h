/* import.h - reading discussion files into the store.
 *
 * One importer per format sits behind one interface (src/import/); the
 * format is detected from the content unless named.  tg_import_file() runs
 * one file as one transaction: on failure the database is left as it was. */
#ifndef THREADGRAPH_IMPORT_H
#define THREADGRAPH_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "threadgraph/error.h"
#include "threadgraph/record.h"
#include "threadgraph/store.h"

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
} tg_import_options_t;

void tg_import_options_init(tg_import_options_t *opt);

/* The default anonymous names ("Anonymous", "[deleted]", "[removed]"; the
 * empty name is always anonymous). NULL-terminated, static. */
const char *const *tg_default_anonymous(void);

typedef struct tg_format_info {
    const char *name;        /* "newspage", "csv", ... */
    const char *summary;     /* one line */
} tg_format_info_t;

/* Check one --map spec: comma-separated FIELD=NAME pairs, FIELD one of id,
 * parent_id, thread_id, author, location, timestamp, text.  TG_ERR_USAGE
 * with a message when it is not one. */
tg_status_t tg_import_map_check(const char *spec, tg_error_t *err);

/* The importers, in the order detection tries them.  *n gets the count. */
const tg_format_info_t *tg_formats(size_t *n);

/* Name of the format detected for path, or NULL (err says why).  A
 * directory holding utterances.jsonl (a ConvoKit corpus) stands for that file. */
const char *tg_import_detect(const char *path, tg_error_t *err);

/* Import one file into the store, as one transaction: on failure the
 * database is left as it was.  A gzip, zstd or bzip2 file (told by its
 * magic bytes) is decompressed as it is read, on a thread of its own; the
 * format is detected from the first 64 KiB of the text and the file's name
 * unless opt->format names one.  opt may be NULL (the defaults).  report
 * (initialised by the caller, who destroys it) receives the integrity
 * report; its path and format are new strings it owns.
 *
 * Returns TG_OK, also when the same content had been imported before
 * (report->already_imported is then set and nothing is done); TG_ERR_USAGE
 * (unknown format, bad map spec); TG_ERR_IO (the file cannot be read);
 * TG_ERR_DATA (malformed, empty, no comment, or a problem under
 * opt->strict; err names the file and line); TG_ERR_DB, TG_ERR_NOMEM.
 *
 * Threads: one import into a store at a time (the store is not shared
 * between threads); imports into different stores, or into sinks, may run
 * on different threads at once. */
tg_status_t tg_import_file(tg_store_t *store, const char *path,
                           const tg_import_options_t *opt,
                           tg_import_report_t *report, tg_error_t *err);

/* The same from a buffer: data[0..len) (borrowed; read during the call
 * only) is imported as a file of that content would be, with the same
 * detection, decompression and return codes (a zero-length buffer is
 * TG_ERR_DATA, "is empty").  name stands for the file: in messages, as the
 * source's path in the store and report->path, and as the format hint (its
 * extension); NULL: "(memory)".  Content imported before, from a file or
 * from memory, is recognised by its hash. */
tg_status_t tg_import_memory(tg_store_t *store, const void *data, size_t len, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err);

/* The same from a stream: fp is read from where it is to its end (it stays
 * open: the caller closes it).  The content is hashed before it is parsed,
 * so a stream that can seek (a file, fmemopen, tmpfile) is read twice and
 * put back in between; one that cannot (a pipe) is first read into memory
 * whole.  name as for tg_import_memory; NULL: "(stream)".  Returns also
 * TG_ERR_USAGE for a NULL fp and TG_ERR_IO when fp fails. */
tg_status_t tg_import_stream(tg_store_t *store, FILE *fp, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err);

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
 * for tg_import_stream. */
tg_status_t tg_import_stream_to_sink(FILE *fp, const char *name, const tg_import_options_t *opt,
                                     tg_sink_t *sink, tg_error_t *err);
/* data[0..len) is borrowed for the call.  name: as for tg_import_memory. */
tg_status_t tg_import_memory_to_sink(const void *data, size_t len, const char *name,
                                     const tg_import_options_t *opt, tg_sink_t *sink,
                                     tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
