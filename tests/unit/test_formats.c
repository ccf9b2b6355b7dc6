/* test_formats.c - the importers of the JSON family and the learning
 * platforms (reddit, hn, canvas, jsonl, convokit, moodle, csv --map) on the
 * real samples and on hand-written fixtures, seen through a sink that
 * records everything it receives (no database).  Counts, parent links,
 * depths (computed here from the recorded parents), texts, flags and the
 * integrity report are checked against what was read in the files by
 * hand; format detection is checked for every file. */
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

#include "recorder.h"

static const char *data(const char *rel)
{
    static char buf[4][1024];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", TG_TEST_DATA, rel);
    return buf[k];
}

static const char *temp_file(const char *name, const char *s, size_t n)
{
    static char path[4][256];
    static int k;
    FILE *f;

    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/tg-formats-%d", (int)getpid());
    mkdir(path[k], 0700);
    snprintf(path[k], sizeof path[k], "/tmp/tg-formats-%d/%s", (int)getpid(), name);
    f = fopen(path[k], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
    return path[k];
}

static const char *temp_str(const char *name, const char *s)
{
    return temp_file(name, s, strlen(s));
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

static const crec *find(const recorder *r, const char *thread, const char *id)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (strcmp(r->c[i].id, id) == 0 && (!thread || strcmp(r->c[i].thread, thread) == 0))
            return &r->c[i];
    fail_msg("comment '%s' not recorded", id);
    return NULL;
}

static const prec *find_post(const recorder *r, const char *thread)
{
    size_t i;

    for (i = 0; i < r->np; i++)
        if (strcmp(r->p[i].thread, thread) == 0)
            return &r->p[i];
    fail_msg("post of '%s' not recorded", thread);
    return NULL;
}

static void check_parent(const recorder *r, const char *id, const char *parent)
{
    const crec *c = find(r, NULL, id);

    if (parent)
        assert_string_equal(c->parent, parent);
    else
        assert_null(c->parent);
}

/* Depth of every comment from the recorded parents (within its thread),
 * counted per depth into counts[0..max]; returns the number of depths.  A
 * parent that is not recorded makes a root (as the store keeps orphans). */
static size_t depth_counts(const recorder *r, size_t *counts, size_t max)
{
    size_t i, n = 0;

    memset(counts, 0, max * sizeof *counts);
    for (i = 0; i < r->n; i++) {
        const crec *c = &r->c[i];
        size_t d = 0, j, guard = 0;

        while (c->parent && guard++ < r->n) {
            const crec *p = NULL;

            for (j = 0; j < r->n; j++)
                if (strcmp(r->c[j].id, c->parent) == 0 && strcmp(r->c[j].thread, c->thread) == 0) {
                    p = &r->c[j];
                    break;
                }
            if (!p)
                break;
            c = p;
            d++;
        }
        assert_true(d < max);
        counts[d]++;
        if (d + 1 > n)
            n = d + 1;
    }
    return n;
}

static void check_depths(const recorder *r, const size_t *want, size_t nwant)
{
    size_t got[64], n = depth_counts(r, got, 64), i;

    assert_int_equal(n, nwant);
    for (i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}

#define TOMB (TG_COMMENT_DELETED | TG_COMMENT_TOMBSTONE)

/* ---- reddit ---- */

static void test_reddit_sample(void **state)
{
    recorder r;
    tg_error_t err;
    static const size_t depths[] = { 38, 31, 37, 25, 24, 14, 15, 7, 5, 3 };
    const prec *p;
    size_t i;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, data("reddit/thread.json"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 199);
    assert_int_equal(r.np, 1);
    p = find_post(&r, "1cebxh");
    assert_string_equal(p->title, "my wife passed away eight months ago, yesterday I found a "
                                  "post-it note she'd hidden in my office.");
    assert_string_equal(p->author, "hglkgkjd");
    assert_int_equal(p->time, 1366044279);
    assert_non_null(strstr(p->text, "the note says \"Hi sexybutt, thinking about you."));
    assert_false(p->title_only);
    for (i = 0; i < r.n; i++)
        assert_string_equal(r.c[i].thread, "1cebxh");
    /* parent links read in the file */
    check_parent(&r, "c9ftsjg", NULL);
    check_parent(&r, "c9fwx7a", "c9ftsjg");
    check_parent(&r, "c9g6iq2", "c9fwx7a");
    check_parent(&r, "c9h8wz5", "c9g6iq2");
    check_parent(&r, "c9fy8i6", "c9fwx7a");
    check_parent(&r, "c9forp9", NULL);
    assert_string_equal(find(&r, NULL, "c9h8wz5")->author, "[deleted]");
    assert_string_equal(find(&r, NULL, "c9fwx7a")->author, "hglkgkjd");
    /* document order: parents first */
    assert_string_equal(r.c[0].id, "c9ftsjg");
    assert_string_equal(r.c[1].id, "c9fwx7a");
    /* body_html as text: paragraphs kept, entities decoded */
    assert_true(strncmp(find(&r, NULL, "c9ftsjg")->text,
                        "Hey man,\n\nBecause of your post I just sent my girlfriend a cute text "
                        "and I'm sure", 80) == 0);
    /* tombstones: "[deleted]" and "[removed]" bodies */
    assert_int_equal(find(&r, NULL, "c9fsi2e")->flags, TOMB);
    assert_null(find(&r, NULL, "c9fsi2e")->text);
    assert_int_equal(find(&r, NULL, "c9fs6hy")->flags, TOMB);
    assert_int_equal(find(&r, NULL, "c9ftsjg")->flags, 0);
    check_depths(&r, depths, 10);
    /* the report: 125 stubs listing 1,082 ids and hiding 1,660 comments */
    assert_int_equal(r.report.missing.more_stubs, 125);
    assert_int_equal(r.report.missing.more_ids, 1082);
    assert_int_equal(r.report.missing.more_hidden, 1660);
    assert_int_equal(r.report.missing.tombstones, 5);
    assert_int_equal(r.report.missing.nids, 1082);
    assert_string_equal(r.report.missing.ids[0], "c9hrw24");
    assert_string_equal(r.report.missing.ids[1081], "c9ft9fj");
    assert_int_equal(r.report.tally[TG_TALLY_MISSING].count, 1660 + 5);
    assert_int_equal(r.report.tally[TG_TALLY_MISSING].first_line, 1);
    assert_true(r.report.tally[TG_TALLY_MISSING].first_byte > 0);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 0);
    recorder_free(&r);
}

static void test_reddit_fixture(void **state)
{
    recorder r;
    tg_error_t err;
    static const size_t depths[] = { 3, 2, 1 };
    const prec *p;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, data("reddit/small-thread.json"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 6);
    p = find_post(&r, "abc123");
    assert_string_equal(p->title, "Ask: what's your favourite & why?");
    assert_string_equal(p->text, "Tell me & more");
    assert_string_equal(p->author, "op_user");
    /* replies come before id in c1's data: still parents first */
    assert_string_equal(r.c[0].id, "c1");
    assert_string_equal(r.c[0].text, "quoted\n\nFirst & best");
    assert_int_equal(r.c[0].line, 31);
    check_parent(&r, "c2", "c1");
    check_parent(&r, "c3", "c2");
    assert_string_equal(find(&r, NULL, "c3")->text, "still here & answering"); /* body, unescaped */
    assert_int_equal(find(&r, NULL, "c2")->flags, TOMB);
    assert_string_equal(find(&r, NULL, "c2")->author, "[deleted]");
    assert_int_equal(find(&r, NULL, "c6")->flags, TOMB);
    assert_string_equal(find(&r, NULL, "c6")->author, "dave");
    /* no link_id: the file's only post */
    assert_string_equal(find(&r, NULL, "c7")->thread, "abc123");
    check_parent(&r, "c7", "c1");
    assert_false(find(&r, NULL, "c8")->has_time);
    check_depths(&r, depths, 3);
    assert_int_equal(r.report.missing.more_stubs, 2);
    assert_int_equal(r.report.missing.more_ids, 2);
    assert_int_equal(r.report.missing.more_hidden, 7);
    assert_string_equal(r.report.missing.ids[0], "c4");
    assert_string_equal(r.report.missing.ids[1], "c5");
    assert_int_equal(r.report.missing.tombstones, 2);
    assert_int_equal(r.report.tally[TG_TALLY_MISSING].count, 9);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].first_line, 157);
    assert_int_equal(r.report.nskips, 2);
    assert_string_equal(r.report.skips[0].reason, "comment (t1) without an id");
    assert_int_equal(r.report.skips[0].first_line, 134);
    assert_int_equal(r.report.skips[0].first_byte, 3314);
    assert_string_equal(r.report.skips[1].reason, "thing of another kind (not t1, t3 or more)");
    recorder_free(&r);
}

static void test_reddit_morechildren(void **state)
{
    recorder r;
    tg_error_t err;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, data("reddit/morechildren.json"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.np, 0);
    check_parent(&r, "c4", "c1"); /* in the thread file: the store links them */
    check_parent(&r, "c5", "c4");
    check_parent(&r, "c9", "c5");
    assert_string_equal(find(&r, NULL, "c4")->thread, "abc123");
    assert_string_equal(find(&r, NULL, "c4")->text, "Hidden reply one");
    assert_string_equal(find(&r, NULL, "c5")->text, "Line one\nline two\n\na\nb");
    assert_int_equal(r.report.missing.more_stubs, 1);
    assert_int_equal(r.report.missing.more_hidden, 3);
    assert_string_equal(r.report.missing.ids[0], "c10");
    recorder_free(&r);
}

static void test_reddit_bad(void **state)
{
    recorder r;
    tg_error_t err;
    FILE *f;
    char *buf = malloc(150000);
    const char *cut;

    (void)state;
    /* the sample cut in the middle */
    f = fopen(data("reddit/thread.json"), "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, 150000, f), 150000);
    fclose(f);
    cut = temp_file("cut.json", buf, 150000);
    free(buf);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, cut, NULL, &r, &err), TG_ERR_DATA);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "truncated JSON: the file ends (byte 150000) inside"));
    assert_non_null(strstr(err.message, "$[1].data.children["));
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, temp_str("empty.json", "[]\n"), NULL, &r, &err),
                     TG_ERR_DATA);
    assert_non_null(strstr(err.message, "an empty JSON array"));
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit,
                            temp_str("bad.json", "[{\"kind\": \"Listing\",\n \"data\": {\"children\": [}]"),
                            NULL, &r, &err), TG_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "malformed JSON at byte 45 (line 2, column 24)"));
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, temp_str("shape.json", "{\"hello\": [1, 2]}"),
                            NULL, &r, &err), TG_ERR_DATA);
    assert_non_null(strstr(err.message, "not a Reddit thread or /api/morechildren response"));
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_reddit, data("reddit/morechildren-error.json"), NULL, &r,
                            &err), TG_ERR_DATA);
    assert_string_equal(err.message, "the /api/morechildren response reports an error: RATELIMIT: "
                                     "you are doing that too much. try again in 5 minutes.: "
                                     "ratelimit");
    recorder_free(&r);
}

/* ---- hn ---- */

static void test_hn_algolia_sample(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_hn, data("hn/algolia-item-17.json"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.np, 0);
    c = find(&r, "1", "17");
    assert_string_equal(c->parent, "15"); /* absent from the file: an orphan in the store */
    assert_string_equal(c->author, "pg");
    assert_string_equal(c->text, "Is there anywhere to eat on Sandhill Road?");
    assert_int_equal(c->time, 1160423565);
    assert_int_equal(c->line, 1);
    c = find(&r, "1", "1079");
    assert_string_equal(c->parent, "17");
    assert_string_equal(c->text, "sure");
    assert_int_equal(c->line, 12);
    c = find(&r, "1", "454426");
    assert_string_equal(c->parent, "17");
    assert_string_equal(c->author, "Arrington");
    assert_string_equal(c->text, "This is why we can't have nice things.");
    assert_string_equal(r.c[0].id, "17"); /* parents first */
    assert_int_equal(r.report.tally[TG_TALLY_MISSING].count, 0);
    recorder_free(&r);
}

static void test_hn_firebase(void **state)
{
    recorder r;
    tg_error_t err;
    const prec *p;
    static const size_t depths[] = { 5, 4, 1 };

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_hn, data("hn/firebase-items.json"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 10);
    assert_int_equal(r.np, 1);
    p = find_post(&r, "100");
    assert_string_equal(p->title, "Show HN: a thing");
    assert_string_equal(p->author, "alice");
    assert_int_equal(p->time, 1700000000);
    check_parent(&r, "101", NULL); /* a reply to the story */
    check_parent(&r, "102", "101");
    check_parent(&r, "106", "103");
    check_parent(&r, "110", "111"); /* its parent comes later */
    assert_string_equal(find(&r, NULL, "110")->thread, "100");
    assert_string_equal(find(&r, NULL, "101")->text,
                        "Nice & tidy.\n\nSecond paragraph with a link.");
    assert_int_equal(find(&r, NULL, "103")->flags, TOMB);
    assert_null(find(&r, NULL, "103")->author);
    assert_int_equal(find(&r, NULL, "104")->flags, TG_COMMENT_DEAD);
    assert_string_equal(find(&r, NULL, "104")->text, "[flagged] buy my thing");
    /* story 200 is not in the file: its comments live in thread 200 */
    assert_string_equal(find(&r, NULL, "108")->thread, "200");
    check_parent(&r, "108", "200");
    assert_string_equal(find(&r, NULL, "109")->thread, "200");
    assert_string_equal(find(&r, NULL, "109")->text, "Nor is my parent's.");
    check_depths(&r, depths, 3);
    assert_int_equal(r.report.missing.absent_kids, 1);
    assert_string_equal(r.report.missing.ids[0], "107");
    assert_int_equal(r.report.missing.tombstones, 1);
    assert_int_equal(r.report.tally[TG_TALLY_MISSING].count, 2);
    assert_int_equal(r.report.nskips, 1);
    assert_string_equal(r.report.skips[0].reason, "poll option (not a story or comment)");
    assert_int_equal(r.report.skips[0].first_line, 13);
    recorder_free(&r);

    /* one item a line, the story after its comments; bad lines skipped */
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_hn, data("hn/firebase-lines.jsonl"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.np, 1);
    assert_string_equal(find_post(&r, "300")->text, "Is one item a line fine?");
    check_parent(&r, "301", NULL);
    check_parent(&r, "302", "301");
    assert_string_equal(find(&r, NULL, "302")->thread, "300");
    assert_int_equal(find(&r, NULL, "302")->line, 1);
    assert_int_equal(r.report.nskips, 2);
    assert_string_equal(r.report.skips[0].reason, "malformed JSON");
    assert_int_equal(r.report.skips[0].first_line, 4);
    assert_string_equal(r.report.skips[1].reason, "truncated last line");
    assert_int_equal(r.report.skips[1].first_line, 5);
    recorder_free(&r);
}

static void test_hn_algolia_story(void **state)
{
    recorder r;
    tg_error_t err;
    static const size_t depths[] = { 2, 2 };

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_hn, data("hn/algolia-story.json"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 4);
    assert_string_equal(find_post(&r, "500")->title, "Algolia story fixture");
    assert_null(find_post(&r, "500")->text);
    check_parent(&r, "501", NULL);
    check_parent(&r, "502", "501");
    check_parent(&r, "504", "503");
    assert_string_equal(find(&r, NULL, "501")->text, "Top comment\n\n  code  kept\n  as is");
    assert_string_equal(find(&r, NULL, "502")->text, "Reply > quote");
    assert_int_equal(find(&r, NULL, "503")->flags, TOMB); /* author and text null */
    check_depths(&r, depths, 2);
    assert_int_equal(r.report.missing.tombstones, 1);
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_hn, temp_str("e.json", "[]"), NULL, &r, &err),
                     TG_ERR_DATA);
    assert_string_equal(err.message,
                        "no Hacker News item in the file: the array at byte 1 holds no item object");
    recorder_free(&r);
}

/* ---- canvas ---- */

static void test_canvas(void **state)
{
    recorder r;
    tg_error_t err;
    const prec *p;
    static const size_t depths[] = { 2, 4, 1, 1 };

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_canvas, data("canvas/view-1234.json"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 8);
    assert_int_equal(r.np, 1);
    p = find_post(&r, "1234"); /* the topic id, from the file's name */
    assert_null(p->title);
    check_parent(&r, "1", NULL);
    check_parent(&r, "3", "1");
    check_parent(&r, "5", "3");
    check_parent(&r, "6", "5");
    check_parent(&r, "4", "2"); /* from its place in replies */
    check_parent(&r, "7", "1");
    assert_string_equal(find(&r, NULL, "1")->author, "Ada Student");
    assert_string_equal(find(&r, NULL, "1")->text, "First post: hello & welcome");
    assert_string_equal(find(&r, NULL, "3")->author, "Ben Teacher");
    assert_string_equal(find(&r, NULL, "3")->text, "Reply one\n\npoint a\npoint b");
    assert_int_equal(find(&r, NULL, "5")->flags, TOMB);
    assert_null(find(&r, NULL, "5")->author);
    assert_string_equal(find(&r, NULL, "6")->author, "Cy Guest");
    /* new_entries: 4 was edited after the view was cached; 7 and 8 are new */
    assert_string_equal(find(&r, NULL, "4")->text, "Nested, edited after the view was cached");
    assert_string_equal(find(&r, NULL, "7")->author, "Dee Late");
    assert_string_equal(find(&r, NULL, "8")->author, "user 14");
    assert_int_equal(find(&r, NULL, "1")->time, 1706781600);
    assert_string_equal(r.c[0].id, "1");
    assert_string_equal(r.c[1].id, "3");
    assert_string_equal(r.c[4].id, "2");
    check_depths(&r, depths, 4);
    assert_int_equal(r.report.missing.tombstones, 1);
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_canvas, data("canvas/topic-1234.json"), NULL, &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 0);
    p = find_post(&r, "1234");
    assert_string_equal(p->title, "Week 1: introductions");
    assert_string_equal(p->author, "Ben Teacher");
    assert_string_equal(p->text, "Introduce yourself & say hello.");
    assert_int_equal(p->time, 1706778000);
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_canvas,
                            temp_str("v.json", "{\"participants\": [], \"view\": []}"), NULL,
                            &r, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "the Canvas discussion view holds no entry (\"view\" is empty)");
    recorder_free(&r);

    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_canvas, temp_str("a.json", "[1, 2]"), NULL, &r, &err),
                     TG_ERR_DATA);
    assert_non_null(strstr(err.message, "not a JSON array"));
    recorder_free(&r);
}

/* ---- moodle and csv --map ---- */

static void test_moodle(void **state)
{
    recorder r;
    tg_error_t err;
    tg_import_options_t o;
    static const size_t depths[] = { 3, 2 };

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_moodle, data("moodle/forum-export.csv"), NULL, &r, &err),
                     TG_OK);
    /* the opening posts (parent 0) are the threads' posts, as Canvas
     * topics are; their replies are top-level comments */
    assert_int_equal(r.n, 5);
    assert_int_equal(r.np, 2);
    assert_false(find_post(&r, "1")->title_only);
    assert_string_equal(find_post(&r, "1")->title, "Week 1: introductions");
    assert_string_equal(find_post(&r, "1")->author, "Ada Student");
    assert_string_equal(find_post(&r, "1")->text, "Hello all & welcome!\n\nSecond paragraph.");
    assert_int_equal(find_post(&r, "1")->time, 1706778000);
    assert_string_equal(find_post(&r, "2")->title, "Week 2: readings");
    assert_string_equal(find_post(&r, "2")->author, "Ben Teacher");
    assert_string_equal(find_post(&r, "2")->text, "Readings for week 2:\n\nChapter 1\nChapter 2");
    check_parent(&r, "2", NULL); /* a reply to the opening post */
    check_parent(&r, "3", "2");
    check_parent(&r, "4", NULL);
    check_parent(&r, "5", "4");
    check_parent(&r, "7", NULL);
    assert_string_equal(find(&r, NULL, "3")->text, "Plain text, <not a tag> &amp; kept");
    assert_int_equal(find(&r, NULL, "4")->flags, TOMB);
    assert_null(find(&r, NULL, "4")->text);
    assert_string_equal(find(&r, NULL, "7")->thread, "2");
    /* "Monday, 5 February 2024, 10:00 AM", a "human readable" date, in UTC */
    assert_true(find(&r, NULL, "7")->has_time);
    assert_int_equal(find(&r, NULL, "7")->time, 1707127200);
    check_depths(&r, depths, 2);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 0);
    assert_int_equal(r.report.missing.tombstones, 1);
    recorder_free(&r);

    /* the same date in the zone --tz names (Python's zoneinfo: 09:00 UTC) */
    tg_import_options_init(&o);
    o.tz = "Europe/Berlin";
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_moodle, data("moodle/forum-export.csv"), &o, &r, &err),
                     TG_OK);
    assert_int_equal(find(&r, NULL, "7")->time, 1707123600);
    assert_int_equal(find_post(&r, "1")->time, 1706778000); /* Unix seconds stay as they are */
    recorder_free(&r);
}

static void test_csv_map(void **state)
{
    recorder r;
    tg_error_t err;
    tg_import_options_t o;
    const char *maps[] = { "id=comment_id,parent_id=reply_to", "thread_id=conversation,author=user",
                           "timestamp=posted,text=body" };
    const char *bad[] = { "parent_id=nope,id=comment_id,author=user" };

    (void)state;
    tg_import_options_init(&o);
    o.maps = maps;
    o.nmaps = 3;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/mapped.csv"), &o, &r, &err), TG_OK);
    assert_int_equal(r.n, 4);
    check_parent(&r, "m2", "m1");
    check_parent(&r, "m3", "m2");
    assert_string_equal(find(&r, NULL, "m3")->thread, "c1");
    assert_string_equal(find(&r, NULL, "m4")->thread, "c2");
    assert_string_equal(find(&r, NULL, "m2")->author, "bob");
    assert_string_equal(find(&r, NULL, "m2")->text, "reply");
    assert_int_equal(find(&r, NULL, "m2")->time, 1704070800);
    recorder_free(&r);

    /* unmapped, the file has none of our columns */
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/mapped.csv"), NULL, &r, &err), TG_ERR_DATA);
    assert_string_equal(err.message,
                        "the header has no 'id' column (it needs id, parent_id and author)");
    assert_int_equal(err.kind, TG_ERROR_KIND_NONE);
    recorder_free(&r);

    o.maps = bad;
    o.nmaps = 1;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_csv, data("csv/mapped.csv"), &o, &r, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "the header has no 'nope' column (the map's name for parent_id)");
    assert_int_equal(err.kind, TG_ERROR_KIND_MAP);
    assert_int_equal(err.line, 1);
    recorder_free(&r);

    assert_int_equal(tg_import_map_check("parent_id=reply_to,author=user", &err), TG_OK);
    assert_int_equal(tg_import_map_check("parent=reply_to", &err), TG_ERR_USAGE);
    assert_non_null(strstr(err.message, "unknown field 'parent'"));
    assert_int_equal(err.kind, TG_ERROR_KIND_MAP);
    assert_int_equal(tg_import_map_check("author", &err), TG_ERR_USAGE);
    /* the library names no option of the CLI; the CLI adds "--map: " */
    assert_string_equal(err.message, "expected FIELD=NAME pairs, not 'author'");
    assert_int_equal(err.kind, TG_ERROR_KIND_MAP);
    assert_int_equal(tg_import_map_check("author=", &err), TG_ERR_USAGE);
    assert_string_equal(err.message, "no name for field 'author'");
    assert_int_equal(tg_import_map_check("", &err), TG_ERR_USAGE);
    assert_int_equal(err.kind, TG_ERROR_KIND_MAP);
}

/* ---- jsonl and convokit ---- */

static void test_jsonl(void **state)
{
    recorder r;
    tg_error_t err;
    tg_import_options_t o;
    const char *maps[] = { "id=msg_id,parent_id=reply_to,thread_id=conv,author=user,timestamp=ts,"
                           "text=body" };
    static const size_t depths[] = { 2, 3, 2 };

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_jsonl, data("jsonl/edge.jsonl"), NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 7);
    check_parent(&r, "1", NULL);
    check_parent(&r, "2", "1"); /* a number as an id */
    assert_string_equal(find(&r, NULL, "3")->thread, "t1"); /* its parent's */
    assert_int_equal(find(&r, NULL, "3")->time, 1704070800); /* milliseconds */
    assert_string_equal(find(&r, NULL, "r")->thread, "r"); /* parent "0": a root */
    check_parent(&r, "r", NULL);
    assert_string_equal(find(&r, NULL, "4")->thread, "r"); /* parent later in the file */
    assert_string_equal(find(&r, NULL, "4")->author, "eve"); /* not meta's */
    assert_string_equal(find(&r, NULL, "7")->author, "");
    assert_string_equal(find(&r, NULL, "7")->location, "Oslo");
    check_depths(&r, depths, 3);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].first_line, 6);
    assert_int_equal(r.report.nskips, 4);
    assert_string_equal(r.report.skips[0].reason, "not a JSON object");
    assert_int_equal(r.report.skips[0].first_line, 7);
    assert_string_equal(r.report.skips[1].reason, "malformed JSON");
    assert_int_equal(r.report.skips[1].first_line, 8);
    assert_string_equal(r.report.skips[2].reason, "record without an id");
    assert_int_equal(r.report.skips[2].first_line, 9);
    assert_string_equal(r.report.skips[3].reason, "truncated last line");
    assert_int_equal(r.report.skips[3].first_line, 11);
    recorder_free(&r);

    tg_import_options_init(&o);
    o.maps = maps;
    o.nmaps = 1;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_jsonl, data("jsonl/mapped.jsonl"), &o, &r, &err), TG_OK);
    assert_int_equal(r.n, 3);
    check_parent(&r, "b", "a");
    check_parent(&r, "c", "b");
    assert_string_equal(find(&r, NULL, "c")->thread, "x");
    assert_string_equal(find(&r, NULL, "c")->author, "ann");
    assert_string_equal(find(&r, NULL, "c")->text, "hi again");
    assert_int_equal(find(&r, NULL, "b")->time, 1704067260);
    recorder_free(&r);
}

static void test_convokit_sample(void **state)
{
    recorder r;
    tg_error_t err;
    static const size_t depths[] = { 50, 518, 363, 230, 139, 104, 55, 24, 13, 10, 6, 4, 2, 1 };
    const crec *c;
    size_t i, roots = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_convokit, data("convokit/utterances.jsonl"), NULL, &r,
                            &err), TG_OK);
    assert_int_equal(r.n, 1519);
    /* titles from conversations.json, without posts */
    assert_int_equal(r.np, 50);
    for (i = 0; i < r.np; i++)
        assert_true(r.p[i].title_only);
    assert_string_equal(find_post(&r, "o0ss4")->title, "oh look.. a picture!");
    assert_string_equal(find_post(&r, "k5wow")->title, "Does anyone on campus play Magic the Gathering?");
    /* a conversation's root utterance is a top-level comment */
    c = find(&r, "o9g5w", "o9g5w");
    assert_null(c->parent);
    assert_string_equal(c->author, "hmdog");
    assert_int_equal(c->time, 1326127766);
    assert_int_equal(c->line, 2);
    /* parent links read in the file */
    c = find(&r, "k5wow", "c2hr6um");
    assert_string_equal(c->parent, "k5wow");
    assert_string_equal(c->author, "[deleted]");
    assert_string_equal(c->text, "No.");
    check_parent(&r, "c2hru1l", "c2hrkbt");
    assert_string_equal(find(&r, NULL, "c2hru1l")->author, "Mzane");
    check_parent(&r, "d978u7b", "d96nupe");
    assert_string_equal(find(&r, NULL, "d978u7b")->thread, "5999o4");
    c = find(&r, "8sx6nz", "e289a6t");
    assert_string_equal(c->parent, "e287h6r");
    assert_int_equal(c->line, 1519);
    for (i = 0; i < r.n; i++)
        roots += r.c[i].parent == NULL;
    assert_int_equal(roots, 50);
    check_depths(&r, depths, 14);
    assert_int_equal(r.report.tally[TG_TALLY_SKIPPED].count, 0);
    recorder_free(&r);

    /* an older corpus: one JSON array, with user and root */
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_convokit, data("convokit-old/utterances.json"), NULL, &r,
                            &err), TG_OK);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.np, 0);
    check_parent(&r, "u2", "u1");
    check_parent(&r, "u3", "u2");
    assert_string_equal(find(&r, NULL, "u3")->thread, "u1");
    assert_string_equal(find(&r, NULL, "u3")->author, "[deleted]");
    assert_false(find(&r, NULL, "u3")->has_time);
    assert_string_equal(find(&r, NULL, "v1")->thread, "v1");
    assert_int_equal(find(&r, NULL, "v1")->time, 1500000100);
    assert_int_equal(find(&r, NULL, "u2")->line, 11);
    recorder_free(&r);
}

static void test_convokit_broken_titles(void **state)
{
    recorder r;
    tg_error_t err;
    char dir[128], path[256];
    const char *utt = "{\"id\": \"a\", \"conversation_id\": \"a\", \"reply-to\": null, "
                      "\"speaker\": \"x\", \"timestamp\": 1, \"text\": \"t\"}\n";
    FILE *f;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/tg-formats-%d-corpus", (int)getpid());
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/utterances.jsonl", dir);
    f = fopen(path, "wb");
    fputs(utt, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/conversations.json", dir);
    f = fopen(path, "wb");
    fputs("{\"a\": {\"meta\": {\"title\": \"cut", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/utterances.jsonl", dir);
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_convokit, path, NULL, &r, &err), TG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.np, 0);
    assert_int_equal(r.report.nskips, 1);
    assert_non_null(strstr(r.report.skips[0].reason, "conversations.json not read (no titles)"));
    recorder_free(&r);
    /* the directory stands for its utterances */
    assert_string_equal(tg_import_detect(dir, &err), "convokit");
    unlink(path);
    snprintf(path, sizeof path, "%s/conversations.json", dir);
    unlink(path);
    rmdir(dir);
}

/* ---- detection: content first ---- */

static void test_detection(void **state)
{
    static const char *const cases[][2] = {
        { "reddit/thread.json", "reddit" },
        { "reddit/small-thread.json", "reddit" },
        { "reddit/morechildren.json", "reddit" },
        { "reddit/morechildren-error.json", "reddit" },
        { "hn/algolia-item-17.json", "hn" },
        { "hn/algolia-story.json", "hn" },
        { "hn/firebase-items.json", "hn" },
        { "hn/firebase-lines.jsonl", "hn" },
        { "canvas/view-1234.json", "canvas" },
        { "canvas/topic-1234.json", "canvas" },
        { "convokit/utterances.jsonl", "convokit" },
        { "convokit", "convokit" },
        { "convokit-old/utterances.json", "convokit" },
        { "convokit-old", "convokit" },
        { "jsonl/edge.jsonl", "jsonl" },
        { "jsonl/mapped.jsonl", "jsonl" },
        { "moodle/forum-export.csv", "moodle" },
        { "csv/mapped.csv", "csv" },
        { "csv/edge.csv", "csv" },
        { "ndjson/edge.ndjson", "reddit-ndjson" },
        { "newspage/rferl-gerasimov-comments.txt", "newspage" },
    };
    tg_error_t err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = tg_import_detect(data(cases[i][0]), &err);

        if (!got || strcmp(got, cases[i][1]) != 0)
            fail_msg("%s: detected %s, not %s", cases[i][0], got ? got : "(none)", cases[i][1]);
    }
    /* content, not the name */
    assert_string_equal(tg_import_detect(temp_str("thread.txt", "[{\"kind\": \"Listing\", "
                                                   "\"data\": {\"children\": []}}]"), &err),
                        "reddit");
    assert_null(tg_import_detect(temp_str("e.json", "[]"), &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reddit_sample),
        cmocka_unit_test(test_reddit_fixture),
        cmocka_unit_test(test_reddit_morechildren),
        cmocka_unit_test(test_reddit_bad),
        cmocka_unit_test(test_hn_algolia_sample),
        cmocka_unit_test(test_hn_firebase),
        cmocka_unit_test(test_hn_algolia_story),
        cmocka_unit_test(test_canvas),
        cmocka_unit_test(test_moodle),
        cmocka_unit_test(test_csv_map),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_convokit_sample),
        cmocka_unit_test(test_convokit_broken_titles),
        cmocka_unit_test(test_detection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
