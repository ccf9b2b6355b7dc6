/* read.c - the store's read path: the whole store into integer-indexed
 * arrays (tg_dataset_t), one pass per table, and the stored import reports. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "store_internal.h"

typedef struct dataset_priv {
    tg_arena strings;
} dataset_priv;

void tg_dataset_init(tg_dataset_t *ds)
{
    memset(ds, 0, sizeof *ds);
}

const char *tg_dataset_user_label(const tg_dataset_t *ds, int32_t u, int pseudonymize)
{
    if (!ds || u < 0 || (size_t)u >= ds->nusers)
        return "";
    if (pseudonymize && ds->user_pseudonym && ds->user_pseudonym[u])
        return ds->user_pseudonym[u];
    return ds->user_name[u];
}

tg_arena *tg_dataset_strings(tg_dataset_t *ds)
{
    dataset_priv *p = ds->priv;

    return p ? &p->strings : NULL;
}

void tg_dataset_destroy(tg_dataset_t *ds)
{
    dataset_priv *p;

    if (!ds)
        return;
    p = ds->priv;
    if (p) {
        tg_arena_release(&p->strings);
        free(p);
    }
    free(ds->rowid);
    free(ds->parent);
    free(ds->thread);
    free(ds->user);
    free(ds->location);
    free(ds->time);
    free(ds->flags);
    free(ds->id);
    free(ds->parent_id);
    free(ds->author);
    free(ds->text);
    free(ds->thread_id);
    free(ds->thread_rowid);
    free(ds->user_rowid);
    free(ds->thread_title);
    free(ds->thread_post_user);
    free(ds->thread_post_time);
    free(ds->user_name);
    free(ds->location_name);
    free(ds->location_key);
    free(ds->user_role);
    free(ds->user_group);
    free(ds->user_pseudonym);
    memset(ds, 0, sizeof *ds);
}

static tg_status_t nomem(tg_error_t *err)
{
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}

/* Column i as a string in the arena; NULL for SQL NULL.  A failed
 * allocation (SQLite's conversion or the arena's) sets *bad. */
static const char *col_str(tg_arena *a, sqlite3_stmt *st, int i, int *bad)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    const char *r;

    if (!s) {
        if (sqlite3_column_type(st, i) != SQLITE_NULL)
            *bad = 1;
        return NULL;
    }
    r = tg_arena_strndup(a, (const char *)s, (size_t)sqlite3_column_bytes(st, i));
    if (!r)
        *bad = 1;
    return r;
}

/* After a loop of sqlite3_step: s is its last result; an error that ended
 * the loop early is an error, not the end of the rows. */
static tg_status_t rows_end(sqlite3 *db, int s, tg_status_t rc, tg_error_t *err)
{
    if (rc || s == SQLITE_ROW || s == SQLITE_DONE)
        return rc;
    return tg_db_error(err, db, "cannot read the database");
}

/* A map from row ids (1..max) to dense indexes, -1 where absent. */
typedef struct idmap {
    int32_t *at;
    int64_t max;
} idmap;

static tg_status_t idmap_make(sqlite3 *db, const char *maxsql, idmap *m, tg_error_t *err)
{
    tg_status_t rc = tg_db_int(db, maxsql, &m->max, err);
    int64_t i;

    if (rc)
        return rc;
    m->at = malloc((size_t)(m->max + 1) * sizeof *m->at);
    if (!m->at)
        return nomem(err);
    for (i = 0; i <= m->max; i++)
        m->at[i] = -1;
    return TG_OK;
}

static int32_t idmap_get(const idmap *m, int64_t id)
{
    return id >= 1 && id <= m->max ? m->at[id] : -1;
}

static tg_status_t count(sqlite3 *db, const char *sql, size_t *n, tg_error_t *err)
{
    int64_t v;
    tg_status_t rc = tg_db_int(db, sql, &v, err);

    *n = (size_t)v;
    return rc;
}

#define ALLOC(ptr, n) ((ptr) = calloc((n) ? (n) : 1, sizeof *(ptr)))

static tg_status_t load_users(sqlite3 *db, tg_dataset_t *ds, tg_arena *a, idmap *m,
                              tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    size_t k = 0;
    int s = SQLITE_DONE, bad = 0;

    if ((rc = count(db, "SELECT count(*) FROM users", &ds->nusers, err)) ||
        (rc = idmap_make(db, "SELECT coalesce(max(id), 0) FROM users", m, err)))
        return rc;
    if (!ALLOC(ds->user_name, ds->nusers) || !ALLOC(ds->user_rowid, ds->nusers))
        return nomem(err);
    if ((rc = tg_db_prepare(db, "SELECT id, name FROM users ORDER BY name", &st, err)))
        return rc;
    while (k < ds->nusers && (s = sqlite3_step(st)) == SQLITE_ROW) {
        m->at[sqlite3_column_int64(st, 0)] = (int32_t)k;
        ds->user_rowid[k] = sqlite3_column_int64(st, 0);
        if (!(ds->user_name[k++] = col_str(a, st, 1, &bad)) || bad) {
            rc = nomem(err);
            break;
        }
    }
    rc = rows_end(db, s, rc, err);
    sqlite3_finalize(st);
    return rc;
}

static tg_status_t load_locations(sqlite3 *db, tg_dataset_t *ds, tg_arena *a, idmap *m,
                                  tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    size_t n, k = 0;
    const char *lastkey = NULL;
    int s = SQLITE_DONE, bad = 0;

    if ((rc = count(db, "SELECT count(DISTINCT key) FROM locations", &n, err)) ||
        (rc = idmap_make(db, "SELECT coalesce(max(id), 0) FROM locations", m, err)))
        return rc;
    if (!ALLOC(ds->location_name, n) || !ALLOC(ds->location_key, n))
        return nomem(err);
    if ((rc = tg_db_prepare(db, "SELECT id, name, key FROM locations ORDER BY key, id", &st, err)))
        return rc;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 2);

        if (!lastkey || strcmp(lastkey, key ? key : "") != 0) {
            if (k >= n)
                break;
            ds->location_name[k] = col_str(a, st, 1, &bad);
            ds->location_key[k] = lastkey = col_str(a, st, 2, &bad);
            if (!ds->location_name[k] || !lastkey || bad) {
                rc = nomem(err);
                break;
            }
            k++;
        }
        m->at[sqlite3_column_int64(st, 0)] = (int32_t)(k - 1);
    }
    ds->nlocations = k;
    rc = rows_end(db, s, rc, err);
    sqlite3_finalize(st);
    return rc;
}

static tg_status_t load_threads(sqlite3 *db, tg_dataset_t *ds, tg_arena *a, idmap *m,
                                const idmap *users, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    size_t k = 0;
    int64_t spaces = 0;
    int s = SQLITE_DONE, bad = 0;

    if ((rc = count(db, "SELECT count(*) FROM threads", &ds->nthreads, err)) ||
        (rc = idmap_make(db, "SELECT coalesce(max(id), 0) FROM threads", m, err)))
        return rc;
    if (!ALLOC(ds->thread_id, ds->nthreads) || !ALLOC(ds->thread_title, ds->nthreads) ||
        !ALLOC(ds->thread_rowid, ds->nthreads) ||
        !ALLOC(ds->thread_post_user, ds->nthreads) || !ALLOC(ds->thread_post_time, ds->nthreads))
        return nomem(err);
    /* an id two id spaces share (HN story 1, Moodle discussion 1) is shown
     * with its space: "hn:1", "moodle:1".  With one space (min and max come
     * from the UNIQUE (space, ext_id) index) no id is shared, and the window
     * function's sort of every thread by id is not needed. */
    if ((rc = tg_db_int(db, "SELECT coalesce((SELECT min(space) FROM threads) <>"
                        " (SELECT max(space) FROM threads), 0)", &spaces, err)) ||
        (rc = tg_db_prepare(db,
                            spaces ? "SELECT id, CASE WHEN count(*) OVER (PARTITION BY ext_id) > 1"
                                     " THEN space || ':' || ext_id ELSE ext_id END,"
                                     " title, post_user_id, post_time FROM threads ORDER BY id"
                                   : "SELECT id, ext_id, title, post_user_id, post_time"
                                     " FROM threads ORDER BY id",
                            &st, err)))
        return rc;
    while (k < ds->nthreads && (s = sqlite3_step(st)) == SQLITE_ROW) {
        m->at[sqlite3_column_int64(st, 0)] = (int32_t)k;
        ds->thread_rowid[k] = sqlite3_column_int64(st, 0);
        ds->thread_id[k] = col_str(a, st, 1, &bad);
        ds->thread_title[k] = col_str(a, st, 2, &bad);
        if (!ds->thread_id[k] || bad) {
            rc = nomem(err);
            break;
        }
        ds->thread_post_user[k] = sqlite3_column_type(st, 3) == SQLITE_NULL
                                      ? -1 : idmap_get(users, sqlite3_column_int64(st, 3));
        ds->thread_post_time[k] = sqlite3_column_type(st, 4) == SQLITE_NULL
                                      ? TG_TIME_NONE : sqlite3_column_int64(st, 4);
        k++;
    }
    rc = rows_end(db, s, rc, err);
    sqlite3_finalize(st);
    return rc;
}

tg_status_t tg_store_load(tg_store_t *store, unsigned what, tg_dataset_t *ds, tg_error_t *err)
{
    sqlite3 *db = store->db;
    sqlite3_stmt *st = NULL;
    dataset_priv *p;
    idmap users = { NULL, 0 }, locs = { NULL, 0 }, threads = { NULL, 0 }, comments = { NULL, 0 };
    tg_status_t rc;
    size_t n, k = 0, i;
    int64_t *parent_row = NULL;
    tg_arena *a;
    int s = SQLITE_DONE, bad = 0;

    tg_dataset_init(ds);
    if (!(p = calloc(1, sizeof *p)))
        return nomem(err);
    tg_arena_init(&p->strings, 1u << 20);
    ds->priv = p;
    a = &p->strings;

    if ((rc = tg_db_exec(db, "BEGIN", err)))
        goto fail;
    if ((rc = load_users(db, ds, a, &users, err)) ||
        (rc = load_locations(db, ds, a, &locs, err)) ||
        (rc = load_threads(db, ds, a, &threads, &users, err)) ||
        (rc = tg_people_load(db, ds, a, err)))
        goto out;
    if ((rc = count(db, "SELECT count(*) FROM comments", &n, err)) ||
        (rc = idmap_make(db, "SELECT coalesce(max(id), 0) FROM comments", &comments, err)))
        goto out;
    if (!ALLOC(ds->rowid, n) || !ALLOC(ds->parent, n) || !ALLOC(ds->thread, n) ||
        !ALLOC(ds->user, n) || !ALLOC(ds->location, n) || !ALLOC(ds->time, n) ||
        !ALLOC(ds->flags, n) || !ALLOC(parent_row, n) ||
        ((what & TG_LOAD_IDS) &&
         (!ALLOC(ds->id, n) || !ALLOC(ds->parent_id, n) || !ALLOC(ds->author, n))) ||
        ((what & TG_LOAD_TEXT) && !ALLOC(ds->text, n))) {
        rc = nomem(err);
        goto out;
    }
    if ((rc = tg_db_prepare(db,
                            (what & TG_LOAD_TEXT)
                                ? "SELECT c.id, parent_id, thread_id, user_id, location_id, time,"
                                  " flags, ext_id, parent_ext, author, x.text FROM comments c"
                                  " LEFT JOIN comment_texts x ON x.comment_id = c.id ORDER BY c.id"
                            : (what & TG_LOAD_IDS)
                                ? "SELECT id, parent_id, thread_id, user_id, location_id, time,"
                                  " flags, ext_id, parent_ext, author FROM comments ORDER BY id"
                                /* without the strings SQLite would copy out for nothing */
                                : "SELECT id, parent_id, thread_id, user_id, location_id, time,"
                                  " flags FROM comments ORDER BY id",
                            &st, err)))
        goto out;
    while (k < n && (s = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);

        ds->rowid[k] = id;
        comments.at[id] = (int32_t)k;
        parent_row[k] = sqlite3_column_int64(st, 1);
        ds->thread[k] = idmap_get(&threads, sqlite3_column_int64(st, 2));
        ds->user[k] = sqlite3_column_type(st, 3) == SQLITE_NULL
                          ? -1 : idmap_get(&users, sqlite3_column_int64(st, 3));
        ds->location[k] = sqlite3_column_type(st, 4) == SQLITE_NULL
                              ? -1 : idmap_get(&locs, sqlite3_column_int64(st, 4));
        ds->time[k] = sqlite3_column_type(st, 5) == SQLITE_NULL ? TG_TIME_NONE
                                                                : sqlite3_column_int64(st, 5);
        ds->flags[k] = (uint32_t)sqlite3_column_int64(st, 6);
        if (what & TG_LOAD_IDS) {
            ds->id[k] = col_str(a, st, 7, &bad);
            ds->parent_id[k] = col_str(a, st, 8, &bad);
            if (ds->user[k] >= 0)
                ds->author[k] = ds->user_name[ds->user[k]];
            else
                ds->author[k] = col_str(a, st, 9, &bad);
            if (!ds->id[k]) {
                rc = nomem(err);
                goto out;
            }
        }
        if (what & TG_LOAD_TEXT)
            ds->text[k] = col_str(a, st, 10, &bad);
        if (bad) {
            rc = nomem(err);
            goto out;
        }
        k++;
    }
    if ((rc = rows_end(db, s, rc, err)))
        goto out;
    ds->ncomments = k;
    for (i = 0; i < k; i++)
        ds->parent[i] = parent_row[i] ? idmap_get(&comments, parent_row[i]) : -1;
out:
    sqlite3_finalize(st);
    tg_db_exec(db, "COMMIT", NULL);
    /* the pages just read stay cached (up to 64 MB) but are not read again:
     * free them for the analysis */
    sqlite3_db_release_memory(db);
fail:
    free(users.at);
    free(locs.at);
    free(threads.at);
    free(comments.at);
    free(parent_row);
    if (rc)
        tg_dataset_destroy(ds);
    return rc;
}

void tg_source_rows_free(tg_source_row_t *rows, size_t n)
{
    size_t i;

    if (!rows)
        return;
    for (i = 0; i < n; i++) {
        free(rows[i].path);
        free(rows[i].format);
        free(rows[i].imported_at);
        free(rows[i].report_json);
        free(rows[i].hash);
    }
    free(rows);
}

/* Column i as a new string ("" for SQL NULL); NULL when out of memory. */
static char *dup_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);

    if (!s && sqlite3_column_type(st, i) != SQLITE_NULL)
        return NULL;
    return strdup(s ? s : "");
}

tg_status_t tg_store_sources(tg_store_t *store, size_t limit, tg_source_row_t **rows, size_t *n,
                             tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    tg_source_row_t *out = NULL;
    size_t k = 0;
    int s = SQLITE_DONE;

    *rows = NULL;
    *n = 0;
    if ((rc = tg_db_prepare(store->db,
                            "SELECT id, path, format, imported_at, report, comments, threads, hash, bytes"
                            " FROM sources ORDER BY id DESC LIMIT ?", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
    out = calloc(limit ? limit : 1, sizeof *out);
    if (!out) {
        sqlite3_finalize(st);
        return nomem(err);
    }
    while (k < limit && (s = sqlite3_step(st)) == SQLITE_ROW) {
        tg_source_row_t *r = &out[k++];

        r->id = sqlite3_column_int64(st, 0);
        r->path = dup_col(st, 1);
        r->format = dup_col(st, 2);
        r->imported_at = dup_col(st, 3);
        r->report_json = dup_col(st, 4);
        r->comments = (long)sqlite3_column_int64(st, 5);
        r->threads = (long)sqlite3_column_int64(st, 6);
        r->hash = dup_col(st, 7);
        r->bytes = sqlite3_column_int64(st, 8);
        if (!r->path || !r->format || !r->imported_at || !r->report_json || !r->hash) {
            rc = nomem(err);
            break;
        }
    }
    rc = rows_end(store->db, s, rc, err);
    sqlite3_finalize(st);
    if (rc) {
        tg_source_rows_free(out, k);
        return rc;
    }
    *rows = out;
    *n = k;
    return TG_OK;
}
