/* test_input.c - the input layer: gzip, zstd and bzip2 files read as their
 * plain text, by lines and by bytes, across block boundaries; truncated,
 * damaged and padded files give errors that name the file; and the CSV and
 * ndjson importers see the same records compressed or not.  Compressed files
 * are made here with zlib, libzstd and libbz2 from the fixtures in
 * tests/data. */
#include <bzlib.h>
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
#include <zstd.h>
#include <cmocka.h>

#include "import/import_internal.h"

enum { GZ, ZST, BZ2, NCODECS };
static const char *const codec_names[NCODECS] = { "gzip", "zstd", "bzip2" };
static const char *const codec_exts[NCODECS] = { ".gz", ".zst", ".bz2" };

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    buf[len] = '\0';
    *n = (size_t)len;
    return buf;
}

static const char *data(const char *rel)
{
    static char buf[4][1024];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", TG_TEST_DATA, rel);
    return buf[k];
}

static const char *temp_path(const char *name)
{
    static char path[8][256];
    static int k;

    k = (k + 1) % 8;
    snprintf(path[k], sizeof path[k], "/tmp/tg-input-%d", (int)getpid());
    mkdir(path[k], 0700);
    snprintf(path[k], sizeof path[k], "/tmp/tg-input-%d/%s", (int)getpid(), name);
    return path[k];
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

/* s[0..n) compressed with codec; *outn gets the size; caller frees. */
static char *compress_with(int codec, const char *s, size_t n, size_t *outn)
{
    char *out;

    if (codec == GZ) {
        z_stream z;
        size_t cap = n + n / 2 + 1024;

        out = malloc(cap);
        assert_non_null(out);
        memset(&z, 0, sizeof z);
        assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
        z.next_in = (Bytef *)s;
        z.avail_in = (uInt)n;
        z.next_out = (Bytef *)out;
        z.avail_out = (uInt)cap;
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        *outn = cap - z.avail_out;
        deflateEnd(&z);
    } else if (codec == ZST) {
        ZSTD_CCtx *c = ZSTD_createCCtx();
        size_t cap = ZSTD_compressBound(n), r;

        out = malloc(cap);
        assert_non_null(out);
        /* with a checksum, as the zstd tool writes by default */
        ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
        r = ZSTD_compress2(c, out, cap, s, n);
        assert_false(ZSTD_isError(r));
        *outn = r;
        ZSTD_freeCCtx(c);
    } else {
        unsigned cap = (unsigned)(n + n / 100 + 600);

        out = malloc(cap);
        assert_non_null(out);
        assert_int_equal(BZ2_bzBuffToBuffCompress(out, &cap, (char *)s, (unsigned)n, 9, 0, 0),
                         BZ_OK);
        *outn = cap;
    }
    return out;
}

/* Write the compressed form of plain file src to a temporary file. */
static const char *compressed_copy(int codec, const char *src, const char *name)
{
    size_t n, cn;
    char *s = slurp(src, &n), *c = compress_with(codec, s, n, &cn);
    char fname[128];
    const char *path;

    snprintf(fname, sizeof fname, "%s%s", name, codec_exts[codec]);
    path = temp_path(fname);
    write_file(path, c, cn);
    free(s);
    free(c);
    return path;
}

/* Everything read from path through the input layer (by bytes). */
static char *read_all(const char *path, size_t *n, tg_status_t *rc, tg_error_t *err,
                      const char **codec)
{
    tg_input_t *in = NULL;
    tg_buf b = TG_BUF_INIT;
    char chunk[7000];
    long got;

    tg_error_clear(err);
    *rc = tg_input_open(path, &in, err);
    assert_int_equal(*rc, TG_OK);
    if (codec)
        *codec = tg_input_codec(in);
    while ((got = tg_input_read(in, chunk, sizeof chunk, err)) > 0)
        assert_int_equal(tg_buf_add(&b, chunk, (size_t)got), 0);
    *rc = got < 0 ? err->code : TG_OK;
    tg_input_close(in);
    tg_buf_add(&b, "", 0);
    *n = b.len;
    return tg_buf_detach(&b);
}

static void test_codecs_read_the_plain_text(void **state)
{
    static const char *const files[] = { "csv/edge.csv", "ndjson/edge.ndjson" };
    size_t f, pn, n;
    int c;
    tg_error_t err;
    tg_status_t rc;

    (void)state;
    for (f = 0; f < 2; f++) {
        char *plain = slurp(data(files[f]), &pn);

        for (c = 0; c < NCODECS; c++) {
            const char *codec = NULL;
            char *got = read_all(compressed_copy(c, data(files[f]), "edge"), &n, &rc, &err, &codec);

            assert_int_equal(rc, TG_OK);
            assert_non_null(codec);
            assert_string_equal(codec, codec_names[c]);
            assert_int_equal(n, pn);
            assert_memory_equal(got, plain, pn);
            free(got);
        }
        /* a plain file stays plain */
        {
            const char *codec = "x";
            char *got = read_all(data(files[f]), &n, &rc, &err, &codec);

            assert_null(codec);
            assert_int_equal(n, pn);
            free(got);
        }
        free(plain);
    }
}

/* Many blocks: lines cross the 128 KiB blocks of the decompressor. */
static void test_lines_across_blocks(void **state)
{
    tg_buf big = TG_BUF_INIT;
    long i, lines = 0;
    int c;

    (void)state;
    for (i = 0; i < 120000; i++)
        tg_buf_addf(&big, "line %ld %s\n", i, i % 7 ? "short" : "a somewhat longer line of text");
    for (c = 0; c < NCODECS; c++) {
        size_t cn;
        char *z = compress_with(c, big.data, big.len, &cn);
        const char *path = temp_path(c == GZ    ? "big.txt.gz"
                                     : c == ZST ? "big.txt.zst"
                                                : "big.txt.bz2");
        tg_input_t *in = NULL;
        tg_error_t err;
        char *line, want[64];
        size_t n;
        int nl, r;
        const char *head;

        write_file(path, z, cn);
        free(z);
        assert_int_equal(tg_input_open(path, &in, &err), TG_OK);
        /* format detection peeks 64 KiB of plain text */
        assert_int_equal(tg_input_peek(in, &head, 64 * 1024, &err), 64 * 1024);
        assert_memory_equal(head, big.data, 64 * 1024);
        lines = 0;
        while ((r = tg_input_getline(in, &line, &n, &nl, &err)) == 1) {
            snprintf(want, sizeof want, "line %ld %s", lines,
                     lines % 7 ? "short" : "a somewhat longer line of text");
            assert_string_equal(line, want);
            lines++;
        }
        assert_int_equal(r, 0);
        assert_int_equal(lines, 120000);
        assert_int_equal(tg_input_lineno(in), 120000);
        tg_input_close(in);
    }
    tg_buf_release(&big);
}

/* Cut in the middle: an error that says truncated, at the line reached. */
static void test_truncated(void **state)
{
    int c;

    (void)state;
    for (c = 0; c < NCODECS; c++) {
        size_t n, cn;
        char *s = slurp(data("ndjson/edge.ndjson"), &n), *z = compress_with(c, s, n, &cn);
        const char *path = temp_path("cut.ndjson");
        tg_input_t *in = NULL;
        tg_error_t err;
        char *line;
        size_t ln;
        int nl, r;

        write_file(path, z, cn / 2);
        assert_int_equal(tg_input_open(path, &in, &err), TG_OK);
        while ((r = tg_input_getline(in, &line, &ln, &nl, &err)) == 1)
            ;
        assert_int_equal(r, -1);
        assert_int_equal(err.code, TG_ERR_DATA);
        assert_string_equal(err.file, path);
        assert_true(err.line >= 1);
        if (!strstr(err.message, "is truncated") || !strstr(err.message, codec_names[c]))
            fail_msg("%s: %s", codec_names[c], err.message);
        tg_input_close(in);
        free(s);
        free(z);
    }
}

/* A damaged byte in the middle: an error, not silently wrong text. */
static void test_damaged(void **state)
{
    int c;

    (void)state;
    for (c = 0; c < NCODECS; c++) {
        size_t n, cn, got;
        char *s = slurp(data("csv/edge.csv"), &n), *z = compress_with(c, s, n, &cn), *all;
        const char *path = temp_path("bad.csv");
        tg_error_t err;
        tg_status_t rc;

        z[cn / 2] ^= 0x55;
        z[cn / 2 + 1] ^= 0x55;
        write_file(path, z, cn);
        all = read_all(path, &got, &rc, &err, NULL);
        assert_int_equal(rc, TG_ERR_DATA);
        if (!strstr(err.message, "is damaged") && !strstr(err.message, "is truncated"))
            fail_msg("%s: %s", codec_names[c], err.message);
        free(all);
        free(s);
        free(z);
    }
}

static void test_trailing_bytes_and_members(void **state)
{
    size_t n, cn, got;
    char *s = slurp(data("csv/edge.csv"), &n), *z = compress_with(GZ, s, n, &cn), *all, *two;
    const char *path = temp_path("two.csv.gz");
    tg_error_t err;
    tg_status_t rc;

    (void)state;
    /* two gzip members, as pigz or `cat a.gz b.gz` write them: both read */
    two = malloc(2 * cn + 8);
    memcpy(two, z, cn);
    memcpy(two + cn, z, cn);
    write_file(path, two, 2 * cn);
    all = read_all(path, &got, &rc, &err, NULL);
    assert_int_equal(rc, TG_OK);
    assert_int_equal(got, 2 * n);
    assert_memory_equal(all, s, n);
    assert_memory_equal(all + n, s, n);
    free(all);
    /* bytes after the end that start no member: an error */
    memcpy(two + cn, "garbage", 7);
    write_file(path, two, cn + 7);
    all = read_all(path, &got, &rc, &err, NULL);
    assert_int_equal(rc, TG_ERR_DATA);
    assert_non_null(strstr(err.message, "unexpected bytes after the end"));
    free(all);
    free(two);
    free(s);
    free(z);
}

static void test_not_compressed(void **state)
{
    size_t n;
    char *got;
    tg_error_t err;
    tg_status_t rc;
    const char *codec = "x";
    const char *path = temp_path("bzh.txt");
    tg_input_t *in = NULL;
    char buf[64];

    (void)state;
    /* text that happens to start like bzip2 */
    write_file(path, "BZh9 is a fine name\n", 20);
    got = read_all(path, &n, &rc, &err, &codec);
    assert_int_equal(rc, TG_OK);
    assert_null(codec);
    assert_string_equal(got, "BZh9 is a fine name\n");
    free(got);
    /* one byte of the gzip magic is not gzip */
    write_file(path, "\x1f", 1);
    got = read_all(path, &n, &rc, &err, &codec);
    assert_null(codec);
    assert_int_equal(n, 1);
    free(got);
    /* the hash reads a compressed file as it is */
    path = compressed_copy(GZ, data("csv/edge.csv"), "raw");
    assert_int_equal(tg_input_open_raw(path, &in, &err), TG_OK);
    assert_null(tg_input_codec(in));
    assert_int_equal(tg_input_read(in, buf, 2, &err), 2);
    assert_memory_equal(buf, "\x1f\x8b", 2);
    tg_input_close(in);
}

/* ---- the importers see the same records ---- */

typedef struct counter {
    tg_sink_t sink;
    tg_import_report_t report;
    tg_buf ids;              /* "thread/id>parent|" for every comment */
} counter;

static tg_status_t count_comment(tg_sink_t *s, const tg_comment_rec_t *c, tg_error_t *err)
{
    counter *k = (counter *)s;

    (void)err;
    tg_buf_addf(&k->ids, "%s/%s>%s|", c->thread_id, c->id, c->parent_id ? c->parent_id : "");
    return TG_OK;
}

static tg_status_t count_post(tg_sink_t *s, const tg_post_rec_t *p, tg_error_t *err)
{
    (void)s;
    (void)p;
    (void)err;
    return TG_OK;
}

static char *records_of(const tg_importer_t *imp, const char *path)
{
    counter k;
    tg_input_t *in = NULL;
    tg_error_t err;
    tg_import_options_t o;
    char *out;

    memset(&k, 0, sizeof k);
    k.sink.comment = count_comment;
    k.sink.post = count_post;
    tg_import_report_init(&k.report);
    k.sink.report = &k.report;
    tg_import_options_init(&o);
    assert_int_equal(tg_input_open(path, &in, &err), TG_OK);
    assert_int_equal(imp->run(in, &o, &k.sink, &err), TG_OK);
    tg_input_close(in);
    tg_buf_addf(&k.ids, "skipped %ld", k.report.tally[TG_TALLY_SKIPPED].count);
    tg_import_report_destroy(&k.report);
    out = tg_buf_detach(&k.ids);
    return out;
}

static void test_importers_on_compressed(void **state)
{
    int c;
    char *plain_csv = records_of(&tg_importer_csv, data("csv/edge.csv"));
    char *plain_nd = records_of(&tg_importer_reddit_ndjson, data("ndjson/edge.ndjson"));

    (void)state;
    assert_non_null(strstr(plain_csv, "/"));
    for (c = 0; c < NCODECS; c++) {
        char *a = records_of(&tg_importer_csv, compressed_copy(c, data("csv/edge.csv"), "e.csv"));
        char *b = records_of(&tg_importer_reddit_ndjson,
                             compressed_copy(c, data("ndjson/edge.ndjson"), "e.ndjson"));
        tg_error_t err;

        assert_string_equal(a, plain_csv);
        assert_string_equal(b, plain_nd);
        free(a);
        free(b);
        /* detection sees the plain text */
        tg_error_clear(&err);
        assert_string_equal(tg_import_detect(compressed_copy(c, data("disqus/disqus.xml"), "d.xml"),
                                             &err),
                            "disqus");
        assert_string_equal(tg_import_detect(compressed_copy(c, data("mbox/quirks.mbox"), "q"),
                                             &err),
                            "mbox");
    }
    free(plain_csv);
    free(plain_nd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codecs_read_the_plain_text),
        cmocka_unit_test(test_lines_across_blocks),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_trailing_bytes_and_members),
        cmocka_unit_test(test_not_compressed),
        cmocka_unit_test(test_importers_on_compressed),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf /tmp/tg-input-%d", (int)getpid());
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
