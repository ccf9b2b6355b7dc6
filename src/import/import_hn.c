/* import_hn.c - Hacker News items: the Firebase API's items (a JSON array of
 * items, one item a line, or one item) with id, type, by, time, text,
 * parent, kids, deleted and dead; and the Algolia items API (an item with
 * its replies nested in `children`, with author, created_at_i, parent_id
 * and story_id).
 *
 * A story, job or poll is its thread's post; a comment is a comment.  A
 * Firebase comment names only its parent: its thread is found by following
 * parents (threads.c) and, when the chain leaves the file, is the absent
 * item the chain ends at (usually the story).  Deleted items are kept as
 * tombstones (they hold the tree together); dead items are kept with their
 * text, flagged.  Ids listed in `kids` whose item is not in the file are
 * reported missing.  Item texts are HTML (html_text.c).
 *
 * Streamed through the event parser (json_walk.c): a Firebase dump can be
 * large.  Records nested in `children` are kept until their top-level item
 * closes and then sent parents first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

enum {
    H_ID, H_TYPE, H_BY, H_AUTHOR, H_TIME, H_TIME_I, H_CREATED, H_TEXT, H_TITLE, H_PARENT,
    H_PARENT_ID, H_STORY, H_DELETED, H_DEAD, HN
};

static const char *const hkeys[HN] = {
    "id", "type", "by", "author", "time", "created_at_i", "created_at", "text", "title",
    "parent", "parent_id", "story_id", "deleted", "dead"
};

typedef struct hstate {
    tg_sink_t *sink;
    tg_error_t *err;
    tg_threader *thr;
    tg_jstack items;    /* the current top-level item and its nested replies */
    tg_hmap seen;       /* ids of items in the file */
    tg_vec kids;        /* char *: ids listed in kids (in kids_arena) */
    tg_arena kids_arena;
    tg_buf text;
    long items_seen;
    long root_line, root_byte;
} hstate;

static tg_status_t nomem(hstate *st)
{
    return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
}

/* an item: a top-level object, an object in the top-level array, or an
 * object in a `children` array */
static int is_item(tg_jwalk *w, size_t lvl)
{
    if (lvl == 0)
        return 1;
    if (tg_jwalk_is_map(w, lvl - 1))
        return 0;
    return lvl == 1 || (lvl >= 2 && tg_jwalk_key_is(w, lvl - 2, "children"));
}

static tg_status_t on_open(void *ctx, tg_jwalk *w, int is_map)
{
    hstate *st = ctx;
    size_t lvl = tg_jwalk_depth(w) - 1;

    if (lvl == 0)
        tg_jwalk_where(w, 0, &st->root_line, &st->root_byte);
    if (!is_map || !is_item(w, lvl))
        return TG_OK;
    if (tg_jstack_open(&st->items, w))
        return nomem(st);
    st->items_seen++;
    return TG_OK;
}

static tg_status_t on_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *s, size_t n)
{
    hstate *st = ctx;
    size_t d = tg_jwalk_depth(w), level;

    if (!tg_jstack_top(&st->items, &level))
        return TG_OK;
    if (d == level + 2 && tg_jwalk_key_is(w, level, "kids") && !tg_jwalk_is_map(w, d - 1)) {
        char **p = tg_vec_push(&st->kids);

        if (!p || !(*p = tg_arena_strndup(&st->kids_arena, s, n)))
            return nomem(st);
        return TG_OK;
    }
    if (d != level + 1 || t == TG_J_NULL)
        return TG_OK;
    return tg_jstack_keep(&st->items, w, level, hkeys, 0, HN, s, n) ? nomem(st) : TG_OK;
}

static const char *get(const tg_jrec *it, int k)
{
    return it->f[k] && *it->f[k] ? it->f[k] : NULL;
}

static int is_true(const tg_jrec *it, int k)
{
    return it->f[k] && strcmp(it->f[k], "true") == 0;
}

static tg_status_t skip(hstate *st, const tg_jrec *it, const char *why)
{
    return tg_import_report_skip_at(st->sink->report, it->line, it->byte, why) ? nomem(st)
                                                                             : TG_OK;
}

/* time: Unix seconds (Firebase `time`, Algolia `created_at_i`) or ISO 8601
 * (Algolia `created_at`) */
static void set_time(hstate *st, const tg_jrec *it, const char **text, int64_t *t, int *has)
{
    const char *s = get(it, H_TIME) ? get(it, H_TIME)
                    : get(it, H_TIME_I) ? get(it, H_TIME_I) : get(it, H_CREATED);

    *text = s;
    *has = 0;
    if (!s)
        return;
    if (tg_time_parse(s, strlen(s), t) == 0)
        *has = 1;
    else
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_TIME, it->line, it->byte);
}

static tg_status_t html(hstate *st, const char *s, const char **out)
{
    tg_status_t rc;

    *out = NULL;
    if (!s)
        return TG_OK;
    tg_buf_reset(&st->text);
    if ((rc = tg_html_to_text(&st->text, s, strlen(s), st->err)))
        return rc;
    *out = st->text.data;
    return TG_OK;
}

static tg_status_t emit(hstate *st, const tg_jrec *it)
{
    const char *id = get(it, H_ID), *type = get(it, H_TYPE);
    const char *author = get(it, H_BY) ? get(it, H_BY) : get(it, H_AUTHOR);
    int deleted = is_true(it, H_DELETED), dead = is_true(it, H_DEAD);
    const char *parent = get(it, H_PARENT) ? get(it, H_PARENT) : get(it, H_PARENT_ID);
    int found;
    tg_status_t rc;

    if (it->repaired)
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_UTF8, it->line, it->byte);
    if (!id)
        return skip(st, it, "item without an id");
    if (!tg_hmap_put(&st->seen, id, strlen(id), 0, &found))
        return nomem(st);
    if (!type)
        type = parent ? "comment" : get(it, H_TITLE) ? "story" : "";
    if (strcmp(type, "story") == 0 || strcmp(type, "job") == 0 || strcmp(type, "poll") == 0) {
        tg_post_rec_t p;

        memset(&p, 0, sizeof p);
        p.thread_id = id;
        p.title = get(it, H_TITLE);
        p.author = deleted ? NULL : author;
        p.line = it->line;
        set_time(st, it, &p.time_text, &p.time, &p.has_time);
        /* a deleted story is a post without content (not a missing comment) */
        if (!deleted && (rc = html(st, get(it, H_TEXT), &p.text)))
            return rc;
        if ((rc = tg_threader_post(st->thr, id, st->err)))
            return rc;
        return st->sink->post(st->sink, &p, st->err);
    }
    if (strcmp(type, "comment") == 0) {
        tg_comment_rec_t c;
        const char *story = get(it, H_STORY);

        memset(&c, 0, sizeof c);
        c.id = id;
        c.line = it->line;
        c.parent_id = parent;
        if (story) {
            /* Algolia names the story: a reply to it is top-level */
            c.thread_id = story;
            if (parent && strcmp(parent, story) == 0)
                c.parent_id = NULL;
        }
        set_time(st, it, &c.time_text, &c.time, &c.has_time);
        /* Algolia shows a deleted comment as one without author and text */
        if (deleted || (story && !author && !get(it, H_TEXT))) {
            c.flags |= TG_COMMENT_DELETED | TG_COMMENT_TOMBSTONE;
            c.author = NULL;
            tg_import_report_tombstone(st->sink->report, it->line, it->byte);
        } else {
            c.author = author ? author : "";
            if ((rc = html(st, get(it, H_TEXT), &c.text)))
                return rc;
        }
        if (dead)
            c.flags |= TG_COMMENT_DEAD;
        if (!c.parent_id && !c.thread_id)
            return skip(st, it, "comment without a parent");
        return tg_threader_comment(st->thr, &c, st->sink, st->err);
    }
    if (strcmp(type, "pollopt") == 0)
        return skip(st, it, "poll option (not a story or comment)");
    return skip(st, it, *type ? "item of another type (not a story, job, poll or comment)"
                              : "item without a type");
}

static tg_status_t on_close(void *ctx, tg_jwalk *w, int is_map)
{
    hstate *st = ctx;
    size_t i;
    int r;
    tg_status_t rc = TG_OK;

    (void)is_map;
    if ((r = tg_jstack_close(&st->items, w)) < 0)
        return nomem(st);
    if (!r || tg_jstack_top(&st->items, NULL))
        return TG_OK;
    /* the top-level item closed: send it and its replies, parents first */
    for (i = 0; i < tg_jstack_count(&st->items) && !rc; i++)
        rc = emit(st, tg_jstack_rec(&st->items, i));
    tg_jstack_clear(&st->items);
    return rc;
}

static const tg_jwalk_cb hn_cb = { on_open, on_close, on_scalar };

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    hstate st;
    tg_jwalk *w = NULL;
    tg_status_t rc;
    size_t i;
    int first_is_map = 0;

    (void)opt;
    memset(&st, 0, sizeof st);
    st.sink = sink;
    st.err = err;
    tg_jstack_init(&st.items, HN);
    tg_vec_init(&st.kids, sizeof(char *));
    tg_arena_init(&st.kids_arena, 1u << 16);
    if (tg_hmap_init(&st.seen, 4096)) {
        rc = nomem(&st);
        goto out;
    }
    if ((rc = tg_threader_new(TG_ORPHAN_THREAD_IS_PARENT, &st.thr, err)) ||
        (rc = tg_jwalk_new(&hn_cb, &st, tg_input_name(in), &w, err)) ||
        (rc = tg_json_read(in, TG_JSON_AUTO, w, sink, err)) ||
        (rc = tg_threader_finish(st.thr, sink, err)))
        goto out;
    if (st.items_seen == 0 && tg_jwalk_values(w, &first_is_map) > 0) {
        if (st.root_byte > 0)
            rc = tg_error_set_at(err, TG_ERR_DATA, tg_input_name(in), st.root_line, 0,
                                 "no Hacker News item in the file: the array at byte %ld "
                                 "holds no item object", st.root_byte);
        else
            rc = tg_error_set_at(err, TG_ERR_DATA, tg_input_name(in), 1, 0,
                                 "no Hacker News item in the file: it holds no JSON object");
        goto out;
    }
    /* kids whose item is not in the file */
    for (i = 0; i < st.kids.n; i++) {
        const char *kid = TG_VEC_AT(&st.kids, char *, i);
        int found;

        if (tg_hmap_get(&st.seen, kid, strlen(kid)))
            continue;
        if (!tg_hmap_put(&st.seen, kid, strlen(kid), 0, &found) ||
            tg_import_report_absent(sink->report, kid)) {
            rc = nomem(&st);
            goto out;
        }
    }
out:
    tg_jwalk_free(w);
    tg_threader_free(st.thr);
    tg_jstack_release(&st.items);
    tg_vec_release(&st.kids);
    tg_arena_release(&st.kids_arena);
    tg_hmap_release(&st.seen);
    tg_buf_release(&st.text);
    return rc;
}

static int detect(const char *path, const char *head, size_t len)
{
    (void)path;
    if (!tg_json_head_starts(head, len, '{') && !tg_json_head_starts(head, len, '['))
        return 0;
    /* Algolia */
    if (tg_json_head_has_key(head, len, "story_id") &&
        (tg_json_head_has_key(head, len, "created_at_i") ||
         tg_json_head_has_key(head, len, "children")))
        return 95;
    /* Firebase */
    if (tg_json_head_has_key(head, len, "id") && tg_json_head_has_key(head, len, "type") &&
        tg_json_head_has_key(head, len, "time") &&
        (tg_json_head_has_key(head, len, "by") || tg_json_head_has_key(head, len, "parent") ||
         tg_json_head_has_key(head, len, "kids") || tg_json_head_has_key(head, len, "deleted")))
        return 95;
    return 0;
}

const tg_importer_t tg_importer_hn = {
    "hn",
    "hn",
    "Hacker News items: the Firebase API (array or one a line) or the Algolia items API",
    detect,
    run,
};
