/* sink.c - the store's write path: one import, one transaction.
 *
 * Importers send records to the sink below.  The sink (on the importer's
 * thread) interns threads, users and locations, assigns row ids, finds
 * duplicates and resolves every parent that came earlier in the file, all in
 * memory.  Rows go in batches to the writer thread (batch.c).
 *
 * At commit the writer thread is drained and the rest is settled on one
 * thread (settle.c); the import report is kept with the source
 * (import_report.c).  write_internal.h shows how the parts fit. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "write_internal.h"

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
        return tg_nomem(err);
    *id = *slot;
    if (found)
        return TG_OK;
    imp->next_user++;
    if (!(b = tg_batch_current(imp)) || !(u = tg_vec_push(&b->users)))
        return tg_nomem(err);
    u->id = *id;
    u->name = tg_batch_strdup(b, name);
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
        return tg_nomem(err);
    *id = *slot;
    if (found)
        return TG_OK;
    imp->next_location++;
    if (!(b = tg_batch_current(imp)) || !(l = tg_vec_push(&b->locations)))
        return tg_nomem(err);
    key = tg_casefold_key(name, n);
    if (!key)
        return tg_nomem(err);
    l->id = *id;
    l->name = tg_batch_strdup(b, name);
    l->key = tg_batch_strdup(b, key);
    free(key);
    return TG_OK;
}

static tg_status_t queue_thread(tg_store_import_t *imp, int64_t id, const char *ext,
                                const tg_post_rec_t *post, int64_t post_user, tg_error_t *err)
{
    batch *b = tg_batch_current(imp);
    wthread *t;

    if (!b || !(t = tg_vec_push(&b->threads)))
        return tg_nomem(err);
    t->id = id;
    t->ext = tg_batch_strdup(b, ext);
    t->title = tg_batch_strdup(b, imp->title_override ? imp->title_override : post ? post->title : NULL);
    t->user = post_user;
    t->time = post && post->has_time ? post->time : TG_TIME_NONE;
    t->time_text = post ? tg_batch_strdup(b, post->time_text) : NULL;
    t->text = post ? tg_batch_strdup(b, post->text) : NULL;
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
        return tg_nomem(err);
    *id = *slot;
    *is_new = !found || *id >= imp->first_thread;
    if (!found) {
        imp->next_thread++;
        imp->report->threads++;
        if ((rc = queue_thread(imp, *id, ext, NULL, 0, err)))
            return rc;
    } else if (*id < imp->first_thread) {
        if (!tg_hmap_put(&imp->touched, id, sizeof *id, 0, &found))
            return tg_nomem(err);
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
        return tg_nomem(err);
    imp->last_thread_id = *id;
    return TG_OK;
}


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
        return tg_nomem(err);
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
    klen = tg_pack_key(key, sizeof key, tid, c->id);
    kh = tg_hmap_hash(key, klen);
    tg_hmap_prefetch(&imp->keys, kh);
    if (has_parent) {
        pklen = tg_pack_key(pkey, sizeof pkey, tid, c->parent_id);
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
        return tg_nomem(err);
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
                return tg_nomem(err);
            pd->idx = idx;
        }
    }
    if (!is_new) {
        oldkey *o = tg_vec_push(&imp->oldkeys);

        if (!o || !(o->ext = tg_arena_strdup(&imp->strings, c->id)))
            return tg_nomem(err);
        o->idx = idx;
    }
    if (!anon && (rc = intern_user_h(imp, c->author, ulen, uh, &uid, err)))
        return rc;
    if (c->location && *c->location && (rc = intern_location(imp, c->location, &lid, err)))
        return rc;

    if (!tg_vec_push(&imp->parent) || !tg_vec_push(&imp->thread) || !tg_vec_push(&imp->flags) ||
        !tg_vec_push(&imp->line) || !tg_vec_push(&imp->changed))
        return tg_nomem(err);
    TG_VEC_AT(&imp->parent, int64_t, idx) = parent;
    TG_VEC_AT(&imp->thread, int64_t, idx) = tid;
    TG_VEC_AT(&imp->flags, uint32_t, idx) = c->flags & ~(TG_COMMENT_ORPHAN | TG_COMMENT_CYCLE);
    TG_VEC_AT(&imp->line, long, idx) = c->line;

    if (!(b = tg_batch_current(imp)) || !(w = tg_vec_push(&b->comments)))
        return tg_nomem(err);
    w->id = imp->first_comment + (int64_t)idx;
    w->thread = tid;
    w->ext = tg_batch_strdup_len(b, c->id, &w->lext);
    w->parent_ext = c->parent_id && *c->parent_id ? tg_batch_strdup_len(b, c->parent_id, &w->lparent_ext)
                                                  : NULL;
    w->parent = parent;
    w->user = uid;
    w->author = anon ? tg_batch_strdup_len(b, c->author ? c->author : "", &w->lauthor) : NULL;
    w->location = lid;
    w->time = c->has_time ? c->time : TG_TIME_NONE;
    w->time_text = tg_batch_strdup_len(b, c->time_text, &w->ltime_text);
    w->text = tg_batch_strdup_len(b, c->text, &w->ltext);
    w->line = c->line;
    w->flags = TG_VEC_AT(&imp->flags, uint32_t, idx);
    imp->report->comments++;
    if (b->comments.n >= BATCH_COMMENTS || b->bytes >= BATCH_BYTES)
        return tg_batch_flush(imp, err);
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
            rc = tg_nomem(err);
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

    if (!imp)
        return;
    tg_writer_release(imp);
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
        return tg_nomem(err);
    imp->store = store;
    imp->db = store->db;
    imp->report = report;
    tg_writer_init(imp);
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
        rc = tg_nomem(err);
        goto fail;
    }
    if (!anonymous)
        anonymous = default_anon;
    for (na = 0; anonymous[na]; na++)
        ;
    imp->anon = calloc(na + 1, sizeof *imp->anon);
    if (!imp->anon) {
        rc = tg_nomem(err);
        goto fail;
    }
    for (i = 0; i < na; i++)
        if (!(imp->anon[i] = strdup(anonymous[i]))) {
            rc = tg_nomem(err);
            goto fail;
        }
    if (!(imp->space = strdup(src->space ? src->space : ""))) {
        rc = tg_nomem(err);
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

    if ((rc = tg_writer_start(imp, err)))
        goto fail_rollback;
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

tg_status_t tg_store_import_commit(tg_store_import_t *imp, tg_error_t *err)
{
    tg_status_t rc;
    sqlite3 *db = imp->db;

    if ((rc = tg_store_import_settle(imp, err)) || (rc = tg_store_import_report_save(imp, err)) ||
        (rc = tg_db_exec(db, "COMMIT", err))) {
        import_free(imp);
        tg_db_exec(db, "ROLLBACK", NULL);
        return rc;
    }
    import_free(imp);
    return TG_OK;
}
