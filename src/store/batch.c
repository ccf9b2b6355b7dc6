/* batch.c - the store's write path, part one: batches of rows and the
 * writer thread.  The sink (on the importer's thread) fills the current
 * batch; full batches go through a short queue to a writer thread that only
 * binds and steps prepared INSERTs, so that parsing and SQLite share the two
 * cores.  write_internal.h shows how the parts of the write path fit. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "write_internal.h"

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
    tg_db_bind_opt_int(st, k + 4, t->user);
    if (t->time != TG_TIME_NONE)
        sqlite3_bind_int64(st, k + 5, t->time);
    else
        sqlite3_bind_null(st, k + 5);
    tg_db_bind_text(st, k + 6, t->time_text);
    tg_db_bind_text(st, k + 7, t->text);
    tg_db_bind_opt_int(st, k + 8, t->line);
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
    tg_db_bind_opt_int(st, k + 5, c->parent);
    tg_db_bind_opt_int(st, k + 6, c->user);
    bind_text_len(st, k + 7, c->author, c->lauthor);
    tg_db_bind_opt_int(st, k + 8, c->location);
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
            if (tg_db_step_done(rs->many))
                return tg_db_error(err, imp->db, what);
            continue;
        }
        for (j = 0; j < (size_t)m; j++) {
            bind(imp, rs->one, 0, base + idx[j] * v->elsize);
            if (tg_db_step_done(rs->one))
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

tg_status_t tg_batch_flush(tg_store_import_t *imp, tg_error_t *err)
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

batch *tg_batch_take(tg_store_import_t *imp)
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

tg_status_t tg_writer_drain(tg_store_import_t *imp, tg_error_t *err)
{
    tg_status_t rc = tg_batch_flush(imp, err);

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
    rc = tg_buf_failed(&sql) ? tg_nomem(err) : tg_db_prepare(db, sql.data, st, err);
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

void tg_writer_init(tg_store_import_t *imp)
{
    pthread_mutex_init(&imp->mu, NULL);
    pthread_cond_init(&imp->cv_work, NULL);
    pthread_cond_init(&imp->cv_space, NULL);
}

tg_status_t tg_writer_start(tg_store_import_t *imp, tg_error_t *err)
{
    tg_status_t rc;
    size_t i;

    for (i = 0; i < ROW_KINDS; i++)
        if ((rc = prepare_rows(imp->db, &row_sql[i], &imp->ins[i], err)))
            return rc;
    if (pthread_create(&imp->thread_id, NULL, writer_main, imp) != 0)
        return tg_error_set(err, TG_ERR_FAIL, "cannot start the writer thread");
    imp->thread_started = 1;
    return TG_OK;
}

void tg_writer_release(tg_store_import_t *imp)
{
    size_t i;
    batch *b, *next;

    if (imp->thread_started) {
        pthread_mutex_lock(&imp->mu);
        imp->closing = 1;
        imp->failed = 1; /* discard what is queued */
        pthread_cond_signal(&imp->cv_work);
        pthread_mutex_unlock(&imp->mu);
        pthread_join(imp->thread_id, NULL);
        imp->thread_started = 0;
    }
    for (b = imp->queue_head; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    imp->queue_head = imp->queue_tail = NULL;
    batch_free(imp->cur);
    imp->cur = NULL;
    for (b = imp->spare; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    imp->spare = NULL;
    for (i = 0; i < ROW_KINDS; i++) {
        sqlite3_finalize(imp->ins[i].one);
        sqlite3_finalize(imp->ins[i].many);
        imp->ins[i].one = imp->ins[i].many = NULL;
    }
    pthread_mutex_destroy(&imp->mu);
    pthread_cond_destroy(&imp->cv_work);
    pthread_cond_destroy(&imp->cv_space);
}
