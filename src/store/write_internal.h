/* write_internal.h - what the files of the store's write path share: one
 * import's state (struct tg_store_import) and the calls between its parts.
 *
 * The parts call one way only:
 *   sink.c (begin, the sink, commit) -> settle.c, import_report.c, batch.c
 *   settle.c -> batch.c (drain)
 *   every part -> schema.c (SQL helpers)
 * Not part of the public interface. */
#ifndef TG_WRITE_INTERNAL_H
#define TG_WRITE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "core_internal.h"
#include "store_internal.h"

#define BATCH_COMMENTS 4096
#define BATCH_BYTES (4u << 20)
#define QUEUE_DEPTH 3
#define MULTI_ROWS 32        /* rows a multi-row INSERT writes */
#define COMMENT_COLS 13

typedef struct wcomment {
    int64_t id, thread, parent, user, location, time;
    const char *ext, *parent_ext, *author, *time_text, *text;
    int lext, lparent_ext, lauthor, ltime_text, ltext; /* their lengths (saves SQLite a strlen) */
    long line;
    uint32_t flags;
} wcomment;

typedef struct wthread {
    int64_t id, user, time;
    const char *ext, *title, *time_text, *text;
    long line;
} wthread;

typedef struct wname {
    int64_t id;
    const char *name, *key;
} wname;

/* the tables the writer thread inserts into, and their INSERT statements */
enum { ROW_USER, ROW_LOCATION, ROW_THREAD, ROW_COMMENT, ROW_TEXT, ROW_KINDS };

typedef struct rowstmt {
    sqlite3_stmt *one, *many; /* one row; MULTI_ROWS rows */
    int ncols;
} rowstmt;

typedef struct batch {
    tg_vec comments, threads, users, locations;
    tg_arena arena;
    size_t bytes;
    int oom;                 /* a string could not be copied: never written */
    struct batch *next;
} batch;

/* one pending parent: comment idx names parent_ext, not seen yet */
typedef struct pending {
    size_t idx;
    const char *parent_ext;
} pending;

/* a comment of this import in a thread that existed before it */
typedef struct oldkey {
    size_t idx;
    const char *ext;
} oldkey;

struct tg_store_import {
    tg_store_t *store;
    sqlite3 *db;
    tg_import_report_t *report;
    tg_sink_t sink;
    char **anon;             /* owned NULL-terminated copy */
    int64_t source_id;
    int64_t first_comment;   /* row id of this import's comment 0 */
    int64_t first_thread, next_thread, next_user, next_location;
    int empty_before;        /* the store held no comment: comments_key rebuilt at the end */
    int defer_index;         /* ... or later, by tg_store_build_indexes */
    tg_hmap users, locations, threads, keys, touched;
    tg_hmap thread_posted;   /* threads whose post this import stored */
    /* per comment of this import, index i has row id first_comment + i */
    tg_vec parent;           /* int64: parent row id, 0 none */
    tg_vec thread;           /* int64 */
    tg_vec flags;            /* uint32 */
    tg_vec line;             /* long */
    tg_vec changed;          /* unsigned char: parent or flags differ from the row written */
    tg_vec pendings;         /* pending */
    tg_vec oldkeys;          /* oldkey */
    tg_arena strings;
    int touched_old_thread;
    tg_buf last_thread;      /* ext id of the thread of the last record, and its row id */
    int64_t last_thread_id;
    int settled;             /* tg_store_import_settle ran */
    char *title_override;
    char *space;             /* the id space of this import's threads (owned) */

    /* writer thread */
    pthread_t thread_id;
    int thread_started;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_space;
    batch *queue_head, *queue_tail;
    batch *spare;            /* written batches kept for reuse (their memory stays mapped) */
    size_t queued;
    int closing;
    atomic_int failed;       /* the writer hit an error (werr) */
    tg_error_t werr;
    batch *cur;
    rowstmt ins[ROW_KINDS];  /* the writer thread's INSERTs */
};

#define KEY_MAX 4096

/* The key of comment ext in thread: the thread's row id, then the ext id
 * (cut at KEY_MAX bytes). */
static inline size_t tg_pack_key(char *buf, size_t cap, int64_t thread, const char *ext)
{
    size_t n = strlen(ext);

    if (n > cap - sizeof thread)
        n = cap - sizeof thread;
    memcpy(buf, &thread, sizeof thread);
    memcpy(buf + sizeof thread, ext, n);
    return sizeof thread + n;
}

static inline tg_status_t tg_nomem(tg_error_t *err)
{
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}

/* ---- batch.c: batches and the writer thread ---- */

/* Set up the queue's lock (once, before anything else in batch.c). */
void tg_writer_init(tg_store_import_t *imp);
/* Prepare the INSERTs and start the writer thread. */
tg_status_t tg_writer_start(tg_store_import_t *imp, tg_error_t *err);
/* Stop the writer thread after it wrote everything queued. */
tg_status_t tg_writer_drain(tg_store_import_t *imp, tg_error_t *err);
/* Stop the writer thread discarding what is queued, and free the batches,
 * the INSERTs and the lock. */
void tg_writer_release(tg_store_import_t *imp);
/* Hand the current batch to the writer; a new one becomes current. */
tg_status_t tg_batch_flush(tg_store_import_t *imp, tg_error_t *err);
/* The batch records go to (a reused or new one), NULL on out of memory. */
batch *tg_batch_take(tg_store_import_t *imp);
static inline batch *tg_batch_current(tg_store_import_t *imp)
{
    return imp->cur ? imp->cur : tg_batch_take(imp);
}

/* A copy of s in b's arena (NULL stays NULL); *len gets its length.  On out
 * of memory "" and b->oom, which the sink reports before the batch is written. */
static inline const char *tg_batch_strdup_len(batch *b, const char *s, int *len)
{
    size_t n;
    char *p;

    *len = 0;
    if (!s)
        return NULL;
    n = strlen(s);
    p = tg_arena_strndup(&b->arena, s, n);
    b->bytes += n + 1;
    *len = p ? (int)n : 0;
    if (!p)
        b->oom = 1;
    return p ? p : "";
}

static inline const char *tg_batch_strdup(batch *b, const char *s)
{
    int n;

    return tg_batch_strdup_len(b, s, &n);
}

/* ---- settle.c: what needs the whole file ---- */
/* tg_store_import_settle (public) */

/* ---- import_report.c ---- */
/* Keep the report with the source, as columns and as JSON (docs/schema.md). */
tg_status_t tg_store_import_report_save(tg_store_import_t *imp, tg_error_t *err);

#endif
