/* test_harden.c - regressions of the hardening work (issue 14): each test
 * holds an input that once broke an importer or a limit (the fuzzers' finds
 * among them), and fails without its fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "import_internal.h"
#include "unit/recorder.h"

static tg_status_t run_on(const tg_importer_t *imp, const char *path, recorder *r,
                          tg_error_t *err)
{
    tg_input_t *in = NULL;
    tg_import_options_t o;
    tg_status_t rc;

    tg_import_options_init(&o);
    tg_error_clear(err);
    rc = tg_input_open(path, &in, err);
    if (rc == TG_OK)
        rc = imp->run(in, &o, &r->sink, err);
    tg_input_close(in);
    return rc;
}

/* Write s[0..n) to a new file in a folder of this process; returns its path
 * (static, four in turn). */
static const char *temp_file(const char *name, const char *s, size_t n)
{
    static char path[4][256];
    static int k;
    FILE *f;

    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/tg-harden-%d", (int)getpid());
    mkdir(path[k], 0700);
    snprintf(path[k], sizeof path[k], "/tmp/tg-harden-%d/%s", (int)getpid(), name);
    f = fopen(path[k], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path[k];
}

static const crec *find(const recorder *r, const char *id)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (strcmp(r->c[i].id, id) == 0)
            return &r->c[i];
    fail_msg("no comment %s", id);
    return NULL;
}

static long note_count(const recorder *r, const char *prefix, long *line)
{
    size_t i;

    for (i = 0; i < r->report.nnotes; i++)
        if (strncmp(r->report.notes[i].reason, prefix, strlen(prefix)) == 0) {
            if (line)
                *line = r->report.notes[i].first_line;
            return r->report.notes[i].count;
        }
    return 0;
}

/* (1) A newspage comment with an empty body: its text is "", not the
 * bytes of a buffer that was never written (ASan: heap-buffer-overflow). */
static void test_newspage_empty_body(void **state)
{
    static const char page[] =
        "An article about something that happened\n"
        "December 10, 2014\n"
        "Text of the article.\n"
        "by: Ann from: Here\n"
        "December 10, 2014 17:14\n"
        "by: Bob\n"
        "December 10, 2014 17:15\n"
        "A body.\n"
        "by: Cid\n"
        "December 10, 2014 17:16\n"
        "\n"
        "\n"
        "In Response\n"
        "by: Dee\n"
        "December 10, 2014 17:17\n";
    const char *path = temp_file("empty-body.txt", page, sizeof page - 1);
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, path, &r, &err), TG_OK);
    assert_int_equal(r.n, 4);
    assert_string_equal(find(&r, "1")->author, "Ann");
    assert_string_equal(find(&r, "1")->text, "");
    assert_string_equal(find(&r, "2")->text, "A body.");
    assert_string_equal(find(&r, "3")->text, "");   /* blank lines only */
    assert_string_equal(find(&r, "4")->text, "");   /* the last line of the file */
    assert_string_equal(find(&r, "4")->parent, "3");
    recorder_free(&r);
}

/* A date line longer than 127 bytes was cut at 127 bytes, which could
 * split a UTF-8 sequence (found by fuzz_newspage). */
static void test_newspage_long_date_line(void **state)
{
    tg_buf page = TG_BUF_INIT, want = TG_BUF_INIT;
    const char *path;
    recorder r;
    tg_error_t err;
    int i;

    (void)state;
    assert_int_equal(tg_buf_addstr(&page, "Article title of four words\nby: Ann\n"), 0);
    assert_int_equal(tg_buf_addstr(&want, "December 10, 2014 17:14 "), 0);
    for (i = 0; i < 100; i++)
        assert_int_equal(tg_buf_addstr(&want, "\xc3\xa9"), 0);  /* é */
    assert_int_equal(tg_buf_add(&page, want.data, want.len), 0);
    assert_int_equal(tg_buf_addstr(&page, "\nbody\n"), 0);
    path = temp_file("long-date.txt", page.data, page.len);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, path, &r, &err), TG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.c[0].time_text, want.data);
    assert_true(tg_utf8_valid(r.c[0].time_text, strlen(r.c[0].time_text)));
    recorder_free(&r);
    tg_buf_release(&page);
    tg_buf_release(&want);
}

/* (6) A Disqus post whose <thread> is not in the file is kept under the
 * thread id it cites, flagged, and noted in the report; nothing is lost. */
static void test_disqus_missing_thread(void **state)
{
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<disqus xmlns=\"http://disqus.com\"\n"
        "        xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
        "  <thread dsq:id=\"1\"><title>Here</title></thread>\n"
        "  <post dsq:id=\"10\"><message>in thread 1</message>\n"
        "    <author><name>Ann</name></author><thread dsq:id=\"1\"/></post>\n"
        "  <post dsq:id=\"11\"><message>&lt;p&gt;lost &amp; found&lt;/p&gt;</message>\n"
        "    <createdAt>2020-05-02T08:03:00Z</createdAt>\n"
        "    <author><name>Eve</name></author><thread dsq:id=\"77\"/></post>\n"
        "  <post dsq:id=\"12\"><message>a reply</message>\n"
        "    <author><name>Bob</name></author><thread dsq:id=\"77\"/>\n"
        "    <parent dsq:id=\"11\"/></post>\n"
        "</disqus>\n";
    const char *path = temp_file("missing-thread.xml", xml, sizeof xml - 1);
    recorder r;
    tg_error_t err;
    const crec *c;
    long line = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_disqus, path, &r, &err), TG_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 0);
    c = find(&r, "11");
    assert_string_equal(c->thread, "77");
    assert_string_equal(c->text, "lost & found");
    assert_string_equal(c->author, "Eve");
    assert_true(c->has_time);
    assert_int_equal(c->line, 7);
    assert_int_equal(c->flags, TG_COMMENT_NO_THREAD);
    c = find(&r, "12");
    assert_string_equal(c->thread, "77");
    assert_string_equal(c->parent, "11");
    assert_int_equal(c->flags, TG_COMMENT_NO_THREAD);
    assert_int_equal(find(&r, "10")->flags, 0);
    assert_int_equal(note_count(&r, "posts of a missing thread", &line), 2);
    assert_int_equal(line, 7);
    recorder_free(&r);
}

#define FFFD "\xEF\xBF\xBD"

/* A lone surrogate escape decodes to bytes that are not UTF-8: they are
 * repaired, and counted (found by fuzz_reddit_ndjson). */
static void test_ndjson_lone_surrogate(void **state)
{
    static const char lines[] =
        "{\"id\": \"a1\", \"parent_id\": \"t3_T\", \"link_id\": \"t3_T\", "
        "\"author\": \"x\\udc4d\", \"created_utc\": 1, \"body\": \"hi \\udc4d!\"}\n"
        "{\"id\": \"a2\", \"parent_id\": \"t1_a1\", \"link_id\": \"t3_T\", "
        "\"author\": \"y\", \"created_utc\": 2, \"body\": \"\\ud83d\\udc4d\"}\n";
    const char *path = temp_file("surrogate.ndjson", lines, sizeof lines - 1);
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit_ndjson, path, &r, &err), TG_OK);
    assert_int_equal(r.n, 2);
    /* ED B1 8D: one U+FFFD a byte, as every repair in the importers */
    assert_string_equal(find(&r, "a1")->text, "hi " FFFD FFFD FFFD "!");
    assert_string_equal(find(&r, "a1")->author, "x" FFFD FFFD FFFD);
    assert_string_equal(find(&r, "a2")->text, "\xF0\x9F\x91\x8D");  /* a pair is fine */
    assert_int_equal(r.report.tally[TG_TALLY_BAD_UTF8].count, 1);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_UTF8].first_line, 1);
    recorder_free(&r);
}

#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"
#define RLO "\xE2\x80\xAE"
#define LRE "\xE2\x80\xAA"
#define PDF "\xE2\x80\xAC"
#define RLI "\xE2\x81\xA7"

static void check_isolate(const char *in, const char *want)
{
    tg_buf b = TG_BUF_INIT;

    assert_int_equal(tg_bidi_isolate(&b, in), 0);
    assert_string_equal(b.data, want);
    tg_buf_release(&b);
}

/* (7) A name holding RIGHT-TO-LEFT OVERRIDE could reverse the text drawn
 * after it: names are isolated, and what they open is closed inside. */
static void test_bidi_isolate(void **state)
{
    (void)state;
    check_isolate("abc", FSI "abc" PDI);
    check_isolate("", FSI PDI);
    check_isolate("a" RLO "evil", FSI "a" RLO "evil" PDF PDI);
    check_isolate(RLI "x", FSI RLI "x" PDI PDI);
    check_isolate(LRE RLO "x" PDF, FSI LRE RLO "x" PDF PDF PDI);
    /* closers without an opener would close the isolate: dropped */
    check_isolate("x" PDI RLO "y", FSI "x" RLO "y" PDF PDI);
    check_isolate(PDF "x", FSI "x" PDI);
    /* PDI closes the embeddings inside its isolate; PDF never an isolate */
    check_isolate(RLI RLO "a" PDI "b", FSI RLI RLO "a" PDI "b" PDI);
    check_isolate(RLI "a" PDF, FSI RLI "a" PDI PDI);
    /* Arabic and Hebrew need no controls and are kept as they are */
    check_isolate("\xD8\xB9\xD9\x84\xD9\x8A", FSI "\xD8\xB9\xD9\x84\xD9\x8A" PDI);
    assert_true(tg_bidi_has_controls("a" RLO));
    assert_true(tg_bidi_has_controls("\xE2\x80\x8F"));
    assert_false(tg_bidi_has_controls("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"));
}

static void test_sizes(void **state)
{
    char b[32];

    (void)state;
    tg_size_format((size_t)64 << 20, b, sizeof b);
    assert_string_equal(b, "64 MiB");
    tg_size_format(1536, b, sizeof b);
    assert_string_equal(b, "1.5 KiB");
    tg_size_format(1, b, sizeof b);
    assert_string_equal(b, "1 byte");
    tg_size_format((size_t)3 << 30, b, sizeof b);
    assert_string_equal(b, "3 GiB");
}

/* A header row of 300,000 commas (a damaged bzip2 stream found by
 * fuzz_csv) took 8 s of CPU and 660 MB under ASan: the header's fields
 * grew one at a time, each with its own buffer.  A header may have 16,384
 * columns; one more is an error naming the line. */
static void test_csv_wide_header(void **state)
{
    tg_buf text = TG_BUF_INIT;
    const char *path;
    recorder r;
    tg_error_t err;
    int i, k;

    (void)state;
    for (k = 0; k < 2; k++) {
        int cols = k == 0 ? 16384 : 16385;

        tg_buf_reset(&text);
        assert_int_equal(tg_buf_addstr(&text, "id,parent_id,author"), 0);
        for (i = 3; i < cols; i++)
            assert_int_equal(tg_buf_addch(&text, ','), 0);
        assert_int_equal(tg_buf_addstr(&text, "\nc1,,ann"), 0);
        for (i = 3; i < cols; i++)
            assert_int_equal(tg_buf_addch(&text, ','), 0);
        assert_int_equal(tg_buf_addch(&text, '\n'), 0);
        path = temp_file("wide.csv", text.data, text.len);
        recorder_init(&r);
        if (k == 0) {
            assert_int_equal(run_on(&tg_importer_csv, path, &r, &err), TG_OK);
            assert_int_equal(r.n, 1);
            assert_string_equal(find(&r, "c1")->author, "ann");
        } else {
            assert_int_equal(run_on(&tg_importer_csv, path, &r, &err), TG_ERR_DATA);
            assert_string_equal(err.message, "the header has more than 16384 columns");
            assert_int_equal(err.line, 1);
            assert_int_equal(r.n, 0);
        }
        recorder_free(&r);
    }
    tg_buf_release(&text);
}

/* A field longer than the 64 KiB pieces a CSV line is parsed in, with
 * quotes, commas and newlines around the piece boundaries, comes out
 * whole (libcsv's growth step is raised between the pieces). */
static void test_csv_long_field_pieces(void **state)
{
    tg_buf text = TG_BUF_INIT, want = TG_BUF_INIT;
    const char *path;
    recorder r;
    tg_error_t err;
    int i;

    (void)state;
    for (i = 0; i < 30000; i++) {
        /* 7 or 8 bytes a round, so the pieces cut it anywhere; one
         * newline, so each of the field's two lines is over 64 KiB */
        const char *bit = i == 15000 ? "x\ny,z " : i % 1000 == 999 ? "a\"b,c\" " : "abc,de ";

        assert_int_equal(tg_buf_addstr(&want, bit), 0);
    }
    assert_int_equal(tg_buf_addstr(&text, "id,parent_id,author,text\nc1,,ann,\""), 0);
    for (i = 0; i < (int)want.len; i++) {
        if (want.data[i] == '"')
            assert_int_equal(tg_buf_addch(&text, '"'), 0);
        assert_int_equal(tg_buf_addch(&text, want.data[i]), 0);
    }
    assert_int_equal(tg_buf_addstr(&text, "\"\nc2,c1,bob,short\n"), 0);
    path = temp_file("long-field.csv", text.data, text.len);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, path, &r, &err), TG_OK);
    assert_int_equal(r.n, 2);
    assert_string_equal(find(&r, "c1")->text, want.data);
    assert_string_equal(find(&r, "c2")->text, "short");
    assert_string_equal(find(&r, "c2")->parent, "c1");
    recorder_free(&r);
    tg_buf_release(&text);
    tg_buf_release(&want);
}

/* Every input a fuzzer found (tests/fuzz/regress/<target>/) through its
 * importer: it runs to an end (success or an error with a message), and
 * what it sent has ids and valid UTF-8 (the sanitizer build checks the
 * memory). */
static const struct {
    const char *dir;
    const tg_importer_t *imp;
} regress[] = {
    { "newspage", &tg_importer_newspage }, { "csv", &tg_importer_csv },
    { "reddit_ndjson", &tg_importer_reddit_ndjson }, { "moodle", &tg_importer_moodle },
    { "jsonl", &tg_importer_jsonl }, { "convokit", &tg_importer_convokit },
    { "reddit", &tg_importer_reddit }, { "hn", &tg_importer_hn },
    { "canvas", &tg_importer_canvas }, { "disqus", &tg_importer_disqus },
    { "wordpress", &tg_importer_wordpress }, { "mbox", &tg_importer_mbox },
};

static void check_str(const char *file, const char *what, const char *s)
{
    if (s && !tg_utf8_valid(s, strlen(s)))
        fail_msg("%s: %s is not UTF-8", file, what);
}

static void test_fuzz_regressions(void **state)
{
    char dir[1024], path[2048];
    size_t k, i;
    int files = 0;

    (void)state;
    for (k = 0; k < sizeof regress / sizeof regress[0]; k++) {
        DIR *d;
        struct dirent *e;

        snprintf(dir, sizeof dir, "%s/fuzz/regress/%s", TG_TEST_ROOT, regress[k].dir);
        if (!(d = opendir(dir)))
            continue;
        while ((e = readdir(d))) {
            recorder r;
            tg_error_t err;

            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            recorder_init(&r);
            if (run_on(regress[k].imp, path, &r, &err) != TG_OK && !err.message[0])
                fail_msg("%s: an error without a message", path);
            for (i = 0; i < r.n; i++) {
                const crec *c = &r.c[i];

                if (!c->id || !*c->id)
                    fail_msg("%s: a comment without an id", path);
                check_str(path, "thread", c->thread);
                check_str(path, "id", c->id);
                check_str(path, "parent", c->parent);
                check_str(path, "author", c->author);
                check_str(path, "location", c->location);
                check_str(path, "time", c->time_text);
                check_str(path, "text", c->text);
            }
            for (i = 0; i < r.np; i++) {
                check_str(path, "post title", r.p[i].title);
                check_str(path, "post author", r.p[i].author);
                check_str(path, "post time", r.p[i].time_text);
                check_str(path, "post text", r.p[i].text);
            }
            recorder_free(&r);
            files++;
        }
        closedir(d);
    }
    assert_true(files > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newspage_empty_body),
        cmocka_unit_test(test_newspage_long_date_line),
        cmocka_unit_test(test_disqus_missing_thread),
        cmocka_unit_test(test_ndjson_lone_surrogate),
        cmocka_unit_test(test_bidi_isolate),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_csv_wide_header),
        cmocka_unit_test(test_csv_long_field_pieces),
        cmocka_unit_test(test_fuzz_regressions),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf /tmp/tg-harden-%d", (int)getpid());
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
