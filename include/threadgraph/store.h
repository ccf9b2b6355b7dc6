/* store.h - the SQLite store: one database file holding sources, threads,
 * comments, users and locations (docs/schema.md), written one import at a
 * time and read back into integer-indexed arrays for analysis.
 *
 * Thread safety: one tg_store_t is used by one thread at a time (an import
 * runs a writer thread of its own inside); different handles, even on one
 * file, may be used from different threads.  A loaded tg_dataset_t is
 * read-only and may be shared. */
#ifndef THREADGRAPH_STORE_H
#define THREADGRAPH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "threadgraph/error.h"
#include "threadgraph/import.h"
#include "threadgraph/record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TG_SCHEMA_VERSION 2
#define TG_TIME_NONE INT64_MIN   /* a time that is not known */

typedef struct tg_store tg_store_t;

/* A person's role in a class forum (tg_dataset_t.user_role). */
#define TG_ROLE_NONE    0   /* not given */
#define TG_ROLE_STUDENT 1
#define TG_ROLE_TEACHER 2

#define TG_STORE_CREATE   0x1u   /* create the file and schema when missing */
#define TG_STORE_READONLY 0x2u
/* a small page cache (8 MiB) and sorting through temporary files: for a
 * second connection that builds indexes beside a job holding the data in
 * memory (tg_run's) */
#define TG_STORE_SMALL_CACHE 0x4u

/* Open the database at path.  A database of another schema version is
 * refused with TG_ERR_VERSION.  *out is NULL on failure. */
tg_status_t tg_store_open(const char *path, unsigned flags, tg_store_t **out, tg_error_t *err);
/* Close; accepts NULL. */
void tg_store_close(tg_store_t *store);
/* The path the store was opened with (borrowed). */
const char *tg_store_path(const tg_store_t *store);

/* ---- write path: one import, one transaction ---- */
typedef struct tg_store_import tg_store_import_t;

/* Start an import.  When a source with the same hash is already stored,
 * report->already_imported is set, *out is NULL and TG_OK is returned.
 * anonymous: NULL-terminated list of anonymous names (NULL: defaults).
 * report is borrowed until commit or abort and receives the store's counts. */
tg_status_t tg_store_import_begin(tg_store_t *store, const tg_source_info_t *src,
                                  const char *const *anonymous, tg_import_report_t *report,
                                  tg_store_import_t **out, tg_error_t *err);
/* Into an empty store, leave the comment key index to a later
 * tg_store_build_indexes (the next import, or tg_store_open, builds it too):
 * the import commits sooner, and the index can be built beside other work. */
void tg_store_import_defer_indexes(tg_store_import_t *imp);
/* Build the indexes an import left for later; cheap when they exist. */
tg_status_t tg_store_build_indexes(tg_store_t *store, tg_error_t *err);
/* Leave copying the write-ahead log into the database file to a later
 * tg_store_checkpoint (or the last close), and stop syncing the log at
 * every commit (SQLite's synchronous=NORMAL: a commit is never torn, but
 * the last one may be lost if the machine, not the program, stops before
 * the checkpoint).  Commits then return sooner, and the copy can be made
 * beside other work.  Other readers are not affected. */
tg_status_t tg_store_defer_checkpoints(tg_store_t *store, tg_error_t *err);
/* Copy the write-ahead log into the database file and sync it now. */
tg_status_t tg_store_checkpoint(tg_store_t *store, tg_error_t *err);

/* Give every thread this import touches the title (NULL: none). */
tg_status_t tg_store_import_set_title(tg_store_import_t *imp, const char *title);
/* The sink importers write to (borrowed, valid until commit or abort). */
tg_sink_t *tg_store_import_sink(tg_store_import_t *imp);
/* Resolve parents, drop duplicates of earlier imports and break cycles;
 * afterwards the report's counts are complete.  Nothing is committed yet. */
tg_status_t tg_store_import_settle(tg_store_import_t *imp, tg_error_t *err);
/* Settle (unless done), record the report and commit.  On failure
 * everything is rolled back.  Frees imp in every case. */
tg_status_t tg_store_import_commit(tg_store_import_t *imp, tg_error_t *err);
/* Roll back and free; accepts NULL. */
void tg_store_import_abort(tg_store_import_t *imp);

/* ---- importing into the store: one input, one transaction ----
 * Import one file into the store, as one transaction: on failure the
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
/* The same from a buffer: data[0..len) is copied (into an anonymous memory
 * file) and imported as a file of that content would be, with the same
 * detection, decompression and return codes (a zero-length buffer is
 * TG_ERR_DATA, "is empty").  name stands for the file: in messages, as the
 * source's path in the store and report->path, as the format hint (its
 * extension) and, for a news page, as the thread's name; NULL: "(memory)".
 * Content imported before, from a file or from memory, is recognised by
 * its hash. */
tg_status_t tg_import_memory(tg_store_t *store, const void *data, size_t len, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err);
/* The same from a stream: fp is read from where it is to its end into an
 * unlinked temporary file first (so pipes work; it stays open: the caller
 * closes it).  name as for tg_import_memory; NULL: "(stream)".  Returns
 * also TG_ERR_USAGE for a NULL fp and TG_ERR_IO when fp fails. */
tg_status_t tg_import_stream(tg_store_t *store, FILE *fp, const char *name,
                             const tg_import_options_t *opt, tg_import_report_t *report,
                             tg_error_t *err);

/* ---- read path ---- */
#define TG_LOAD_IDS   0x1u   /* comment ids, parent ids and anonymous names */
#define TG_LOAD_TEXT  0x2u   /* comment texts */

/* Everything analysis needs, as arrays indexed 0..n-1.  Comments are in
 * input order (the order of import, then of each file). */
typedef struct tg_dataset {
    size_t ncomments;
    int64_t *rowid;          /* store id of each comment */
    int32_t *parent;         /* index of the parent comment, -1 for none */
    int32_t *thread;         /* index into threads */
    int32_t *user;           /* index into users, -1 for anonymous */
    int32_t *location;       /* index into locations (by key), -1 for none */
    int64_t *time;           /* UTC seconds or TG_TIME_NONE */
    uint32_t *flags;         /* TG_COMMENT_* */
    const char **id;         /* TG_LOAD_IDS: id as in the input */
    const char **parent_id;  /* TG_LOAD_IDS: parent id as in the input, or NULL */
    const char **author;     /* TG_LOAD_IDS: author as written (anonymous too), or NULL */
    const char **text;       /* TG_LOAD_TEXT: text, or NULL */

    size_t nthreads;
    int64_t *thread_rowid;   /* store id of each thread */
    const char **thread_id;  /* id as in the input */
    const char **thread_title; /* or NULL */
    int32_t *thread_post_user; /* index into users, -1 for none */
    int64_t *thread_post_time; /* or TG_TIME_NONE */

    size_t nusers;           /* named commenters and post authors, byte order */
    const char **user_name;
    int64_t *user_rowid;     /* store id of each user */

    size_t nlocations;       /* distinct location keys, byte order of the key */
    const char **location_name; /* first spelling seen */
    const char **location_key;

    /* People (the classroom issue): roles, roster groups and pseudonyms.
     * Each array has nusers entries, or is NULL when nothing of the kind is
     * stored.  Roster people who never posted are users with no comment. */
    uint8_t *user_role;          /* TG_ROLE_* */
    const char **user_group;     /* roster group, or NULL */
    const char **user_pseudonym; /* "Student 01", ...: set when pseudonyms are stored */

    void *priv;              /* owned storage */
} tg_dataset_t;

void tg_dataset_init(tg_dataset_t *ds);
/* The name to show for user u: the pseudonym when ds holds pseudonyms and
 * pseudonymize is set, else the name (borrowed; "" for u < 0). */
const char *tg_dataset_user_label(const tg_dataset_t *ds, int32_t u, int pseudonymize);
void tg_dataset_destroy(tg_dataset_t *ds);
/* Load the whole store; what: TG_LOAD_* flags. */
tg_status_t tg_store_load(tg_store_t *store, unsigned what, tg_dataset_t *ds, tg_error_t *err);

/* ---- analysis results (results.h) ---- */
struct tg_analysis;
/* Replace the stored analysis with a (computed from ds, loaded from this
 * store), in one transaction. */
tg_status_t tg_store_save_analysis(tg_store_t *store, const tg_dataset_t *ds,
                                   const struct tg_analysis *a, tg_error_t *err);
/* Load the stored analysis for ds (loaded from this store) into a, which the
 * caller destroys with tg_analysis_destroy.  TG_ERR_FAIL when there is none,
 * or when files were imported after it (tg_analyze and
 * tg_store_save_analysis make a new one). */
tg_status_t tg_store_load_analysis(tg_store_t *store, const tg_dataset_t *ds,
                                   struct tg_analysis *a, tg_error_t *err);
/* Parts of the stored analysis for tg_store_load_analysis_parts.  The
 * network summary, the per-user figures (communities too) and the user
 * network's edges always come. */
#define TG_ANALYSIS_COMMENTS  0x1u /* depth, replies, subtree, latency */
#define TG_ANALYSIS_THREADS   0x2u /* per-thread figures */
#define TG_ANALYSIS_PAIRS     0x4u /* back-and-forth pairs */
#define TG_ANALYSIS_LOCATIONS 0x8u /* per-location figures and flows */
#define TG_ANALYSIS_ALL       0xfu
/* tg_store_load_analysis for the parts a caller needs: the arrays of a part
 * left out stay NULL (pairs and flows: NULL with a count of 0), so only
 * code that does not read them may be given such an analysis.  The checks
 * (none stored, stale) are the same. */
tg_status_t tg_store_load_analysis_parts(tg_store_t *store, const tg_dataset_t *ds,
                                         unsigned parts, struct tg_analysis *a, tg_error_t *err);

/* One stored import report (see tg_store_reports). */
typedef struct tg_source_row {
    int64_t id;
    char *path, *format, *imported_at, *report_json; /* owned */
    long comments, threads;
    char *hash;             /* owned: the file's content hash, hex */
    int64_t bytes;          /* the file's size */
} tg_source_row_t;

/* The last `limit` import reports, newest first; free with tg_source_rows_free. */
tg_status_t tg_store_sources(tg_store_t *store, size_t limit, tg_source_row_t **rows,
                             size_t *n, tg_error_t *err);
void tg_source_rows_free(tg_source_row_t *rows, size_t n);

/* The SQLite library in use, e.g. "3.40.1" (static). */
const char *tg_store_sqlite_version(void);

/* An imported file, as a record of the analysis (summary.json). */
typedef struct tg_input_file {
    char *name;              /* the path as given at import (owned) */
    char *format;            /* importer name (owned) */
    char *hash;              /* XXH3 128-bit content hash, hex (owned) */
    char *imported_at;       /* ISO 8601 UTC (owned) */
    int64_t bytes;
    long comments;           /* comments the import stored */
    long missing;            /* comments it reported missing, in all: */
    long more_stubs;         /*   Reddit `more` stubs */
    long more_ids;           /*   the comment ids they list */
    long more_hidden;        /*   the comments they hide (Reddit's count) */
    long tombstones;         /*   deleted or removed comments kept as tombstones */
    long absent_kids;        /*   children a parent lists that are not in the file */
} tg_input_file_t;

/* Every imported file, in import order; free with tg_input_files_free. */
tg_status_t tg_store_inputs(tg_store_t *store, tg_input_file_t **files, size_t *n,
                            tg_error_t *err);
void tg_input_files_free(tg_input_file_t *files, size_t n);

#ifdef __cplusplus
}
#endif
#endif
