/* import_disqus.c - the Disqus XML export (Admin > Moderation > Export):
 * <thread dsq:id> elements, each a page and so the thread's post, and
 * <post dsq:id> elements, the comments, which name their thread and their
 * parent by dsq:id.  Streamed with libxml2's reader one element at a time;
 * messages are HTML, stored as plain text.  The rules are in
 * docs/formats.md. */
#include <stdlib.h>
#include <string.h>

#include "xml_internal.h"

#define DISQUS_NS "disqus.com"            /* http://disqus.com */
#define DSQ_NS "disqus.com/disqus-internals"

/* a post whose thread has not been seen (yet): kept until the end */
typedef struct later {
    char *id, *thread, *parent, *author, *time_text, *text;
    long line;
    unsigned flags;
} later;

typedef struct dstate {
    tg_sink_t *sink;
    tg_error_t *err;
    const char *name;
    tg_hmap threads;         /* dsq:id of each thread seen -> index in nposts */
    tg_vec nposts;           /* long: posts of each thread */
    tg_vec first_line;       /* long: line of each thread */
    tg_vec later;            /* later */
    tg_arena arena;
    tg_buf id, ref, parent, author, time, raw, text, title, flag;
} dstate;

static tg_status_t nomem(dstate *st)
{
    return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
}

/* Is the text of item's child local "true" (any case, spaces around)?
 * -1 on out of memory. */
static int flag_of(dstate *st, const xmlNode *item, const char *local)
{
    size_t n;
    const char *t;

    tg_buf_reset(&st->flag);
    if (tg_xml_text(tg_xml_child(item, NULL, local), &st->flag))
        return -1;
    t = tg_trim(st->flag.data, st->flag.len, &n);
    return tg_ascii_ieq(t, n, "true") || tg_ascii_ieq(t, n, "1");
}

static void trim_buf(tg_buf *b)
{
    size_t n;
    const char *t = tg_trim(b->data ? b->data : "", b->len, &n);

    if (!b->data)
        return;
    memmove(b->data, t, n);
    b->len = n;
    b->data[n] = '\0';
}

/* The author's name, or else the username. */
static int author_of(const xmlNode *item, tg_buf *out)
{
    const xmlNode *a = tg_xml_child(item, NULL, "author");

    tg_buf_reset(out);
    if (tg_xml_text(tg_xml_child(a, NULL, "name"), out))
        return -1;
    trim_buf(out);
    if (!out->len) {
        if (tg_xml_text(tg_xml_child(a, NULL, "username"), out))
            return -1;
        trim_buf(out);
    }
    return 0;
}

/* The text of the <message> of item (HTML) as plain text in st->text. */
static tg_status_t message_of(dstate *st, const xmlNode *item)
{
    tg_buf_reset(&st->raw);
    tg_buf_reset(&st->text);
    if (tg_xml_text(tg_xml_child(item, NULL, "message"), &st->raw))
        return nomem(st);
    return tg_html_to_text(&st->text, st->raw.data, st->raw.len, st->err);
}

static void set_time(dstate *st, const char *text, long line, const char **time_text,
                     int64_t *t, int *has)
{
    *time_text = NULL;
    *has = 0;
    if (!text || !*text)
        return;
    *time_text = text;
    if (tg_time_parse(text, strlen(text), t) == 0)
        *has = 1;
    else
        tg_import_report_tally(st->sink->report, TG_TALLY_BAD_TIME, line);
}

static tg_status_t take_thread(dstate *st, const xmlNode *n)
{
    tg_post_rec_t p;
    long line = tg_xml_line(n);
    int found, r;
    int64_t *slot;
    tg_status_t rc;

    tg_buf_reset(&st->id);
    if ((r = tg_xml_attr(n, DSQ_NS, "id", &st->id)) < 0)
        return nomem(st);
    trim_buf(&st->id);
    if (!r || !st->id.len)
        return tg_import_report_skip(st->sink->report, line, "thread without a dsq:id");
    slot = tg_hmap_put(&st->threads, st->id.data, st->id.len, (int64_t)st->nposts.n, &found);
    if (!slot)
        return nomem(st);
    if (!found) {
        if (!tg_vec_push(&st->nposts) || !tg_vec_push(&st->first_line))
            return nomem(st);
        TG_VEC_AT(&st->first_line, long, *slot) = line;
    }
    memset(&p, 0, sizeof p);
    p.thread_id = st->id.data;
    tg_buf_reset(&st->title);
    tg_buf_reset(&st->time);
    if (tg_xml_text(tg_xml_child(n, NULL, "title"), &st->title) ||
        tg_xml_text(tg_xml_child(n, NULL, "createdAt"), &st->time) ||
        author_of(n, &st->author))
        return nomem(st);
    trim_buf(&st->title);
    trim_buf(&st->time);
    if ((rc = message_of(st, n)))
        return rc;
    p.title = st->title.len ? st->title.data : NULL;
    p.author = st->author.len ? st->author.data : NULL;
    p.text = st->text.len ? st->text.data : NULL;
    p.line = line;
    set_time(st, st->time.data, line, &p.time_text, &p.time, &p.has_time);
    return st->sink->post(st->sink, &p, st->err);
}

static tg_status_t emit(dstate *st, const char *id, const char *thread, const char *parent,
                        const char *author, const char *time_text, const char *text, long line,
                        unsigned flags)
{
    tg_comment_rec_t c;
    int64_t *ti = tg_hmap_get(&st->threads, thread, strlen(thread));

    if (ti)
        TG_VEC_AT(&st->nposts, long, *ti)++;
    memset(&c, 0, sizeof c);
    c.thread_id = thread;
    c.id = id;
    c.parent_id = parent && *parent ? parent : NULL;
    c.author = author;
    c.text = text && *text ? text : NULL;
    c.line = line;
    c.flags = flags;
    set_time(st, time_text, line, &c.time_text, &c.time, &c.has_time);
    return st->sink->comment(st->sink, &c, st->err);
}

static tg_status_t take_post(dstate *st, const xmlNode *n)
{
    long line = tg_xml_line(n);
    unsigned flags = 0;
    int r, deleted, spam;
    tg_status_t rc;

    tg_buf_reset(&st->id);
    tg_buf_reset(&st->ref);
    tg_buf_reset(&st->parent);
    tg_buf_reset(&st->time);
    if ((r = tg_xml_attr(n, DSQ_NS, "id", &st->id)) < 0 ||
        tg_xml_attr(tg_xml_child(n, NULL, "thread"), DSQ_NS, "id", &st->ref) < 0 ||
        tg_xml_attr(tg_xml_child(n, NULL, "parent"), DSQ_NS, "id", &st->parent) < 0 ||
        tg_xml_text(tg_xml_child(n, NULL, "createdAt"), &st->time) || author_of(n, &st->author))
        return nomem(st);
    trim_buf(&st->id);
    trim_buf(&st->ref);
    trim_buf(&st->parent);
    trim_buf(&st->time);
    if (!st->id.len)
        return tg_import_report_skip(st->sink->report, line, "post without a dsq:id");
    if (!st->ref.len)
        return tg_import_report_skip(st->sink->report, line, "post without a thread");
    if ((deleted = flag_of(st, n, "isDeleted")) < 0 || (spam = flag_of(st, n, "isSpam")) < 0)
        return nomem(st);
    flags = (deleted ? TG_COMMENT_DELETED : 0) | (spam ? TG_COMMENT_SPAM : 0);
    if ((rc = message_of(st, n)))
        return rc;
    if (!tg_hmap_get(&st->threads, st->ref.data, st->ref.len)) {
        /* its thread comes later in the file, or not at all */
        later *l = tg_vec_push(&st->later);

        if (!l || !(l->id = tg_arena_strdup(&st->arena, st->id.data)) ||
            !(l->thread = tg_arena_strdup(&st->arena, st->ref.data)) ||
            !(l->parent = tg_arena_strdup(&st->arena, st->parent.data)) ||
            !(l->author = tg_arena_strdup(&st->arena, st->author.data)) ||
            !(l->time_text = tg_arena_strdup(&st->arena, st->time.data)) ||
            !(l->text = tg_arena_strdup(&st->arena, st->text.data)))
            return nomem(st);
        l->line = line;
        l->flags = flags;
        return TG_OK;
    }
    return emit(st, st->id.data, st->ref.data, st->parent.data, st->author.data, st->time.data,
                st->text.data, line, flags);
}

/* Posts kept for later: their thread came after them, or never. */
static tg_status_t settle_later(dstate *st)
{
    size_t i;
    tg_status_t rc = TG_OK;

    for (i = 0; i < st->later.n && !rc; i++) {
        later *l = &TG_VEC_AT(&st->later, later, i);

        unsigned flags = l->flags;

        /* a thread that never came: the post is kept under the id it cites,
         * flagged and noted, so that nothing the file holds is lost */
        if (!tg_hmap_get(&st->threads, l->thread, strlen(l->thread))) {
            flags |= TG_COMMENT_NO_THREAD;
            rc = tg_import_report_note(st->sink->report, l->line,
                                       "posts of a missing thread, kept under the thread id "
                                       "they cite");
        }
        if (!rc)
            rc = emit(st, l->id, l->thread, l->parent, l->author, l->time_text, l->text, l->line,
                      flags);
    }
    for (i = 0; i < st->nposts.n && !rc; i++)
        if (TG_VEC_AT(&st->nposts, long, i) == 0)
            rc = tg_import_report_note(st->sink->report, TG_VEC_AT(&st->first_line, long, i),
                                       "empty threads: a thread without posts, stored alone");
    if (rc == TG_ERR_NOMEM)
        nomem(st);
    return rc;
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    dstate st;
    tg_xml_t *x = NULL;
    xmlNode *n;
    tg_status_t rc;
    int r;

    (void)opt;
    memset(&st, 0, sizeof st);
    st.sink = sink;
    st.err = err;
    st.name = tg_input_name(in);
    tg_vec_init(&st.nposts, sizeof(long));
    tg_vec_init(&st.first_line, sizeof(long));
    tg_vec_init(&st.later, sizeof(later));
    tg_arena_init(&st.arena, 64 * 1024);
    if (tg_hmap_init(&st.threads, 1024)) {
        rc = nomem(&st);
        goto out;
    }
    if ((rc = tg_xml_open(in, &x, err)))
        goto out;
    while ((r = tg_xml_next(x, 1, &n, err)) == 1) {
        if (strcmp(tg_xml_root(x), "disqus") != 0) {
            rc = tg_error_set_at(err, TG_ERR_DATA, st.name, tg_xml_line(n->parent), 0,
                                 "not a Disqus export: the root element is <%s>, not <disqus>",
                                 tg_xml_root(x));
            goto out;
        }
        if (tg_xml_is(n, DISQUS_NS, "thread"))
            rc = take_thread(&st, n);
        else if (tg_xml_is(n, DISQUS_NS, "post"))
            rc = take_post(&st, n);
        if (rc)
            goto out;
    }
    if (r < 0) {
        rc = err ? err->code : TG_ERR_DATA;
        goto out;
    }
    rc = settle_later(&st);
out:
    tg_xml_close(x);
    tg_hmap_release(&st.threads);
    tg_vec_release(&st.nposts);
    tg_vec_release(&st.first_line);
    tg_vec_release(&st.later);
    tg_arena_release(&st.arena);
    tg_buf_release(&st.id);
    tg_buf_release(&st.ref);
    tg_buf_release(&st.parent);
    tg_buf_release(&st.author);
    tg_buf_release(&st.time);
    tg_buf_release(&st.raw);
    tg_buf_release(&st.text);
    tg_buf_release(&st.title);
    tg_buf_release(&st.flag);
    return rc;
}

static int detect(const char *path, const char *head, size_t len)
{
    (void)path;
    if (memmem(head, len, "<disqus", 7) &&
        (memmem(head, len, "disqus.com", 10) || memmem(head, len, "dsq:id", 6)))
        return 95;
    return 0;
}

const tg_importer_t tg_importer_disqus = {
    "disqus",
    "disqus",
    "the Disqus XML export: threads (the posts) and their comments",
    detect,
    run,
};
