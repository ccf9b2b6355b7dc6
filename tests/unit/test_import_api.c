/* test_import_api.c - the public import calls of a second program: a path,
 * memory and a FILE * give the same records and the same database, into a
 * caller's sink or the store; compressed memory is read too; bad input
 * fails with the caller's name in the message and leaves the store as it
 * was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "threadgraph/threadgraph.h"
#include "recorder.h"

#define SEED TG_TEST_DATA "/newspage/rferl-gerasimov-comments.txt"
#define REDDIT TG_TEST_DATA "/reddit/small-thread.json"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long len;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    rewind(f);
    p = malloc((size_t)len + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return p;
}

static void same_records(const recorder *a, const recorder *b)
{
    size_t i;

    assert_true(a->n > 0);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->np, b->np);
    for (i = 0; i < a->n; i++) {
        assert_string_equal(a->c[i].id, b->c[i].id);
        assert_true((!a->c[i].parent && !b->c[i].parent) ||
                    (a->c[i].parent && b->c[i].parent &&
                     strcmp(a->c[i].parent, b->c[i].parent) == 0));
        assert_string_equal(a->c[i].text ? a->c[i].text : "", b->c[i].text ? b->c[i].text : "");
        assert_int_equal(a->c[i].time, b->c[i].time);
    }
}

/* The records of a file read by path, from memory and from a FILE *. */
static void check_sink_ways(const char *path, const char *name)
{
    recorder by_path, by_mem, by_stream;
    tg_import_job_t *job;
    tg_error_t err;
    size_t n;
    char *data = slurp(path, &n);
    FILE *f = fopen(path, "rb");

    assert_non_null(f);
    recorder_init(&by_path);
    recorder_init(&by_mem);
    recorder_init(&by_stream);
    tg_error_clear(&err);
    assert_int_equal(tg_import_file_to_sink(path, NULL, &by_path.sink, &err), TG_OK);

    assert_int_equal(tg_import_job_open_memory(data, n, name, NULL, &job, &err), TG_OK);
    assert_string_equal(tg_import_job_source(job)->path, name);
    assert_string_equal(tg_import_job_source(job)->format, by_path.report.format);
    assert_int_equal(tg_import_job_source(job)->bytes, (int64_t)n);
    assert_int_equal(tg_import_job_run(job, &by_mem.sink, &err), TG_OK);
    /* a job runs once */
    assert_int_equal(tg_import_job_run(job, &by_mem.sink, &err), TG_ERR_FAIL);
    tg_import_job_close(job);

    assert_int_equal(tg_import_job_open_stream(f, name, NULL, &job, &err), TG_OK);
    assert_int_equal(tg_import_job_run(job, &by_stream.sink, &err), TG_OK);
    tg_import_job_close(job);
    fclose(f);

    same_records(&by_path, &by_mem);
    same_records(&by_path, &by_stream);
    assert_string_equal(by_mem.report.path, name);
    recorder_free(&by_path);
    recorder_free(&by_mem);
    recorder_free(&by_stream);
    free(data);
}

static void test_sink_seed(void **state)
{
    (void)state;
    /* a news page's thread is named by the file's stem: the same name */
    check_sink_ways(SEED, "rferl-gerasimov-comments.txt");
}

static void test_sink_reddit(void **state)
{
    (void)state;
    check_sink_ways(REDDIT, "small-thread.json");
}

static void load(const char *db, tg_dataset_t *ds)
{
    tg_store_t *s = NULL;
    tg_error_t err;

    tg_dataset_init(ds);
    assert_int_equal(tg_store_open(db, 0, &s, &err), TG_OK);
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, ds, &err), TG_OK);
    tg_store_close(s);
}

static void store_one(const char *db, int how, const char *path, tg_import_report_t *rep)
{
    tg_store_t *s = NULL;
    tg_error_t err;
    size_t n;
    char *data = NULL;
    FILE *f = NULL;

    unlink(db);
    assert_int_equal(tg_store_open(db, TG_STORE_CREATE, &s, &err), TG_OK);
    tg_import_report_init(rep);
    if (how == 0) {
        assert_int_equal(tg_import_file(s, path, NULL, rep, &err), TG_OK);
    } else if (how == 1) {
        data = slurp(path, &n);
        assert_int_equal(tg_import_memory(s, data, n, "seed.txt", NULL, rep, &err), TG_OK);
    } else {
        assert_non_null(f = fopen(path, "rb"));
        assert_int_equal(tg_import_stream(s, f, "seed.txt", NULL, rep, &err), TG_OK);
        fclose(f);
    }
    free(data);
    tg_store_close(s);
}

static void test_store_ways(void **state)
{
    const char *db[3] = { "test_import_api-0.db", "test_import_api-1.db",
                          "test_import_api-2.db" };
    tg_import_report_t rep[3];
    tg_dataset_t ds[3];
    size_t i, k;

    (void)state;
    for (k = 0; k < 3; k++) {
        store_one(db[k], (int)k, SEED, &rep[k]);
        load(db[k], &ds[k]);
    }
    for (k = 1; k < 3; k++) {
        assert_int_equal(rep[k].comments, rep[0].comments);
        assert_int_equal(rep[k].threads, rep[0].threads);
        assert_string_equal(rep[k].path, "seed.txt");
        assert_int_equal(ds[k].ncomments, ds[0].ncomments);
        assert_int_equal(ds[k].nusers, ds[0].nusers);
        for (i = 0; i < ds[0].ncomments; i++) {
            assert_int_equal(ds[k].parent[i], ds[0].parent[i]);
            assert_int_equal(ds[k].user[i], ds[0].user[i]);
            assert_string_equal(ds[k].id[i], ds[0].id[i]);
        }
    }
    assert_true(ds[0].ncomments > 10);
    for (k = 0; k < 3; k++) {
        tg_dataset_destroy(&ds[k]);
        tg_import_report_destroy(&rep[k]);
        unlink(db[k]);
    }
}

/* Compressed memory is decompressed like a compressed file. */
static void test_gzip_memory(void **state)
{
    recorder plain, packed;
    tg_error_t err;
    tg_import_job_t *job;
    size_t n;
    char *data = slurp(SEED, &n);
    uLongf zn = compressBound((uLong)n) + 64;
    unsigned char *z = malloc(zn);
    z_stream zs;

    (void)state;
    assert_non_null(z);
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)data;
    zs.avail_in = (uInt)n;
    zs.next_out = z;
    zs.avail_out = (uInt)zn;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    zn = zs.total_out;
    deflateEnd(&zs);

    recorder_init(&plain);
    recorder_init(&packed);
    assert_int_equal(tg_import_file_to_sink(SEED, NULL, &plain.sink, &err), TG_OK);
    assert_int_equal(tg_import_job_open_memory(z, zn, "rferl-gerasimov-comments.txt.gz", NULL,
                                               &job, &err), TG_OK);
    assert_int_equal(tg_import_job_source(job)->bytes, (int64_t)zn);
    assert_int_equal(tg_import_job_run(job, &packed.sink, &err), TG_OK);
    tg_import_job_close(job);
    same_records(&plain, &packed);
    recorder_free(&plain);
    recorder_free(&packed);
    free(z);
    free(data);
}

/* Bad input: the caller's name in the message, the store unchanged. */
static void test_bad_memory(void **state)
{
    const char *db = "test_import_api-bad.db";
    static const char junk[] = "{\"not\": \"a discussion\"";
    tg_store_t *s = NULL;
    tg_import_report_t rep;
    tg_import_job_t *job = (tg_import_job_t *)1;
    tg_import_options_t opt;
    tg_error_t err;
    tg_dataset_t ds;

    (void)state;
    assert_int_equal(tg_import_job_open_memory("", 0, "empty.csv", NULL, &job, &err),
                     TG_ERR_DATA);
    assert_null(job);
    assert_non_null(strstr(err.message, "'empty.csv' is empty"));

    unlink(db);
    assert_int_equal(tg_store_open(db, TG_STORE_CREATE, &s, &err), TG_OK);
    tg_import_report_init(&rep);
    tg_import_options_init(&opt);
    opt.format = "reddit";
    assert_int_not_equal(tg_import_memory(s, junk, sizeof junk - 1, "junk.json", &opt, &rep,
                                          &err), TG_OK);
    assert_string_equal(err.file, "junk.json");
    tg_import_report_destroy(&rep);
    tg_store_close(s);
    load(db, &ds);
    assert_int_equal(ds.ncomments, 0);
    tg_dataset_destroy(&ds);
    unlink(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sink_seed),
        cmocka_unit_test(test_sink_reddit),
        cmocka_unit_test(test_store_ways),
        cmocka_unit_test(test_gzip_memory),
        cmocka_unit_test(test_bad_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
