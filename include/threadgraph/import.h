/* import.h - reading discussion files into the store.
 *
 * One importer per format sits behind one interface (src/import/); the
 * format is detected from the content unless named.  tg_import_file() runs
 * one file as one transaction: on failure the database is left as it was. */
#ifndef THREADGRAPH_IMPORT_H
#define THREADGRAPH_IMPORT_H

#include <stddef.h>

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

/* Check one --map spec: comma-separated FIELD=NAME pairs, FIELD one of id,
 * parent_id, thread_id, author, location, timestamp, text.  TG_ERR_USAGE
 * with a message when it is not one. */
tg_status_t tg_import_map_check(const char *spec, tg_error_t *err);

/* The importers, in the order detection tries them.  *n gets the count. */
const tg_format_info_t *tg_formats(size_t *n);

/* Name of the format detected for path, or NULL (err says why).  A
 * directory holding utterances.jsonl (a ConvoKit corpus) stands for that file. */
const char *tg_import_detect(const char *path, tg_error_t *err);

/* Import one file.  report receives the integrity report (the caller
 * initialised it and destroys it).  Returns TG_OK also when the content had
 * been imported before (report->already_imported is then set). */
tg_status_t tg_import_file(tg_store_t *store, const char *path,
                           const tg_import_options_t *opt,
                           tg_import_report_t *report, tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
