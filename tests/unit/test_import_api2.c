/* test_import_api.c - the public import from memory and from a FILE *, into
 * a caller's sink and into the store, checked against tg_import_file on the
 * same files; and tg_run, the main job as one call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "threadgraph/threadgraph.h"
#include "recorder.h"

/* The seed (a copy of data/rferl-gerasimov-comments.txt), a Reddit thread
 * larger than one 128 KiB read block, and an HN story. */
static const char *const files[] = {
    "newspage/rferl-gerasimov-comments.txt",
    "reddit/thread.json",
    "hn/algolia-story.json",
};
#define NFILES (sizeof files / sizeof files[0])

static char dbdir[256];

static const char *data(const char *rel)
{
    static char buf[4][1024];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", TG_TEST_DATA, rel);
    return buf[k];
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long len;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return s;
}

/* s[0..n) as a gzip stream (zlib with the gzip wrapper). */
static char *gzip_of(const char *s, size_t n, size_t *outn)
{
    z_stream z;
    size_t cap = n + n / 2 + 1024;
    char *out = malloc(cap);

    assert_non_null(out);
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *outn = z.total_out;
    deflateEnd(&z);
    return out;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every record and every count of the report the same. */
static void assert_same(const recorder *a, const recorder *b)
{
    size_t i, k;

    assert_int_equal(a->n, b->n);
    assert_int_equal(a->np, b->np);
    for (i = 0; i < a->n; i++) {
        const crec *x = &a->c[i], *y = &b->c[i];

        assert_true(same_str(x->thread, y->thread));
        assert_true(same_str(x->id, y->id));
        assert_true(same_str(x->parent, y->parent));
        assert_true(same_str(x->author, y->author));
        assert_true(same_str(x->location, y->location));
        assert_true(same_str(x->time_text, y->time_text));
        assert_true(same_str(x->text, y->text));
        assert_true(x->time == y->time);
        assert_int_equal(x->has_time, y->has_time);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->flags, y->flags);
    }
    for (i = 0; i < a->np; i++) {
        const prec *x = &a->p[i], *y = &b->p[i];

        assert_true(same_str(x->thread, y->thread));
        assert_true(same_str(x->title, y->title));
        assert_true(same_str(x->author, y->author));
        assert_true(same_str(x->text, y->text));
        assert_true(x->time == y->time);
        assert_int_equal(x->line, y->line);
    }
    assert_string_equal(a->report.format, b->report.format);
    for (k = 0; k < TG_TALLY_KINDS; k++) {
        assert_int_equal(a->report.tally[k].count, b->report.tally[k].count);
        assert_int_equal(a->report.tally[k].first_line, b->report.tally[k].first_line);
        assert_int_equal(a->report.tally[k].first_byte, b->report.tally[k].first_byte);
    }
    assert_int_equal(a->report.nskips, b->report.nskips);
    assert_int_equal(a->report.missing.more_stubs, b->report.missing.more_stubs);
    assert_int_equal(a->report.missing.nids, b->report.missing.nids);
}

static void test_sink_from_memory_and_stream(void **state)
{
    size_t f;

    (void)state;
    for (f = 0; f < NFILES; f++) {
        const char *path = data(files[f]), *base = strrchr(files[f], '/') + 1;
        recorder ref, mem, gz, gzref, fmem, tmp, pipe;
        tg_error_t err;
        size_t n, gzn;
        char *s = slurp(path, &n), *z = gzip_of(s, n, &gzn), cmd[1200], gzname[256],
             gzpath[600];
        FILE *fp;

        recorder_init(&ref);
        recorder_init(&mem);
        recorder_init(&gz);
        recorder_init(&gzref);
        recorder_init(&fmem);
        recorder_init(&tmp);
        recorder_init(&pipe);
        tg_error_clear(&err);
        assert_int_equal(tg_import_file_to_sink(path, NULL, &ref.sink, &err), TG_OK);
        assert_true(ref.n > 0);
        assert_string_equal(ref.report.path, path);

        assert_int_equal(tg_import_memory_to_sink(s, n, base, NULL, &mem.sink, &err), TG_OK);
        assert_same(&ref, &mem);
        assert_string_equal(mem.report.path, base);

        /* compressed in memory: decompressed by its magic bytes, the format
         * still detected from the text and from the name without ".gz"; the
         * same as the compressed file */
        snprintf(gzname, sizeof gzname, "%s.gz", base);
        snprintf(gzpath, sizeof gzpath, "%s/%s", dbdir, gzname);
        fp = fopen(gzpath, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(z, 1, gzn, fp), gzn);
        assert_int_equal(fclose(fp), 0);
        assert_int_equal(tg_import_file_to_sink(gzpath, NULL, &gzref.sink, &err), TG_OK);
        assert_int_equal(gzref.n, ref.n);
        assert_int_equal(tg_import_memory_to_sink(z, gzn, gzname, NULL, &gz.sink, &err), TG_OK);
        assert_same(&gzref, &gz);

        fp = fmemopen(s, n, "rb");
        assert_non_null(fp);
        assert_int_equal(tg_import_stream_to_sink(fp, base, NULL, &fmem.sink, &err), TG_OK);
        fclose(fp);
        assert_same(&ref, &fmem);

        fp = tmpfile();
        assert_non_null(fp);
        assert_int_equal(fwrite(s, 1, n, fp), n);
        rewind(fp);
        assert_int_equal(tg_import_stream_to_sink(fp, base, NULL, &tmp.sink, &err), TG_OK);
        fclose(fp);
        assert_same(&ref, &tmp);

        snprintf(cmd, sizeof cmd, "cat '%s'", path);
        fp = popen(cmd, "r");
        assert_non_null(fp);
        assert_int_equal(tg_import_stream_to_sink(fp, base, NULL, &pipe.sink, &err), TG_OK);
        assert_int_equal(pclose(fp), 0);
        assert_same(&ref, &pipe);

        recorder_free(&ref);
        recorder_free(&mem);
        recorder_free(&gz);
        recorder_free(&gzref);
        recorder_free(&fmem);
        recorder_free(&tmp);
        recorder_free(&pipe);
        free(s);
        free(z);
    }
}

static void test_sink_errors(void **state)
{
    static const char bad[] = "{\"a\": [1, 2,\n  }";
    tg_import_options_t o;
    tg_sink_t no_report;
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(tg_import_memory_to_sink("", 0, "x.txt", NULL, &r.sink, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "'x.txt' is empty");
    tg_import_options_init(&o);
    o.format = "hn";
    assert_int_equal(tg_import_memory_to_sink(NULL, 0, NULL, &o, &r.sink, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "'(memory)' is empty");
    o.format = "nosuch";
    assert_int_equal(tg_import_memory_to_sink("x", 1, NULL, &o, &r.sink, &err), TG_ERR_USAGE);
    o.format = "hn";
    assert_int_equal(tg_import_memory_to_sink(bad, sizeof bad - 1, "bad.json", &o, &r.sink, &err),
                     TG_ERR_DATA);
    assert_string_equal(err.file, "bad.json");
    assert_int_equal(err.line, 2);
    no_report = r.sink;
    no_report.report = NULL;
    assert_int_equal(tg_import_memory_to_sink("x", 1, NULL, NULL, &no_report, &err),
                     TG_ERR_USAGE);
    assert_int_equal(tg_import_stream_to_sink(NULL, NULL, NULL, &r.sink, &err), TG_ERR_USAGE);
    recorder_free(&r);
}

/* ---- into the store ---- */

static const char *db(const char *name)
{
    static char path[4][300];
    static int k;

    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dbdir, name);
    return path[k];
}

static int setup(void **state)
{
    (void)state;
    snprintf(dbdir, sizeof dbdir, "/tmp/tg-import-api-%d", (int)getpid());
    mkdir(dbdir, 0777);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dbdir);
    return system(cmd) == 0 ? 0 : -1;
}

static tg_store_t *open_store(const char *name)
{
    tg_store_t *s = NULL;
    tg_error_t err;

    unlink(db(name));
    assert_int_equal(tg_store_open(db(name), TG_STORE_CREATE, &s, &err), TG_OK);
    return s;
}

static void assert_same_dataset(tg_store_t *a, tg_store_t *b)
{
    tg_dataset_t x, y;
    tg_error_t err;
    size_t i;

    tg_dataset_init(&x);
    tg_dataset_init(&y);
    assert_int_equal(tg_store_load(a, TG_LOAD_IDS | TG_LOAD_TEXT, &x, &err), TG_OK);
    assert_int_equal(tg_store_load(b, TG_LOAD_IDS | TG_LOAD_TEXT, &y, &err), TG_OK);
    assert_true(x.ncomments > 0);
    assert_int_equal(x.ncomments, y.ncomments);
    assert_int_equal(x.nthreads, y.nthreads);
    assert_int_equal(x.nusers, y.nusers);
    assert_int_equal(x.nlocations, y.nlocations);
    for (i = 0; i < x.ncomments; i++) {
        assert_int_equal(x.parent[i], y.parent[i]);
        assert_int_equal(x.thread[i], y.thread[i]);
        assert_int_equal(x.user[i], y.user[i]);
        assert_int_equal(x.location[i], y.location[i]);
        assert_true(x.time[i] == y.time[i]);
        assert_int_equal(x.flags[i], y.flags[i]);
        assert_true(same_str(x.id[i], y.id[i]));
        assert_true(same_str(x.author[i], y.author[i]));
        assert_true(same_str(x.text[i], y.text[i]));
    }
    for (i = 0; i < x.nthreads; i++) {
        assert_true(same_str(x.thread_id[i], y.thread_id[i]));
        assert_true(same_str(x.thread_title[i], y.thread_title[i]));
    }
    tg_dataset_destroy(&x);
    tg_dataset_destroy(&y);
}

static void assert_same_report(const tg_import_report_t *a, const tg_import_report_t *b)
{
    size_t k;

    assert_string_equal(a->format, b->format);
    assert_int_equal(a->comments, b->comments);
    assert_int_equal(a->posts, b->posts);
    assert_int_equal(a->threads, b->threads);
    assert_int_equal(a->already_imported, b->already_imported);
    for (k = 0; k < TG_TALLY_KINDS; k++)
        assert_int_equal(a->tally[k].count, b->tally[k].count);
}

static void test_store_from_memory_and_stream(void **state)
{
    size_t f;

    (void)state;
    for (f = 0; f < NFILES; f++) {
        const char *path = data(files[f]), *base = strrchr(files[f], '/') + 1;
        tg_store_t *by_file = open_store("file.db"), *by_mem = open_store("mem.db"),
                   *by_fp = open_store("fp.db"), *by_pipe = open_store("pipe.db");
        tg_import_report_t rf, rm, rs, rp, again;
        tg_error_t err;
        size_t n;
        char *s = slurp(path, &n), cmd[1200];
        FILE *fp;

        tg_import_report_init(&rf);
        tg_import_report_init(&rm);
        tg_import_report_init(&rs);
        tg_import_report_init(&rp);
        tg_import_report_init(&again);
        assert_int_equal(tg_import_file(by_file, path, NULL, &rf, &err), TG_OK);
        assert_int_equal(tg_import_memory(by_mem, s, n, base, NULL, &rm, &err), TG_OK);
        assert_string_equal(rm.path, base);
        assert_same_report(&rf, &rm);
        assert_same_dataset(by_file, by_mem);

        fp = fmemopen(s, n, "rb");
        assert_non_null(fp);
        assert_int_equal(tg_import_stream(by_fp, fp, base, NULL, &rs, &err), TG_OK);
        fclose(fp);
        assert_same_report(&rf, &rs);
        assert_same_dataset(by_file, by_fp);

        snprintf(cmd, sizeof cmd, "cat '%s'", path);
        fp = popen(cmd, "r");
        assert_non_null(fp);
        assert_int_equal(tg_import_stream(by_pipe, fp, base, NULL, &rp, &err), TG_OK);
        assert_int_equal(pclose(fp), 0);
        assert_same_report(&rf, &rp);
        assert_same_dataset(by_file, by_pipe);

        /* the same content from memory is known by its hash */
        assert_int_equal(tg_import_memory(by_file, s, n, NULL, NULL, &again, &err), TG_OK);
        assert_int_equal(again.already_imported, 1);
        assert_string_equal(again.path, "(memory)");

        tg_import_report_destroy(&rf);
        tg_import_report_destroy(&rm);
        tg_import_report_destroy(&rs);
        tg_import_report_destroy(&rp);
        tg_import_report_destroy(&again);
        tg_store_close(by_file);
        tg_store_close(by_mem);
        tg_store_close(by_fp);
        tg_store_close(by_pipe);
        free(s);
    }
}

static void test_store_errors_leave_it_unchanged(void **state)
{
    static const char bad[] = "{\"hits\": [\n  {\"objectID\": \"1\",\n";
    tg_store_t *st = open_store("err.db");
    tg_import_report_t r;
    tg_import_options_t o;
    tg_dataset_t ds;
    tg_error_t err;

    (void)state;
    tg_import_report_init(&r);
    assert_int_equal(tg_import_memory(st, "", 0, "empty.txt", NULL, &r, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "'empty.txt' is empty");
    tg_import_options_init(&o);
    o.format = "hn";
    assert_int_equal(tg_import_memory(st, bad, sizeof bad - 1, "cut.json", &o, &r, &err),
                     TG_ERR_DATA);
    assert_string_equal(err.file, "cut.json");
    assert_int_equal(tg_import_stream(st, NULL, NULL, NULL, &r, &err), TG_ERR_USAGE);
    tg_dataset_init(&ds);
    assert_int_equal(tg_store_load(st, TG_LOAD_IDS, &ds, &err), TG_OK);
    assert_int_equal(ds.ncomments, 0);
    tg_dataset_destroy(&ds);
    tg_import_report_destroy(&r);
    tg_store_close(st);
}

/* ---- tg_run ---- */

typedef struct heard {
    char phases[8][64];
    int nphases;
    int ended;
    int imported;
    long comments;
} heard;

static void on_imported(const char *path, const tg_import_report_t *report, void *ctx)
{
    heard *h = ctx;

    (void)path;
    h->imported++;
    h->comments += report->comments;
}

static void on_phase(const char *what, void *ctx)
{
    heard *h = ctx;

    if (!what) {
        h->ended++;
        return;
    }
    assert_true(h->nphases < 8);
    snprintf(h->phases[h->nphases++], sizeof h->phases[0], "%s", what);
}

static int exists(const char *dir, const char *name)
{
    char p[600];
    struct stat st;

    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

static void test_run(void **state)
{
    const char *inputs[2] = { data(files[0]), data(files[2]) };
    tg_run_options_t o;
    tg_run_result_t res;
    tg_error_t err;
    heard h;
    char out[300];

    (void)state;
    memset(&h, 0, sizeof h);
    snprintf(out, sizeof out, "%s/run", dbdir);
    tg_run_options_init(&o);
    assert_int_equal(o.analysis.bc_fork, 0);
    assert_int_equal(o.charts, 1);
    o.inputs = inputs;
    o.ninputs = 2;
    o.out_dir = out;
    o.charts = 0;
    o.imported = on_imported;
    o.phase = on_phase;
    o.ctx = &h;
    tg_run_result_init(&res);
    assert_int_equal(tg_run(&o, &res, &err), TG_OK);
    assert_string_equal(res.db_path, db("run/threadgraph.db"));
    assert_int_equal(res.imported, 2);
    assert_int_equal(res.failed_input, -1);
    assert_int_equal(h.imported, 2);
    assert_true(h.comments > 0);
    assert_int_equal(h.nphases, 4);
    assert_string_equal(h.phases[0], "load");
    assert_string_equal(h.phases[1], "index and checkpoint (the rest of it)");
    assert_string_equal(h.phases[2], "reports, the analysis saved beside them");
    assert_string_equal(h.phases[3], "saving the analysis (the rest of it)");
    assert_int_equal(h.ended, 1);
    assert_true(exists(out, "users.csv"));
    assert_true(exists(out, "summary.json"));
    assert_false(exists(out, "network.png"));

    /* again, with a file that fails second: the first is known already */
    memset(&h, 0, sizeof h);
    inputs[1] = data("reddit/morechildren-error.json");
    assert_int_not_equal(tg_run(&o, &res, &err), TG_OK);
    assert_int_equal(res.failed_input, 1);
    assert_int_equal(res.imported, 0);
    assert_int_equal(h.imported, 1);
    assert_int_equal(h.ended, 0);
    tg_run_result_destroy(&res);

    /* no out_dir, no input */
    tg_run_result_init(&res);
    o.out_dir = NULL;
    assert_int_equal(tg_run(&o, &res, &err), TG_ERR_USAGE);
    o.out_dir = out;
    o.ninputs = 0;
    assert_int_equal(tg_run(&o, &res, &err), TG_ERR_USAGE);
    tg_run_result_destroy(&res);
    tg_run_result_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sink_from_memory_and_stream),
        cmocka_unit_test(test_sink_errors),
        cmocka_unit_test(test_store_from_memory_and_stream),
        cmocka_unit_test(test_store_errors_leave_it_unchanged),
        cmocka_unit_test(test_run),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
