/* settle.c - the store's write path at commit: what needs the whole file.
 * After the writer thread is drained, on one thread: duplicates of earlier
 * imports, parents that come later in the file or live in earlier imports,
 * earlier orphans whose parent arrived now, and cycles, which are broken at
 * the comment that comes first in the input.  write_internal.h shows how the
 * parts of the write path fit. */
#include <stdlib.h>
#include <string.h>

#include "write_internal.h"

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
                rc = tg_nomem(err);
                goto out;
            }
            dropped[o->idx] = 1;
            ndropped++;
            tg_import_report_tally(imp->report, TG_TALLY_DUPLICATE,
                                   TG_VEC_AT(&imp->line, long, o->idx));
            sqlite3_bind_int64(del, 1, rowid);
            sqlite3_bind_int64(deltext, 1, rowid);
            if (tg_db_step_done(del) || tg_db_step_done(deltext)) {
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
        klen = tg_pack_key(key, sizeof key, tid, pd->parent_ext);
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
    int r = SQLITE_DONE;

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
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            const char *pext = (const char *)sqlite3_column_text(st, 1);
            size_t klen = tg_pack_key(key, sizeof key, tid, pext ? pext : "");
            int64_t *p = tg_hmap_get(&imp->keys, key, klen);

            if (p && !dropped[*p]) {
                oldlink *l = tg_vec_push(links);

                if (!l) {
                    sqlite3_reset(st);
                    sqlite3_finalize(st);
                    return tg_nomem(err);
                }
                l->id = sqlite3_column_int64(st, 0);
                l->parent = imp->first_comment + *p;
                tg_import_report_tally(imp->report, TG_TALLY_LINKED, 0);
            }
        }
        /* an error, not the end of the rows: a link would be lost */
        if (r != SQLITE_DONE) {
            rc = tg_db_error(err, imp->db, "cannot read the earlier comments");
            sqlite3_finalize(st);
            return rc;
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
        if (tg_db_step_done(st))
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
            return tg_nomem(err);
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
            return tg_nomem(err);
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
        rc = tg_nomem(err);
        goto out;
    }
    for (i = 0; i < links->n; i++)
        if (!tg_hmap_put(&w.linkmap, &TG_VEC_AT(links, oldlink, i).id, sizeof(int64_t),
                         (int64_t)i, NULL)) {
            rc = tg_nomem(err);
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
        tg_db_bind_opt_int(st, 1, *i64(&imp->parent, i));
        sqlite3_bind_int64(st, 2, fl);
        sqlite3_bind_int64(st, 3, imp->first_comment + (int64_t)i);
        if (tg_db_step_done(st)) {
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
        if (tg_db_step_done(lk)) {
            rc = tg_db_error(err, imp->db, "cannot link an earlier comment");
            goto out;
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(lk);
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
        return tg_nomem(err);
    if ((rc = tg_writer_drain(imp, err)))
        goto out;
    dropped = calloc(imp->parent.n ? imp->parent.n : 1, 1);
    if (!dropped) {
        rc = tg_nomem(err);
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
