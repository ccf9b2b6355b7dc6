/* schema.c - opening the database, creating the schema and checking its
 * version (PRAGMA user_version).  docs/schema.md describes the tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"

static const char schema_sql[] =
    "CREATE TABLE sources ("
    " id INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL,"
    " format TEXT NOT NULL,"
    " hash TEXT NOT NULL UNIQUE,"
    " bytes INTEGER NOT NULL,"
    " imported_at TEXT NOT NULL,"
    " comments INTEGER NOT NULL DEFAULT 0,"
    " posts INTEGER NOT NULL DEFAULT 0,"
    " threads INTEGER NOT NULL DEFAULT 0,"
    " orphans INTEGER NOT NULL DEFAULT 0,"
    " duplicates INTEGER NOT NULL DEFAULT 0,"
    " cycles_broken INTEGER NOT NULL DEFAULT 0,"
    " missing INTEGER NOT NULL DEFAULT 0,"
    " bad_times INTEGER NOT NULL DEFAULT 0,"
    " utf8_repaired INTEGER NOT NULL DEFAULT 0,"
    " skipped INTEGER NOT NULL DEFAULT 0,"
    " earlier_orphans_linked INTEGER NOT NULL DEFAULT 0,"
    " report TEXT);"
    "CREATE TABLE users ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE locations ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " key TEXT NOT NULL);"
    "CREATE INDEX locations_key ON locations(key);"
    "CREATE TABLE threads ("
    " id INTEGER PRIMARY KEY,"
    " space TEXT NOT NULL DEFAULT '',"
    " ext_id TEXT NOT NULL,"
    " title TEXT,"
    " post_user_id INTEGER REFERENCES users(id),"
    " post_time INTEGER,"
    " post_time_text TEXT,"
    " post_text TEXT,"
    " post_line INTEGER,"
    " source_id INTEGER REFERENCES sources(id),"
    " UNIQUE (space, ext_id));"
    "CREATE TABLE comments ("
    " id INTEGER PRIMARY KEY,"
    " thread_id INTEGER NOT NULL REFERENCES threads(id),"
    " ext_id TEXT NOT NULL,"
    " parent_ext TEXT,"
    " parent_id INTEGER REFERENCES comments(id),"
    " user_id INTEGER REFERENCES users(id),"
    " author TEXT,"
    " location_id INTEGER REFERENCES locations(id),"
    " time INTEGER,"
    " time_text TEXT,"
    " source_id INTEGER NOT NULL REFERENCES sources(id),"
    " line INTEGER,"
    " flags INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE comment_texts ("
    " comment_id INTEGER PRIMARY KEY REFERENCES comments(id),"
    " text TEXT NOT NULL);"
    "CREATE INDEX comments_key ON comments(thread_id, ext_id);"
    "CREATE INDEX comments_unresolved ON comments(thread_id)"
    " WHERE parent_id IS NULL AND parent_ext IS NOT NULL;"
    /* analysis results (threadgraph analyze), replaced as a whole each time */
    "CREATE TABLE analysis ("
    " key TEXT PRIMARY KEY,"
    " value);"
    "CREATE TABLE comment_metrics ("
    " comment_id INTEGER PRIMARY KEY REFERENCES comments(id),"
    " depth INTEGER NOT NULL,"
    " replies INTEGER NOT NULL,"
    " subtree_size INTEGER NOT NULL,"
    " reply_latency_s INTEGER);"
    "CREATE TABLE thread_metrics ("
    " thread_id INTEGER PRIMARY KEY REFERENCES threads(id),"
    " comments INTEGER, participants INTEGER, anonymous_comments INTEGER, top_level INTEGER,"
    " max_depth INTEGER, mean_depth REAL, max_width INTEGER, unanswered_share REAL,"
    " median_latency_s REAL, pairs INTEGER, first_time INTEGER, last_time INTEGER);"
    "CREATE TABLE user_metrics ("
    " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
    " in_network INTEGER, comments INTEGER, replies_received INTEGER, replies_given INTEGER,"
    " distinct_repliers INTEGER, distinct_replied_to INTEGER, self_replies INTEGER,"
    " posts INTEGER, post_replies INTEGER, pagerank REAL, betweenness REAL, harmonic REAL,"
    " hub REAL, authority REAL, max_depth INTEGER, mean_depth REAL);"
    "CREATE TABLE user_communities ("
    " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
    " community INTEGER NOT NULL);"
    "CREATE TABLE user_edges ("
    " from_user_id INTEGER REFERENCES users(id),"
    " to_user_id INTEGER REFERENCES users(id),"
    " replies INTEGER,"
    " PRIMARY KEY (from_user_id, to_user_id)) WITHOUT ROWID;"
    "CREATE TABLE pairs ("
    " user_a_id INTEGER REFERENCES users(id),"
    " user_b_id INTEGER REFERENCES users(id),"
    " a_to_b INTEGER, b_to_a INTEGER, longest_run INTEGER, threads INTEGER,"
    " first_time INTEGER, last_time INTEGER,"
    " PRIMARY KEY (user_a_id, user_b_id)) WITHOUT ROWID;"
    "CREATE TABLE location_metrics ("
    " location_key TEXT PRIMARY KEY,"
    " commenters INTEGER, comments INTEGER, replies_received INTEGER, replies_given INTEGER);"
    "CREATE TABLE location_flows ("
    " from_key TEXT, to_key TEXT, replies INTEGER,"
    " PRIMARY KEY (from_key, to_key)) WITHOUT ROWID;"
    "CREATE VIEW comments_view AS"
    " SELECT c.id, t.space, t.ext_id AS thread, c.ext_id AS comment, c.parent_ext AS parent,"
    "  coalesce(u.name, c.author) AS author, c.user_id IS NULL AS anonymous,"
    "  l.name AS location, c.time_text, datetime(c.time, 'unixepoch') AS time_utc,"
    "  x.text, s.path AS source, c.line, c.flags"
    " FROM comments c JOIN threads t ON t.id = c.thread_id"
    " LEFT JOIN users u ON u.id = c.user_id"
    " LEFT JOIN locations l ON l.id = c.location_id"
    " LEFT JOIN comment_texts x ON x.comment_id = c.id"
    " LEFT JOIN sources s ON s.id = c.source_id;";

tg_status_t tg_db_error(tg_error_t *err, sqlite3 *db, const char *what)
{
    return tg_error_set(err, TG_ERR_DB, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
}

tg_status_t tg_db_commit(sqlite3 *db, tg_error_t *err)
{
    int moved = 0;
    const char *path = sqlite3_db_filename(db, "main");

    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved)
        return tg_error_set(err, TG_ERR_DB,
                            "the database '%s' was deleted or moved while in use; nothing was saved",
                            path ? path : "");
    return tg_db_exec(db, "COMMIT", err);
}
/* Time a writer waits for another process writing the same database (a
 * second import waits for the first), before it fails with a clear message. */
#define TG_WRITE_WAIT_MS 60000

tg_status_t tg_db_exec(sqlite3 *db, const char *sql, tg_error_t *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

    if ((rc & 0xff) == SQLITE_BUSY) {
        tg_error_set(err, TG_ERR_DB,
                     "'%s' is busy: another process has been writing to it (an import?) for "
                     "longer than %d s; nothing was changed: try again once it has finished",
                     sqlite3_db_filename(db, "main"), TG_WRITE_WAIT_MS / 1000);
        sqlite3_free(msg);
        return TG_ERR_DB;
    }
    if (rc != SQLITE_OK) {
        tg_error_set(err, TG_ERR_DB, "database error: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return TG_ERR_DB;
    }
    return TG_OK;
}

tg_status_t tg_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, tg_error_t *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return tg_db_error(err, db, "cannot prepare a statement");
    return TG_OK;
}

tg_status_t tg_db_int(sqlite3 *db, const char *sql, int64_t *out, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc = tg_db_prepare(db, sql, &st, err);
    int s;

    if (rc)
        return rc;
    s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (s == SQLITE_DONE)
        *out = 0;
    else
        rc = tg_db_error(err, db, "query failed");
    sqlite3_finalize(st);
    return rc;
}

int tg_db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

void tg_db_bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

int tg_db_step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

tg_status_t tg_store_build_indexes(tg_store_t *store, tg_error_t *err)
{
    return tg_db_exec(store->db, "CREATE INDEX IF NOT EXISTS comments_key ON comments(thread_id, ext_id)",
                      err);
}

const char *tg_store_path(const tg_store_t *store)
{
    return store ? store->path : NULL;
}

static tg_status_t check_version(tg_store_t *s, int created, tg_error_t *err)
{
    int64_t v = 0, ntables = 0;
    tg_status_t rc;

    if ((rc = tg_db_int(s->db, "PRAGMA user_version", &v, err)))
        return rc;
    if (v == TG_SCHEMA_VERSION)
        return TG_OK;
    if (v == 0) {
        if ((rc = tg_db_int(s->db, "SELECT count(*) FROM sqlite_schema", &ntables, err)))
            return rc;
        if (ntables == 0 && (created || !(s->flags & TG_STORE_READONLY))) {
            char sql[64];

            if ((rc = tg_db_exec(s->db, "BEGIN", err)))
                return rc;
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", TG_SCHEMA_VERSION);
            if ((rc = tg_db_exec(s->db, schema_sql, err)) || (rc = tg_db_exec(s->db, sql, err))) {
                tg_db_exec(s->db, "ROLLBACK", NULL);
                return rc;
            }
            if ((rc = tg_db_commit(s->db, err)))
                tg_db_exec(s->db, "ROLLBACK", NULL);
            return rc;
        }
        if (ntables == 0)
            return tg_error_set(err, TG_ERR_VERSION, "'%s' is an empty database: import a file first",
                                s->path);
        return tg_error_set(err, TG_ERR_VERSION,
                            "'%s' is not a threadgraph database (it has other tables)", s->path);
    }
    return tg_error_set(err, TG_ERR_VERSION,
                        "'%s' has schema version %lld; this threadgraph reads version %d "
                        "(import the files again into a new database)",
                        s->path, (long long)v, TG_SCHEMA_VERSION);
}

/* Can files be created beside path (the WAL's -wal and -shm)? */
static int dir_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];

    if (!slash)
        return access(".", W_OK) == 0;
    if ((size_t)(slash - path) >= sizeof dir)
        return 0;
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    return access(slash == path ? "/" : dir, W_OK) == 0;
}

tg_status_t tg_store_open(const char *path, unsigned flags, tg_store_t **out, tg_error_t *err)
{
    tg_store_t *s;
    int oflags, created = 0;
    tg_status_t rc;

    *out = NULL;
    s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    s->flags = flags;
    if (flags & TG_STORE_READONLY) {
        /* read and write access to the file where the folder allows it, but
         * only reads (query_only below): the last connection to close then
         * removes the WAL's -wal and -shm files, which a read-only
         * connection leaves behind */
        oflags = access(path, W_OK) == 0 && dir_writable(path) ? SQLITE_OPEN_READWRITE
                                                              : SQLITE_OPEN_READONLY;
    } else {
        oflags = SQLITE_OPEN_READWRITE;

        if (flags & TG_STORE_CREATE) {
            oflags |= SQLITE_OPEN_CREATE;
            created = access(path, F_OK) != 0;
        }
    }
    if (!(flags & (TG_STORE_CREATE)) && access(path, F_OK) != 0) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot open '%s': no such database (import a file first)",
                          path);
        goto fail;
    }
    /* the handle moves between threads but is never used by two at once */
    oflags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot open '%s': %s", path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, (flags & TG_STORE_READONLY) ? 5000 : TG_WRITE_WAIT_MS);
    sqlite3_extended_result_codes(s->db, 1);
    rc = tg_db_exec(s->db, (flags & TG_STORE_SMALL_CACHE)
                               ? "PRAGMA cache_size = -8192; PRAGMA temp_store = FILE"
                               : "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
                    err);
    /* write-ahead logging: readers in other processes (stats, report,
     * render, export) read the last committed state while an import writes,
     * without waiting; a second writer waits for the first (busy timeout).
     * The mode is kept in the file, so a read-only open needs no change. */
    if (!rc && !(flags & TG_STORE_READONLY))
        rc = tg_db_exec(s->db, "PRAGMA journal_mode = WAL", err);
    if (!rc && (flags & TG_STORE_READONLY))
        rc = tg_db_exec(s->db, "PRAGMA query_only = 1", err);
    if (!rc)
        rc = check_version(s, created, err);
    /* a run that stopped after an import that left its index for later */
    if (!rc && !(flags & TG_STORE_READONLY))
        rc = tg_store_build_indexes(s, err);
    if (rc) {
        if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB) {
            tg_error_set(err, TG_ERR_VERSION, "'%s' is not an SQLite database", path);
            rc = TG_ERR_VERSION;
        }
        goto fail;
    }
    *out = s;
    return TG_OK;
fail:
    tg_store_close(s);
    return rc;
}

tg_status_t tg_store_defer_checkpoints(tg_store_t *s, tg_error_t *err)
{
    return tg_db_exec(s->db, "PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = NORMAL", err);
}

tg_status_t tg_store_checkpoint(tg_store_t *s, tg_error_t *err)
{
    int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

    /* a reader in another process may keep part of the log: that part is
     * copied by a later checkpoint, nothing is lost */
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        return tg_db_error(err, s->db, "cannot copy the write-ahead log into the database");
    return TG_OK;
}

void tg_store_close(tg_store_t *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}
