/* test_page.c - the teacher share on a hand-built class forum (counted by
 * hand below), and report.html for it: the sections in order, one row per
 * person (the roster person who never posted too), the lists worth a look,
 * the share in the summary, the charts inline with a person on every mark,
 * a hostile name that stays text, and a big forum's cut tables.  The page
 * is written by xmlTextWriter, so it is well-formed XML: libxml2 parses it
 * and XPath reads it. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "threadgraph/threadgraph.h"

/* people: 0 the teacher, 1 Ann, 2 a hostile name, 3 Dan (on the roster,
 * never posted), 4 Eve (only answers the prompt) */
#define HOSTILE "<script>alert(1)</script>\"><svg onload=alert(1)> ]]>"
static const char *names[5] = { "Ms Teacher", "Ann", HOSTILE, "Dan", "Eve" };
static uint8_t roles[5] = { TG_ROLE_TEACHER, TG_ROLE_STUDENT, TG_ROLE_STUDENT,
                            TG_ROLE_STUDENT, TG_ROLE_STUDENT };
/* c0 Ann answers the prompt; c1 the teacher replies to Ann; c2 Ann back to
 * the teacher; c3 the hostile name replies to Ann; c4 Eve answers the
 * prompt; c5 the hostile name answers the prompt */
static int32_t parent[6] = { -1, 0, 1, 2, -1, -1 };
static int32_t user[6] = { 1, 0, 1, 2, 4, 2 };

typedef struct forum {
    tg_dataset_t ds;
    int32_t thread[6], location[6], post_user[1];
    int64_t time[6], rowid[6], post_time[1], thread_rowid[1], user_rowid[5];
    uint32_t flags[6];
    const char *thread_id[1], *thread_title[1];
} forum;

static void build(forum *f)
{
    size_t i;

    memset(f, 0, sizeof *f);
    tg_dataset_init(&f->ds);
    f->ds.ncomments = 6;
    f->ds.parent = parent;
    f->ds.user = user;
    f->ds.thread = f->thread;
    f->ds.location = f->location;
    f->ds.time = f->time;
    f->ds.flags = f->flags;
    f->ds.rowid = f->rowid;
    for (i = 0; i < 6; i++) {
        f->location[i] = -1;
        f->time[i] = 1706778000 + 3600 * (int64_t)i;
        f->rowid[i] = (int64_t)i + 1;
    }
    f->ds.nthreads = 1;
    f->thread_id[0] = "week-1";
    f->thread_title[0] = "Week 1: introductions";
    f->ds.thread_id = f->thread_id;
    f->ds.thread_title = f->thread_title;
    f->post_user[0] = 0;
    f->post_time[0] = 1706770000;
    f->thread_rowid[0] = 1;
    f->ds.thread_post_user = f->post_user;
    f->ds.thread_post_time = f->post_time;
    f->ds.thread_rowid = f->thread_rowid;
    f->ds.nusers = 5;
    f->ds.user_name = names;
    for (i = 0; i < 5; i++)
        f->user_rowid[i] = (int64_t)i + 1;
    f->ds.user_rowid = f->user_rowid;
    f->ds.user_role = roles;
}

static void test_teacher_share(void **state)
{
    forum f;
    tg_teacher_share_t s;

    (void)state;
    build(&f);
    /* replies between named people: c1 (teacher to Ann), c2 (Ann to the
     * teacher), c3 (to Ann): 2 of 3 through the teacher */
    tg_teacher_share(&f.ds, 0, &s);
    assert_int_equal(s.replies, 3);
    assert_int_equal(s.teacher_replies, 2);
    assert_int_equal(s.by_teacher, 1);
    assert_int_equal(s.to_teacher, 1);
    assert_int_equal(s.teachers, 1);
    assert_true(fabs(s.share - 2.0 / 3.0) < 1e-12);
    /* post replies as edges: c0, c4 and c5 answer the teacher's post */
    tg_teacher_share(&f.ds, 1, &s);
    assert_int_equal(s.replies, 6);
    assert_int_equal(s.teacher_replies, 5);
    assert_int_equal(s.to_teacher, 4);
    /* an orphan is no answer to the post */
    f.flags[5] = TG_COMMENT_ORPHAN;
    tg_teacher_share(&f.ds, 1, &s);
    assert_int_equal(s.replies, 5);
    /* no roles: no teacher, no share */
    f.ds.user_role = NULL;
    tg_teacher_share(&f.ds, 0, &s);
    assert_int_equal(s.teachers, 0);
    assert_int_equal(s.teacher_replies, 0);
    assert_int_equal(s.replies, 3);
}

/* ---- the page ---- */
static xmlDocPtr write_page(const tg_dataset_t *ds, const tg_analysis_t *a,
                            const tg_page_options_t *opt, char *path, size_t pathsz)
{
    tg_error_t err;
    xmlDocPtr doc;

    snprintf(path, pathsz, "%s/tg-page-%ld.html", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    tg_error_clear(&err);
    if (tg_report_html(ds, a, opt, path, &err) != TG_OK)
        fail_msg("tg_report_html: %s", err.message);
    doc = xmlReadFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE);
    assert_non_null(doc); /* well-formed */
    return doc;
}

static xmlXPathObjectPtr xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o;

    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    xmlXPathFreeContext(ctx);
    assert_non_null(o);
    return o;
}

static double xp_num(xmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr o = xp(doc, expr);
    double v = xmlXPathCastToNumber(o);

    xmlXPathFreeObject(o);
    return v;
}

static char *xp_str(xmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr o = xp(doc, expr);
    xmlChar *s = xmlXPathCastToString(o);
    char *r = strdup((const char *)s);

    xmlFree(s);
    xmlXPathFreeObject(o);
    return r;
}

static void analyze(const tg_dataset_t *ds, tg_analysis_t *a)
{
    tg_error_t err;

    tg_error_clear(&err);
    tg_analysis_init(a);
    if (tg_analyze(ds, NULL, a, &err) != TG_OK)
        fail_msg("tg_analyze: %s", err.message);
}

static void test_page(void **state)
{
    static const char *const order[] = { "summary", "participation", "worth-a-look",
                                         "who-whom", "pairs", "brokers", "glossary", "method" };
    forum f;
    tg_analysis_t a;
    tg_page_options_t opt;
    char path[512], expr[256], *s;
    xmlDocPtr doc;
    size_t i;

    (void)state;
    build(&f);
    analyze(&f.ds, &a);
    tg_page_options_init(&opt);
    opt.made_at = 0;
    doc = write_page(&f.ds, &a, &opt, path, sizeof path);
    /* the sections, in order */
    assert_int_equal((int)xp_num(doc, "count(//section)"), 8);
    for (i = 0; i < 8; i++) {
        snprintf(expr, sizeof expr, "string(//section[%zu]/@id)", i + 1);
        s = xp_str(doc, expr);
        assert_string_equal(s, order[i]);
        free(s);
    }
    /* one row per person, Dan (never posted) last */
    assert_int_equal((int)xp_num(doc, "count(//table[@id='participation-table']/tbody/tr)"), 5);
    s = xp_str(doc, "string(//table[@id='participation-table']/tbody/tr[last()]/td[1])");
    assert_string_equal(s, "Dan");
    free(s);
    assert_int_equal(
        (int)xp_num(doc, "count(//table[@id='participation-table']/tbody/tr[@class='never'])"), 1);
    /* Ann: 2 posts, 1 reply given, 2 received, back-and-forth with the teacher */
    s = xp_str(doc, "string(//tr[@data-person='1']/td[3]/@data-v)");
    assert_string_equal(s, "2");
    free(s);
    s = xp_str(doc, "string(//tr[@data-person='1']/td[5]/@data-v)");
    assert_string_equal(s, "2");
    free(s);
    s = xp_str(doc, "string(//tr[@data-person='1']/td[8]/@data-v)");
    assert_string_equal(s, "1");
    free(s);
    /* every column heading but the name links to the glossary, and each link lands */
    assert_int_equal((int)xp_num(doc, "count(//table[@id='participation-table']//th)"), 10);
    assert_int_equal(
        (int)xp_num(doc, "count(//table[@id='participation-table']//th/a[@class='gl'])"), 9);
    assert_int_equal((int)xp_num(doc, "count(//th/a[@class='gl'][not(substring-after(@href, '#')"
                                      " = //dt/@id)])"),
                     0);
    /* worth a look: Eve and the hostile name got no reply, Eve only answered
     * the prompt, Dan never posted */
    s = xp_str(doc, "string(//section[@id='worth-a-look']/h3[.='Got no reply']"
                    "/following-sibling::ul[1])");
    assert_non_null(strstr(s, "Eve"));
    assert_non_null(strstr(s, HOSTILE));
    assert_null(strstr(s, "Ann"));
    free(s);
    s = xp_str(doc, "string(//section[@id='worth-a-look']/h3[.='Only answered the prompt']"
                    "/following-sibling::ul[1])");
    assert_string_equal(s, "Eve");
    free(s);
    s = xp_str(doc, "string(//section[@id='worth-a-look']/h3[.='Never posted']"
                    "/following-sibling::ul[1])");
    assert_string_equal(s, "Dan");
    free(s);
    /* the teacher share: 2 of 3 */
    s = xp_str(doc, "string(//section[@id='summary'])");
    assert_non_null(strstr(s, "67% of the 3 replies between people went through a teacher"));
    free(s);
    /* the hostile name is text: the page's one script, no element from it */
    assert_int_equal((int)xp_num(doc, "count(//script)"), 1);
    assert_int_equal((int)xp_num(doc, "count(//*[@onload])"), 0);
    assert_int_equal((int)xp_num(doc, "count(//s:svg[not(@class='chart')])"), 0);
    s = xp_str(doc, "string(//table[@id='participation-table'])");
    assert_non_null(strstr(s, HOSTILE));
    free(s);
    /* the charts: network, tree, timeline, posts over time; every person's
     * mark names them, every comment of the tree has a tooltip */
    assert_int_equal((int)xp_num(doc, "count(//s:svg[@data-chart='network'])"), 1);
    assert_int_equal((int)xp_num(doc, "count(//s:svg[@data-chart='tree'])"), 1);
    assert_int_equal((int)xp_num(doc, "count(//s:svg[@data-chart='timeline'])"), 1);
    assert_int_equal((int)xp_num(doc, "count(//s:svg[@data-chart='over-time'])"), 1);
    assert_int_equal((int)xp_num(doc, "count(//s:svg[@data-chart='tree']//s:g[@class='node'])"), 6);
    assert_int_equal(
        (int)xp_num(doc, "count(//s:svg[@data-chart='tree']//s:g[@class='node'][s:title])"), 6);
    assert_int_equal(
        (int)xp_num(doc, "count(//s:svg[@data-chart='tree']//s:g[@class='node'][@data-person='2'])"),
        2);
    /* ids stay unique across the inlined charts */
    assert_int_equal((int)xp_num(doc, "count(//*[@id][@id = preceding::*/@id])"), 0);
    /* no location: one line says so */
    s = xp_str(doc, "string(//section[@id='who-whom'])");
    assert_non_null(strstr(s, "No post gives a location"));
    free(s);
    xmlFreeDoc(doc);
    /* a big forum: tables cut to the top rows, with a note */
    opt.big_comments = 1;
    opt.top = 2;
    doc = write_page(&f.ds, &a, &opt, path, sizeof path);
    assert_int_equal((int)xp_num(doc, "count(//table[@id='participation-table']/tbody/tr)"), 2);
    s = xp_str(doc, "string(//section[@id='participation']/p[@class='note'])");
    assert_string_equal(s, "This table shows the first 2 of 5 rows; users.csv holds them all.");
    free(s);
    xmlFreeDoc(doc);
    /* no teacher: the page says the share is not computed */
    f.ds.user_role = NULL;
    tg_page_options_init(&opt);
    doc = write_page(&f.ds, &a, &opt, path, sizeof path);
    s = xp_str(doc, "string(//section[@id='summary'])");
    assert_non_null(strstr(s, "No one is marked as a teacher"));
    free(s);
    assert_int_equal((int)xp_num(doc, "count(//table[@id='participation-table']/tbody/tr)"), 4);
    xmlFreeDoc(doc);
    unlink(path);
    tg_analysis_destroy(&a);
}

/* no comment at all: every section still there, saying so */
static void test_empty(void **state)
{
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_page_options_t opt;
    char path[512], *s;
    xmlDocPtr doc;

    (void)state;
    tg_dataset_init(&ds);
    analyze(&ds, &a);
    tg_page_options_init(&opt);
    doc = write_page(&ds, &a, &opt, path, sizeof path);
    assert_int_equal((int)xp_num(doc, "count(//section)"), 8);
    s = xp_str(doc, "string(//section[@id='summary'])");
    assert_non_null(strstr(s, "There are no comments yet."));
    free(s);
    s = xp_str(doc, "string(//section[@id='who-whom'])");
    assert_non_null(strstr(s, "there is no matrix"));
    assert_non_null(strstr(s, "No comment has a time"));
    free(s);
    assert_int_equal((int)xp_num(doc, "count(//table[@id='participation-table']/tbody/tr)"), 0);
    xmlFreeDoc(doc);
    unlink(path);
    tg_analysis_destroy(&a);
}

/* a chart in memory is byte for byte the chart in a file */
static void test_svg_memory(void **state)
{
    forum f;
    tg_analysis_t a;
    tg_error_t err;
    char path[512], *svg = NULL, *file = NULL;
    size_t len = 0, flen = 0;
    FILE *fp;
    int k;

    (void)state;
    build(&f);
    analyze(&f.ds, &a);
    for (k = 0; k < 2; k++) {
        tg_chart_t chart = k == 0 ? TG_CHART_NETWORK : TG_CHART_TREE;

        snprintf(path, sizeof path, "%s/tg-page-%ld.svg",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
        tg_error_clear(&err);
        assert_int_equal(tg_render_chart(chart, &f.ds, &a, NULL, path, &err), TG_OK);
        assert_int_equal(tg_render_chart_svg(chart, &f.ds, &a, NULL, &svg, &len, &err), TG_OK);
        fp = fopen(path, "rb");
        assert_non_null(fp);
        file = malloc(len + 2);
        flen = fread(file, 1, len + 1, fp);
        fclose(fp);
        unlink(path);
        assert_int_equal(flen, len);
        assert_memory_equal(file, svg, len);
        assert_int_equal(strlen(svg), len);
        free(file);
        free(svg);
    }
    tg_analysis_destroy(&a);
}

static void test_bad_path(void **state)
{
    forum f;
    tg_analysis_t a;
    tg_error_t err;

    (void)state;
    build(&f);
    analyze(&f.ds, &a);
    tg_error_clear(&err);
    assert_int_equal(tg_report_html(&f.ds, &a, NULL, "/no/such/folder/page.html", &err),
                     TG_ERR_IO);
    assert_non_null(strstr(err.message, "/no/such/folder/page.html"));
    tg_analysis_destroy(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_teacher_share),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_svg_memory),
        cmocka_unit_test(test_bad_path),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
