/* import_wordpress.c - WordPress eXtended RSS (WXR, Tools > Export), in any
 * version of its wp: namespace (http://wordpress.org/export/1.0/ ... 1.2/).
 * Each <item> is a post, page or other entry: the thread's post, with its
 * <wp:comment> elements as comments (comment_parent 0: top-level).
 * Pingbacks and trackbacks are counted, not stored.  Streamed with libxml2's
 * reader one item at a time.  The rules are in docs/formats.md. */
#include <stdio.h>
#include <string.h>

#include "xml_internal.h"

#define WP_NS "wordpress.org/export/"
#define DC_NS "purl.org/dc/elements/"
#define CONTENT_NS "purl.org/rss/1.0/modules/content/"

typedef struct wstate {
    tg_sink_t *sink;
    tg_error_t *err;
    const char *name;
    long items;              /* items seen, for ids of items without one */
    tg_buf thread, title, author, time, raw, text, type, id, parent, approved, scratch;
} wstate;

static tg_status_t nomem(wstate *st)
{
    return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
}

static tg_status_t note(wstate *st, long line, const char *what)
{
    return tg_import_report_note(st->sink->report, line, what) ? nomem(st) : TG_OK;
}

/* The trimmed text of n's child local (namespace part ns) into b. */
static int child_text(const xmlNode *n, const char *ns, const char *local, tg_buf *b)
{
    size_t len;
    const char *t;

    tg_buf_reset(b);
    if (tg_xml_text(tg_xml_child(n, ns, local), b))
        return -1;
    t = tg_trim(b->data, b->len, &len);
    memmove(b->data, t, len);
    b->len = len;
    b->data[len] = '\0';
    return 0;
}

/* WordPress writes "0000-00-00 00:00:00" for dates it does not have. */
static int no_date(const tg_buf *b)
{
    return b->len == 0 || strncmp(b->data, "0000-00-00", 10) == 0;
}

/* The GMT date of n (child gmt), else its local date (child local), taken
 * as UTC; the text used goes to st->time. */
static int pick_date(wstate *st, const xmlNode *n, const char *gmt, const char *local)
{
    if (child_text(n, WP_NS, gmt, &st->time))
        return -1;
    if (no_date(&st->time) && child_text(n, WP_NS, local, &st->time))
        return -1;
    if (no_date(&st->time))
        tg_buf_reset(&st->time);
    return 0;
}

static void parse_time(wstate *st, long line, int mail, const char **text, int64_t *t, int *has)
{
    int zoneless;

    *text = NULL;
    *has = 0;
    if (!st->time.len)
        return;
    *text = st->time.data;
    if ((mail ? tg_time_parse_mail(st->time.data, st->time.len, t, &zoneless)
              : tg_time_parse(st->time.data, st->time.len, t)) == 0)
        *has = 1;
    else
        tg_import_report_tally(st->sink->report, TG_TALLY_BAD_TIME, line);
}

/* Is c a comment (not a pingback or trackback)?  Counts what it is not. */
static int is_comment(wstate *st, const xmlNode *c, long line, tg_status_t *rc)
{
    *rc = TG_OK;
    if (child_text(c, WP_NS, "comment_type", &st->type)) {
        *rc = nomem(st);
        return 0;
    }
    if (tg_ascii_ieq(st->type.data, st->type.len, "pingback")) {
        *rc = note(st, line, "pingbacks (not comments, not stored)");
        return 0;
    }
    if (tg_ascii_ieq(st->type.data, st->type.len, "trackback")) {
        *rc = note(st, line, "trackbacks (not comments, not stored)");
        return 0;
    }
    return 1;
}

static tg_status_t take_comment(wstate *st, const xmlNode *c)
{
    tg_comment_rec_t r;
    long line = tg_xml_line(c);
    tg_status_t rc;
    const char *a;

    if (!is_comment(st, c, line, &rc))
        return rc;
    if (child_text(c, WP_NS, "comment_id", &st->id) ||
        child_text(c, WP_NS, "comment_parent", &st->parent) ||
        child_text(c, WP_NS, "comment_author", &st->author) ||
        child_text(c, WP_NS, "comment_approved", &st->approved) ||
        child_text(c, WP_NS, "comment_content", &st->text) ||
        pick_date(st, c, "comment_date_gmt", "comment_date"))
        return nomem(st);
    if (!st->id.len)
        return tg_import_report_skip(st->sink->report, line, "comment without a comment_id")
                   ? nomem(st)
                   : TG_OK;
    memset(&r, 0, sizeof r);
    r.thread_id = st->thread.data;
    r.id = st->id.data;
    r.parent_id = st->parent.len && strcmp(st->parent.data, "0") != 0 ? st->parent.data : NULL;
    r.author = st->author.data;
    r.text = st->text.len ? st->text.data : NULL;
    r.line = line;
    /* comment_approved: 1 approved, 0 awaiting moderation, spam, trash */
    a = st->approved.data;
    if (strcmp(a, "spam") == 0)
        r.flags = TG_COMMENT_SPAM;
    else if (strcmp(a, "trash") == 0 || strcmp(a, "post-trashed") == 0)
        r.flags = TG_COMMENT_DELETED;
    else if (st->approved.len && strcmp(a, "1") != 0 && strcmp(a, "approve") != 0)
        r.flags = TG_COMMENT_UNAPPROVED;
    parse_time(st, line, 0, &r.time_text, &r.time, &r.has_time);
    return st->sink->comment(st->sink, &r, st->err);
}

static tg_status_t take_item(wstate *st, const xmlNode *item)
{
    tg_post_rec_t p;
    const xmlNode *c;
    long line = tg_xml_line(item), ncomments = 0;
    tg_status_t rc;
    char pos[32];

    st->items++;
    /* the thread's id: the post's id, else its guid or link, else its place */
    if (child_text(item, WP_NS, "post_id", &st->thread) ||
        (!st->thread.len && child_text(item, "", "guid", &st->thread)) ||
        (!st->thread.len && child_text(item, "", "link", &st->thread)) ||
        child_text(item, WP_NS, "post_type", &st->type))
        return nomem(st);
    if (!st->thread.len) {
        snprintf(pos, sizeof pos, "item-%ld", st->items);
        if (tg_buf_addstr(&st->thread, pos))
            return nomem(st);
    }
    for (c = item->children; c; c = c->next)
        if (tg_xml_is(c, WP_NS, "comment")) {
            if (child_text(c, WP_NS, "comment_type", &st->scratch))
                return nomem(st);
            ncomments += !tg_ascii_ieq(st->scratch.data, st->scratch.len, "pingback") &&
                         !tg_ascii_ieq(st->scratch.data, st->scratch.len, "trackback");
        }
    if (!ncomments && st->type.len && strcmp(st->type.data, "post") != 0 &&
        strcmp(st->type.data, "page") != 0) {
        /* attachments, menu items, templates ... without comments */
        snprintf(pos, sizeof pos, "%.20s", st->type.data);
        tg_buf_reset(&st->scratch);
        if (tg_buf_addf(&st->scratch, "items of type '%s' without comments (not stored)", pos))
            return nomem(st);
        return note(st, line, st->scratch.data);
    }
    if (child_text(item, "", "title", &st->title) ||
        child_text(item, DC_NS, "creator", &st->author) ||
        pick_date(st, item, "post_date_gmt", "post_date"))
        return nomem(st);
    memset(&p, 0, sizeof p);
    p.thread_id = st->thread.data;
    p.title = st->title.len ? st->title.data : NULL;
    p.author = st->author.len ? st->author.data : NULL;
    p.line = line;
    if (st->time.len) {
        parse_time(st, line, 0, &p.time_text, &p.time, &p.has_time);
    } else {
        if (child_text(item, "", "pubDate", &st->time))
            return nomem(st);
        parse_time(st, line, 1, &p.time_text, &p.time, &p.has_time);
    }
    tg_buf_reset(&st->raw);
    tg_buf_reset(&st->text);
    if (tg_xml_text(tg_xml_child(item, CONTENT_NS, "encoded"), &st->raw))
        return nomem(st);
    if ((rc = tg_html_to_text(&st->text, st->raw.data, st->raw.len, st->err)))
        return rc;
    p.text = st->text.len ? st->text.data : NULL;
    if ((rc = st->sink->post(st->sink, &p, st->err)))
        return rc;
    for (c = item->children; c; c = c->next)
        if (tg_xml_is(c, WP_NS, "comment") && (rc = take_comment(st, c)))
            return rc;
    return TG_OK;
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    wstate st;
    tg_xml_t *x = NULL;
    xmlNode *n;
    tg_status_t rc = TG_OK;
    int r;
    tg_buf *bufs[] = { &st.thread, &st.title, &st.author, &st.time, &st.raw, &st.text,
                       &st.type, &st.id, &st.parent, &st.approved, &st.scratch };
    size_t i;

    (void)opt;
    memset(&st, 0, sizeof st);
    st.sink = sink;
    st.err = err;
    st.name = tg_input_name(in);
    if ((rc = tg_xml_open(in, &x, err)))
        goto out;
    while ((r = tg_xml_next(x, 2, &n, err)) == 1) {
        if (strcmp(tg_xml_root(x), "rss") != 0) {
            rc = tg_error_set_at(err, TG_ERR_DATA, st.name, tg_xml_line(n), 0,
                                 "not a WordPress export: the root element is <%s>, not <rss>",
                                 tg_xml_root(x));
            goto out;
        }
        if (tg_xml_is(n, "", "item") && tg_xml_is(n->parent, "", "channel") &&
            (rc = take_item(&st, n)))
            goto out;
    }
    if (r < 0)
        rc = err ? err->code : TG_ERR_DATA;
out:
    tg_xml_close(x);
    for (i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        tg_buf_release(bufs[i]);
    return rc;
}

static int detect(const char *path, const char *head, size_t len)
{
    (void)path;
    if (memmem(head, len, "<rss", 4) && memmem(head, len, "wordpress.org/export/", 21))
        return 95;
    return 0;
}

const tg_importer_t tg_importer_wordpress = {
    "wordpress",
    "wordpress",
    "WordPress WXR export (any export version): posts and their comments",
    detect,
    run,
};
