/* test_importers2.c - the importers of issue 6 (disqus, wordpress, mbox) on
 * the real samples and the hand-written quirk fixtures in tests/data, seen
 * through a sink that records what it receives (no database); and the
 * helpers they use: HTML to text and mail dates.  Expected values were read
 * off the files by hand (line numbers, parents, flags). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The first comment (thread, id), which must exist, and exist once unless
 * repeats are allowed. */
static const crec *find_in(const recorder *r, const char *thread, const char *id, int repeats)
{
    size_t i;
    const crec *hit = NULL;

    for (i = 0; i < r->n; i++)
        if (strcmp(r->c[i].thread, thread) == 0 && strcmp(r->c[i].id, id) == 0) {
            if (!repeats)
                assert_null(hit);
            if (!hit)
                hit = &r->c[i];
        }
    if (!hit)
        fail_msg("no comment %s in thread %s", id, thread);
    return hit;
}

static const crec *find(const recorder *r, const char *thread, const char *id)
{
    return find_in(r, thread, id, 0);
}

static const prec *find_post(const recorder *r, const char *thread)
{
    size_t i;

    for (i = 0; i < r->np; i++)
        if (strcmp(r->p[i].thread, thread) == 0)
            return &r->p[i];
    fail_msg("no post of thread %s", thread);
    return NULL;
}

/* Depth of comment (thread, id) by walking parents present in the records. */
static int depth_of(const recorder *r, const char *thread, const char *id)
{
    int d = 0;
    const crec *c = find_in(r, thread, id, 1);
    size_t i;

    while (c->parent && d < 1000) {
        const crec *p = NULL;

        for (i = 0; i < r->n && !p; i++)
            if (strcmp(r->c[i].thread, thread) == 0 && strcmp(r->c[i].id, c->parent) == 0)
                p = &r->c[i];
        if (!p)
            break;
        c = p;
        d++;
    }
    return d;
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

static long skip_count(const recorder *r, const char *reason, long *line)
{
    size_t i;

    for (i = 0; i < r->report.nskips; i++)
        if (strcmp(r->report.skips[i].reason, reason) == 0) {
            if (line)
                *line = r->report.skips[i].first_line;
            return r->report.skips[i].count;
        }
    return 0;
}

/* ---- helpers ---- */

static void check_html(const char *html, const char *want)
{
    tg_buf b = TG_BUF_INIT;

    assert_int_equal(tg_html_to_text(&b, html, strlen(html), NULL), TG_OK);
    assert_string_equal(b.data, want);
    tg_buf_release(&b);
}

static void test_html_text(void **state)
{
    (void)state;
    check_html("<p>Hello, World.</p>", "Hello, World.");
    check_html("<p>one</p><p>two <b>bold</b>  and&amp;more &lt;3</p>",
               "one\n\ntwo bold and&more <3");
    check_html("a<br>b<br><br>c", "a\nb\n\nc");
    check_html("<ul><li>x</li><li>y</li></ul>after", "x\ny\n\nafter");
    check_html("<a href=\"x\">link</a>, ok", "link, ok");
    check_html("<pre>  keep\n  this</pre>", "  keep\n  this");
    check_html("<script>var x;</script><style>p{}</style>visible", "visible");
    check_html("Tom &amp; Jerry&#39;s &eacute;t&eacute; \xF0\x9F\x98\x80", "Tom & Jerry's été 😀");
    check_html("plain text, a < b", "plain text, a < b");
    check_html("", "");
    check_html("   \n ", "");
}

static void check_date(const char *s, const char *want, int want_zoneless)
{
    int64_t t;
    int zl = -1;
    char out[32];

    if (!want) {
        assert_int_not_equal(tg_time_parse_mail(s, strlen(s), &t, &zl), 0);
        return;
    }
    assert_int_equal(tg_time_parse_mail(s, strlen(s), &t, &zl), 0);
    tg_time_format(t, out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(zl, want_zoneless);
}

static void test_mail_dates(void **state)
{
    (void)state;
    check_date("Thu, 1 Nov 2001 09:14:20 -0800 (PST)", "2001-11-01T17:14:20Z", 0);
    check_date("Thu, 01 Nov 2001 09:14 -0800", "2001-11-01T17:14:00Z", 0);
    check_date("1 Nov 2001 09:14:20 GMT", "2001-11-01T09:14:20Z", 0);
    check_date("Thu, 1 Nov 2001 09:14:20 EST", "2001-11-01T14:14:20Z", 0);
    check_date("Thu Nov  1 11:19:12 2001", "2001-11-01T11:19:12Z", 1);
    check_date("Thu Nov  1 11:19:12 EST 2001", "2001-11-01T16:19:12Z", 0);
    check_date("Tue, 14 Jan 2014 17:31:03 +0000", "2014-01-14T17:31:03Z", 0);
    check_date("Mon, 7 Jan 19 10:00:00 +0100", "2019-01-07T09:00:00Z", 0);
    check_date("Mon, 7 Jan 99 10:00:00 +0000", "1999-01-07T10:00:00Z", 0);
    check_date("Mon, 7 Jan 2019 10:00:00", "2019-01-07T10:00:00Z", 1);
    check_date("sometime last week", NULL, 0);
    check_date("Mon, 31 Feb 2019 10:00:00 +0000", NULL, 0);
    check_date("Mon, 7 Jan 2019 10:00:00 +0100 trailing", NULL, 0);
}

/* ---- disqus ---- */

static void test_disqus_sample(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;
    const prec *p;
    long line = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_disqus, data("disqus/disqus.xml"), &r, &err), TG_OK);
    /* posts 4, 5, 8, 9, 11; post 6 names thread 1337, which is absent: it
     * is kept under 1337, flagged and noted */
    assert_int_equal(r.n, 6);
    assert_int_equal(skip_count(&r, "post of a missing thread", &line), 0);
    assert_int_equal(note_count(&r, "posts of a missing thread", &line), 1);
    assert_int_equal(line, 66);
    c = find(&r, "1337", "6");
    assert_int_equal(c->flags, TG_COMMENT_NO_THREAD);
    assert_string_equal(c->author, "where am I?");
    assert_string_equal(c->text, "...");
    /* threads 2, 3 (empty) and 7 are the posts */
    assert_int_equal(r.np, 3);
    assert_int_equal(note_count(&r, "empty threads", &line), 1);
    assert_int_equal(line, 28);
    p = find_post(&r, "2");
    assert_string_equal(p->title, "Hello, World!");
    assert_string_equal(p->author, "Baz");
    assert_string_equal(p->time_text, "2012-12-12T12:12:12Z");
    assert_int_equal(p->line, 13);
    assert_null(find_post(&r, "7")->title); /* <title /> */
    c = find(&r, "2", "5");
    assert_string_equal(c->parent, "4");
    assert_string_equal(c->text, "Hello, World.");
    assert_string_equal(c->author, "user");
    assert_int_equal(c->line, 49);
    c = find(&r, "2", "9");
    assert_int_equal(c->flags, TG_COMMENT_DELETED);
    assert_null(c->text);
    assert_string_equal(find(&r, "2", "11")->parent, "9");
    c = find(&r, "7", "8");
    assert_null(c->parent);
    assert_string_equal(c->text, "Message from thread with empty title and id");
    assert_true(c->has_time);
    assert_int_equal(c->time, 1381474293); /* 2013-10-11T06:51:33Z */
    recorder_free(&r);
}

static void test_disqus_quirks(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;
    const prec *p;
    long line = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_disqus, data("disqus/quirks.xml"), &r, &err), TG_OK);
    assert_int_equal(r.n, 8);
    assert_int_equal(r.np, 2);
    p = find_post(&r, "500");
    assert_string_equal(p->title, "Article & title");
    assert_string_equal(p->text, "The article"); /* escaped HTML, as text */
    assert_string_equal(p->author, "Editor");
    assert_int_equal(p->line, 30);
    /* the post before its thread comes out at the end, unchanged (before
     * the post of a missing thread, which comes later in the file) */
    c = &r.c[r.n - 2];
    assert_string_equal(c->id, "1001");
    assert_string_equal(c->thread, "500");
    assert_string_equal(c->text, "First!\n\nSecond paragraph & more\nnext line");
    assert_int_equal(c->line, 14);
    /* <parent dsq:id>, not <id> */
    c = find(&r, "500", "1002");
    assert_string_equal(c->parent, "1001");
    assert_string_equal(c->author, "bob_b"); /* empty <name>: the username */
    assert_string_equal(c->text, "Reply with a link.");
    assert_int_equal(find(&r, "500", "1003")->flags, TG_COMMENT_SPAM);
    assert_int_equal(find(&r, "500", "1004")->flags, TG_COMMENT_DELETED);
    assert_string_equal(find(&r, "500", "1005")->parent, "1004");
    assert_string_equal(find(&r, "500", "1006")->parent, "9999");
    c = find(&r, "500", "1009");
    assert_false(c->has_time);
    assert_string_equal(c->time_text, "yesterday");
    assert_string_equal(c->text, "Plain text <3 with an entity");
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    assert_int_equal(skip_count(&r, "post without a dsq:id", &line), 1);
    assert_int_equal(line, 108);
    assert_int_equal(skip_count(&r, "post without a thread", &line), 1);
    assert_int_equal(line, 116);
    /* post 1008 cites thread 777, which is not in the file */
    assert_int_equal(note_count(&r, "posts of a missing thread", &line), 1);
    assert_int_equal(line, 123);
    c = find(&r, "777", "1008");
    assert_int_equal(c->flags, TG_COMMENT_NO_THREAD);
    assert_string_equal(c->text, "Orphaned thread");
    assert_int_equal(note_count(&r, "empty threads", &line), 1);
    assert_int_equal(line, 131);
    recorder_free(&r);
}

/* ---- wordpress ---- */

static void test_wordpress_sample(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;
    const prec *p;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_wordpress, data("wordpress/wordpress.xml"), &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 8);
    assert_int_equal(r.np, 3);
    p = find_post(&r, "18");
    assert_string_equal(p->title, "Hello, World\xE2\x80\xA6");
    assert_string_equal(p->author, "Tester");
    assert_string_equal(p->time_text, "2014-01-14 17:31:03");
    /* items without a post_id: their link names the thread */
    assert_string_equal(find_post(&r, "http://example.tld/?p=6")->title, "No comments");
    /* comment id 11 is in two posts */
    assert_string_equal(find(&r, "18", "11")->author, "Letzter :/");
    assert_string_equal(find(&r, "http://example.tld/?p=4", "11")->author, "Anonymous");
    assert_null(find(&r, "18", "2")->parent);
    assert_string_equal(find(&r, "18", "7")->parent, "6");
    assert_string_equal(find(&r, "18", "8")->parent, "7");
    assert_string_equal(find(&r, "18", "9")->parent, "7");
    c = find(&r, "18", "10");
    assert_string_equal(c->text, "When you have a comment with multiple lines:\n"
                                 "WordPress exports it like this.");
    assert_string_equal(c->time_text, "2022-06-06 02:13:14"); /* the GMT date */
    assert_string_equal(find(&r, "18", "2")->text, "Erster!1");
    assert_string_equal(find(&r, "18", "7")->time_text, "2014-04-29 15:21:35");
    assert_int_equal(find(&r, "18", "6")->line, 44);
    recorder_free(&r);
}

static void test_wordpress_theme_data(void **state)
{
    recorder r;
    tg_error_t err;
    size_t i;
    int max = 0;
    static const char *const chain[] = { "904", "905", "906", "907", "910",
                                         "911", "912", "913", "914", "915" };
    long line = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_wordpress,
                            data("wordpress/themeunittestdata.wordpress.xml"), &r, &err),
                     TG_OK);
    /* 33 <wp:comment>: 2 pingbacks and 2 trackbacks are not comments */
    assert_int_equal(r.n, 29);
    assert_int_equal(note_count(&r, "pingbacks", &line), 2);
    assert_int_equal(line, 9666);
    assert_int_equal(note_count(&r, "trackbacks", &line), 2);
    assert_int_equal(line, 9638);
    /* the posts and pages, and the attachments that have comments */
    assert_int_equal(r.np, 79);
    assert_int_equal(note_count(&r, "items of type 'attachment'", NULL), 37);
    assert_int_equal(note_count(&r, "items of type 'nav_menu_item'", NULL), 70);
    /* "Template: Comments": 20 comments, a chain 10 levels deep */
    assert_string_equal(find_post(&r, "1148")->title, "Template: Comments");
    for (i = 1; i < sizeof chain / sizeof chain[0]; i++)
        assert_string_equal(find(&r, "1148", chain[i])->parent, chain[i - 1]);
    assert_null(find(&r, "1148", "904")->parent);
    for (i = 0; i < r.n; i++) {
        int d = depth_of(&r, r.c[i].thread, r.c[i].id);

        max = d > max ? d : max;
    }
    assert_int_equal(max, 9);
    assert_int_equal(depth_of(&r, "1148", "915"), 9);
    /* unapproved comments are flagged */
    assert_int_equal(find(&r, "1148", "1015")->flags, TG_COMMENT_UNAPPROVED);
    assert_int_equal(find(&r, "155", "1017")->flags, TG_COMMENT_UNAPPROVED);
    assert_string_equal(find(&r, "155", "1017")->parent, "168");
    assert_int_equal(find(&r, "703", "1016")->flags, TG_COMMENT_UNAPPROVED);
    assert_int_equal(find(&r, "1148", "881")->line, 9114);
    assert_string_equal(find(&r, "1148", "881")->author, "John Γιάννης Doe Κάποιος");
    recorder_free(&r);
}

static void test_wordpress_quirks(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;
    const prec *p;
    long line = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_wordpress, data("wordpress/quirks.xml"), &r, &err),
                     TG_OK);
    assert_int_equal(r.n, 10);
    assert_int_equal(r.np, 4);
    p = find_post(&r, "10");
    assert_string_equal(p->text, "Hello world & friends");
    assert_string_equal(p->time_text, "2021-03-04 05:06:07"); /* the GMT date is zero */
    assert_true(p->has_time);
    p = find_post(&r, "http://example.org/?p=13"); /* the guid */
    assert_string_equal(p->time_text, "Mon, 01 Feb 2021 08:00:00 -0500");
    assert_int_equal(p->time, 1612184400);
    assert_string_equal(find_post(&r, "14")->title, "photo.png");
    assert_int_equal(find(&r, "10", "1")->flags, 0);
    assert_string_equal(find(&r, "10", "1")->time_text, "2021-03-05 09:00:00");
    assert_int_equal(find(&r, "10", "2")->flags, TG_COMMENT_UNAPPROVED);
    assert_int_equal(find(&r, "10", "3")->flags, TG_COMMENT_SPAM);
    c = find(&r, "10", "7");
    assert_int_equal(c->flags, TG_COMMENT_DELETED);
    assert_string_equal(c->time_text, "2021-03-07 12:00:00");
    assert_string_equal(find(&r, "10", "6")->parent, "4"); /* a pingback: absent */
    c = find(&r, "10", "9");
    assert_null(c->parent);
    assert_string_equal(c->text, "Two lines:\nthe second one.");
    assert_false(c->has_time);
    assert_string_equal(find(&r, "11", "2")->parent, "1");
    assert_string_equal(find(&r, "11", "1")->text, "On the page");
    assert_int_equal(note_count(&r, "pingbacks", &line), 1);
    assert_int_equal(line, 60);
    assert_int_equal(note_count(&r, "trackbacks", &line), 1);
    assert_int_equal(line, 69);
    assert_int_equal(note_count(&r, "items of type 'attachment'", &line), 1);
    assert_int_equal(line, 141);
    assert_int_equal(skip_count(&r, "comment without a comment_id", &line), 1);
    assert_int_equal(line, 95);
    recorder_free(&r);
}

/* ---- mbox ---- */

static void test_mbox_sample(void **state)
{
    recorder r;
    tg_error_t err;
    size_t i, j, uniq = 0, orphans = 0;
    int max = 0;
    const crec *c;
    const prec *p;
    long line;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_mbox, data("mbox/2001-November.txt"), &r, &err), TG_OK);
    /* the month twice: 164 messages, 82 ids; the store drops the repeats */
    assert_int_equal(r.n, 164);
    for (i = 0; i < r.n; i++) {
        int seen = 0, has_parent = 0;

        for (j = 0; j < i && !seen; j++)
            seen = strcmp(r.c[j].id, r.c[i].id) == 0;
        if (seen) {
            /* a repeat goes to the thread of the first */
            for (j = 0; j < i; j++)
                if (strcmp(r.c[j].id, r.c[i].id) == 0)
                    assert_string_equal(r.c[j].thread, r.c[i].thread);
            continue;
        }
        uniq++;
        for (j = 0; j < r.n && r.c[i].parent && !has_parent; j++)
            has_parent = strcmp(r.c[j].id, r.c[i].parent) == 0;
        orphans += r.c[i].parent && !has_parent;
        if (depth_of(&r, r.c[i].thread, r.c[i].id) > max)
            max = depth_of(&r, r.c[i].thread, r.c[i].id);
    }
    assert_int_equal(uniq, 82);
    assert_int_equal(orphans, 10);
    assert_int_equal(max, 5);
    /* one title per thread: 33 reply trees */
    assert_int_equal(r.np, 33);
    for (i = 0; i < r.np; i++)
        assert_true(r.p[i].title_only);
    /* the first message: a Pipermail address, a date without a zone; it
     * replies to a message of October that is not in the file */
    c = &r.c[0];
    assert_string_equal(c->id, "Pine.SOL.4.30.0111011916360.17706-100000@mimosa.csv.warwick.ac.uk");
    assert_string_equal(c->parent, "JFEGLNDJEDNOMPPHDEJFKEEODLAA.perry@stsci.edu");
    assert_string_equal(c->author, "jjl@pobox.com");
    assert_string_equal(c->time_text, "Thu Nov  1 11:19:12 2001");
    assert_int_equal(c->time, 1004613552);
    assert_int_equal(c->line, 1);
    assert_int_equal(note_count(&r, "dates without a time zone", &line), 164);
    /* Hung Jung Lu's question roots a thread; two replies to it */
    c = find_in(&r, "20011102182318.66182.qmail@web12606.mail.yahoo.com",
             "20011102182318.66182.qmail@web12606.mail.yahoo.com", 1);
    assert_null(c->parent);
    assert_int_equal(c->line, 23);
    assert_string_equal(c->author, "hungjunglu@yahoo.com");
    p = find_post(&r, "20011102182318.66182.qmail@web12606.mail.yahoo.com");
    assert_string_equal(p->title, "[Numpy-discussion] Assembly optimized numerical packages?");
    c = find_in(&r, "20011102182318.66182.qmail@web12606.mail.yahoo.com",
                "3BE2FADF.23D659E9@home.net", 1);
    assert_string_equal(c->parent, "20011102182318.66182.qmail@web12606.mail.yahoo.com");
    assert_int_equal(c->line, 60);
    c = find_in(&r, "20011102182318.66182.qmail@web12606.mail.yahoo.com",
             "Pine.OSF.3.95.1011105095309.19176F-100000@lcdx00.wm.lc.ehu.es", 1);
    assert_string_equal(c->parent, "20011102182318.66182.qmail@web12606.mail.yahoo.com");
    assert_int_equal(c->line, 101);
    recorder_free(&r);
}

static void test_mbox_quirks(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;
    long line = 0;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_mbox, data("mbox/quirks.mbox"), &r, &err), TG_OK);
    assert_int_equal(r.n, 8); /* 7 messages and a repeat */
    assert_int_equal(r.np, 3);
    assert_string_equal(find_post(&r, "root1@example.org")->title, "First topic");
    assert_string_equal(find_post(&r, "gone-root@example.com")->title, "Lost thread");
    assert_string_equal(find_post(&r, "m8@example.com")->title, "A new question");
    c = &r.c[0];
    assert_string_equal(c->id, "root1@example.org");
    assert_string_equal(c->author, "alice@example.org"); /* addresses lowercased */
    assert_string_equal(c->text, "Hello all.\nFrom here on, a line that starts with From inside "
                                 "a paragraph.\nFrom a quoted From line (mboxrd).");
    assert_int_equal(c->time, 1546851600); /* 10:00 +0100 */
    /* lower-case names, folding, ids without <>, Pipermail address, no zone */
    c = find(&r, "root1@example.org", "reply2@example.net");
    assert_string_equal(c->parent, "root1@example.org");
    assert_string_equal(c->author, "bob@example.net");
    assert_int_equal(c->time, 1546858800);
    assert_int_equal(c->line, 11);
    /* no In-Reply-To: the last of the References; quoted-printable text */
    c = find(&r, "root1@example.org", "c3@example.com");
    assert_string_equal(c->parent, "reply2@example.net");
    assert_string_equal(c->text, "Caf\xC3\xA9 au lait \xE2\x80\x94 a soft line break.");
    assert_int_equal(c->time, 1546956000); /* 09:00 -0500 */
    /* the repeat of the first message */
    assert_string_equal(r.c[3].id, "root1@example.org");
    assert_string_equal(r.c[3].thread, "root1@example.org");
    assert_int_equal(r.c[3].line, 44);
    /* no Message-ID: an id from its line, reported */
    c = find(&r, "root1@example.org", "line-52");
    assert_string_equal(c->parent, "c3@example.com");
    assert_string_equal(c->author, "dave@example.com");
    assert_int_equal(note_count(&r, "messages without a Message-ID", &line), 1);
    assert_int_equal(line, 52);
    /* a tree whose root is not in the file: its id from References; HTML
     * in base64 as text */
    c = find(&r, "gone-root@example.com", "m6@example.com");
    assert_string_equal(c->parent, "gone-mid@example.com");
    assert_string_equal(c->text, "Hello base64 & html");
    assert_string_equal(find(&r, "gone-root@example.com", "m7@example.com")->parent,
                        "m6@example.com");
    c = find(&r, "m8@example.com", "m8@example.com");
    assert_false(c->has_time);
    assert_string_equal(c->text, "Na\xC3\xAFve question."); /* ISO-8859-1, quoted-printable */
    assert_int_equal(r.report.tally[TG_TALLY_BAD_TIME].count, 1);
    assert_int_equal(note_count(&r, "dates without a time zone", &line), 1);
    assert_int_equal(line, 11);
    recorder_free(&r);
}

static void test_mbox_single_message(void **state)
{
    recorder r;
    tg_error_t err;
    const crec *c;

    (void)state;
    recorder_init(&r);
    assert_int_equal(run_on(&tg_importer_mbox, data("mbox/message.eml"), &r, &err), TG_OK);
    assert_int_equal(r.n, 1);
    c = &r.c[0];
    assert_string_equal(c->id, "single@example.com");
    assert_string_equal(c->parent, "m8@example.com");
    assert_string_equal(c->thread, "m8@example.com"); /* the absent parent roots the tree */
    assert_string_equal(c->author, "hana@example.com");
    assert_int_equal(c->line, 1);
    recorder_free(&r);
}

static void test_detection(void **state)
{
    tg_error_t err;
    static const struct {
        const char *file, *format;
    } cases[] = {
        { "disqus/disqus.xml", "disqus" },
        { "disqus/quirks.xml", "disqus" },
        { "wordpress/wordpress.xml", "wordpress" },
        { "wordpress/quirks.xml", "wordpress" },
        { "wordpress/themeunittestdata.wordpress.xml", "wordpress" },
        { "mbox/2001-November.txt", "mbox" },
        { "mbox/quirks.mbox", "mbox" },
        { "mbox/message.eml", "mbox" },
        { "csv/edge.csv", "csv" },
        { "ndjson/edge.ndjson", "reddit-ndjson" },
        { "newspage/rferl-gerasimov-comments.txt", "newspage" },
    };
    size_t i;
    const char *f;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tg_error_clear(&err);
        f = tg_import_detect(data(cases[i].file), &err);
        if (!f || strcmp(f, cases[i].format) != 0)
            fail_msg("%s: detected %s, not %s", cases[i].file, f ? f : err.message,
                     cases[i].format);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_mail_dates),
        cmocka_unit_test(test_disqus_sample),
        cmocka_unit_test(test_disqus_quirks),
        cmocka_unit_test(test_wordpress_sample),
        cmocka_unit_test(test_wordpress_theme_data),
        cmocka_unit_test(test_wordpress_quirks),
        cmocka_unit_test(test_mbox_sample),
        cmocka_unit_test(test_mbox_quirks),
        cmocka_unit_test(test_mbox_single_message),
        cmocka_unit_test(test_detection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
