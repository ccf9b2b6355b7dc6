/* import_reddit.c - Reddit as its JSON API serves it: a thread (its URL
 * with .json appended: an array of two Listings, the t3 post, then the t1
 * comments with their replies nested in `replies`, which is "" when there
 * are none) and an /api/morechildren response ({"json": {"data": {"things":
 * [...]}}}, the comments a `more` stub stood for, flat).
 *
 * The t3 is the thread's post, not a comment.  A `more` stub is not a
 * comment either: each is counted in the integrity report with the ids it
 * lists and the comments it hides by Reddit's own `count`, so that nothing
 * is dropped silently.  A comment whose body is "[deleted]" or "[removed]"
 * is kept as a tombstone.  Bodies are read from body_html (HTML escaped
 * once more as text: html_text.c undoes both), or from body.
 *
 * Read with the event parser (json_walk.c): records are picked out of the
 * stream by where they sit (an object in a `children` or `things` array, or
 * in the top-level array), with the line and byte where each starts.  A
 * comment's fields close after its replies, so every record is kept (only
 * the fields used) until the document ends and then sent in document order,
 * parents first; a thread holds at most a few thousand comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

enum {
    R_KIND, R_ID, R_NAME, R_PARENT, R_LINK, R_AUTHOR, R_CREATED_UTC, R_CREATED, R_BODY,
    R_BODY_HTML, R_TITLE, R_SELFTEXT, R_SELFTEXT_HTML, R_COUNT,
    R_CHILDREN,         /* a stub's children: ids, each with its NUL */
    RN
};

/* R_KIND is a key of the thing; the others are keys of its data */
static const char *const rkeys[RN] = {
    "kind", "id", "name", "parent_id", "link_id", "author", "created_utc", "created", "body",
    "body_html", "title", "selftext", "selftext_html", "count", "children"
};

typedef struct rstate {
    tg_sink_t *sink;
    tg_error_t *err;
    tg_jstack things;   /* in document order */
    tg_buf text, tmp;
    tg_buf error;       /* morechildren's first error */
    int root_is_array;
    long root_elems;
    int saw_things_array;
    const char *post_id; /* the only t3's id, for comments without link_id */
    int nposts;
} rstate;

static tg_status_t nomem(rstate *st)
{
    return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
}

static int is_thing(tg_jwalk *w, size_t lvl)
{
    if (lvl == 0 || tg_jwalk_is_map(w, lvl - 1))
        return 0;
    if (lvl == 1)
        return 1;
    return tg_jwalk_key_is(w, lvl - 2, "children") || tg_jwalk_key_is(w, lvl - 2, "things");
}

static tg_status_t on_open(void *ctx, tg_jwalk *w, int is_map)
{
    rstate *st = ctx;
    size_t lvl = tg_jwalk_depth(w) - 1;

    if (lvl == 0)
        st->root_is_array = !is_map;
    if (lvl == 1 && st->root_is_array)
        st->root_elems++;
    if (!is_map && lvl >= 1 && tg_jwalk_key_is(w, lvl - 1, "things"))
        st->saw_things_array = 1;
    if (!is_map || !is_thing(w, lvl))
        return TG_OK;
    return tg_jstack_open(&st->things, w) ? nomem(st) : TG_OK;
}

static tg_status_t on_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *s, size_t n)
{
    rstate *st = ctx;
    size_t d = tg_jwalk_depth(w), L;

    /* {"json": {"errors": [["RATELIMIT", "you are doing that too much", ...]]}}:
     * the strings of the first error */
    if (d == 4 && t == TG_J_STRING && tg_jwalk_key_is(w, 0, "json") &&
        tg_jwalk_key_is(w, 1, "errors") && tg_jwalk_index(w, 2) == 0) {
        if ((st->error.len && tg_buf_addstr(&st->error, ": ")) || tg_buf_add(&st->error, s, n))
            return nomem(st);
        return TG_OK;
    }
    if (d == 1 && st->root_is_array)
        st->root_elems++;
    if (!tg_jstack_top(&st->things, &L) || t == TG_J_NULL)
        return TG_OK;
    if (d == L + 1 && tg_jwalk_key_is(w, L, "kind"))
        return tg_jstack_set(&st->things, R_KIND, s, n) ? nomem(st) : TG_OK;
    if (d < L + 2 || !tg_jwalk_key_is(w, L, "data"))
        return TG_OK;
    if (d == L + 2)
        return tg_jstack_keep(&st->things, w, L + 1, rkeys, R_ID, R_CHILDREN, s, n) ? nomem(st)
                                                                                  : TG_OK;
    /* a stub's children: data.children[i] */
    if (d == L + 3 && tg_jwalk_key_is(w, L + 1, "children") && !tg_jwalk_is_map(w, L + 2) &&
        t == TG_J_STRING && tg_jstack_append(&st->things, R_CHILDREN, s, n))
        return nomem(st);
    return TG_OK;
}

static tg_status_t on_close(void *ctx, tg_jwalk *w, int is_map)
{
    rstate *st = ctx;

    (void)is_map;
    return tg_jstack_close(&st->things, w) < 0 ? nomem(st) : TG_OK;
}

static const tg_jwalk_cb reddit_cb = { on_open, on_close, on_scalar };

/* ---- records ---- */

static const char *get(const tg_jrec *th, int k)
{
    return th->f[k] && *th->f[k] ? th->f[k] : NULL;
}

static const char *strip(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);

    return s && strncmp(s, prefix, n) == 0 ? s + n : s;
}

static tg_status_t skip(rstate *st, const tg_jrec *th, const char *why)
{
    return tg_import_report_skip_at(st->sink->report, th->line, th->byte, why) ? nomem(st)
                                                                             : TG_OK;
}

static int tombstone_text(const char *s)
{
    return s && (strcmp(s, "[deleted]") == 0 || strcmp(s, "[removed]") == 0);
}

/* The plain text of a body: body_html is HTML escaped as text ("&lt;p&gt;"),
 * so it is unescaped, then read as HTML; body (Markdown) has &amp; &lt; &gt;
 * escaped.  Returns NULL in *out for an empty body. */
static tg_status_t body_text(rstate *st, const char *html, const char *md, const char **out)
{
    tg_status_t rc;

    *out = NULL;
    tg_buf_reset(&st->text);
    if (html) {
        tg_buf_reset(&st->tmp);
        if ((rc = tg_html_unescape(&st->tmp, html, strlen(html), st->err)) ||
            (rc = tg_html_to_text(&st->text, st->tmp.data, st->tmp.len, st->err)))
            return rc;
    } else if (md) {
        if ((rc = tg_html_unescape(&st->text, md, strlen(md), st->err)))
            return rc;
    }
    if (st->text.len)
        *out = st->text.data;
    return TG_OK;
}

static void set_time(rstate *st, const tg_jrec *th, const char **text, int64_t *t, int *has)
{
    const char *s = get(th, R_CREATED_UTC) ? get(th, R_CREATED_UTC) : get(th, R_CREATED);

    *text = s;
    *has = 0;
    if (!s)
        return;
    if (tg_time_parse(s, strlen(s), t) == 0)
        *has = 1;
    else
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_TIME, th->line, th->byte);
}

static const char *thing_id(const tg_jrec *th, const char *prefix)
{
    const char *id = get(th, R_ID);

    return id ? strip(id, prefix) : strip(get(th, R_NAME), prefix);
}

static tg_status_t emit_post(rstate *st, const tg_jrec *th)
{
    tg_post_rec_t p;
    const char *id = thing_id(th, "t3_");
    tg_buf title = TG_BUF_INIT;
    tg_status_t rc;

    if (!id || !*id)
        return skip(st, th, "post (t3) without an id");
    memset(&p, 0, sizeof p);
    p.thread_id = id;
    p.author = get(th, R_AUTHOR);
    p.line = th->line;
    set_time(st, th, &p.time_text, &p.time, &p.has_time);
    if (get(th, R_TITLE)) {
        /* titles are escaped like bodies */
        if ((rc = tg_html_unescape(&title, get(th, R_TITLE), strlen(get(th, R_TITLE)), st->err)))
            goto out;
        p.title = title.data;
    }
    if (!tombstone_text(get(th, R_SELFTEXT)) &&
        (rc = body_text(st, get(th, R_SELFTEXT_HTML), get(th, R_SELFTEXT), &p.text)))
        goto out;
    rc = st->sink->post(st->sink, &p, st->err);
out:
    tg_buf_release(&title);
    return rc;
}

static tg_status_t emit_comment(rstate *st, const tg_jrec *th)
{
    tg_comment_rec_t c;
    const char *id = thing_id(th, "t1_"), *parent = get(th, R_PARENT), *link = get(th, R_LINK);
    tg_status_t rc;

    if (!id || !*id)
        return skip(st, th, "comment (t1) without an id");
    memset(&c, 0, sizeof c);
    c.id = id;
    c.line = th->line;
    if (parent && strncmp(parent, "t1_", 3) == 0)
        c.parent_id = parent + 3;
    else if (parent && strncmp(parent, "t3_", 3) == 0)
        c.parent_id = NULL;
    else
        c.parent_id = parent;
    if (link)
        c.thread_id = strip(link, "t3_");
    else if (parent && strncmp(parent, "t3_", 3) == 0)
        c.thread_id = parent + 3;
    else if (st->nposts == 1)
        c.thread_id = st->post_id;
    else
        return skip(st, th, "comment (t1) without a link_id");
    c.author = get(th, R_AUTHOR) ? get(th, R_AUTHOR) : "";
    set_time(st, th, &c.time_text, &c.time, &c.has_time);
    if (tombstone_text(get(th, R_BODY))) {
        c.flags |= TG_COMMENT_DELETED | TG_COMMENT_TOMBSTONE;
        tg_import_report_tombstone(st->sink->report, th->line, th->byte);
    } else {
        if ((rc = body_text(st, get(th, R_BODY_HTML), get(th, R_BODY), &c.text)))
            return rc;
        if (tombstone_text(c.text)) {
            c.text = NULL;
            c.flags |= TG_COMMENT_DELETED | TG_COMMENT_TOMBSTONE;
            tg_import_report_tombstone(st->sink->report, th->line, th->byte);
        }
    }
    return st->sink->comment(st->sink, &c, st->err);
}

static tg_status_t emit_stub(rstate *st, const tg_jrec *th)
{
    const char **ids = NULL;
    const char *p = th->f[R_CHILDREN];
    size_t len = th->len[R_CHILDREN], nids = 0, i;
    long hidden = get(th, R_COUNT) ? strtol(get(th, R_COUNT), NULL, 10) : 0;
    tg_status_t rc = TG_OK;

    for (i = 0; i < len; i++)
        nids += p[i] == '\0';
    if (nids && !(ids = malloc(nids * sizeof *ids)))
        return nomem(st);
    for (i = 0; i < nids; i++) {
        ids[i] = p;
        p += strlen(p) + 1;
    }
    if (tg_import_report_stub(st->sink->report, th->line, th->byte, hidden < 0 ? 0 : hidden, ids,
                              nids))
        rc = nomem(st);
    free(ids);
    return rc;
}

static tg_status_t emit(rstate *st, const tg_jrec *th)
{
    const char *kind = get(th, R_KIND);

    if (th->repaired)
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_UTF8, th->line, th->byte);
    if (!kind)
        return skip(st, th, "thing without a kind");
    if (strcmp(kind, "t3") == 0)
        return emit_post(st, th);
    if (strcmp(kind, "t1") == 0)
        return emit_comment(st, th);
    if (strcmp(kind, "more") == 0)
        return emit_stub(st, th);
    if (strcmp(kind, "Listing") == 0)
        return TG_OK;
    return skip(st, th, "thing of another kind (not t1, t3 or more)");
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    rstate st;
    tg_jwalk *w = NULL;
    tg_status_t rc;
    size_t i, nthings = 0, nlistings = 0;
    const char *name = tg_input_name(in);

    (void)opt;
    memset(&st, 0, sizeof st);
    st.sink = sink;
    st.err = err;
    tg_jstack_init(&st.things, RN);
    if ((rc = tg_jwalk_new(&reddit_cb, &st, name, &w, err)) ||
        (rc = tg_json_read(in, TG_JSON_DOCUMENT, w, sink, err)))
        goto out;
    for (i = 0; i < tg_jstack_count(&st.things); i++) {
        const tg_jrec *th = tg_jstack_rec(&st.things, i);
        const char *kind = get(th, R_KIND);

        if (kind && strcmp(kind, "Listing") == 0) {
            nlistings++;
        } else if (kind) {
            nthings++;
            if (strcmp(kind, "t3") == 0 && thing_id(th, "t3_")) {
                st.post_id = thing_id(th, "t3_");
                st.nposts++;
            }
        }
    }
    /* the shape: two Listings (a thread), or things (morechildren) */
    if (st.root_is_array && st.root_elems == 0) {
        rc = tg_error_set_at(err, TG_ERR_DATA, name, 1, 0,
                             "an empty JSON array: a Reddit thread is an array of two Listings "
                             "(the post, then the comments)");
        goto out;
    }
    if (!nthings && st.error.len) {
        rc = tg_error_set_at(err, TG_ERR_DATA, name, 1, 0,
                             "the /api/morechildren response reports an error: %s",
                             st.error.data);
        goto out;
    }
    if (!nthings && !nlistings && !st.saw_things_array) {
        rc = tg_error_set_at(err, TG_ERR_DATA, name, 1, 0,
                             "not a Reddit thread or /api/morechildren response: expected an "
                             "array of Listings or {\"json\": {\"data\": {\"things\": [...]}}} "
                             "(morechildren needs api_type=json)");
        goto out;
    }
    if (!nthings) {
        rc = tg_error_set_at(err, TG_ERR_DATA, name, 1, 0,
                             "no post, comment or more stub in the file (its %s empty)",
                             nlistings ? "Listings are" : "things array is");
        goto out;
    }
    for (i = 0; i < tg_jstack_count(&st.things) && !rc; i++)
        rc = emit(&st, tg_jstack_rec(&st.things, i));
out:
    tg_jwalk_free(w);
    tg_buf_release(&st.error);
    tg_jstack_release(&st.things);
    tg_buf_release(&st.text);
    tg_buf_release(&st.tmp);
    return rc;
}

static int detect(const char *path, const char *head, size_t len)
{
    (void)path;
    /* a thread: [{"kind": "Listing", ... */
    if (tg_json_head_starts(head, len, '[') && tg_json_head_has_key(head, len, "kind") &&
        memmem(head, len, "\"Listing\"", 9))
        return 95;
    /* morechildren: {"json": {"errors": [], "data": {"things": [... */
    if (tg_json_head_starts(head, len, '{') && tg_json_head_has_key(head, len, "json") &&
        (tg_json_head_has_key(head, len, "things") || tg_json_head_has_key(head, len, "errors")))
        return 95;
    /* one Listing (a subreddit's comments) */
    if (tg_json_head_starts(head, len, '{') && memmem(head, len, "\"Listing\"", 9) &&
        tg_json_head_has_key(head, len, "children"))
        return 90;
    return 0;
}

const tg_importer_t tg_importer_reddit = {
    "reddit",
    "reddit",
    "a Reddit thread (.json of its URL: two Listings) or an /api/morechildren response",
    detect,
    run,
};
