/* results.c - the analysis results in the database (tables analysis,
 * comment_metrics, thread_metrics, user_metrics, user_edges, pairs,
 * location_metrics, location_flows; docs/schema.md): saved as a whole in one
 * transaction, loaded back for reports and charts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "results_internal.h"
#include "store_internal.h"

static void bind_time(sqlite3_stmt *st, int i, int64_t t)
{
    if (t == TG_TIME_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, t);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static int64_t col_time(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? TG_TIME_NONE : sqlite3_column_int64(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static int step(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- many rows a statement ----
 * "INSERT INTO t(...) VALUES (?,?),(?,?),..." with ROWS_AT_ONCE rows: one
 * statement a row spent a third of SQLite's time starting and finishing
 * statements (as on the import's write path).  bind(st, col, i, ctx) binds
 * row i from column col (1-based) on; the last rows go through a shorter
 * statement. */
#define ROWS_AT_ONCE 32

typedef void (*bind_row_fn)(sqlite3_stmt *st, int col, size_t i, const void *ctx);

static tg_status_t prepare_rows(sqlite3 *db, const char *head, int ncols, size_t rows,
                                sqlite3_stmt **st, tg_error_t *err)
{
    tg_buf sql;
    size_t r;
    int c;
    tg_status_t rc;

    tg_buf_init(&sql);
    tg_buf_addstr(&sql, head);
    tg_buf_addstr(&sql, " VALUES ");
    for (r = 0; r < rows; r++) {
        tg_buf_addstr(&sql, r ? ",(" : "(");
        for (c = 0; c < ncols; c++)
            tg_buf_addstr(&sql, c ? ",?" : "?");
        tg_buf_addch(&sql, ')');
    }
    rc = tg_buf_failed(&sql) ? tg_error_set(err, TG_ERR_NOMEM, "out of memory")
                             : tg_db_prepare(db, sql.data, st, err);
    tg_buf_release(&sql);
    return rc;
}

/* Insert the rows i of [0, n) for which keep(i) (NULL: all). */
static tg_status_t insert_rows(sqlite3 *db, const char *head, int ncols, size_t n,
                               int (*keep)(size_t i, const void *ctx), bind_row_fn bind,
                               const void *ctx, tg_error_t *err)
{
    sqlite3_stmt *full = NULL, *last = NULL;
    size_t i, k = 0, left = 0;
    tg_status_t rc;

    if (keep) {
        for (i = 0; i < n; i++)
            left += keep(i, ctx) != 0;
    } else {
        left = n;
    }
    if (left >= ROWS_AT_ONCE && (rc = prepare_rows(db, head, ncols, ROWS_AT_ONCE, &full, err)))
        return rc;
    if (left % ROWS_AT_ONCE &&
        (rc = prepare_rows(db, head, ncols, left % ROWS_AT_ONCE, &last, err))) {
        sqlite3_finalize(full);
        return rc;
    }
    rc = TG_OK;
    for (i = 0; i < n && !rc; i++) {
        sqlite3_stmt *st;

        if (keep && !keep(i, ctx))
            continue;
        st = left >= ROWS_AT_ONCE ? full : last;
        bind(st, 1 + (int)k * ncols, i, ctx);
        if (++k == (left >= ROWS_AT_ONCE ? ROWS_AT_ONCE : left)) {
            if (step(st))
                rc = tg_db_error(err, db, "cannot store the analysis");
            left -= k;
            k = 0;
        }
    }
    sqlite3_finalize(full);
    sqlite3_finalize(last);
    return rc;
}

typedef struct saving {
    const tg_dataset_t *ds;
    const tg_analysis_t *a;
} saving;

static int in_community(size_t i, const void *ctx)
{
    return ((const saving *)ctx)->a->users[i].community > 0;
}

static void bind_community(sqlite3_stmt *st, int c, size_t i, const void *ctx)
{
    const saving *sv = ctx;

    sqlite3_bind_int64(st, c, sv->ds->user_rowid[i]);
    sqlite3_bind_int(st, c + 1, sv->a->users[i].community);
}

static void bind_comment(sqlite3_stmt *st, int c, size_t i, const void *ctx)
{
    const saving *sv = ctx;

    sqlite3_bind_int64(st, c, sv->ds->rowid[i]);
    sqlite3_bind_int(st, c + 1, sv->a->depth[i]);
    sqlite3_bind_int(st, c + 2, sv->a->replies[i]);
    sqlite3_bind_int(st, c + 3, sv->a->subtree[i]);
    bind_time(st, c + 4, sv->a->latency[i]);
}

static void bind_thread(sqlite3_stmt *st, int c, size_t i, const void *ctx)
{
    const saving *sv = ctx;
    const tg_thread_stats_t *t = &sv->a->threads[i];

    sqlite3_bind_int64(st, c, sv->ds->thread_rowid[i]);
    sqlite3_bind_int64(st, c + 1, t->comments);
    sqlite3_bind_int64(st, c + 2, t->participants);
    sqlite3_bind_int64(st, c + 3, t->anonymous);
    sqlite3_bind_int64(st, c + 4, t->top_level);
    sqlite3_bind_int(st, c + 5, t->max_depth);
    bind_real(st, c + 6, t->comments ? t->mean_depth : NAN);
    sqlite3_bind_int64(st, c + 7, t->max_width);
    bind_real(st, c + 8, t->comments ? t->unanswered_share : NAN);
    bind_real(st, c + 9, t->median_latency);
    sqlite3_bind_int64(st, c + 10, t->pairs);
    bind_time(st, c + 11, t->first_time);
    bind_time(st, c + 12, t->last_time);
}

static void bind_user(sqlite3_stmt *st, int c, size_t i, const void *ctx)
{
    const saving *sv = ctx;
    const tg_user_stats_t *u = &sv->a->users[i];

    sqlite3_bind_int64(st, c, sv->ds->user_rowid[i]);
    sqlite3_bind_int(st, c + 1, u->in_network);
    sqlite3_bind_int64(st, c + 2, u->comments);
    sqlite3_bind_int64(st, c + 3, u->replies_received);
    sqlite3_bind_int64(st, c + 4, u->replies_given);
    sqlite3_bind_int64(st, c + 5, u->distinct_repliers);
    sqlite3_bind_int64(st, c + 6, u->distinct_replied_to);
    sqlite3_bind_int64(st, c + 7, u->self_replies);
    sqlite3_bind_int64(st, c + 8, u->posts);
    sqlite3_bind_int64(st, c + 9, u->post_replies);
    sqlite3_bind_double(st, c + 10, u->pagerank);
    sqlite3_bind_double(st, c + 11, u->betweenness);
    sqlite3_bind_double(st, c + 12, u->harmonic);
    sqlite3_bind_double(st, c + 13, u->hub);
    sqlite3_bind_double(st, c + 14, u->authority);
    sqlite3_bind_int(st, c + 15, u->max_depth);
    bind_real(st, c + 16, u->comments ? u->mean_depth : NAN);
}

static void bind_edge(sqlite3_stmt *st, int c, size_t i, const void *ctx)
{
    const saving *sv = ctx;
    const tg_user_edge_t *e = &sv->a->edges[i];

    sqlite3_bind_int64(st, c, sv->ds->user_rowid[e->from]);
    sqlite3_bind_int64(st, c + 1, sv->ds->user_rowid[e->to]);
    sqlite3_bind_int64(st, c + 2, e->weight);
}

static void bind_pair(sqlite3_stmt *st, int c, size_t i, const void *ctx)
{
    const saving *sv = ctx;
    const tg_pair_t *p = &sv->a->pairs[i];

    sqlite3_bind_int64(st, c, sv->ds->user_rowid[p->a]);
    sqlite3_bind_int64(st, c + 1, sv->ds->user_rowid[p->b]);
    sqlite3_bind_int64(st, c + 2, p->a_to_b);
    sqlite3_bind_int64(st, c + 3, p->b_to_a);
    sqlite3_bind_int64(st, c + 4, p->longest_run);
    sqlite3_bind_int64(st, c + 5, p->threads);
    bind_time(st, c + 6, p->first_time);
    bind_time(st, c + 7, p->last_time);
}

/* The import state the analysis belongs to: the newest source and the
 * number of comments. */
static tg_status_t state_of(sqlite3 *db, int64_t *source, int64_t *comments, tg_error_t *err)
{
    tg_status_t rc = tg_db_int(db, "SELECT coalesce(max(id), 0) FROM sources", source, err);

    return rc ? rc : tg_db_int(db, "SELECT count(*) FROM comments", comments, err);
}

static tg_status_t put_info(sqlite3 *db, sqlite3_stmt *st, const char *key, double v,
                            tg_error_t *err)
{
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 2, v);
    return step(st) ? tg_db_error(err, db, "cannot store the analysis") : TG_OK;
}

tg_status_t tg_store_save_analysis(tg_store_t *store, const tg_dataset_t *ds,
                                   const tg_analysis_t *a, tg_error_t *err)
{
    sqlite3 *db = store->db;
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    size_t i;
    int64_t source, ncomments;
    saving sv = { ds, a };

    /* user_communities came with communities; databases made before lack it */
    if ((rc = tg_db_exec(db,
                         "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS user_communities ("
                         " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
                         " community INTEGER NOT NULL); DELETE FROM user_communities;"
                         " DELETE FROM analysis; DELETE FROM comment_metrics;"
                         " DELETE FROM thread_metrics; DELETE FROM user_metrics;"
                         " DELETE FROM user_edges; DELETE FROM pairs;"
                         " DELETE FROM location_metrics; DELETE FROM location_flows", err)))
        return rc;
    if ((rc = state_of(db, &source, &ncomments, err)))
        goto out;

    if ((rc = tg_db_prepare(db, "INSERT INTO analysis(key, value) VALUES (?, ?)", &st, err)) ||
        (rc = put_info(db, st, "source", (double)source, err)) ||
        (rc = put_info(db, st, "comments", (double)ncomments, err)) ||
        (rc = put_info(db, st, "network_vertices", (double)a->network_vertices, err)) ||
        (rc = put_info(db, st, "reciprocity", a->reciprocity, err)) ||
        (rc = put_info(db, st, "density", a->density, err)) ||
        (rc = put_info(db, st, "components", (double)a->components, err)) ||
        (rc = put_info(db, st, "bc_exact", a->bc_exact, err)) ||
        (rc = put_info(db, st, "bc_samples", (double)a->bc_samples, err)) ||
        (rc = put_info(db, st, "seed", (double)a->seed, err)) ||
        (rc = put_info(db, st, "communities", (double)a->ncommunities, err)) ||
        (rc = put_info(db, st, "modularity", a->modularity, err)))
        goto out;
    sqlite3_finalize(st);
    st = NULL;

    if ((rc = insert_rows(db, "INSERT INTO user_communities", 2, ds->nusers, in_community,
                          bind_community, &sv, err)) ||
        (rc = insert_rows(db,
                          "INSERT INTO comment_metrics(comment_id, depth, replies, subtree_size,"
                          " reply_latency_s)", 5, ds->ncomments, NULL, bind_comment, &sv, err)) ||
        (rc = insert_rows(db, "INSERT INTO thread_metrics", 13, ds->nthreads, NULL, bind_thread,
                          &sv, err)) ||
        (rc = insert_rows(db, "INSERT INTO user_metrics", 17, ds->nusers, NULL, bind_user, &sv,
                          err)) ||
        (rc = insert_rows(db, "INSERT INTO user_edges", 3, a->nedges, NULL, bind_edge, &sv, err)) ||
        (rc = insert_rows(db, "INSERT INTO pairs", 8, a->npairs, NULL, bind_pair, &sv, err)))
        goto out;

    if ((rc = tg_db_prepare(db, "INSERT INTO location_metrics VALUES (?,?,?,?,?)", &st, err)))
        goto out;
    for (i = 0; i < ds->nlocations; i++) {
        const tg_location_stats_t *l = &a->locations[i];

        sqlite3_bind_text(st, 1, ds->location_key[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, l->commenters);
        sqlite3_bind_int64(st, 3, l->comments);
        sqlite3_bind_int64(st, 4, l->replies_received);
        sqlite3_bind_int64(st, 5, l->replies_given);
        if (step(st))
            goto dberr;
    }
    sqlite3_finalize(st);
    st = NULL;

    if ((rc = tg_db_prepare(db, "INSERT INTO location_flows VALUES (?,?,?)", &st, err)))
        goto out;
    for (i = 0; i < a->nflows; i++) {
        sqlite3_bind_text(st, 1, ds->location_key[a->flows[i].from], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ds->location_key[a->flows[i].to], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, a->flows[i].replies);
        if (step(st))
            goto dberr;
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = tg_db_commit(db, err);
    goto out;
dberr:
    rc = tg_db_error(err, db, "cannot store the analysis");
out:
    sqlite3_finalize(st);
    if (rc)
        tg_db_exec(db, "ROLLBACK", NULL);
    return rc;
}

/* ---- loading ---- */

typedef struct index_maps {
    int32_t *comment, *user, *thread; /* row id -> index */
    int64_t max_comment, max_user, max_thread;
} index_maps;

static int32_t *make_map(const int64_t *rowids, size_t n, int64_t *max)
{
    size_t i;
    int32_t *m;

    *max = 0;
    for (i = 0; i < n; i++)
        if (rowids[i] > *max)
            *max = rowids[i];
    m = malloc((size_t)(*max + 1) * sizeof *m);
    if (!m)
        return NULL;
    for (i = 0; i <= (size_t)*max; i++)
        m[i] = -1;
    for (i = 0; i < n; i++)
        m[rowids[i]] = (int32_t)i;
    return m;
}

static int32_t lookup(const int32_t *m, int64_t max, int64_t id)
{
    return id >= 1 && id <= max ? m[id] : -1;
}

static int32_t location_index(const tg_dataset_t *ds, const char *key)
{
    size_t lo = 0, hi = ds->nlocations;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ds->location_key[mid], key);

        if (c == 0)
            return (int32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The analysis value of key; *found says whether it is there, *bad is set
 * when it could not be read (a failed allocation, an I/O error). */
static double info(sqlite3 *db, const char *key, int *found, int *bad)
{
    sqlite3_stmt *st = NULL;
    double v = 0;
    int s;

    *found = 0;
    if (sqlite3_prepare_v2(db, "SELECT value FROM analysis WHERE key = ?", -1, &st, NULL) != SQLITE_OK) {
        *bad = 1;
        return 0;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if ((s = sqlite3_step(st)) == SQLITE_ROW) {
        v = sqlite3_column_type(st, 0) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 0);
        *found = 1;
    } else if (s != SQLITE_DONE) {
        *bad = 1;
    }
    sqlite3_finalize(st);
    return v;
}

/* Column i as text, NULL for SQL NULL; *bad set when out of memory. */
static const char *col_text(sqlite3_stmt *st, int i, int *bad)
{
    const char *t = (const char *)sqlite3_column_text(st, i);

    if (!t && sqlite3_column_type(st, i) != SQLITE_NULL)
        *bad = 1;
    return t;
}

tg_status_t tg_store_load_analysis(tg_store_t *store, const tg_dataset_t *ds, tg_analysis_t *a,
                                   tg_error_t *err)
{
    sqlite3 *db = store->db;
    sqlite3_stmt *st = NULL;
    index_maps m;
    tg_status_t rc = TG_OK;
    int64_t source, ncomments;
    int found, bad = 0, s = SQLITE_DONE;
    double v;

    memset(&m, 0, sizeof m);
    tg_analysis_init(a);
    if ((rc = state_of(db, &source, &ncomments, err)))
        return rc;
    v = info(db, "source", &found, &bad);
    if (bad)
        return tg_db_error(err, db, "cannot read the analysis");
    if (!found) {
        tg_error_set(err, TG_ERR_FAIL, "'%s' holds no analysis yet", store->path);
        tg_error_mark(err, TG_ERROR_KIND_NO_ANALYSIS);
        return TG_ERR_FAIL;
    }
    if ((int64_t)v != source || (int64_t)info(db, "comments", &found, &bad) != ncomments) {
        if (bad)
            return tg_db_error(err, db, "cannot read the analysis");
        tg_error_set(err, TG_ERR_FAIL, "files were imported into '%s' after its analysis",
                     store->path);
        tg_error_mark(err, TG_ERROR_KIND_STALE_ANALYSIS);
        return TG_ERR_FAIL;
    }
    if (tg_analysis_alloc(a, ds))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    m.comment = make_map(ds->rowid, ds->ncomments, &m.max_comment);
    m.user = make_map(ds->user_rowid, ds->nusers, &m.max_user);
    m.thread = make_map(ds->thread_rowid, ds->nthreads, &m.max_thread);
    if (!m.comment || !m.user || !m.thread)
        goto nomem;

    a->network_vertices = (size_t)info(db, "network_vertices", &found, &bad);
    a->reciprocity = info(db, "reciprocity", &found, &bad);
    a->density = info(db, "density", &found, &bad);
    a->components = (size_t)info(db, "components", &found, &bad);
    a->bc_exact = (int)info(db, "bc_exact", &found, &bad);
    a->bc_samples = (size_t)info(db, "bc_samples", &found, &bad);
    a->seed = (uint64_t)info(db, "seed", &found, &bad);
    if (bad) {
        rc = tg_db_error(err, db, "cannot read the analysis");
        goto out;
    }
    a->ncommunities = (size_t)info(db, "communities", &found, &bad);
    if (!found && !bad) {
        rc = tg_error_set(err, TG_ERR_FAIL, "the analysis in '%s' has no communities (it was made "
                          "by an older threadgraph)", store->path);
        goto out;
    }
    a->modularity = info(db, "modularity", &found, &bad);
    if (bad) {
        rc = tg_db_error(err, db, "cannot read the analysis");
        goto out;
    }
    {
        size_t k;

        for (k = 0; k < ds->nusers; k++)
            a->users[k].community = -1;
    }
    if ((rc = tg_db_prepare(db, "SELECT user_id, community FROM user_communities", &st, err)))
        goto out;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t i = lookup(m.user, m.max_user, sqlite3_column_int64(st, 0));

        if (i >= 0)
            a->users[i].community = sqlite3_column_int(st, 1);
    }
    if (s != SQLITE_DONE) {
        rc = tg_db_error(err, db, "cannot read the analysis");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;

    if ((rc = tg_db_prepare(db, "SELECT * FROM comment_metrics", &st, err)))
        goto out;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t i = lookup(m.comment, m.max_comment, sqlite3_column_int64(st, 0));

        if (i < 0)
            continue;
        a->depth[i] = sqlite3_column_int(st, 1);
        a->replies[i] = sqlite3_column_int(st, 2);
        a->subtree[i] = sqlite3_column_int(st, 3);
        a->latency[i] = col_time(st, 4);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        rc = tg_db_error(err, db, "cannot read the analysis");
        goto out;
    }

    if ((rc = tg_db_prepare(db, "SELECT * FROM thread_metrics", &st, err)))
        goto out;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t i = lookup(m.thread, m.max_thread, sqlite3_column_int64(st, 0));
        tg_thread_stats_t *t;

        if (i < 0)
            continue;
        t = &a->threads[i];
        t->comments = (long)sqlite3_column_int64(st, 1);
        t->participants = (long)sqlite3_column_int64(st, 2);
        t->anonymous = (long)sqlite3_column_int64(st, 3);
        t->top_level = (long)sqlite3_column_int64(st, 4);
        t->max_depth = sqlite3_column_int(st, 5);
        t->mean_depth = col_real(st, 6);
        t->max_width = (long)sqlite3_column_int64(st, 7);
        t->unanswered_share = col_real(st, 8);
        t->median_latency = col_real(st, 9);
        t->pairs = (long)sqlite3_column_int64(st, 10);
        t->first_time = col_time(st, 11);
        t->last_time = col_time(st, 12);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        rc = tg_db_error(err, db, "cannot read the analysis");
        goto out;
    }

    if ((rc = tg_db_prepare(db, "SELECT * FROM user_metrics", &st, err)))
        goto out;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t i = lookup(m.user, m.max_user, sqlite3_column_int64(st, 0));
        tg_user_stats_t *u;

        if (i < 0)
            continue;
        u = &a->users[i];
        u->in_network = sqlite3_column_int(st, 1);
        u->comments = (long)sqlite3_column_int64(st, 2);
        u->replies_received = (long)sqlite3_column_int64(st, 3);
        u->replies_given = (long)sqlite3_column_int64(st, 4);
        u->distinct_repliers = (long)sqlite3_column_int64(st, 5);
        u->distinct_replied_to = (long)sqlite3_column_int64(st, 6);
        u->self_replies = (long)sqlite3_column_int64(st, 7);
        u->posts = (long)sqlite3_column_int64(st, 8);
        u->post_replies = (long)sqlite3_column_int64(st, 9);
        u->pagerank = sqlite3_column_double(st, 10);
        u->betweenness = sqlite3_column_double(st, 11);
        u->harmonic = sqlite3_column_double(st, 12);
        u->hub = sqlite3_column_double(st, 13);
        u->authority = sqlite3_column_double(st, 14);
        u->max_depth = sqlite3_column_int(st, 15);
        u->mean_depth = col_real(st, 16);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        rc = tg_db_error(err, db, "cannot read the analysis");
        goto out;
    }

    {
        int64_t ne = 0, np = 0, nf = 0;

        if ((rc = tg_db_int(db, "SELECT count(*) FROM user_edges", &ne, err)) ||
            (rc = tg_db_int(db, "SELECT count(*) FROM pairs", &np, err)) ||
            (rc = tg_db_int(db, "SELECT count(*) FROM location_flows", &nf, err)))
            goto out;
        a->edges = calloc(ne ? (size_t)ne : 1, sizeof *a->edges);
        a->pairs = calloc(np ? (size_t)np : 1, sizeof *a->pairs);
        a->flows = calloc(nf ? (size_t)nf : 1, sizeof *a->flows);
        if (!a->edges || !a->pairs || !a->flows)
            goto nomem;
        if ((rc = tg_db_prepare(db, "SELECT * FROM user_edges", &st, err)))
            goto out;
        while (a->nedges < (size_t)ne && (s = sqlite3_step(st)) == SQLITE_ROW) {
            tg_user_edge_t *e = &a->edges[a->nedges];

            e->from = lookup(m.user, m.max_user, sqlite3_column_int64(st, 0));
            e->to = lookup(m.user, m.max_user, sqlite3_column_int64(st, 1));
            e->weight = (long)sqlite3_column_int64(st, 2);
            if (e->from >= 0 && e->to >= 0)
                a->nedges++;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (s != SQLITE_ROW && s != SQLITE_DONE) {
            rc = tg_db_error(err, db, "cannot read the analysis");
            goto out;
        }
        if ((rc = tg_db_prepare(db, "SELECT * FROM pairs", &st, err)))
            goto out;
        while (a->npairs < (size_t)np && (s = sqlite3_step(st)) == SQLITE_ROW) {
            tg_pair_t *p = &a->pairs[a->npairs];

            p->a = lookup(m.user, m.max_user, sqlite3_column_int64(st, 0));
            p->b = lookup(m.user, m.max_user, sqlite3_column_int64(st, 1));
            p->a_to_b = (long)sqlite3_column_int64(st, 2);
            p->b_to_a = (long)sqlite3_column_int64(st, 3);
            p->longest_run = (long)sqlite3_column_int64(st, 4);
            p->threads = (long)sqlite3_column_int64(st, 5);
            p->first_time = col_time(st, 6);
            p->last_time = col_time(st, 7);
            if (p->a >= 0 && p->b >= 0)
                a->npairs++;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (s != SQLITE_ROW && s != SQLITE_DONE) {
            rc = tg_db_error(err, db, "cannot read the analysis");
            goto out;
        }
        if ((rc = tg_db_prepare(db, "SELECT * FROM location_metrics", &st, err)))
            goto out;
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            int32_t i = location_index(ds, col_text(st, 0, &bad));

            if (bad)
                goto nomem;
            if (i < 0)
                continue;
            a->locations[i].commenters = (long)sqlite3_column_int64(st, 1);
            a->locations[i].comments = (long)sqlite3_column_int64(st, 2);
            a->locations[i].replies_received = (long)sqlite3_column_int64(st, 3);
            a->locations[i].replies_given = (long)sqlite3_column_int64(st, 4);
        }
        sqlite3_finalize(st);
        st = NULL;
        if (s != SQLITE_ROW && s != SQLITE_DONE) {
            rc = tg_db_error(err, db, "cannot read the analysis");
            goto out;
        }
        if ((rc = tg_db_prepare(db, "SELECT * FROM location_flows", &st, err)))
            goto out;
        while (a->nflows < (size_t)nf && (s = sqlite3_step(st)) == SQLITE_ROW) {
            tg_flow_t *f = &a->flows[a->nflows];

            f->from = location_index(ds, col_text(st, 0, &bad));
            f->to = location_index(ds, col_text(st, 1, &bad));
            f->replies = (long)sqlite3_column_int64(st, 2);
            if (bad)
                goto nomem;
            if (f->from >= 0 && f->to >= 0)
                a->nflows++;
        }
        if (s != SQLITE_ROW && s != SQLITE_DONE) {
            rc = tg_db_error(err, db, "cannot read the analysis");
            goto out;
        }
    }
    /* the orders analysis gives them */
    tg_analysis_sort(a);
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    sqlite3_finalize(st);
    free(m.comment);
    free(m.user);
    free(m.thread);
    if (rc)
        tg_analysis_destroy(a);
    return rc;
}
