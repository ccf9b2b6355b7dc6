/* test_import_helpers.c - the helpers the JSON and HTML importers share:
 * HTML bodies to plain text (html_text.c), the path-tracking JSON walker and
 * its error places (json_walk.c), and thread inference for records that do
 * not name their thread (threads.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import/import_internal.h"

/* ---- html_text ---- */

static void check_text(const char *html, const char *want)
{
    tg_buf b = TG_BUF_INIT;
    tg_error_t err;

    assert_int_equal(tg_html_to_text(&b, html, strlen(html), &err), TG_OK);
    if (strcmp(b.data ? b.data : "", want) != 0)
        fail_msg("html %s\n  gave [%s]\n  want [%s]", html, b.data, want);
    tg_buf_release(&b);
}

static void test_html_to_text(void **state)
{
    (void)state;
    check_text("", "");
    check_text("plain words", "plain words");
    check_text("<p>one</p><p>two</p>", "one\n\ntwo");
    /* HN style: paragraphs opened, never closed */
    check_text("first<p>second<p>third", "first\n\nsecond\n\nthird");
    check_text("a &amp; b &lt;c&gt; &#39;d&#39; &eacute; &#x1F600;", "a & b <c> 'd' \xC3\xA9 \xF0\x9F\x98\x80");
    check_text("  lots   of\n\n  space\t here  ", "lots of space here");
    check_text("line<br>break<br/><br />twice", "line\nbreak\n\ntwice");
    check_text("<ul><li>a</li><li>b <b>bold</b></li></ul>after", "a\nb bold\n\nafter");
    check_text("<pre><code>  x = 1\n  y = 2</code></pre>", "  x = 1\n  y = 2");
    check_text("<p>keep</p><script>alert(1)</script><style>p{}</style><p>this</p>", "keep\n\nthis");
    check_text("<blockquote><p>quoted</p></blockquote><p>answer</p>", "quoted\n\nanswer");
    check_text("<a href=\"https://example.com\">a link</a> here", "a link here");
    /* broken markup is read as a browser would */
    check_text("<p>unclosed <b>bold <i>both", "unclosed bold both");
    check_text("<div>x</div>trailing<br>", "x\n\ntrailing");
    check_text("in<!-- a comment -->side", "inside");
}

static void check_unescape(const char *s, const char *want)
{
    tg_buf b = TG_BUF_INIT;
    tg_error_t err;

    assert_int_equal(tg_html_unescape(&b, s, strlen(s), &err), TG_OK);
    if (strcmp(b.data ? b.data : "", want) != 0)
        fail_msg("unescape %s\n  gave [%s]\n  want [%s]", s, b.data, want);
    tg_buf_release(&b);
}

static void test_html_unescape(void **state)
{
    (void)state;
    check_unescape("no entities <3", "no entities <3");
    check_unescape("&lt;p&gt;a &amp;amp; b&lt;/p&gt;", "<p>a &amp; b</p>");
    check_unescape("&gt; quoted\n\nline &amp; more", "> quoted\n\nline & more");
    check_unescape("I &lt;3 you & <b>not a tag</b> &amp;", "I <3 you & <b>not a tag</b> &");
}

/* ---- json_walk ---- */

typedef struct seen {
    tg_buf log;
} seen;

static tg_status_t w_open(void *ctx, tg_jwalk *w, int is_map)
{
    seen *s = ctx;
    size_t d = tg_jwalk_depth(w);
    long line, byte;
    tg_buf path = TG_BUF_INIT;

    tg_jwalk_where(w, d - 1, &line, &byte);
    tg_jwalk_path(w, d - 1, &path);
    tg_buf_addf(&s->log, "%s%s@%ld:%ld ", is_map ? "{" : "[", path.data, line, byte);
    tg_buf_release(&path);
    return TG_OK;
}

static tg_status_t w_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *v, size_t n)
{
    seen *s = ctx;
    size_t d = tg_jwalk_depth(w);

    (void)n;
    tg_buf_addf(&s->log, "%s=%s%s ", d && tg_jwalk_is_map(w, d - 1) ? tg_jwalk_key(w, d - 1) : "#",
                t == TG_J_STRING ? "s:" : "", v);
    return TG_OK;
}

static const tg_jwalk_cb log_cb = { w_open, NULL, w_scalar };

static tg_status_t walk_text(const char *text, seen *s, tg_error_t *err)
{
    tg_jwalk *w = NULL;
    tg_status_t rc;

    tg_error_clear(err);
    if ((rc = tg_jwalk_new(&log_cb, s, "t.json", &w, err)))
        return rc;
    tg_jwalk_reset(w, 1, 1);
    /* fed in two pieces, cut inside a string, to cross a block boundary */
    if (!(rc = tg_jwalk_feed(w, text, strlen(text) / 2, err)) &&
        !(rc = tg_jwalk_feed(w, text + strlen(text) / 2, strlen(text) - strlen(text) / 2, err)))
        rc = tg_jwalk_finish(w, err);
    tg_jwalk_free(w);
    return rc;
}

static void test_json_walk(void **state)
{
    seen s = { TG_BUF_INIT };
    tg_error_t err;

    (void)state;
    assert_int_equal(walk_text("[{\"a\": [1, {\"b\": \"x\\u00e9\"}],\n \"c\": null}]", &s, &err),
                     TG_OK);
    assert_string_equal(s.log.data, "[$@1:1 {$[0]@1:2 [$[0].a@1:8 #=1 {$[0].a[1]@1:12 b=s:x\xC3\xA9 "
                                    "c=null ");
    tg_buf_release(&s.log);

    /* malformed: the place is named */
    assert_int_equal(walk_text("{\"a\": 1,\n \"b\": tru}", &s, &err), TG_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "malformed JSON at byte"));
    assert_non_null(strstr(err.message, "(line 2, column"));
    tg_buf_release(&s.log);

    /* truncated: the open container is named with its path and place */
    assert_int_equal(walk_text("{\"a\": [1, 2,\n {\"b\": [", &s, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "truncated JSON: the file ends (byte 21) inside the array at "
                                     "$.a[2].b, opened at line 2, byte 21");
    tg_buf_release(&s.log);

    /* invalid UTF-8 in a string is repaired, not an error */
    assert_int_equal(walk_text("[\"a\xff" "b\"]", &s, &err), TG_OK);
    assert_string_equal(s.log.data, "[$@1:1 #=s:a\xEF\xBF\xBD" "b ");
    tg_buf_release(&s.log);

    assert_int_equal(walk_text("   ", &s, &err), TG_ERR_DATA);
    assert_string_equal(err.message, "no JSON value found");
    tg_buf_release(&s.log);

    assert_true(tg_json_head_has_key("{\"kind\" : 1}", 12, "kind"));
    assert_false(tg_json_head_has_key("{\"x\": \"kind\"}", 13, "kind"));
    assert_true(tg_json_lines_like("{\"a\": 1}\n{\"a\": 2}\n", 18));
    assert_false(tg_json_lines_like("{\n\"a\": 1}\n", 10));
    assert_false(tg_json_lines_like("{\"a\": 1}\n", 9));
}

/* ---- json_stack: records are the objects in a "r" array, nested too ---- */

enum { S_ID, S_TEXT, S_KIDS, SN };
static const char *const skeys[SN] = { "id", "text", "kids" };

static tg_status_t s_open(void *ctx, tg_jwalk *w, int is_map)
{
    size_t lvl = tg_jwalk_depth(w) - 1;

    if (!is_map || lvl < 2 || tg_jwalk_is_map(w, lvl - 1) || !tg_jwalk_key_is(w, lvl - 2, "r"))
        return TG_OK;
    return tg_jstack_open(ctx, w) ? TG_ERR_NOMEM : TG_OK;
}

static tg_status_t s_close(void *ctx, tg_jwalk *w, int is_map)
{
    (void)is_map;
    return tg_jstack_close(ctx, w) < 0 ? TG_ERR_NOMEM : TG_OK;
}

static tg_status_t s_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *v, size_t n)
{
    size_t d = tg_jwalk_depth(w), level;

    if (t == TG_J_NULL || !tg_jstack_top(ctx, &level))
        return TG_OK;
    if (d == level + 2 && tg_jwalk_key_is(w, level, "kids"))
        return tg_jstack_append(ctx, S_KIDS, v, n) ? TG_ERR_NOMEM : TG_OK;
    if (d != level + 1)
        return TG_OK;
    return tg_jstack_keep(ctx, w, level, skeys, 0, S_KIDS, v, n) ? TG_ERR_NOMEM : TG_OK;
}

static const tg_jwalk_cb stack_cb = { s_open, s_close, s_scalar };

static void test_json_stack(void **state)
{
    static const char text[] =
        "{\"r\": [{\"id\": \"1\", \"r\": [{\"id\": \"2\", \"text\": \"a\xff\"},\n"
        "                 {\"id\": \"3\", \"kids\": [\"x\", \"y\"]}], \"text\": \"t\",\n"
        "         \"id\": \"1b\"},\n"
        "        {\"text\": null}]}";
    tg_jstack st;
    tg_jwalk *w = NULL;
    tg_error_t err;
    const tg_jrec *r;

    (void)state;
    tg_jstack_init(&st, SN);
    assert_int_equal(tg_jwalk_new(&stack_cb, &st, "t.json", &w, &err), TG_OK);
    tg_jwalk_reset(w, 1, 1);
    assert_int_equal(tg_jwalk_feed(w, text, strlen(text), &err), TG_OK);
    assert_int_equal(tg_jwalk_finish(w, &err), TG_OK);
    assert_false(tg_jstack_top(&st, NULL));
    /* in the order they opened, parents first */
    assert_int_equal(tg_jstack_count(&st), 4);
    r = tg_jstack_rec(&st, 0);
    assert_string_equal(r->f[S_ID], "1b"); /* the last value of a key stays */
    assert_string_equal(r->f[S_TEXT], "t");
    assert_null(r->f[S_KIDS]);
    assert_int_equal(r->enclosing, -1);
    assert_int_equal(r->line, 1);
    assert_int_equal(r->byte, 8);
    assert_int_equal(r->repaired, 0); /* the repair was inside record 2 */
    r = tg_jstack_rec(&st, 1);
    assert_string_equal(r->f[S_ID], "2");
    assert_string_equal(r->f[S_TEXT], "a\xEF\xBF\xBD");
    assert_int_equal(r->repaired, 1);
    assert_int_equal(r->enclosing, 0);
    r = tg_jstack_rec(&st, 2);
    assert_int_equal(r->enclosing, 0);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->len[S_KIDS], 4); /* "x\0y\0" */
    assert_memory_equal(r->f[S_KIDS], "x\0y\0", 4);
    r = tg_jstack_rec(&st, 3);
    assert_null(r->f[S_ID]);
    assert_null(r->f[S_TEXT]);
    assert_int_equal(r->len[S_TEXT], 0);
    tg_jstack_clear(&st);
    assert_int_equal(tg_jstack_count(&st), 0);
    tg_jwalk_free(w);
    tg_jstack_release(&st);
    tg_jstack_release(NULL);
}

/* ---- threads ---- */

typedef struct got {
    tg_sink_t sink;
    char out[1024];
} got;

static tg_status_t g_comment(tg_sink_t *sink, const tg_comment_rec_t *c, tg_error_t *err)
{
    got *g = (got *)sink;
    size_t n = strlen(g->out);

    (void)err;
    snprintf(g->out + n, sizeof g->out - n, "%s:%s<%s ", c->thread_id, c->id,
             c->parent_id ? c->parent_id : "-");
    return TG_OK;
}

static void send(tg_threader *t, got *g, const char *id, const char *parent, const char *thread)
{
    tg_comment_rec_t c;
    tg_error_t err;

    memset(&c, 0, sizeof c);
    c.id = id;
    c.parent_id = parent;
    c.thread_id = thread;
    assert_int_equal(tg_threader_comment(t, &c, &g->sink, &err), TG_OK);
}

static void test_threads(void **state)
{
    tg_threader *t;
    got g;
    tg_error_t err;

    (void)state;
    memset(&g, 0, sizeof g);
    g.sink.comment = g_comment;
    assert_int_equal(tg_threader_new(TG_ORPHAN_THREAD_IS_PARENT, &t, &err), TG_OK);
    assert_int_equal(tg_threader_post(t, "S", &err), TG_OK);
    send(t, &g, "a", "S", NULL);      /* a reply to the post: top-level */
    send(t, &g, "b", "a", NULL);
    send(t, &g, "c", "d", NULL);      /* d comes later */
    send(t, &g, "d", "b", NULL);
    send(t, &g, "x", "gone", NULL);   /* its story is not in the file */
    send(t, &g, "y", "x", NULL);
    send(t, &g, "p", "q", NULL);      /* a loop p -> q -> r -> p */
    send(t, &g, "q", "r", NULL);
    send(t, &g, "r", "p", NULL);
    send(t, &g, "k", NULL, "T");      /* names its thread */
    send(t, &g, "root", NULL, NULL);  /* no parent, no thread: its own */
    assert_int_equal(tg_threader_waiting(t), 6);
    assert_string_equal(tg_threader_thread_of(t, "b"), "S");
    assert_int_equal(tg_threader_finish(t, &g.sink, &err), TG_OK);
    assert_string_equal(g.out, "S:a<- S:b<a S:d<b T:k<- root:root<- S:c<d gone:x<gone gone:y<x "
                               "p:p<q p:q<r p:r<p ");
    tg_threader_free(t);

    /* a chain listed child first, its post last: every record waits, the
     * first chain walked gives the others their thread on the way */
    memset(g.out, 0, sizeof g.out);
    assert_int_equal(tg_threader_new(TG_ORPHAN_THREAD_IS_PARENT, &t, &err), TG_OK);
    send(t, &g, "c4", "c3", NULL);
    send(t, &g, "c3", "c2", NULL);
    send(t, &g, "c2", "c1", NULL);
    send(t, &g, "c1", "P", NULL);
    assert_int_equal(tg_threader_post(t, "P", &err), TG_OK);
    assert_int_equal(tg_threader_waiting(t), 4);
    assert_int_equal(tg_threader_finish(t, &g.sink, &err), TG_OK);
    assert_string_equal(g.out, "P:c4<c3 P:c3<c2 P:c2<c1 P:c1<- ");
    tg_threader_free(t);

    /* the CSV rule: a chain that leaves the file is its own thread */
    memset(g.out, 0, sizeof g.out);
    assert_int_equal(tg_threader_new(TG_ORPHAN_THREAD_IS_SELF, &t, &err), TG_OK);
    send(t, &g, "x", "gone", NULL);
    send(t, &g, "y", "x", NULL);
    assert_int_equal(tg_threader_finish(t, &g.sink, &err), TG_OK);
    assert_string_equal(g.out, "x:x<gone x:y<x ");
    tg_threader_free(t);
    tg_threader_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_to_text),
        cmocka_unit_test(test_html_unescape),
        cmocka_unit_test(test_json_walk),
        cmocka_unit_test(test_json_stack),
        cmocka_unit_test(test_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
