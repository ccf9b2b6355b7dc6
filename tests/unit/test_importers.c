/* test_importers.c - each importer on real and hand-written files, seen
 * through a sink that records what it receives (no database involved). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "import/import_internal.h"

typedef struct rec {
    char *thread, *id, *parent, *author, *location, *time_text, *text;
    int64_t time;
    int has_time;
    long line;
} rec;

typedef struct recorder {
    tg_sink_t sink;
    tg_import_report_t report;
    rec recs[64];
    int n;
    char *title;
    char *post_time;
    int posts;
} recorder;

static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static tg_status_t on_post(tg_sink_t *s, const tg_post_rec_t *p, tg_error_t *err)
{
    recorder *r = (recorder *)s;

    (void)err;
    r->posts++;
    free(r->title);
    r->title = dup0(p->title);
    free(r->post_time);
    r->post_time = dup0(p->time_text);
    return TG_OK;
}

static tg_status_t on_comment(tg_sink_t *s, const tg_comment_rec_t *c, tg_error_t *err)
{
    recorder *r = (recorder *)s;
    rec *x;

    (void)err;
    assert_true(r->n < 64);
    x = &r->recs[r->n++];
    x->thread = dup0(c->thread_id);
    x->id = dup0(c->id);
    x->parent = dup0(c->parent_id && *c->parent_id ? c->parent_id : NULL);
    x->author = dup0(c->author);
    x->location = dup0(c->location && *c->location ? c->location : NULL);
    x->time_text = dup0(c->time_text);
    x->text = dup0(c->text);
    x->time = c->time;
    x->has_time = c->has_time;
    x->line = c->line;
    return TG_OK;
}

static void recorder_init(recorder *r)
{
    memset(r, 0, sizeof *r);
    r->sink.post = on_post;
    r->sink.comment = on_comment;
    tg_import_report_init(&r->report);
    r->sink.report = &r->report;
}

static void recorder_free(recorder *r)
{
    int i;

    for (i = 0; i < r->n; i++) {
        rec *x = &r->recs[i];

        free(x->thread);
        free(x->id);
        free(x->parent);
        free(x->author);
        free(x->location);
        free(x->time_text);
        free(x->text);
    }
    free(r->title);
    free(r->post_time);
    tg_import_report_destroy(&r->report);
}

static tg_status_t run_on(const tg_importer_t *imp, const char *path, const tg_import_options_t *o,
                          recorder *r, tg_error_t *err)
{
    tg_input_t *in = NULL;
    tg_import_options_t def;
    tg_status_t rc;

    if (!o) {
        tg_import_options_init(&def);
        o = &def;
    }
    tg_error_clear(err);
    rc = tg_input_open(path, &in, err);
    if (rc == TG_OK)
        rc = imp->run(in, o, &r->sink, err);
    tg_input_close(in);
    return rc;
}

static const char *data(const char *rel)
{
    static char buf[4][1024];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", TG_TEST_DATA, rel);
    return buf[k];
}

/* Write s to a new temporary file; returns its path (static). */
static const char *temp_file(const char *name, const char *s, size_t n)
{
    static char path[4][256];
    static int k;
    FILE *f;

    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/tg-unit-%d", (int)getpid());
    mkdir(path[k], 0700);
    snprintf(path[k], sizeof path[k], "/tmp/tg-unit-%d/%s", (int)getpid(), name);
    f = fopen(path[k], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
    return path[k];
}

static const char *const seed_parents[14] = {
    NULL, NULL, "2", NULL, "4", "5", NULL, "7", "8", NULL, "10", "11", NULL, NULL
};

static void check_seed(recorder *r)
{
    static const char *const authors[14] = {
        "june weathers", "MrSatyre", "Antikapitalista", "Jack", "Azim", "Antikapitalista",
        "jojnjo", "Antikapitalista", "jojnjo", "Elliot", "Anonymous", "Anonymous", "Anonymous",
        "Anonymous"
    };
    static const char *const places[14] = {
        "washington", "USA", "Middle-earth", "US", "Chechnya", "Middle-earth", "Dublin",
        "Middle-earth", "Dublin", NULL, NULL, NULL, NULL, NULL
    };
    int i;

    assert_int_equal(r->n, 14);
    for (i = 0; i < 14; i++) {
        char id[8];

        snprintf(id, sizeof id, "%d", i + 1);
        assert_string_equal(r->recs[i].id, id);
        assert_string_equal(r->recs[i].thread, "rferl-gerasimov-comments");
        assert_string_equal(r->recs[i].author, authors[i]);
        if (seed_parents[i])
            assert_string_equal(r->recs[i].parent, seed_parents[i]);
        else
            assert_null(r->recs[i].parent);
        if (places[i])
            assert_string_equal(r->recs[i].location, places[i]);
        else
            assert_null(r->recs[i].location);
        assert_true(r->recs[i].has_time);
    }
    assert_string_equal(r->recs[0].time_text, "December 10, 2014 17:14");
    assert_int_equal(r->recs[0].time, 1418231640);
    assert_string_equal(r->recs[0].text, "a really nice story I love unicorns");
    /* paragraphs inside a body are kept */
    assert_non_null(strstr(r->recs[6].text, "more?\n\nUS may have"));
    assert_int_equal(r->recs[13].line, 114);
    assert_int_equal(r->posts, 1);
    assert_string_equal(r->title,
                        "Russia's Chief Of Staff: U.S. Provided Financial, Technical Aid To IS");
    assert_string_equal(r->post_time, "Tuesday, August 30, 2016");
}

static void test_newspage_seed(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, data("newspage/rferl-gerasimov-comments.txt"),
                            NULL, &r, &err), TG_OK);
    check_seed(&r);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 0);
    recorder_free(&r);
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
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    s[len] = '\0';
    *n = (size_t)len;
    return s;
}

static void test_newspage_crlf(void **state)
{
    recorder r;
    tg_error_t err;
    size_t n, i, k = 0;
    char *s = slurp(data("newspage/rferl-gerasimov-comments.txt"), &n);
    char *crlf = malloc(2 * n + 1);
    const char *path;

    (void)state;
    for (i = 0; i < n; i++) {
        if (s[i] == '\n')
            crlf[k++] = '\r';
        crlf[k++] = s[i];
    }
    /* the same page with CRLF line endings: the copy keeps the seed's name */
    path = temp_file("rferl-gerasimov-comments.txt", crlf, k);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, path, NULL, &r, &err), TG_OK);
    check_seed(&r);
    assert_null(strchr(r.recs[6].text, '\r'));
    recorder_free(&r);
    unlink(path);
    free(s);
    free(crlf);
}

static void test_newspage_root_model(void **state)
{
    recorder r;
    tg_error_t err;
    tg_import_options_t o;

    (void)state;
    tg_import_options_init(&o);
    o.reply_model = TG_REPLY_ROOT;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, data("newspage/rferl-gerasimov-comments.txt"),
                            &o, &r, &err), TG_OK);
    assert_int_equal(r.n, 14);
    assert_string_equal(r.recs[5].parent, "4");   /* 6 -> the group's top-level 4, not 5 */
    assert_string_equal(r.recs[8].parent, "7");
    assert_string_equal(r.recs[11].parent, "10");
    assert_string_equal(r.recs[2].parent, "2");
    recorder_free(&r);
}

static void test_newspage_footer_and_body_by(void **state)
{
    recorder r;
    tg_error_t err;
    tg_import_options_t o;
    const char *footers[] = { "Related Stories", NULL };

    (void)state;
    tg_import_options_init(&o);
    o.footers = footers;
    o.nfooters = 1;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, data("newspage/footer.txt"), &o, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.recs[0].text,
                        "First comment.\nby: this line starts with by: but no date follows, so "
                        "it is body text");
    assert_string_equal(r.recs[1].parent, "1");
    assert_string_equal(r.recs[2].parent, "2");
    assert_string_equal(r.recs[2].text, "Frank replies to Eve (chain) or to Dana (root).");
    recorder_free(&r);

    /* without the footer, the text after it is read as a fourth comment */
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, data("newspage/footer.txt"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 4);
    recorder_free(&r);
}

static void test_newspage_bad_date_and_empty_from(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, data("newspage/bad-date.txt"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 3);
    assert_false(r.recs[0].has_time);
    assert_string_equal(r.recs[0].time_text, "Decembr 45, 2014 17:14");
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].first_line, 4);
    assert_string_equal(r.recs[1].author, "Bob");
    assert_null(r.recs[1].location);            /* "from:" with nothing after it */
    assert_string_equal(r.recs[2].parent, "2");
    recorder_free(&r);
}

static void test_newspage_no_comments(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, data("newspage/no-comments.txt"), NULL, &r, &err),
                     TG_ERR_DATA);
    assert_non_null(strstr(err.message, "no comment found"));
    assert_int_equal(r.n, 0);
    recorder_free(&r);
}

static void test_newspage_long_body_and_bad_utf8(void **state)
{
    recorder r;
    tg_error_t err;
    size_t big = 1u << 20, n;
    char *s = malloc(big + 256);
    const char *path;

    (void)state;
    n = (size_t)sprintf(s, "A Page With One Very Long Comment\n\nby: Zed \xff from: Nowhere\n"
                           "January 2, 2020 03:04\n");
    memset(s + n, 'x', big);
    n += big;
    memcpy(s + n, "\n", 1);
    n += 1;
    path = temp_file("long.txt", s, n);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_newspage, path, NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(strlen(r.recs[0].text), big);
    assert_string_equal(r.recs[0].author, "Zed \xEF\xBF\xBD");
    assert_int_equal(r.report.tally[TG_TALLY_BAD_UTF8].count, 1);
    recorder_free(&r);
    unlink(path);
    free(s);
}

static void test_csv_edge(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/edge.csv"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 18);
    assert_string_equal(r.recs[0].author, "Smith, J.");
    assert_null(r.recs[0].parent);
    assert_string_equal(r.recs[1].text, "multi\nline, with \"quotes\"");
    assert_string_equal(r.recs[1].location, "Portland, OR");
    assert_int_equal(r.recs[1].line, 3);
    assert_int_equal(r.recs[2].line, 5);           /* after a two-line record */
    assert_string_equal(r.recs[8].author, "Дмитрий_7");
    assert_string_equal(r.recs[8].text, "привет 👍");
    assert_string_equal(r.recs[10].author, "The \"Real\" Deal");
    assert_int_equal(r.recs[0].time, 1388534400);
    assert_string_equal(r.recs[17].author, "");
    recorder_free(&r);
}

static void test_csv_wrong_fields(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/wrong-fields.csv"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 2);
    assert_int_equal(r.report.nskips, 2);
    assert_int_equal(r.report.skips[0].first_line, 3);
    assert_string_equal(r.report.skips[0].reason, "row has 6 fields, the header 7");
    assert_int_equal(r.report.skips[1].first_line, 5);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    assert_false(r.recs[2].has_time);
    assert_string_equal(r.recs[2].time_text, "not a time");
    recorder_free(&r);
}

static void test_csv_thread_from_root(void **state)
{
    recorder r;
    tg_error_t err;
    int i;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/no-thread.csv"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 6);
    for (i = 0; i < r.n; i++) {
        const char *id = r.recs[i].id, *t = r.recs[i].thread;

        if (id[0] == 'r')
            assert_string_equal(t, "r1");
        else if (id[0] == 's')
            assert_string_equal(t, "s1");
        else
            assert_string_equal(t, "o1");
    }
    /* "0" as a parent means top-level; offsets and Unix seconds parse */
    for (i = 0; i < r.n; i++) {
        if (strcmp(r.recs[i].id, "r1") == 0) {
            assert_null(r.recs[i].parent);
            assert_int_equal(r.recs[i].time, 1577869200);
        }
        if (strcmp(r.recs[i].id, "s2") == 0)
            assert_int_equal(r.recs[i].time, 1577880000);
    }
    recorder_free(&r);
}

/* Rows whose parent comes later (threads.c): a chain listed child first,
 * a loop (its rows, and a row hanging from it, take the thread of the
 * loop's first row in the file), and rows after a row that names its thread. */
static void test_csv_parent_later(void **state)
{
    static const char loop[] = "id,parent_id,thread_id,author\n"
                               "t,a,,x\n"  /* hangs from the loop a -> b -> c -> a */
                               "a,b,,x\n"
                               "b,c,,x\n"
                               "c,a,,x\n"
                               "d,b,T9,x\n" /* names its thread */
                               "e,d,,x\n"; /* its parent is known: at once */
    static const char *const order[] = { "d", "e", "t", "a", "b", "c" };
    recorder r;
    tg_error_t err;
    tg_buf chain = TG_BUF_INIT;
    int i;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, temp_file("loop.csv", loop, strlen(loop)), NULL,
                            &r, &err), TG_OK);
    assert_int_equal(r.n, 6);
    for (i = 0; i < 6; i++) {
        assert_string_equal(r.recs[i].id, order[i]);
        assert_string_equal(r.recs[i].thread, i < 2 ? "T9" : "a");
    }
    assert_string_equal(r.recs[2].parent, "a");
    assert_int_equal(r.recs[2].line, 2);
    recorder_free(&r);

    /* a reversed chain: every row in the root's thread */
    assert_int_equal(tg_buf_addstr(&chain, "id,parent_id,author\n"), 0);
    for (i = 60; i >= 1; i--)
        assert_int_equal(tg_buf_addf(&chain, "n%d,n%d,u\n", i, i - 1), 0);
    assert_int_equal(tg_buf_addstr(&chain, "n0,,root\n"), 0);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, temp_file("chain.csv", chain.data, chain.len), NULL,
                            &r, &err), TG_OK);
    assert_int_equal(r.n, 61);
    assert_string_equal(r.recs[0].id, "n0");
    for (i = 0; i < 61; i++)
        assert_string_equal(r.recs[i].thread, "n0");
    recorder_free(&r);
    tg_buf_release(&chain);
}

static void test_csv_errors(void **state)
{
    recorder r;
    tg_error_t err;
    const char *bad = "id,parent_id,thread_id,author\nq1,,T,ann\nq2,q1,T,b\"ob\nq3,q1,T,\"cat\"x\nq4,q1,T,dan\n";

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/missing-column.csv"), NULL, &r, &err),
                     TG_ERR_DATA);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "'id'"));
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/truncated.csv"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 1);
    assert_int_equal(r.report.skips[0].first_line, 3);
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, temp_file("quotes.csv", bad, strlen(bad)), NULL, &r,
                            &err), TG_OK);
    assert_int_equal(r.n, 2);                      /* q1 and q4 */
    assert_string_equal(r.recs[1].id, "q4");
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 2);
    assert_string_equal(r.report.skips[0].reason, "malformed quoting");
    assert_int_equal(r.report.skips[0].first_line, 3);
    recorder_free(&r);
}

static void test_ndjson_edge(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit_ndjson, data("ndjson/edge.ndjson"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 18);
    assert_string_equal(r.recs[0].thread, "T1");
    assert_null(r.recs[0].parent);                 /* t3_ parent: top-level */
    assert_string_equal(r.recs[1].parent, "a1");   /* t1_ prefix stripped */
    assert_string_equal(r.recs[1].text, "multi\nline, with \"quotes\"");
    assert_string_equal(r.recs[8].author, "Дмитрий_7");
    assert_int_equal(r.recs[0].time, 1388534400);
    recorder_free(&r);
}

static void test_ndjson_malformed(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit_ndjson, data("ndjson/malformed.ndjson"), NULL, &r,
                            &err), TG_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.recs[0].time, 1577836800);  /* created_utc as a string */
    assert_int_equal(r.recs[1].time, 1577836801);  /* as a float */
    assert_string_equal(r.recs[2].id, "m7");
    assert_string_equal(r.recs[2].author, "");     /* null author: anonymous */
    assert_false(r.recs[2].has_time);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 4);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].first_line, 3);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit_ndjson, data("ndjson/truncated.ndjson"), NULL, &r,
                            &err), TG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.report.skips[0].reason, "truncated last line");
    assert_int_equal(r.report.skips[0].first_line, 2);
    recorder_free(&r);
}

static void test_detection(void **state)
{
    tg_error_t err;

    (void)state;
    assert_string_equal(tg_import_detect(data("newspage/rferl-gerasimov-comments.txt"), &err),
                        "newspage");
    assert_string_equal(tg_import_detect(data("csv/edge.csv"), &err), "csv");
    assert_string_equal(tg_import_detect(data("csv/no-thread.csv"), &err), "csv");
    assert_string_equal(tg_import_detect(data("ndjson/edge.ndjson"), &err), "reddit-ndjson");
    /* content, not the name, decides */
    assert_string_equal(tg_import_detect(temp_file("comments.txt", "id,parent_id,author\n1,,a\n", 24),
                                         &err), "csv");
    assert_null(tg_import_detect(temp_file("x.bin", "\x01\x02\x03", 3), &err));
    assert_int_equal(err.code, TG_ERR_DATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newspage_seed),
        cmocka_unit_test(test_newspage_crlf),
        cmocka_unit_test(test_newspage_root_model),
        cmocka_unit_test(test_newspage_footer_and_body_by),
        cmocka_unit_test(test_newspage_bad_date_and_empty_from),
        cmocka_unit_test(test_newspage_no_comments),
        cmocka_unit_test(test_newspage_long_body_and_bad_utf8),
        cmocka_unit_test(test_csv_edge),
        cmocka_unit_test(test_csv_wrong_fields),
        cmocka_unit_test(test_csv_thread_from_root),
        cmocka_unit_test(test_csv_parent_later),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_ndjson_edge),
        cmocka_unit_test(test_ndjson_malformed),
        cmocka_unit_test(test_detection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
