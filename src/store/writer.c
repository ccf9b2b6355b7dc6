/* writer.c - the store's write path: one import, one transaction.
 *
 * Importers send records to the sink below.  The sink (on the importer's
 * thread) interns threads, users and locations, assigns row ids, finds
 * duplicates and resolves every parent that came earlier in the file, all in
 * memory.  Rows go in batches to a writer thread that only binds and steps
 * prepared INSERTs, so that parsing and SQLite share the two cores.
 *
 * At commit the writer thread is drained and the rest is settled on one
 * thread: duplicates of earlier imports, parents that come later in the file
 * or live in earlier imports, earlier orphans whose parent arrived now, and
 * cycles, which are broken at the comment that comes first in the input. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/core_internal.h"
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

/* ------------------------------------------------------------------ */
/* batches and the writer thread                                        */

static batch *batch_new(void)
{
    batch *b = calloc(1, sizeof *b);

    if (!b)
        return NULL;
    tg_vec_init(&b->comments, sizeof(wcomment));
    tg_vec_init(&b->threads, sizeof(wthread));
    tg_vec_init(&b->users, sizeof(wname));
    tg_vec_init(&b->locations, sizeof(wname));
    tg_arena_init(&b->arena, 1u << 20);
    return b;
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    tg_vec_release(&b->comments);
    tg_vec_release(&b->threads);
    tg_vec_release(&b->users);
    tg_vec_release(&b->locations);
    tg_arena_release(&b->arena);
    free(b);
}

static void batch_reset(batch *b)
{
    b->comments.n = b->threads.n = b->users.n = b->locations.n = 0;
    tg_arena_reset(&b->arena);
    b->bytes = 0;
    b->oom = 0;
    b->next = NULL;
}

/* A copy of s in b's arena (NULL stays NULL); *len gets its length. */
static const char *bdup_len(batch *b, const char *s, int *len)
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
        b->oom = 1; /* the sink reports it before the batch is written */
    return p ? p : "";
}

static const char *bdup(batch *b, const char *s)
{
    size_t n;
    char *p;

    if (!s)
        return NULL;
    n = strlen(s);
    p = tg_arena_strndup(&b->arena, s, n);
    b->bytes += n + 1;
    if (!p)
        b->oom = 1; /* the sink reports it before the batch is written */
    return p ? p : "";
}

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bind_text_len(sqlite3_stmt *st, int i, const char *s, int n)
{
    if (s)
        sqlite3_bind_text(st, i, s, n, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Each table the writer thread fills has a one-row and a MULTI_ROWS-row
 * INSERT; a bind function binds one element at parameter offset k. */
typedef void (*bind_fn)(const tg_store_import_t *imp, sqlite3_stmt *st, int k, const void *e);

static void bind_user(const tg_store_import_t *imp, sqlite3_stmt *st, int k, const void *e)
{
    const wname *u = e;

    (void)imp;
    sqlite3_bind_int64(st, k + 1, u->id);
    sqlite3_bind_text(st, k + 2, u->name, -1, SQLITE_STATIC);
}

static void bind_location(const tg_store_import_t *imp, sqlite3_stmt *st, int k, const void *e)
{
    const wname *l = e;

    (void)imp;
    sqlite3_bind_int64(st, k + 1, l->id);
    sqlite3_bind_text(st, k + 2, l->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 3, l->key, -1, SQLITE_STATIC);
}

static void bind_thread(const tg_store_import_t *imp, sqlite3_stmt *st, int k, const void *e)
{
    const wthread *t = e;

    sqlite3_bind_int64(st, k + 1, t->id);
    sqlite3_bind_text(st, k + 2, t->ext, -1, SQLITE_STATIC);
    tg_db_bind_text(st, k + 3, t->title);
    bind_opt_int(st, k + 4, t->user);
    if (t->time != TG_TIME_NONE)
        sqlite3_bind_int64(st, k + 5, t->time);
    else
        sqlite3_bind_null(st, k + 5);
    tg_db_bind_text(st, k + 6, t->time_text);
    tg_db_bind_text(st, k + 7, t->text);
    bind_opt_int(st, k + 8, t->line);
    sqlite3_bind_int64(st, k + 9, imp->source_id);
    sqlite3_bind_text(st, k + 10, imp->space, -1, SQLITE_STATIC);
}

static void bind_comment(const tg_store_import_t *imp, sqlite3_stmt *st, int k, const void *e)
{
    const wcomment *c = e;

    sqlite3_bind_int64(st, k + 1, c->id);
    sqlite3_bind_int64(st, k + 2, c->thread);
    bind_text_len(st, k + 3, c->ext, c->lext);
    bind_text_len(st, k + 4, c->parent_ext, c->lparent_ext);
    bind_opt_int(st, k + 5, c->parent);
    bind_opt_int(st, k + 6, c->user);
    bind_text_len(st, k + 7, c->author, c->lauthor);
    bind_opt_int(st, k + 8, c->location);
    if (c->time != TG_TIME_NONE)
        sqlite3_bind_int64(st, k + 9, c->time);
    else
        sqlite3_bind_null(st, k + 9);
    bind_text_len(st, k + 10, c->time_text, c->ltime_text);
    sqlite3_bind_int64(st, k + 11, imp->source_id);
    sqlite3_bind_int64(st, k + 12, c->line);
    sqlite3_bind_int64(st, k + 13, c->flags);
}

static void bind_text(const tg_store_import_t *imp, sqlite3_stmt *st, int k, const void *e)
{
    const wcomment *c = e;

    (void)imp;
    sqlite3_bind_int64(st, k + 1, c->id);
    bind_text_len(st, k + 2, c->text, c->ltext);
}

static int has_text(const void *e)
{
    return ((const wcomment *)e)->text != NULL;
}

/* Insert the elements of v (those for which keep() holds, when given),
 * MULTI_ROWS to a statement and the rest one by one. */
static tg_status_t write_rows(tg_store_import_t *imp, const rowstmt *rs, const tg_vec *v,
                              bind_fn bind, int (*keep)(const void *), const char *what,
                              tg_error_t *err)
{
    const char *base = v->data;
    size_t i = 0, j, idx[MULTI_ROWS];
    int m;

    while (i < v->n) {
        /* the next MULTI_ROWS elements to write, or fewer at the end */
        for (m = 0; i < v->n && m < MULTI_ROWS; i++)
            if (!keep || keep(base + i * v->elsize))
                idx[m++] = i;
        if (m == MULTI_ROWS) {
            for (j = 0; j < MULTI_ROWS; j++)
                bind(imp, rs->many, (int)j * rs->ncols, base + idx[j] * v->elsize);
            if (step_done(rs->many))
                return tg_db_error(err, imp->db, what);
            continue;
        }
        for (j = 0; j < (size_t)m; j++) {
            bind(imp, rs->one, 0, base + idx[j] * v->elsize);
            if (step_done(rs->one))
                return tg_db_error(err, imp->db, what);
        }
    }
    return TG_OK;
}

/* Write one batch; runs on the writer thread.  Rows go MULTI_ROWS to an
 * INSERT: with one row a statement, SQLite spends about a third of its time
 * starting and finishing statements and seeking the end of the table. */
static tg_status_t write_batch(tg_store_import_t *imp, batch *b, tg_error_t *err)
{
    tg_status_t rc;

    if ((rc = write_rows(imp, &imp->ins[ROW_USER], &b->users, bind_user, NULL,
                         "cannot store a user", err)) ||
        (rc = write_rows(imp, &imp->ins[ROW_LOCATION], &b->locations, bind_location, NULL,
                         "cannot store a location", err)) ||
        (rc = write_rows(imp, &imp->ins[ROW_THREAD], &b->threads, bind_thread, NULL,
                         "cannot store a thread", err)) ||
        (rc = write_rows(imp, &imp->ins[ROW_COMMENT], &b->comments, bind_comment, NULL,
                         "cannot store a comment", err)) ||
        (rc = write_rows(imp, &imp->ins[ROW_TEXT], &b->comments, bind_text, has_text,
                         "cannot store a comment's text", err)))
        return rc;
    return TG_OK;
}

static void *writer_main(void *arg)
{
    tg_store_import_t *imp = arg;

    for (;;) {
        batch *b;

        pthread_mutex_lock(&imp->mu);
        while (!imp->queue_head && !imp->closing)
            pthread_cond_wait(&imp->cv_work, &imp->mu);
        b = imp->queue_head;
        if (!b) {
            pthread_mutex_unlock(&imp->mu);
            break;
        }
        imp->queue_head = b->next;
        if (!imp->queue_head)
            imp->queue_tail = NULL;
        imp->queued--;
        pthread_cond_signal(&imp->cv_space);
        pthread_mutex_unlock(&imp->mu);

        if (!imp->failed) {
            struct timespec a, z;
            tg_status_t wrc;

            clock_gettime(CLOCK_MONOTONIC, &a);
            wrc = write_batch(imp, b, &imp->werr);
            clock_gettime(CLOCK_MONOTONIC, &z);
            imp->report->write_s += (double)(z.tv_sec - a.tv_sec) + (double)(z.tv_nsec - a.tv_nsec) / 1e9;
            if (wrc == TG_OK) {
                batch_reset(b);
                pthread_mutex_lock(&imp->mu);
                b->next = imp->spare;
                imp->spare = b;
                pthread_mutex_unlock(&imp->mu);
                continue;
            }
            pthread_mutex_lock(&imp->mu);
            imp->failed = 1;
            pthread_cond_signal(&imp->cv_space);
            pthread_mutex_unlock(&imp->mu);
        }
        batch_free(b);
    }
    return NULL;
}

/* Hand the current batch to the writer; a new one becomes current. */
static tg_status_t flush_batch(tg_store_import_t *imp, tg_error_t *err)
{
    batch *b = imp->cur;

    if (!b || (!b->comments.n && !b->threads.n && !b->users.n && !b->locations.n))
        return TG_OK;
    if (b->oom)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory"); /* the import fails */
    imp->cur = NULL;
    pthread_mutex_lock(&imp->mu);
    while (imp->queued >= QUEUE_DEPTH && !imp->failed)
        pthread_cond_wait(&imp->cv_space, &imp->mu);
    if (imp->failed) {
        pthread_mutex_unlock(&imp->mu);
        batch_free(b);
        if (err)
            *err = imp->werr;
        return imp->werr.code ? imp->werr.code : TG_ERR_DB;
    }
    b->next = NULL;
    if (imp->queue_tail)
        imp->queue_tail->next = b;
    else
        imp->queue_head = b;
    imp->queue_tail = b;
    imp->queued++;
    pthread_cond_signal(&imp->cv_work);
    pthread_mutex_unlock(&imp->mu);
    return TG_OK;
}

static batch *current(tg_store_import_t *imp)
{
    if (!imp->cur) {
        pthread_mutex_lock(&imp->mu);
        if ((imp->cur = imp->spare))
            imp->spare = imp->cur->next;
        pthread_mutex_unlock(&imp->mu);
        if (!imp->cur)
            imp->cur = batch_new();
        else
            imp->cur->next = NULL;
    }
    return imp->cur;
}

/* Stop the writer thread after it wrote everything queued. */
static tg_status_t drain(tg_store_import_t *imp, tg_error_t *err)
{
    tg_status_t rc = flush_batch(imp, err);

    if (imp->thread_started) {
        pthread_mutex_lock(&imp->mu);
        imp->closing = 1;
        pthread_cond_signal(&imp->cv_work);
        pthread_mutex_unlock(&imp->mu);
        pthread_join(imp->thread_id, NULL);
        imp->thread_started = 0;
    }
    if (rc == TG_OK && imp->failed) {
        if (err)
            *err = imp->werr;
        rc = imp->werr.code ? imp->werr.code : TG_ERR_DB;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* the sink: interning and in-memory resolution                          */

static const char *const default_anon[] = { "Anonymous", "[deleted]", "[removed]", NULL };

static int is_anonymous(const tg_store_import_t *imp, const char *name)
{
    size_t n, i;

    if (!name)
        return 1;
    n = strlen(name);
    if (n == 0)
        return 1;
    for (i = 0; imp->anon[i]; i++)
        if (tg_ascii_ieq(name, n, imp->anon[i]))
            return 1;
    return 0;
}

static tg_status_t nomem(tg_error_t *err)
{
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}

/* Row id of user name, creating it when new. */
static tg_status_t intern_user_h(tg_store_import_t *imp, const char *name, size_t n, uint32_t h,
                                 int64_t *id, tg_error_t *err);

static tg_status_t intern_user(tg_store_import_t *imp, const char *name, int64_t *id,
                               tg_error_t *err)
{
    size_t n = strlen(name);

    return intern_user_h(imp, name, n, tg_hmap_hash(name, n), id, err);
}

static tg_status_t intern_user_h(tg_store_import_t *imp, const char *name, size_t n, uint32_t h,
                                 int64_t *id, tg_error_t *err)
{
    int found;
    int64_t *slot = tg_hmap_put_h(&imp->users, name, n, h, imp->next_user, &found);
    batch *b;
    wname *u;

    if (!slot)
        return nomem(err);
    *id = *slot;
    if (found)
        return TG_OK;
    imp->next_user++;
    if (!(b = current(imp)) || !(u = tg_vec_push(&b->users)))
        return nomem(err);
    u->id = *id;
    u->name = bdup(b, name);
    return TG_OK;
}

static tg_status_t intern_location(tg_store_import_t *imp, const char *name, int64_t *id,
                                   tg_error_t *err)
{
    int found;
    size_t n = strlen(name);
    int64_t *slot = tg_hmap_put(&imp->locations, name, n, imp->next_location, &found);
    batch *b;
    wname *l;
    char *key;

    if (!slot)
        return nomem(err);
    *id = *slot;
    if (found)
        return TG_OK;
    imp->next_location++;
    if (!(b = current(imp)) || !(l = tg_vec_push(&b->locations)))
        return nomem(err);
    key = tg_casefold_key(name, n);
    if (!key)
        return nomem(err);
    l->id = *id;
    l->name = bdup(b, name);
    l->key = bdup(b, key);
    free(key);
    return TG_OK;
}

static tg_status_t queue_thread(tg_store_import_t *imp, int64_t id, const char *ext,
                                const tg_post_rec_t *post, int64_t post_user, tg_error_t *err)
{
    batch *b = current(imp);
    wthread *t;

    if (!b || !(t = tg_vec_push(&b->threads)))
        return nomem(err);
    t->id = id;
    t->ext = bdup(b, ext);
    t->title = bdup(b, imp->title_override ? imp->title_override : post ? post->title : NULL);
    t->user = post_user;
    t->time = post && post->has_time ? post->time : TG_TIME_NONE;
    t->time_text = post ? bdup(b, post->time_text) : NULL;
    t->text = post ? bdup(b, post->text) : NULL;
    t->line = post ? post->line : 0;
    return TG_OK;
}

/* Row id of thread ext; *is_new says whether this import created it.
 * Consecutive records of one thread skip the map, and only earlier threads
 * go into the touched set: a thread this import creates is touched. */
static tg_status_t intern_thread(tg_store_import_t *imp, const char *ext, int64_t *id,
                                 int *is_new, tg_error_t *err)
{
    int found;
    size_t n = strlen(ext);
    int64_t *slot;
    tg_status_t rc;

    if (imp->last_thread_id && imp->last_thread.len == n &&
        memcmp(imp->last_thread.data, ext, n) == 0) {
        *id = imp->last_thread_id;
        *is_new = *id >= imp->first_thread;
        return TG_OK;
    }
    if (!(slot = tg_hmap_put(&imp->threads, ext, n, imp->next_thread, &found)))
        return nomem(err);
    *id = *slot;
    *is_new = !found || *id >= imp->first_thread;
    if (!found) {
        imp->next_thread++;
        imp->report->threads++;
        if ((rc = queue_thread(imp, *id, ext, NULL, 0, err)))
            return rc;
    } else if (*id < imp->first_thread) {
        if (!tg_hmap_put(&imp->touched, id, sizeof *id, 0, &found))
            return nomem(err);
        if (!found) {
            imp->report->threads++;
            imp->touched_old_thread = 1;
            /* an earlier thread gets the override title too */
            if (imp->title_override && (rc = queue_thread(imp, *id, ext, NULL, 0, err)))
                return rc;
        }
    }
    tg_buf_reset(&imp->last_thread);
    if (tg_buf_add(&imp->last_thread, ext, n))
        return nomem(err);
    imp->last_thread_id = *id;
    return TG_OK;
}

static size_t pack_key(char *buf, size_t cap, int64_t thread, const char *ext)
{
    size_t n = strlen(ext);

    if (n > cap - sizeof thread)
        n = cap - sizeof thread;
    memcpy(buf, &thread, sizeof thread);
    memcpy(buf + sizeof thread, ext, n);
    return sizeof thread + n;
}

#define KEY_MAX 4096

static tg_status_t sink_post(tg_sink_t *sink, const tg_post_rec_t *p, tg_error_t *err)
{
    tg_store_import_t *imp = (tg_store_import_t *)((char *)sink - offsetof(tg_store_import_t, sink));
    int64_t tid, uid = 0;
    int is_new, found;
    tg_status_t rc;

    if (imp->failed) {
        if (err)
            *err = imp->werr;
        return imp->werr.code;
    }
    if ((rc = intern_thread(imp, p->thread_id, &tid, &is_new, err)))
        return rc;
    /* a title without a post (ConvoKit, Moodle, mbox): only the thread's title */
    if (p->title_only) {
        tg_post_rec_t t;

        memset(&t, 0, sizeof t);
        t.title = p->title;
        return queue_thread(imp, tid, p->thread_id, &t, 0, err);
    }
    if (!tg_hmap_put(&imp->thread_posted, &tid, sizeof tid, 0, &found))
        return nomem(err);
    if (found) {
        tg_import_report_tally(imp->report, TG_TALLY_DUPLICATE, p->line);
        return TG_OK;
    }
    if (p->author && !is_anonymous(imp, p->author) && (rc = intern_user(imp, p->author, &uid, err)))
        return rc;
    if ((rc = queue_thread(imp, tid, p->thread_id, p, uid, err)))
        return rc;
    imp->report->posts++;
    return TG_OK;
}

static tg_status_t sink_comment(tg_sink_t *sink, const tg_comment_rec_t *c, tg_error_t *err)
{
    tg_store_import_t *imp = (tg_store_import_t *)((char *)sink - offsetof(tg_store_import_t, sink));
    char key[KEY_MAX], pkey[KEY_MAX];
    size_t klen, pklen = 0, ulen = 0, idx = imp->parent.n;
    uint32_t kh, ph = 0, uh = 0;
    int64_t tid, parent = 0, uid = 0, lid = 0, *slot;
    int is_new, found, has_parent = c->parent_id && *c->parent_id;
    tg_status_t rc;
    batch *b;
    wcomment *w;
    int anon = is_anonymous(imp, c->author);

    if (imp->failed) {
        if (err)
            *err = imp->werr;
        return imp->werr.code;
    }
    if ((rc = intern_thread(imp, c->thread_id, &tid, &is_new, err)))
        return rc;
    /* start loading the three slots this comment needs (each a cache miss
     * in a big import) before looking at any of them */
    klen = pack_key(key, sizeof key, tid, c->id);
    kh = tg_hmap_hash(key, klen);
    tg_hmap_prefetch(&imp->keys, kh);
    if (has_parent) {
        pklen = pack_key(pkey, sizeof pkey, tid, c->parent_id);
        ph = tg_hmap_hash(pkey, pklen);
        tg_hmap_prefetch(&imp->keys, ph);
    }
    if (!anon) {
        ulen = strlen(c->author);
        uh = tg_hmap_hash(c->author, ulen);
        tg_hmap_prefetch(&imp->users, uh);
    }
    slot = tg_hmap_put_h(&imp->keys, key, klen, kh, (int64_t)idx, &found);
    if (!slot)
        return nomem(err);
    if (found) {
        tg_import_report_tally(imp->report, TG_TALLY_DUPLICATE, c->line);
        return TG_OK;
    }
    if (has_parent) {
        int64_t *p = tg_hmap_get_h(&imp->keys, pkey, pklen, ph);

        if (p && (size_t)*p != idx) {
            parent = imp->first_comment + *p;
        } else {
            pending *pd = tg_vec_push(&imp->pendings);

            if (!pd || !(pd->parent_ext = tg_arena_strdup(&imp->strings, c->parent_id)))
                return nomem(err);
            pd->idx = idx;
        }
    }
    if (!is_new) {
        oldkey *o = tg_vec_push(&imp->oldkeys);

        if (!o || !(o->ext = tg_arena_strdup(&imp->strings, c->id)))
            return nomem(err);
        o->idx = idx;
    }
    if (!anon && (rc = intern_user_h(imp, c->author, ulen, uh, &uid, err)))
        return rc;
    if (c->location && *c->location && (rc = intern_location(imp, c->location, &lid, err)))
        return rc;

    if (!tg_vec_push(&imp->parent) || !tg_vec_push(&imp->thread) || !tg_vec_push(&imp->flags) ||
        !tg_vec_push(&imp->line) || !tg_vec_push(&imp->changed))
        return nomem(err);
    TG_VEC_AT(&imp->parent, int64_t, idx) = parent;
    TG_VEC_AT(&imp->thread, int64_t, idx) = tid;
    TG_VEC_AT(&imp->flags, uint32_t, idx) = c->flags & ~(TG_COMMENT_ORPHAN | TG_COMMENT_CYCLE);
    TG_VEC_AT(&imp->line, long, idx) = c->line;

    if (!(b = current(imp)) || !(w = tg_vec_push(&b->comments)))
        return nomem(err);
    w->id = imp->first_comment + (int64_t)idx;
    w->thread = tid;
    w->ext = bdup_len(b, c->id, &w->lext);
    w->parent_ext = c->parent_id && *c->parent_id ? bdup_len(b, c->parent_id, &w->lparent_ext)
                                                  : NULL;
    w->parent = parent;
    w->user = uid;
    w->author = anon ? bdup_len(b, c->author ? c->author : "", &w->lauthor) : NULL;
    w->location = lid;
    w->time = c->has_time ? c->time : TG_TIME_NONE;
    w->time_text = bdup_len(b, c->time_text, &w->ltime_text);
    w->text = bdup_len(b, c->text, &w->ltext);
    w->line = c->line;
    w->flags = TG_VEC_AT(&imp->flags, uint32_t, idx);
    imp->report->comments++;
    if (b->comments.n >= BATCH_COMMENTS || b->bytes >= BATCH_BYTES)
        return flush_batch(imp, err);
    return TG_OK;
}

/* ------------------------------------------------------------------ */
/* begin                                                                 */

/* Load (id, name) rows into m; bind, when not NULL, is the query's one
 * text parameter. */
static tg_status_t load_names(sqlite3 *db, const char *sql, const char *bind, tg_hmap *m,
                              tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc = tg_db_prepare(db, sql, &st, err);
    int s;

    if (rc)
        return rc;
    if (bind)
        sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 1);
        int n = sqlite3_column_bytes(st, 1);

        if (!tg_hmap_put(m, name ? name : "", (size_t)n, sqlite3_column_int64(st, 0), NULL)) {
            rc = nomem(err);
            break;
        }
    }
    if (!rc && s != SQLITE_DONE)
        rc = tg_db_error(err, db, "cannot read the store");
    sqlite3_finalize(st);
    return rc;
}

static void import_free(tg_store_import_t *imp)
{
    size_t i;
    batch *b, *next;

    if (!imp)
        return;
    if (imp->thread_started) {
        pthread_mutex_lock(&imp->mu);
        imp->closing = 1;
        imp->failed = 1; /* discard what is queued */
        pthread_cond_signal(&imp->cv_work);
        pthread_mutex_unlock(&imp->mu);
        pthread_join(imp->thread_id, NULL);
    }
    for (b = imp->queue_head; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    batch_free(imp->cur);
    for (b = imp->spare; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    for (i = 0; i < ROW_KINDS; i++) {
        sqlite3_finalize(imp->ins[i].one);
        sqlite3_finalize(imp->ins[i].many);
    }
    pthread_mutex_destroy(&imp->mu);
    pthread_cond_destroy(&imp->cv_work);
    pthread_cond_destroy(&imp->cv_space);
    tg_hmap_release(&imp->users);
    tg_hmap_release(&imp->locations);
    tg_hmap_release(&imp->threads);
    tg_hmap_release(&imp->keys);
    tg_hmap_release(&imp->touched);
    tg_buf_release(&imp->last_thread);
    tg_hmap_release(&imp->thread_posted);
    tg_vec_release(&imp->parent);
    tg_vec_release(&imp->thread);
    tg_vec_release(&imp->flags);
    tg_vec_release(&imp->line);
    tg_vec_release(&imp->changed);
    tg_vec_release(&imp->pendings);
    tg_vec_release(&imp->oldkeys);
    tg_arena_release(&imp->strings);
    if (imp->anon)
        for (i = 0; imp->anon[i]; i++)
            free(imp->anon[i]);
    free(imp->anon);
    free(imp->title_override);
    free(imp->space);
    if (imp->store)
        imp->store->in_import = 0;
    free(imp);
}

/* A guess at the number of comments in the source, to size the key map once
 * instead of growing it (each growth moves every key to a random new slot):
 * a comment takes at least about 200 bytes in the common formats.  Capped at
 * a million (a 48 MB table), so that a big file of few comments does not
 * cost memory; a compressed file only makes the guess low. */
static size_t expected_comments(const tg_source_info_t *src)
{
    int64_t n = src->bytes / 200;

    return n < 4096 ? 4096 : n > 1000000 ? 1000000 : (size_t)n;
}

/* The import time, or SOURCE_DATE_EPOCH when set (reproducible runs and tests). */
static void now_text(char *out, size_t n)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    int64_t t = (int64_t)time(NULL);

    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);

        if (!*end)
            t = (int64_t)v;
    }
    tg_time_format(t, out, n);
}

/* The INSERT of each row kind: head, parameters a row, tail. */
typedef struct rowsql {
    const char *head;
    int ncols;
    const char *tail;
} rowsql;

static const rowsql row_sql[ROW_KINDS] = {
    [ROW_USER] = { "INSERT INTO users(id, name) VALUES ", 2, "" },
    [ROW_LOCATION] = { "INSERT INTO locations(id, name, key) VALUES ", 3, "" },
    /* a thread comes again when its post arrives or --title renames it */
    [ROW_THREAD] = { "INSERT INTO threads(id, ext_id, title, post_user_id, post_time,"
                     " post_time_text, post_text, post_line, source_id, space) VALUES ", 10,
                     " ON CONFLICT(id) DO UPDATE SET"
                     " title = coalesce(excluded.title, title),"
                     " post_user_id = coalesce(excluded.post_user_id, post_user_id),"
                     " post_time = coalesce(excluded.post_time, post_time),"
                     " post_time_text = coalesce(excluded.post_time_text, post_time_text),"
                     " post_text = coalesce(excluded.post_text, post_text),"
                     " post_line = coalesce(excluded.post_line, post_line)" },
    [ROW_COMMENT] = { "INSERT INTO comments(id, thread_id, ext_id, parent_ext, parent_id,"
                      " user_id, author, location_id, time, time_text, source_id, line, flags)"
                      " VALUES ", COMMENT_COLS, "" },
    [ROW_TEXT] = { "INSERT INTO comment_texts(comment_id, text) VALUES ", 2, "" },
};

static tg_status_t prepare_one(sqlite3 *db, const rowsql *q, int rows, sqlite3_stmt **st,
                               tg_error_t *err)
{
    tg_buf sql = TG_BUF_INIT;
    tg_status_t rc;
    int r, c;

    tg_buf_addstr(&sql, q->head);
    for (r = 0; r < rows; r++) {
        tg_buf_addstr(&sql, r ? ",(" : "(");
        for (c = 0; c < q->ncols; c++)
            tg_buf_addstr(&sql, c ? ",?" : "?");
        tg_buf_addch(&sql, ')');
    }
    tg_buf_addstr(&sql, q->tail);
    rc = sql.data ? tg_db_prepare(db, sql.data, st, err) : nomem(err);
    tg_buf_release(&sql);
    return rc;
}

static tg_status_t prepare_rows(sqlite3 *db, const rowsql *q, rowstmt *rs, tg_error_t *err)
{
    tg_status_t rc;

    rs->ncols = q->ncols;
    if ((rc = prepare_one(db, q, 1, &rs->one, err)))
        return rc;
    return prepare_one(db, q, MULTI_ROWS, &rs->many, err);
}

tg_status_t tg_store_import_begin(tg_store_t *store, const tg_source_info_t *src,
                                  const char *const *anonymous, tg_import_report_t *report,
                                  tg_store_import_t **out, tg_error_t *err)
{
    tg_store_import_t *imp = NULL;
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    int64_t v, ncomments;
    size_t i, na;
    char when[32];

    *out = NULL;
    if (store->flags & TG_STORE_READONLY)
        return tg_error_set(err, TG_ERR_USAGE, "'%s' is open read-only", store->path);
    if (store->in_import)
        return tg_error_set(err, TG_ERR_USAGE, "an import is already running on '%s'", store->path);
    if ((rc = tg_db_prepare(store->db, "SELECT path FROM sources WHERE hash = ?", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, src->hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        report->already_imported = 1;
        sqlite3_finalize(st);
        return TG_OK;
    }
    sqlite3_finalize(st);

    imp = calloc(1, sizeof *imp);
    if (!imp)
        return nomem(err);
    imp->store = store;
    imp->db = store->db;
    imp->report = report;
    pthread_mutex_init(&imp->mu, NULL);
    pthread_cond_init(&imp->cv_work, NULL);
    pthread_cond_init(&imp->cv_space, NULL);
    tg_vec_init(&imp->parent, sizeof(int64_t));
    tg_vec_init(&imp->thread, sizeof(int64_t));
    tg_vec_init(&imp->flags, sizeof(uint32_t));
    tg_vec_init(&imp->line, sizeof(long));
    tg_vec_init(&imp->changed, 1);
    tg_vec_init(&imp->pendings, sizeof(pending));
    tg_vec_init(&imp->oldkeys, sizeof(oldkey));
    tg_arena_init(&imp->strings, 1u << 20);
    if (tg_hmap_init(&imp->users, 1024) || tg_hmap_init(&imp->locations, 256) ||
        tg_hmap_init(&imp->threads, 1024) || tg_hmap_init(&imp->keys, expected_comments(src)) ||
        tg_hmap_init(&imp->touched, 1024) || tg_hmap_init(&imp->thread_posted, 64)) {
        rc = nomem(err);
        goto fail;
    }
    if (!anonymous)
        anonymous = default_anon;
    for (na = 0; anonymous[na]; na++)
        ;
    imp->anon = calloc(na + 1, sizeof *imp->anon);
    if (!imp->anon) {
        rc = nomem(err);
        goto fail;
    }
    for (i = 0; i < na; i++)
        if (!(imp->anon[i] = strdup(anonymous[i]))) {
            rc = nomem(err);
            goto fail;
        }
    if (!(imp->space = strdup(src->space ? src->space : ""))) {
        rc = nomem(err);
        goto fail;
    }
    imp->sink.post = sink_post;
    imp->sink.comment = sink_comment;
    imp->sink.report = report;

    if ((rc = tg_db_exec(store->db, "BEGIN IMMEDIATE", err)))
        goto fail;
    store->in_import = 1;

    if ((rc = tg_db_int(store->db, "SELECT count(*) FROM (SELECT 1 FROM comments LIMIT 1)",
                        &ncomments, err)))
        goto fail_rollback;
    imp->empty_before = ncomments == 0;
    /* Into an empty store the key index is built after the rows: one sort
     * costs less than a million inserts at random places.  The partial
     * index of unresolved parents stays; it only takes the few rows written
     * before their parent is known. */
    if (imp->empty_before &&
        (rc = tg_db_exec(store->db, "DROP INDEX IF EXISTS comments_key", err)))
        goto fail_rollback;
    /* an earlier import may have left the index to be built later */
    if (!imp->empty_before && (rc = tg_store_build_indexes(store, err)))
        goto fail_rollback;
    if ((rc = tg_db_int(store->db, "SELECT coalesce(max(id), 0) FROM comments", &v, err)))
        goto fail_rollback;
    imp->first_comment = v + 1;
    if ((rc = tg_db_int(store->db, "SELECT coalesce(max(id), 0) FROM threads", &v, err)))
        goto fail_rollback;
    imp->first_thread = imp->next_thread = v + 1;
    if ((rc = tg_db_int(store->db, "SELECT coalesce(max(id), 0) FROM users", &v, err)))
        goto fail_rollback;
    imp->next_user = v + 1;
    if ((rc = tg_db_int(store->db, "SELECT coalesce(max(id), 0) FROM locations", &v, err)))
        goto fail_rollback;
    imp->next_location = v + 1;
    /* threads of this import's id space only: others never meet it */
    if ((rc = load_names(store->db, "SELECT id, name FROM users", NULL, &imp->users, err)) ||
        (rc = load_names(store->db, "SELECT id, name FROM locations", NULL, &imp->locations,
                         err)) ||
        (rc = load_names(store->db, "SELECT id, ext_id FROM threads WHERE space = ?", imp->space,
                         &imp->threads, err)))
        goto fail_rollback;

    now_text(when, sizeof when);
    if ((rc = tg_db_prepare(store->db,
                            "INSERT INTO sources(path, format, hash, bytes, imported_at)"
                            " VALUES (?, ?, ?, ?, ?)", &st, err)))
        goto fail_rollback;
    sqlite3_bind_text(st, 1, src->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, src->format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, src->hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, src->bytes);
    sqlite3_bind_text(st, 5, when, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = tg_db_error(err, store->db, "cannot record the source");
        sqlite3_finalize(st);
        goto fail_rollback;
    }
    sqlite3_finalize(st);
    imp->source_id = sqlite3_last_insert_rowid(store->db);

    for (i = 0; i < ROW_KINDS; i++)
        if ((rc = prepare_rows(store->db, &row_sql[i], &imp->ins[i], err)))
            goto fail_rollback;

    if (pthread_create(&imp->thread_id, NULL, writer_main, imp) != 0) {
        rc = tg_error_set(err, TG_ERR_FAIL, "cannot start the writer thread");
        goto fail_rollback;
    }
    imp->thread_started = 1;
    *out = imp;
    return TG_OK;

fail_rollback:
    tg_db_exec(store->db, "ROLLBACK", NULL);
fail:
    import_free(imp);
    return rc;
}

void tg_store_import_defer_indexes(tg_store_import_t *imp)
{
    imp->defer_index = 1;
}

tg_status_t tg_store_build_indexes(tg_store_t *store, tg_error_t *err)
{
    return tg_db_exec(store->db, "CREATE INDEX IF NOT EXISTS comments_key ON comments(thread_id, ext_id)",
                      err);
}

tg_status_t tg_store_import_set_title(tg_store_import_t *imp, const char *title)
{
    free(imp->title_override);
    imp->title_override = title ? strdup(title) : NULL;
    return title && !imp->title_override ? TG_ERR_NOMEM : TG_OK;
}

tg_sink_t *tg_store_import_sink(tg_store_import_t *imp)
{
    return &imp->sink;
}

void tg_store_import_abort(tg_store_import_t *imp)
{
    sqlite3 *db;

    if (!imp)
        return;
    db = imp->db;
    import_free(imp);
    tg_db_exec(db, "ROLLBACK", NULL);
}

/* ------------------------------------------------------------------ */
/* commit: settle what needs the whole file                              */

static int64_t *i64(tg_vec *v, size_t i)
{
    return &TG_VEC_AT(v, int64_t, i);
}

static void set_parent(tg_store_import_t *imp, size_t i, int64_t parent, uint32_t flags)
{
    if (*i64(&imp->parent, i) != parent || TG_VEC_AT(&imp->flags, uint32_t, i) != flags) {
        *i64(&imp->parent, i) = parent;
        TG_VEC_AT(&imp->flags, uint32_t, i) = flags;
        TG_VEC_AT(&imp->changed, unsigned char, i) = 1;
    }
}

/* A: comments that repeat an id stored by an earlier import are dropped;
 * their replies in this file attach to the earlier comment. */
static tg_status_t drop_earlier_duplicates(tg_store_import_t *imp, tg_hmap *remap,
                                           unsigned char *dropped, tg_error_t *err)
{
    sqlite3_stmt *find = NULL, *del = NULL, *deltext = NULL;
    tg_status_t rc;
    size_t k, i, n = imp->parent.n;
    long ndropped = 0;

    if (!imp->oldkeys.n)
        return TG_OK;
    if ((rc = tg_db_prepare(imp->db,
                            "SELECT id FROM comments WHERE thread_id = ? AND ext_id = ? AND id < ?"
                            " ORDER BY id LIMIT 1", &find, err)) ||
        (rc = tg_db_prepare(imp->db, "DELETE FROM comments WHERE id = ?", &del, err)) ||
        (rc = tg_db_prepare(imp->db, "DELETE FROM comment_texts WHERE comment_id = ?", &deltext,
                            err)))
        goto out;
    for (k = 0; k < imp->oldkeys.n; k++) {
        oldkey *o = &TG_VEC_AT(&imp->oldkeys, oldkey, k);
        int64_t rowid = imp->first_comment + (int64_t)o->idx;

        sqlite3_bind_int64(find, 1, *i64(&imp->thread, o->idx));
        sqlite3_bind_text(find, 2, o->ext, -1, SQLITE_STATIC);
        sqlite3_bind_int64(find, 3, imp->first_comment);
        if (sqlite3_step(find) == SQLITE_ROW) {
            int64_t old = sqlite3_column_int64(find, 0);

            if (!tg_hmap_put(remap, &rowid, sizeof rowid, old, NULL)) {
                rc = nomem(err);
                goto out;
            }
            dropped[o->idx] = 1;
            ndropped++;
            tg_import_report_tally(imp->report, TG_TALLY_DUPLICATE,
                                   TG_VEC_AT(&imp->line, long, o->idx));
            sqlite3_bind_int64(del, 1, rowid);
            sqlite3_bind_int64(deltext, 1, rowid);
            if (step_done(del) || step_done(deltext)) {
                sqlite3_reset(find);
                rc = tg_db_error(err, imp->db, "cannot drop a duplicate");
                goto out;
            }
        }
        sqlite3_reset(find);
    }
    imp->report->comments -= ndropped;
    if (ndropped)
        for (i = 0; i < n; i++) {
            int64_t p = *i64(&imp->parent, i), *to;

            if (p && (to = tg_hmap_get(remap, &p, sizeof p)))
                set_parent(imp, i, *to, TG_VEC_AT(&imp->flags, uint32_t, i));
        }
out:
    sqlite3_finalize(find);
    sqlite3_finalize(del);
    sqlite3_finalize(deltext);
    return rc;
}

/* B: parents named by a comment but not seen before it. */
static tg_status_t resolve_pending(tg_store_import_t *imp, const tg_hmap *remap,
                                   const unsigned char *dropped, tg_error_t *err)
{
    sqlite3_stmt *find = NULL;
    tg_status_t rc = TG_OK;
    char key[KEY_MAX];
    size_t k;

    if (!imp->pendings.n)
        return TG_OK;
    if (imp->touched_old_thread &&
        (rc = tg_db_prepare(imp->db,
                            "SELECT id FROM comments WHERE thread_id = ? AND ext_id = ? AND id < ?"
                            " ORDER BY id LIMIT 1", &find, err)))
        return rc;
    for (k = 0; k < imp->pendings.n; k++) {
        pending *pd = &TG_VEC_AT(&imp->pendings, pending, k);
        size_t i = pd->idx;
        int64_t tid = *i64(&imp->thread, i), parent = 0, *p;
        uint32_t fl = TG_VEC_AT(&imp->flags, uint32_t, i);
        size_t klen;

        if (dropped[i])
            continue;
        klen = pack_key(key, sizeof key, tid, pd->parent_ext);
        if ((p = tg_hmap_get(&imp->keys, key, klen))) {
            parent = imp->first_comment + *p;
            if (dropped[*p]) {
                int64_t *to = tg_hmap_get(remap, &parent, sizeof parent);

                parent = to ? *to : 0;
            }
        } else if (find && tid < imp->first_thread) {
            sqlite3_bind_int64(find, 1, tid);
            sqlite3_bind_text(find, 2, pd->parent_ext, -1, SQLITE_STATIC);
            sqlite3_bind_int64(find, 3, imp->first_comment);
            if (sqlite3_step(find) == SQLITE_ROW)
                parent = sqlite3_column_int64(find, 0);
            sqlite3_reset(find);
        }
        set_parent(imp, i, parent, parent ? fl & ~TG_COMMENT_ORPHAN : fl | TG_COMMENT_ORPHAN);
    }
    sqlite3_finalize(find);
    return rc;
}

/* An earlier comment whose parent link changed in this import. */
typedef struct oldlink {
    int64_t id, parent;
} oldlink;

/* C: earlier orphans whose parent arrived in this file. */
static tg_status_t link_earlier_orphans(tg_store_import_t *imp, const unsigned char *dropped,
                                        tg_vec *links, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    char key[KEY_MAX];
    size_t i;

    if (!imp->touched_old_thread)
        return TG_OK;
    if ((rc = tg_db_prepare(imp->db,
                            "SELECT id, parent_ext, line FROM comments WHERE thread_id = ?"
                            " AND parent_id IS NULL AND parent_ext IS NOT NULL AND id < ?"
                            " AND flags & 1", &st, err)))
        return rc;
    for (i = 0; i < imp->touched.cap; i++) {
        const tg_hslot *s = &imp->touched.slots[i];
        int64_t tid;

        if (!s->key)
            continue;
        memcpy(&tid, s->key, sizeof tid);
        if (tid >= imp->first_thread)
            continue;
        sqlite3_bind_int64(st, 1, tid);
        sqlite3_bind_int64(st, 2, imp->first_comment);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *pext = (const char *)sqlite3_column_text(st, 1);
            size_t klen = pack_key(key, sizeof key, tid, pext ? pext : "");
            int64_t *p = tg_hmap_get(&imp->keys, key, klen);

            if (p && !dropped[*p]) {
                oldlink *l = tg_vec_push(links);

                if (!l) {
                    sqlite3_reset(st);
                    sqlite3_finalize(st);
                    return nomem(err);
                }
                l->id = sqlite3_column_int64(st, 0);
                l->parent = imp->first_comment + *p;
                tg_import_report_tally(imp->report, TG_TALLY_LINKED, 0);
            }
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return TG_OK;
}

/* D: find cycles among parent links and break each at its smallest row id
 * (the comment that comes first in the input).  Comments of this import are
 * walked in memory; earlier comments are only reachable through the links
 * made by step C, and their own parents are read from the database. */
typedef struct walker {
    tg_store_import_t *imp;
    const unsigned char *dropped;
    tg_vec *links;           /* oldlink: earlier comment -> new parent */
    tg_hmap linkmap;         /* earlier id -> index in links */
    tg_hmap oldstate;        /* earlier id -> state */
    unsigned char *state;    /* per new comment: 0 unseen, 1 on path, 2 done */
    sqlite3_stmt *parent_of;
    tg_vec path;             /* int64 row ids */
} walker;

static int64_t walk_parent(walker *w, int64_t id)
{
    tg_store_import_t *imp = w->imp;
    int64_t *li;

    if (id >= imp->first_comment)
        return *i64(&imp->parent, (size_t)(id - imp->first_comment));
    if ((li = tg_hmap_get(&w->linkmap, &id, sizeof id)))
        return TG_VEC_AT(w->links, oldlink, *li).parent;
    if (!w->links->n)
        return 0; /* earlier comments never lead back into this import */
    sqlite3_bind_int64(w->parent_of, 1, id);
    if (sqlite3_step(w->parent_of) == SQLITE_ROW) {
        int64_t p = sqlite3_column_int64(w->parent_of, 0);

        sqlite3_reset(w->parent_of);
        return p;
    }
    sqlite3_reset(w->parent_of);
    return 0;
}

static int get_state(walker *w, int64_t id)
{
    int64_t *s;

    if (id >= w->imp->first_comment)
        return w->state[id - w->imp->first_comment];
    s = tg_hmap_get(&w->oldstate, &id, sizeof id);
    return s ? (int)*s : 0;
}

static int put_state(walker *w, int64_t id, int st)
{
    int64_t *s;

    if (id >= w->imp->first_comment) {
        w->state[id - w->imp->first_comment] = (unsigned char)st;
        return 0;
    }
    if (!(s = tg_hmap_put(&w->oldstate, &id, sizeof id, st, NULL)))
        return -1;
    *s = st;
    return 0;
}

static tg_status_t break_cycle_at(walker *w, int64_t id, tg_error_t *err)
{
    tg_store_import_t *imp = w->imp;
    int64_t *li;

    tg_import_report_tally(imp->report, TG_TALLY_CYCLE,
                           id >= imp->first_comment
                               ? TG_VEC_AT(&imp->line, long, id - imp->first_comment) : 0);
    if (id >= imp->first_comment) {
        size_t i = (size_t)(id - imp->first_comment);

        set_parent(imp, i, 0, (TG_VEC_AT(&imp->flags, uint32_t, i) & ~TG_COMMENT_ORPHAN) |
                                  TG_COMMENT_CYCLE);
        return TG_OK;
    }
    if ((li = tg_hmap_get(&w->linkmap, &id, sizeof id))) {
        /* the earlier orphan stays a root, now flagged as a broken cycle */
        TG_VEC_AT(w->links, oldlink, *li).parent = -1;
        return TG_OK;
    }
    {
        sqlite3_stmt *st = NULL;
        tg_status_t rc = tg_db_prepare(imp->db,
                                       "UPDATE comments SET parent_id = NULL,"
                                       " flags = (flags & ~1) | 2 WHERE id = ?", &st, err);

        if (rc)
            return rc;
        sqlite3_bind_int64(st, 1, id);
        if (step_done(st))
            rc = tg_db_error(err, imp->db, "cannot break a cycle");
        sqlite3_finalize(st);
        return rc;
    }
}

static tg_status_t walk_from(walker *w, int64_t start, tg_error_t *err)
{
    int64_t id = start;
    size_t j;

    w->path.n = 0;
    while (id > 0 && get_state(w, id) == 0) {
        int64_t *slot;

        if (put_state(w, id, 1) || !(slot = tg_vec_push(&w->path)))
            return nomem(err);
        *slot = id;
        id = walk_parent(w, id);
    }
    if (id > 0 && get_state(w, id) == 1) {
        int64_t first = id;
        size_t at = w->path.n;
        tg_status_t rc;

        for (j = 0; j < w->path.n; j++)
            if (TG_VEC_AT(&w->path, int64_t, j) == id) {
                at = j;
                break;
            }
        for (j = at; j < w->path.n; j++)
            if (TG_VEC_AT(&w->path, int64_t, j) < first)
                first = TG_VEC_AT(&w->path, int64_t, j);
        if ((rc = break_cycle_at(w, first, err)))
            return rc;
    }
    for (j = 0; j < w->path.n; j++)
        if (put_state(w, TG_VEC_AT(&w->path, int64_t, j), 2))
            return nomem(err);
    return TG_OK;
}

static tg_status_t break_cycles(tg_store_import_t *imp, const unsigned char *dropped,
                                tg_vec *links, tg_error_t *err)
{
    walker w;
    tg_status_t rc = TG_OK;
    size_t i, n = imp->parent.n;

    memset(&w, 0, sizeof w);
    w.imp = imp;
    w.dropped = dropped;
    w.links = links;
    tg_vec_init(&w.path, sizeof(int64_t));
    if (tg_hmap_init(&w.linkmap, links->n) || tg_hmap_init(&w.oldstate, 64) ||
        !(w.state = calloc(n ? n : 1, 1))) {
        rc = nomem(err);
        goto out;
    }
    for (i = 0; i < links->n; i++)
        if (!tg_hmap_put(&w.linkmap, &TG_VEC_AT(links, oldlink, i).id, sizeof(int64_t),
                         (int64_t)i, NULL)) {
            rc = nomem(err);
            goto out;
        }
    if (links->n && (rc = tg_db_prepare(imp->db, "SELECT parent_id FROM comments WHERE id = ?",
                                        &w.parent_of, err)))
        goto out;
    for (i = 0; i < n && !rc; i++)
        if (!dropped[i] && w.state[i] == 0)
            rc = walk_from(&w, imp->first_comment + (int64_t)i, err);
    for (i = 0; i < links->n && !rc; i++)
        rc = walk_from(&w, TG_VEC_AT(links, oldlink, i).id, err);
out:
    sqlite3_finalize(w.parent_of);
    tg_hmap_release(&w.linkmap);
    tg_hmap_release(&w.oldstate);
    tg_vec_release(&w.path);
    free(w.state);
    return rc;
}

/* E: write the parent links and flags settled above. */
static tg_status_t apply_changes(tg_store_import_t *imp, const unsigned char *dropped,
                                 const tg_vec *links, tg_error_t *err)
{
    sqlite3_stmt *st = NULL, *lk = NULL;
    tg_status_t rc;
    size_t i;

    if ((rc = tg_db_prepare(imp->db, "UPDATE comments SET parent_id = ?, flags = ? WHERE id = ?",
                            &st, err)) ||
        (rc = tg_db_prepare(imp->db,
                            "UPDATE comments SET parent_id = ?, flags = (flags & ~3) | ?"
                            " WHERE id = ?", &lk, err)))
        goto out;
    for (i = 0; i < imp->parent.n; i++) {
        uint32_t fl = TG_VEC_AT(&imp->flags, uint32_t, i);

        if (dropped[i])
            continue;
        if (fl & TG_COMMENT_ORPHAN)
            tg_import_report_tally(imp->report, TG_TALLY_ORPHAN, TG_VEC_AT(&imp->line, long, i));
        if (!TG_VEC_AT(&imp->changed, unsigned char, i))
            continue;
        bind_opt_int(st, 1, *i64(&imp->parent, i));
        sqlite3_bind_int64(st, 2, fl);
        sqlite3_bind_int64(st, 3, imp->first_comment + (int64_t)i);
        if (step_done(st)) {
            rc = tg_db_error(err, imp->db, "cannot link a comment to its parent");
            goto out;
        }
    }
    for (i = 0; i < links->n; i++) {
        const oldlink *l = &TG_VEC_AT(links, oldlink, i);

        if (l->parent > 0) {
            sqlite3_bind_int64(lk, 1, l->parent);
            sqlite3_bind_int64(lk, 2, 0);
        } else {
            sqlite3_bind_null(lk, 1);
            sqlite3_bind_int64(lk, 2, TG_COMMENT_CYCLE);
        }
        sqlite3_bind_int64(lk, 3, l->id);
        if (step_done(lk)) {
            rc = tg_db_error(err, imp->db, "cannot link an earlier comment");
            goto out;
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(lk);
    return rc;
}

/* Append s to b as the inside of a JSON string. */
static void json_escape(tg_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            tg_buf_addch(b, '\\');
        if ((unsigned char)*s < 0x20)
            tg_buf_addf(b, "\\u%04x", (unsigned char)*s);
        else
            tg_buf_addch(b, *s);
    }
}

/* ,"notes":[{"note":..., "count":..., "first_line":...}, ...] */
static void add_notes(tg_buf *json, const tg_skip_reason_t *list, size_t n)
{
    size_t i;

    tg_buf_addstr(json, ",\"notes\":[");
    for (i = 0; i < n; i++) {
        tg_buf_addstr(json, i ? ",{\"note\":\"" : "{\"note\":\"");
        json_escape(json, list[i].reason);
        tg_buf_addf(json, "\",\"count\":%ld,\"first_line\":%ld}", list[i].count,
                    list[i].first_line);
    }
    tg_buf_addch(json, ']');
}

/* Keep the report with the source, as columns and as JSON (docs/schema.md). */
static tg_status_t store_report(tg_store_import_t *imp, tg_error_t *err)
{
    const tg_import_report_t *r = imp->report;
    tg_buf json = TG_BUF_INIT;
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    size_t i, k;

    tg_buf_addf(&json, "{\"comments\":%ld,\"posts\":%ld,\"threads\":%ld", r->comments, r->posts,
                r->threads);
    for (k = 0; k < TG_TALLY_KINDS; k++)
        tg_buf_addf(&json, ",\"%s\":%ld", tg_tally_name((tg_tally_kind_t)k), r->tally[k].count);
    tg_buf_addstr(&json, ",\"skipped_reasons\":[");
    for (i = 0; i < r->nskips; i++) {
        tg_buf_addstr(&json, i ? ",{\"reason\":\"" : "{\"reason\":\"");
        json_escape(&json, r->skips[i].reason);
        tg_buf_addf(&json, "\",\"count\":%ld,\"first_line\":%ld}", r->skips[i].count,
                    r->skips[i].first_line);
    }
    tg_buf_addf(&json, "],\"missing_detail\":{\"more_stubs\":%ld,\"more_ids\":%ld,"
                       "\"more_hidden\":%ld,\"tombstones\":%ld,\"absent_kids\":%ld},"
                       "\"missing_ids\":[",
                r->missing.more_stubs, r->missing.more_ids, r->missing.more_hidden,
                r->missing.tombstones, r->missing.absent_kids);
    for (i = 0; i < r->missing.nids; i++) {
        tg_buf_addstr(&json, i ? ",\"" : "\"");
        json_escape(&json, r->missing.ids[i]);
        tg_buf_addch(&json, '"');
    }
    tg_buf_addstr(&json, "]");
    if (r->nnotes)
        add_notes(&json, r->notes, r->nnotes);
    tg_buf_addstr(&json, "}");
    if (!json.data) {
        rc = nomem(err);
        goto out;
    }
    if ((rc = tg_db_prepare(imp->db,
                            "UPDATE sources SET comments = ?, posts = ?, threads = ?, orphans = ?,"
                            " duplicates = ?, cycles_broken = ?, missing = ?, bad_times = ?,"
                            " utf8_repaired = ?, skipped = ?, earlier_orphans_linked = ?,"
                            " report = ? WHERE id = ?", &st, err)))
        goto out;
    sqlite3_bind_int64(st, 1, r->comments);
    sqlite3_bind_int64(st, 2, r->posts);
    sqlite3_bind_int64(st, 3, r->threads);
    for (k = 0; k < TG_TALLY_KINDS; k++)
        sqlite3_bind_int64(st, 4 + (int)k, r->tally[k].count);
    sqlite3_bind_text(st, 12, json.data, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 13, imp->source_id);
    if (step_done(st))
        rc = tg_db_error(err, imp->db, "cannot record the import report");
out:
    sqlite3_finalize(st);
    tg_buf_release(&json);
    return rc;
}

tg_status_t tg_store_import_settle(tg_store_import_t *imp, tg_error_t *err)
{
    tg_status_t rc;
    tg_hmap remap;
    tg_vec links;
    unsigned char *dropped = NULL;

    if (imp->settled)
        return TG_OK;
    tg_vec_init(&links, sizeof(oldlink));
    if (tg_hmap_init(&remap, 16))
        return nomem(err);
    if ((rc = drain(imp, err)))
        goto out;
    dropped = calloc(imp->parent.n ? imp->parent.n : 1, 1);
    if (!dropped) {
        rc = nomem(err);
        goto out;
    }
    if ((rc = drop_earlier_duplicates(imp, &remap, dropped, err)) ||
        (rc = resolve_pending(imp, &remap, dropped, err)) ||
        (rc = link_earlier_orphans(imp, dropped, &links, err)) ||
        (rc = break_cycles(imp, dropped, &links, err)) ||
        (rc = apply_changes(imp, dropped, &links, err)))
        goto out;
    if (imp->empty_before && !imp->defer_index &&
        (rc = tg_db_exec(imp->db,
                         "CREATE INDEX comments_key ON comments(thread_id, ext_id)", err)))
        goto out;
    imp->settled = 1;
out:
    free(dropped);
    tg_hmap_release(&remap);
    tg_vec_release(&links);
    return rc;
}

tg_status_t tg_store_import_commit(tg_store_import_t *imp, tg_error_t *err)
{
    tg_status_t rc;
    sqlite3 *db = imp->db;

    if ((rc = tg_store_import_settle(imp, err)) || (rc = store_report(imp, err)) ||
        (rc = tg_db_exec(db, "COMMIT", err))) {
        import_free(imp);
        tg_db_exec(db, "ROLLBACK", NULL);
        return rc;
    }
    import_free(imp);
    return TG_OK;
}
