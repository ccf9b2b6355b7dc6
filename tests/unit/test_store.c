/* test_store.c - the store through tg_import_file: parents across files,
 * orphans, duplicates, cycles, rollback, schema versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <cmocka.h>
#include <yajl/yajl_tree.h>

#include "threadgraph/threadgraph.h"

static char dbpath[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dbpath, sizeof dbpath, "/tmp/tg-store-test-%d.db", (int)getpid());
    unlink(dbpath);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(dbpath);
    return 0;
}

static const char *data(const char *rel)
{
    static char buf[4][1024];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", TG_TEST_DATA, rel);
    return buf[k];
}

static const char *temp_file(const char *name, const char *s)
{
    static char path[4][256];
    static int k;
    FILE *f;

    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/tg-store-%d-%s", (int)getpid(), name);
    f = fopen(path[k], "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
    return path[k];
}

static tg_store_t *open_store(void)
{
    tg_store_t *s = NULL;
    tg_error_t err;

    assert_int_equal(tg_store_open(dbpath, TG_STORE_CREATE, &s, &err), TG_OK);
    return s;
}

static tg_status_t import(tg_store_t *s, const char *path, const tg_import_options_t *o,
                          tg_import_report_t *r)
{
    tg_error_t err;

    tg_import_report_init(r);
    return tg_import_file(s, path, o, r, &err);
}

static void load(tg_store_t *s, tg_dataset_t *ds)
{
    tg_error_t err;

    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, ds, &err), TG_OK);
}

static int find(const tg_dataset_t *ds, const char *id)
{
    size_t i;

    for (i = 0; i < ds->ncomments; i++)
        if (strcmp(ds->id[i], id) == 0)
            return (int)i;
    fail_msg("no comment '%s'", id);
    return -1;
}

static const char *parent_of(const tg_dataset_t *ds, const char *id)
{
    int p = ds->parent[find(ds, id)];

    return p < 0 ? NULL : ds->id[p];
}

static void test_seed(void **state)
{
    tg_store_t *s = open_store();
    tg_import_report_t r;
    tg_dataset_t ds;
    tg_error_t err;
    int32_t depth[14];
    size_t i, counts[3] = { 0, 0, 0 };

    (void)state;
    assert_int_equal(import(s, data("newspage/rferl-gerasimov-comments.txt"), NULL, &r), TG_OK);
    assert_int_equal(r.comments, 14);
    assert_int_equal(r.posts, 1);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_int_equal(ds.ncomments, 14);
    assert_int_equal(ds.nusers, 7);
    assert_int_equal(ds.nlocations, 6);
    assert_int_equal(ds.nthreads, 1);
    assert_string_equal(ds.thread_title[0],
                        "Russia's Chief Of Staff: U.S. Provided Financial, Technical Aid To IS");
    assert_string_equal(parent_of(&ds, "6"), "5");
    assert_null(parent_of(&ds, "7"));
    assert_string_equal(ds.author[find(&ds, "11")], "Anonymous");
    assert_int_equal(ds.user[find(&ds, "11")], -1);
    assert_int_equal(tg_forest_depths(&ds, depth, &err), TG_OK);
    for (i = 0; i < 14; i++)
        counts[depth[i]]++;
    assert_int_equal(counts[0], 7);
    assert_int_equal(counts[1], 4);
    assert_int_equal(counts[2], 3);
    tg_dataset_destroy(&ds);

    /* the same content again changes nothing */
    assert_int_equal(import(s, data("newspage/rferl-gerasimov-comments.txt"), NULL, &r), TG_OK);
    assert_true(r.already_imported);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_int_equal(ds.ncomments, 14);
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_duplicates_and_cycles(void **state)
{
    tg_store_t *s = open_store();
    tg_import_report_t r;
    tg_dataset_t ds;

    (void)state;
    assert_int_equal(import(s, data("ndjson/dup-cycle.ndjson"), NULL, &r), TG_OK);
    assert_int_equal(r.comments, 5);
    assert_int_equal(r.tally[TG_TALLY_DUPLICATE].count, 1);
    assert_int_equal(r.tally[TG_TALLY_DUPLICATE].first_line, 2);
    assert_int_equal(r.tally[TG_TALLY_CYCLE].count, 2);
    assert_int_equal(r.tally[TG_TALLY_ORPHAN].count, 0);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_null(parent_of(&ds, "d2"));            /* broken at the first in the input */
    assert_true(ds.flags[find(&ds, "d2")] & TG_COMMENT_CYCLE);
    assert_string_equal(parent_of(&ds, "d3"), "d2");
    assert_string_equal(parent_of(&ds, "d4"), "d3");
    assert_null(parent_of(&ds, "d5"));
    assert_true(ds.flags[find(&ds, "d5")] & TG_COMMENT_CYCLE);
    assert_string_equal(ds.parent_id[find(&ds, "d2")], "d3"); /* the input's parent is kept */
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_parent_in_later_file(void **state)
{
    tg_store_t *s = open_store();
    tg_import_report_t r;
    tg_dataset_t ds;

    (void)state;
    assert_int_equal(import(s, data("ndjson/part-replies.ndjson"), NULL, &r), TG_OK);
    assert_int_equal(r.tally[TG_TALLY_ORPHAN].count, 1);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_null(parent_of(&ds, "k2"));
    assert_true(ds.flags[find(&ds, "k2")] & TG_COMMENT_ORPHAN);
    tg_dataset_destroy(&ds);

    assert_int_equal(import(s, data("ndjson/part-parents.ndjson"), NULL, &r), TG_OK);
    assert_int_equal(r.comments, 1);
    assert_int_equal(r.tally[TG_TALLY_DUPLICATE].count, 1);   /* k2 again */
    assert_int_equal(r.tally[TG_TALLY_LINKED].count, 1);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_int_equal(ds.ncomments, 3);
    assert_string_equal(parent_of(&ds, "k2"), "k1");
    assert_false(ds.flags[find(&ds, "k2")] & TG_COMMENT_ORPHAN);
    assert_string_equal(parent_of(&ds, "k3"), "k2");
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_cycle_across_files(void **state)
{
    tg_store_t *s = open_store();
    tg_import_report_t r;
    tg_dataset_t ds;

    (void)state;
    assert_int_equal(import(s, temp_file("x1.ndjson",
                                         "{\"id\":\"x1\",\"parent_id\":\"t1_x2\",\"link_id\":\"t3_X\","
                                         "\"author\":\"ann\"}\n"), NULL, &r), TG_OK);
    tg_import_report_destroy(&r);
    assert_int_equal(import(s, temp_file("x2.ndjson",
                                         "{\"id\":\"x2\",\"parent_id\":\"t1_x1\",\"link_id\":\"t3_X\","
                                         "\"author\":\"ben\"}\n"), NULL, &r), TG_OK);
    assert_int_equal(r.tally[TG_TALLY_CYCLE].count, 1);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_null(parent_of(&ds, "x1"));            /* x1 came first in the input */
    assert_true(ds.flags[find(&ds, "x1")] & TG_COMMENT_CYCLE);
    assert_false(ds.flags[find(&ds, "x1")] & TG_COMMENT_ORPHAN);
    assert_string_equal(parent_of(&ds, "x2"), "x1");
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_rollback(void **state)
{
    tg_store_t *s = open_store();
    tg_import_report_t r;
    tg_import_options_t o;
    tg_dataset_t ds;
    tg_error_t err;

    (void)state;
    assert_int_equal(import(s, data("csv/edge.csv"), NULL, &r), TG_OK);
    tg_import_report_destroy(&r);
    tg_import_options_init(&o);
    o.strict = 1;
    tg_import_report_init(&r);
    assert_int_equal(tg_import_file(s, data("csv/wrong-fields.csv"), &o, &r, &err), TG_ERR_DATA);
    assert_int_equal(err.line, 3);
    tg_import_report_destroy(&r);
    assert_int_equal(import(s, data("newspage/no-comments.txt"), NULL, &r), TG_ERR_DATA);
    tg_import_report_destroy(&r);
    assert_int_equal(import(s, data("csv/missing-column.csv"), NULL, &r), TG_ERR_DATA);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_int_equal(ds.ncomments, 18);
    assert_int_equal(ds.nthreads, 3);
    tg_dataset_destroy(&ds);
    {
        tg_source_row_t *rows;
        size_t n;

        assert_int_equal(tg_store_sources(s, 10, &rows, &n, &err), TG_OK);
        assert_int_equal(n, 1);
        tg_source_rows_free(rows, n);
    }
    /* the strict import of the same file now works without --strict */
    assert_int_equal(import(s, data("csv/wrong-fields.csv"), NULL, &r), TG_OK);
    assert_int_equal(r.comments, 3);
    tg_import_report_destroy(&r);
    tg_store_close(s);
}

static void test_anonymous_list_and_locations(void **state)
{
    tg_store_t *s = open_store();
    tg_import_report_t r;
    tg_import_options_t o;
    tg_dataset_t ds;
    const char *anon[] = { "Anonymous", "Eve", NULL };

    (void)state;
    tg_import_options_init(&o);
    o.anonymous = anon;
    o.nanonymous = 2;
    assert_int_equal(import(s, data("newspage/footer.txt"), &o, &r), TG_OK);
    tg_import_report_destroy(&r);
    load(s, &ds);
    assert_int_equal(ds.ncomments, 4);
    assert_int_equal(ds.user[find(&ds, "2")], -1);  /* Eve, by the list */
    assert_string_equal(ds.author[find(&ds, "2")], "Eve");
    /* "East Bank" and "east bank" are one location */
    assert_int_equal(ds.nlocations, 1);
    assert_int_equal(ds.location[find(&ds, "1")], ds.location[find(&ds, "2")]);
    assert_string_equal(ds.location_key[0], "east bank");
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_versions(void **state)
{
    tg_store_t *s = NULL;
    tg_error_t err;
    sqlite3 *db;
    const char *notdb = temp_file("not-a-db.db", "hello, this is text\n");

    (void)state;
    tg_store_close(open_store());
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(tg_store_open(dbpath, TG_STORE_CREATE, &s, &err), TG_ERR_VERSION);
    assert_null(s);
    assert_non_null(strstr(err.message, "schema version 99"));
    unlink(dbpath);

    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(tg_store_open(dbpath, TG_STORE_CREATE, &s, &err), TG_ERR_VERSION);
    assert_non_null(strstr(err.message, "not a threadgraph database"));

    assert_int_equal(tg_store_open(notdb, TG_STORE_CREATE, &s, &err), TG_ERR_VERSION);
    assert_non_null(strstr(err.message, "not an SQLite database"));
    unlink(notdb);

    assert_int_equal(tg_store_open("/tmp/tg-no-such-dir/x.db", 0, &s, &err), TG_ERR_IO);
}

/* The report kept with each source (import_report.c) is JSON that an
 * independent parser reads, and it says what the report's columns say; the
 * skip reasons add up to the skipped column. */
static void test_report_json(void **state)
{
    static const char *const cols[] = { "comments", "posts", "threads", "orphans", "duplicates",
                                        "cycles_broken", "missing", "bad_times", "utf8_repaired",
                                        "skipped", "earlier_orphans_linked" };
    tg_store_t *s = open_store();
    tg_import_report_t r;
    sqlite3 *db;
    sqlite3_stmt *st;
    int rows = 0;
    long long skipped = 0, orphans = 0, cycles = 0;
    size_t c;

    (void)state;
    assert_int_equal(import(s, data("ndjson/malformed.ndjson"), NULL, &r), TG_OK);
    tg_import_report_destroy(&r);
    assert_int_equal(import(s, data("ndjson/dup-cycle.ndjson"), NULL, &r), TG_OK);
    tg_import_report_destroy(&r);
    /* ids with a quote, a backslash and a control character; one orphan */
    assert_int_equal(import(s, temp_file("odd.ndjson",
                                         "{\"id\": \"q\\\"1\\\\\\u0001\", \"parent_id\": \"t1_gone\","
                                         " \"link_id\": \"t3_T\", \"author\": \"a\","
                                         " \"created_utc\": 1, \"body\": \"x\"}\n"),
                            NULL, &r),
                     TG_OK);
    tg_import_report_destroy(&r);
    tg_store_close(s);

    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT comments, posts, threads, orphans, duplicates,"
                                        " cycles_broken, missing, bad_times, utf8_repaired, skipped,"
                                        " earlier_orphans_linked, report FROM sources ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char errbuf[128];
        yajl_val v = yajl_tree_parse((const char *)sqlite3_column_text(st, 11), errbuf,
                                     sizeof errbuf);
        const char *path[2] = { NULL, NULL };
        yajl_val reasons;
        long long sum = 0;

        assert_non_null(v);
        for (c = 0; c < sizeof cols / sizeof *cols; c++) {
            yajl_val n;

            path[0] = cols[c];
            n = yajl_tree_get(v, path, yajl_t_number);
            assert_non_null(n);
            assert_int_equal(YAJL_GET_INTEGER(n), sqlite3_column_int64(st, (int)c));
        }
        path[0] = "skipped_reasons";
        reasons = yajl_tree_get(v, path, yajl_t_array);
        assert_non_null(reasons);
        for (c = 0; c < reasons->u.array.len; c++) {
            const char *rp[2] = { "count", NULL };
            const char *rr[2] = { "reason", NULL };
            yajl_val e = reasons->u.array.values[c];

            assert_non_null(yajl_tree_get(e, rr, yajl_t_string));
            sum += YAJL_GET_INTEGER(yajl_tree_get(e, rp, yajl_t_number));
        }
        assert_int_equal(sum, sqlite3_column_int64(st, 9));
        skipped += sum;
        orphans += sqlite3_column_int64(st, 3);
        cycles += sqlite3_column_int64(st, 5);
        path[0] = "missing_ids";
        assert_non_null(yajl_tree_get(v, path, yajl_t_array));
        yajl_tree_free(v);
        rows++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_int_equal(rows, 3);
    /* the files exercise what the report holds */
    assert_true(skipped > 0 && orphans > 0 && cycles > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_and_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parent_in_later_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle_across_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anonymous_list_and_locations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_json, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
