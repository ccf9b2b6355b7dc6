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

typedef struct wcomment {
    int64_t id, thread, parent, user, location, time;
    const char *ext, *parent_ext, *author, *time_text, *text;
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

typedef struct batch {
    tg_vec comments, threads, users, locations;
    tg_arena arena;
    size_t bytes;
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
    int empty_before;        /* the store held no comment: indexes rebuilt at the end */
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
    int settled;             /* tg_store_import_settle ran */
    char *title_override;

    /* writer thread */
    pthread_t thread_id;
    int thread_started;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_space;
    batch *queue_head, *queue_tail;
    size_t queued;
    int closing;
    atomic_int failed;       /* the writer hit an error (werr) */
    tg_error_t werr;
    batch *cur;
    sqlite3_stmt *ins_comment, *ins_text, *ins_user, *ins_location, *up_thread;
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

static const char *bdup(batch *b, const char *s)
{
    size_t n;
    char *p;

    if (!s)
        return NULL;
    n = strlen(s);
    p = tg_arena_strndup(&b->arena, s, n);
    b->bytes += n + 1;
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

/* Write one batch; runs on the writer thread (or inline at the end). */
static tg_status_t write_batch(tg_store_import_t *imp, batch *b, tg_error_t *err)
{
    size_t i;

    for (i = 0; i < b->users.n; i++) {
        wname *u = &TG_VEC_AT(&b->users, wname, i);

        sqlite3_bind_int64(imp->ins_user, 1, u->id);
        sqlite3_bind_text(imp->ins_user, 2, u->name, -1, SQLITE_STATIC);
        if (step_done(imp->ins_user))
            return tg_db_error(err, imp->db, "cannot store a user");
    }
    for (i = 0; i < b->locations.n; i++) {
        wname *l = &TG_VEC_AT(&b->locations, wname, i);

        sqlite3_bind_int64(imp->ins_location, 1, l->id);
        sqlite3_bind_text(imp->ins_location, 2, l->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(imp->ins_location, 3, l->key, -1, SQLITE_STATIC);
        if (step_done(imp->ins_location))
            return tg_db_error(err, imp->db, "cannot store a location");
    }
    for (i = 0; i < b->threads.n; i++) {
        wthread *t = &TG_VEC_AT(&b->threads, wthread, i);
        sqlite3_stmt *st = imp->up_thread;

        sqlite3_bind_int64(st, 1, t->id);
        sqlite3_bind_text(st, 2, t->ext, -1, SQLITE_STATIC);
        tg_db_bind_text(st, 3, t->title);
        bind_opt_int(st, 4, t->user);
        if (t->time != TG_TIME_NONE)
            sqlite3_bind_int64(st, 5, t->time);
        else
            sqlite3_bind_null(st, 5);
        tg_db_bind_text(st, 6, t->time_text);
        tg_db_bind_text(st, 7, t->text);
        if (t->line)
            sqlite3_bind_int64(st, 8, t->line);
        else
            sqlite3_bind_null(st, 8);
        sqlite3_bind_int64(st, 9, imp->source_id);
        if (step_done(st))
            return tg_db_error(err, imp->db, "cannot store a thread");
    }
    for (i = 0; i < b->comments.n; i++) {
        wcomment *c = &TG_VEC_AT(&b->comments, wcomment, i);
        sqlite3_stmt *st = imp->ins_comment;

        sqlite3_bind_int64(st, 1, c->id);
        sqlite3_bind_int64(st, 2, c->thread);
        sqlite3_bind_text(st, 3, c->ext, -1, SQLITE_STATIC);
        tg_db_bind_text(st, 4, c->parent_ext);
        bind_opt_int(st, 5, c->parent);
        bind_opt_int(st, 6, c->user);
        tg_db_bind_text(st, 7, c->author);
        bind_opt_int(st, 8, c->location);
        if (c->time != TG_TIME_NONE)
            sqlite3_bind_int64(st, 9, c->time);
        else
            sqlite3_bind_null(st, 9);
        tg_db_bind_text(st, 10, c->time_text);
        sqlite3_bind_int64(st, 11, imp->source_id);
        sqlite3_bind_int64(st, 12, c->line);
        sqlite3_bind_int64(st, 13, c->flags);
        if (step_done(st))
            return tg_db_error(err, imp->db, "cannot store a comment");
        if (c->text) {
            sqlite3_bind_int64(imp->ins_text, 1, c->id);
            sqlite3_bind_text(imp->ins_text, 2, c->text, -1, SQLITE_STATIC);
            if (step_done(imp->ins_text))
                return tg_db_error(err, imp->db, "cannot store a comment's text");
        }
    }
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
                batch_free(b);
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
    if (!imp->cur)
        imp->cur = batch_new();
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
static tg_status_t intern_user(tg_store_import_t *imp, const char *name, int64_t *id,
                               tg_error_t *err)
{
    int found;
    int64_t *slot = tg_hmap_put(&imp->users, name, strlen(name), imp->next_user, &found);
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

/* Row id of thread ext; *is_new says whether this import created it. */
static tg_status_t intern_thread(tg_store_import_t *imp, const char *ext, int64_t *id,
                                 int *is_new, tg_error_t *err)
{
    int found;
    int64_t *slot = tg_hmap_put(&imp->threads, ext, strlen(ext), imp->next_thread, &found);
    tg_status_t rc;

    if (!slot)
        return nomem(err);
    *id = *slot;
    *is_new = !found || *id >= imp->first_thread;
    if (!found) {
        imp->next_thread++;
        if ((rc = queue_thread(imp, *id, ext, NULL, 0, err)))
            return rc;
    }
    if (!tg_hmap_put(&imp->touched, id, sizeof *id, 0, &found))
        return nomem(err);
    if (!found) {
        imp->report->threads++;
        if (*id < imp->first_thread) {
            imp->touched_old_thread = 1;
            /* an earlier thread gets the override title too */
            if (imp->title_override && (rc = queue_thread(imp, *id, ext, NULL, 0, err)))
                return rc;
        }
    }
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
    /* a title without a post (ConvoKit, Moodle): only the thread's title */
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
    char key[KEY_MAX];
    size_t klen, idx = imp->parent.n;
    int64_t tid, parent = 0, uid = 0, lid = 0, *slot;
    int is_new, found;
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
    klen = pack_key(key, sizeof key, tid, c->id);
    slot = tg_hmap_put(&imp->keys, key, klen, (int64_t)idx, &found);
    if (!slot)
        return nomem(err);
    if (found) {
        tg_import_report_tally(imp->report, TG_TALLY_DUPLICATE, c->line);
        return TG_OK;
    }
    if (c->parent_id && *c->parent_id) {
        int64_t *p;

        klen = pack_key(key, sizeof key, tid, c->parent_id);
        p = tg_hmap_get(&imp->keys, key, klen);
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
    if (!anon && (rc = intern_user(imp, c->author, &uid, err)))
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
    w->ext = bdup(b, c->id);
    w->parent_ext = c->parent_id && *c->parent_id ? bdup(b, c->parent_id) : NULL;
    w->parent = parent;
    w->user = uid;
    w->author = anon ? bdup(b, c->author ? c->author : "") : NULL;
    w->location = lid;
    w->time = c->has_time ? c->time : TG_TIME_NONE;
    w->time_text = bdup(b, c->time_text);
    w->text = bdup(b, c->text);
    w->line = c->line;
    w->flags = TG_VEC_AT(&imp->flags, uint32_t, idx);
    imp->report->comments++;
    if (b->comments.n >= BATCH_COMMENTS || b->bytes >= BATCH_BYTES)
        return flush_batch(imp, err);
    return TG_OK;
}

/* ------------------------------------------------------------------ */
/* begin                                                                 */

static tg_status_t load_names(sqlite3 *db, const char *sql, tg_hmap *m, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc = tg_db_prepare(db, sql, &st, err);
    int s;

    if (rc)
        return rc;
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
    sqlite3_finalize(imp->ins_comment);
    sqlite3_finalize(imp->ins_text);
    sqlite3_finalize(imp->ins_user);
    sqlite3_finalize(imp->ins_location);
    sqlite3_finalize(imp->up_thread);
    pthread_mutex_destroy(&imp->mu);
    pthread_cond_destroy(&imp->cv_work);
    pthread_cond_destroy(&imp->cv_space);
    tg_hmap_release(&imp->users);
    tg_hmap_release(&imp->locations);
    tg_hmap_release(&imp->threads);
    tg_hmap_release(&imp->keys);
    tg_hmap_release(&imp->touched);
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
    if (imp->store)
        imp->store->in_import = 0;
    free(imp);
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
        tg_hmap_init(&imp->threads, 1024) || tg_hmap_init(&imp->keys, 4096) ||
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
    if (imp->empty_before &&
        (rc = tg_db_exec(store->db, "DROP INDEX comments_key; DROP INDEX comments_unresolved",
                         err)))
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
    if ((rc = load_names(store->db, "SELECT id, name FROM users", &imp->users, err)) ||
        (rc = load_names(store->db, "SELECT id, name FROM locations", &imp->locations, err)) ||
        (rc = load_names(store->db, "SELECT id, ext_id FROM threads", &imp->threads, err)))
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

    if ((rc = tg_db_prepare(store->db,
                            "INSERT INTO comments(id, thread_id, ext_id, parent_ext, parent_id,"
                            " user_id, author, location_id, time, time_text, source_id,"
                            " line, flags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            &imp->ins_comment, err)) ||
        (rc = tg_db_prepare(store->db,
                            "INSERT INTO comment_texts(comment_id, text) VALUES (?, ?)",
                            &imp->ins_text, err)) ||
        (rc = tg_db_prepare(store->db, "INSERT INTO users(id, name) VALUES (?, ?)",
                            &imp->ins_user, err)) ||
        (rc = tg_db_prepare(store->db, "INSERT INTO locations(id, name, key) VALUES (?, ?, ?)",
                            &imp->ins_location, err)) ||
        (rc = tg_db_prepare(store->db,
                            "INSERT INTO threads(id, ext_id, title, post_user_id, post_time,"
                            " post_time_text, post_text, post_line, source_id)"
                            " VALUES (?,?,?,?,?,?,?,?,?)"
                            " ON CONFLICT(id) DO UPDATE SET"
                            " title = coalesce(excluded.title, title),"
                            " post_user_id = coalesce(excluded.post_user_id, post_user_id),"
                            " post_time = coalesce(excluded.post_time, post_time),"
                            " post_time_text = coalesce(excluded.post_time_text, post_time_text),"
                            " post_text = coalesce(excluded.post_text, post_text),"
                            " post_line = coalesce(excluded.post_line, post_line)",
                            &imp->up_thread, err)))
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
    tg_buf_addstr(&json, "]}");
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
    if (imp->empty_before &&
        (rc = tg_db_exec(imp->db,
                         "CREATE INDEX comments_key ON comments(thread_id, ext_id);"
                         "CREATE INDEX comments_unresolved ON comments(thread_id)"
                         " WHERE parent_id IS NULL AND parent_ext IS NOT NULL", err)))
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
