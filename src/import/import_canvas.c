/* import_canvas.c - Canvas LMS discussions: the "full topic" view
 * (GET /api/v1/courses/:course_id/discussion_topics/:topic_id/view), whose
 * `view` holds the entries with their replies nested in `replies`, whose
 * `participants` name the users, and whose `new_entries` (include_new_entries=1)
 * hold entries created or edited after the view was cached; and the topic
 * itself (GET .../discussion_topics/:topic_id), which is the thread's post.
 *
 * The view does not name its topic: the thread id is the last number in
 * the file's name (save it as view-<topic_id>.json), else the name without
 * its extension.  Entries are joined with the participants for their
 * authors' names; deleted entries (no user, no message) are kept as
 * tombstones; a new entry replaces the view's entry with the same id or is
 * added.  Messages are HTML (html_text.c).
 *
 * Read with the event parser (json_walk.c) like the other JSON formats, so
 * that every entry's line and byte are known; the entries are kept until
 * the document ends, because participants and new entries must be joined
 * in first (a discussion's view is small). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

enum { E_ID, E_USER, E_PARENT, E_CREATED, E_MESSAGE, E_DELETED, E_USER_NAME, EN };

static const char *const ekeys[EN] = {
    "id", "user_id", "parent_id", "created_at", "message", "deleted", "user_name"
};

/* the topic object's fields, at the top level */
enum { T_ID, T_TITLE, T_MESSAGE, T_POSTED, T_CREATED, T_USER_NAME, T_AUTHOR, TN };

static const char *const tkeys[TN] = {
    "id", "title", "message", "posted_at", "created_at", "user_name", "display_name"
};

/* an entry's flags (tg_jrec.flags); its enclosing record is the entry
 * whose replies hold it */
enum { ENTRY_NEW = 1, /* in new_entries */ ENTRY_DROPPED = 2 /* replaced by a new one */ };

typedef struct cstate {
    tg_sink_t *sink;
    tg_error_t *err;
    tg_jstack entries;  /* pre-order; view first, new entries after */
    tg_arena arena;     /* participants' names */
    tg_hmap people;     /* participant id -> index in names */
    tg_vec names;       /* char * */
    tg_buf pid, pname;  /* the participant being read */
    char *topic[TN];    /* the topic object's fields, owned */
    int saw_view, saw_participants;
    long view_entries;
    long root_line, root_byte;
    int root_is_map;
    tg_buf text;
} cstate;

static tg_status_t nomem(cstate *st)
{
    return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
}

/* an entry: an object in `view`, in `new_entries` or in an entry's `replies` */
static int entry_array(tg_jwalk *w, size_t lvl, int *is_new)
{
    *is_new = 0;
    if (lvl < 2 || tg_jwalk_is_map(w, lvl - 1))
        return 0;
    if (lvl == 2 && tg_jwalk_key_is(w, 0, "view"))
        return 1;
    if (lvl == 2 && tg_jwalk_key_is(w, 0, "new_entries"))
        return *is_new = 1;
    return lvl > 2 && tg_jwalk_key_is(w, lvl - 2, "replies");
}

static tg_status_t on_open(void *ctx, tg_jwalk *w, int is_map)
{
    cstate *st = ctx;
    size_t lvl = tg_jwalk_depth(w) - 1;
    int is_new;

    if (lvl == 0) {
        st->root_is_map = is_map;
        tg_jwalk_where(w, 0, &st->root_line, &st->root_byte);
    }
    if (lvl == 1 && tg_jwalk_key_is(w, 0, "view") && !is_map)
        st->saw_view = 1;
    if (lvl == 1 && tg_jwalk_key_is(w, 0, "participants") && !is_map)
        st->saw_participants = 1;
    if (lvl == 2 && is_map && tg_jwalk_key_is(w, 0, "participants")) {
        tg_buf_reset(&st->pid);
        tg_buf_reset(&st->pname);
    }
    if (!is_map || !entry_array(w, lvl, &is_new))
        return TG_OK;
    if (tg_jstack_open(&st->entries, w))
        return nomem(st);
    if (is_new)
        tg_jstack_rec(&st->entries, tg_jstack_count(&st->entries) - 1)->flags = ENTRY_NEW;
    else
        st->view_entries++;
    return TG_OK;
}

static tg_status_t on_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *s, size_t n)
{
    cstate *st = ctx;
    size_t d = tg_jwalk_depth(w), level;
    int k;

    if (t == TG_J_NULL)
        return TG_OK;
    /* participants[i].id, .display_name */
    if (d == 3 && tg_jwalk_key_is(w, 0, "participants") && tg_jwalk_is_map(w, 2)) {
        tg_buf *b = tg_jwalk_key_is(w, 2, "id")             ? &st->pid
                    : tg_jwalk_key_is(w, 2, "display_name") ? &st->pname : NULL;

        if (b && (tg_buf_reset(b), tg_buf_add(b, s, n)))
            return nomem(st);
        return TG_OK;
    }
    /* the topic object: top-level fields, author.display_name */
    if ((d == 1 && tg_jwalk_is_map(w, 0)) ||
        (d == 2 && tg_jwalk_key_is(w, 0, "author") && tg_jwalk_is_map(w, 1))) {
        for (k = 0; k < TN; k++)
            if ((d == 1 && k != T_AUTHOR && tg_jwalk_key_is(w, 0, tkeys[k])) ||
                (d == 2 && k == T_AUTHOR && tg_jwalk_key_is(w, 1, tkeys[k]))) {
                free(st->topic[k]);
                if (!(st->topic[k] = strndup(s, n)))
                    return nomem(st);
            }
        return TG_OK;
    }
    if (!tg_jstack_top(&st->entries, &level) || d != level + 1)
        return TG_OK;
    return tg_jstack_keep(&st->entries, w, level, ekeys, 0, EN, s, n) ? nomem(st) : TG_OK;
}

static tg_status_t on_close(void *ctx, tg_jwalk *w, int is_map)
{
    cstate *st = ctx;
    size_t lvl = tg_jwalk_depth(w) - 1;

    if (is_map && lvl == 2 && tg_jwalk_key_is(w, 0, "participants") && st->pid.len) {
        int found;
        int64_t *slot = tg_hmap_put(&st->people, st->pid.data, st->pid.len,
                                    (int64_t)st->names.n, &found);
        char **p;

        if (!slot)
            return nomem(st);
        if (!found) {
            if (!(p = tg_vec_push(&st->names)) ||
                !(*p = tg_arena_strdup(&st->arena, st->pname.data ? st->pname.data : "")))
                return nomem(st);
        }
        return TG_OK;
    }
    return tg_jstack_close(&st->entries, w) < 0 ? nomem(st) : TG_OK;
}

static const tg_jwalk_cb canvas_cb = { on_open, on_close, on_scalar };

/* ---- after the document ---- */

static const char *get(const tg_jrec *e, int k)
{
    return e->f[k] && *e->f[k] ? e->f[k] : NULL;
}

/* The thread of a view: the last number in the file's name, else its stem. */
static char *thread_from_name(const char *path)
{
    char *stem = tg_path_stem(path);
    size_t n, end, start;

    if (!stem)
        return NULL;
    n = strlen(stem);
    for (end = n; end > 0 && !isdigit((unsigned char)stem[end - 1]); end--)
        ;
    if (end == 0)
        return stem;
    for (start = end; start > 0 && isdigit((unsigned char)stem[start - 1]); start--)
        ;
    memmove(stem, stem + start, end - start);
    stem[end - start] = '\0';
    return stem;
}

static tg_status_t html(cstate *st, const char *s, const char **out)
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

static tg_status_t set_time(cstate *st, const char *s, long line, long byte, const char **text,
                            int64_t *t, int *has)
{
    *text = s;
    *has = 0;
    if (!s)
        return TG_OK;
    if (tg_time_parse(s, strlen(s), t) == 0)
        *has = 1;
    else
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_TIME, line, byte);
    return TG_OK;
}

/* The topic object (with an id) as the thread's post. */
static tg_status_t emit_topic(cstate *st)
{
    tg_post_rec_t p;
    tg_status_t rc;

    memset(&p, 0, sizeof p);
    p.thread_id = st->topic[T_ID];
    p.title = st->topic[T_TITLE];
    p.author = st->topic[T_AUTHOR] ? st->topic[T_AUTHOR] : st->topic[T_USER_NAME];
    p.line = st->root_line;
    set_time(st, st->topic[T_POSTED] ? st->topic[T_POSTED] : st->topic[T_CREATED],
             st->root_line, st->root_byte, &p.time_text, &p.time, &p.has_time);
    if ((rc = html(st, st->topic[T_MESSAGE], &p.text)))
        return rc;
    return st->sink->post(st->sink, &p, st->err);
}

/* A new entry replaces the view's entry with its id (it is newer). */
static tg_status_t merge_new(cstate *st)
{
    tg_hmap pos;
    size_t i;

    if (tg_hmap_init(&pos, tg_jstack_count(&st->entries) + 1))
        return nomem(st);
    for (i = 0; i < tg_jstack_count(&st->entries); i++) {
        tg_jrec *e = tg_jstack_rec(&st->entries, i);
        const char *id = get(e, E_ID);
        int64_t *old;

        if (!id)
            continue;
        if (!(e->flags & ENTRY_NEW)) {
            if (!tg_hmap_put(&pos, id, strlen(id), (int64_t)i, NULL))
                goto fail;
            continue;
        }
        if ((old = tg_hmap_get(&pos, id, strlen(id)))) {
            tg_jrec *o = tg_jstack_rec(&st->entries, (size_t)*old);
            int k;

            for (k = 0; k < EN; k++)
                if (k != E_PARENT && e->f[k]) {
                    o->f[k] = e->f[k];
                    o->len[k] = e->len[k];
                }
            /* deleted since: the view's message goes */
            if (e->f[E_DELETED] && strcmp(e->f[E_DELETED], "true") == 0) {
                o->f[E_MESSAGE] = NULL;
                o->f[E_USER] = NULL;
            }
            o->repaired |= e->repaired;
            e->flags |= ENTRY_DROPPED;
        } else if (!tg_hmap_put(&pos, id, strlen(id), (int64_t)i, NULL)) {
            goto fail;
        }
    }
    tg_hmap_release(&pos);
    return TG_OK;
fail:
    tg_hmap_release(&pos);
    return nomem(st);
}

static tg_status_t emit_entry(cstate *st, const tg_jrec *e, const char *thread, tg_buf *name)
{
    tg_comment_rec_t c;
    const char *id = get(e, E_ID), *user = get(e, E_USER);
    int deleted = e->f[E_DELETED] && strcmp(e->f[E_DELETED], "true") == 0;
    tg_status_t rc;
    int failed = 0;

    if (e->repaired)
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_UTF8, e->line, e->byte);
    if (!id)
        return tg_import_report_skip_at(st->sink->report, e->line, e->byte,
                                        "entry without an id") ? nomem(st) : TG_OK;
    memset(&c, 0, sizeof c);
    c.thread_id = thread;
    c.id = id;
    c.line = e->line;
    c.parent_id = get(e, E_PARENT);
    if (!c.parent_id && e->enclosing >= 0)
        c.parent_id = get(tg_jstack_rec(&st->entries, (size_t)e->enclosing), E_ID);
    set_time(st, get(e, E_CREATED), e->line, e->byte, &c.time_text, &c.time, &c.has_time);
    if (deleted) {
        c.flags = TG_COMMENT_DELETED | TG_COMMENT_TOMBSTONE;
        tg_import_report_tombstone(st->sink->report, e->line, e->byte);
        return st->sink->comment(st->sink, &c, st->err);
    }
    /* the participant's name; else the entry's user_name; else "user <id>" */
    tg_buf_reset(name);
    if (user) {
        int64_t *k = tg_hmap_get(&st->people, user, strlen(user));

        if (k && *TG_VEC_AT(&st->names, char *, *k))
            failed = tg_buf_addstr(name, TG_VEC_AT(&st->names, char *, *k));
        else if (get(e, E_USER_NAME))
            failed = tg_buf_addstr(name, get(e, E_USER_NAME));
        else
            failed = tg_buf_addf(name, "user %s", user);
    } else if (get(e, E_USER_NAME)) {
        failed = tg_buf_addstr(name, get(e, E_USER_NAME));
    }
    if (failed || tg_buf_grow(name, 0))
        return nomem(st);
    name->data[name->len] = '\0';
    c.author = name->data;
    if ((rc = html(st, get(e, E_MESSAGE), &c.text)))
        return rc;
    return st->sink->comment(st->sink, &c, st->err);
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    cstate st;
    tg_jwalk *w = NULL;
    tg_status_t rc;
    tg_buf name = TG_BUF_INIT;
    char *thread = NULL;
    size_t i;
    int k;
    const char *file = tg_input_name(in);

    (void)opt;
    memset(&st, 0, sizeof st);
    st.sink = sink;
    st.err = err;
    tg_jstack_init(&st.entries, EN);
    tg_vec_init(&st.names, sizeof(char *));
    tg_arena_init(&st.arena, 1u << 20);
    if (tg_hmap_init(&st.people, 256)) {
        rc = nomem(&st);
        goto out;
    }
    if ((rc = tg_jwalk_new(&canvas_cb, &st, file, &w, err)) ||
        (rc = tg_json_read(in, TG_JSON_DOCUMENT, w, sink, err)))
        goto out;
    if (!st.root_is_map) {
        rc = tg_error_set_at(err, TG_ERR_DATA, file, st.root_line, 0,
                             "not a Canvas discussion: expected the topic's view (an object "
                             "with \"view\" and \"participants\") or the topic object, not a "
                             "JSON array");
        goto out;
    }
    if (!st.saw_view) {
        if (st.topic[T_ID] && *st.topic[T_ID] && (st.topic[T_TITLE] || st.topic[T_MESSAGE])) {
            rc = emit_topic(&st);
        } else {
            rc = tg_error_set_at(err, TG_ERR_DATA, file, st.root_line, 0,
                                 "not a Canvas discussion: no \"view\" array and no topic "
                                 "(id and title)");
        }
        goto out;
    }
    if (tg_jstack_count(&st.entries) == 0) {
        rc = tg_error_set_at(err, TG_ERR_DATA, file, st.root_line, 0,
                             "the Canvas discussion view holds no entry (\"view\" is empty)");
        goto out;
    }
    if ((rc = merge_new(&st)))
        goto out;
    if (!(thread = thread_from_name(file))) {
        rc = nomem(&st);
        goto out;
    }
    {
        /* the topic: the post of the thread (its content is not in the view) */
        tg_post_rec_t p;

        memset(&p, 0, sizeof p);
        p.thread_id = thread;
        p.line = st.root_line;
        if ((rc = sink->post(sink, &p, err)))
            goto out;
    }
    for (i = 0; i < tg_jstack_count(&st.entries) && !rc; i++) {
        const tg_jrec *e = tg_jstack_rec(&st.entries, i);

        if (!(e->flags & ENTRY_DROPPED))
            rc = emit_entry(&st, e, thread, &name);
    }
out:
    tg_jwalk_free(w);
    for (k = 0; k < TN; k++)
        free(st.topic[k]);
    free(thread);
    tg_jstack_release(&st.entries);
    tg_vec_release(&st.names);
    tg_arena_release(&st.arena);
    tg_hmap_release(&st.people);
    tg_buf_release(&st.pid);
    tg_buf_release(&st.pname);
    tg_buf_release(&st.text);
    tg_buf_release(&name);
    return rc;
}

static int detect(const char *path, const char *head, size_t len)
{
    (void)path;
    if (!tg_json_head_starts(head, len, '{'))
        return 0;
    if (tg_json_head_has_key(head, len, "view") &&
        (tg_json_head_has_key(head, len, "participants") ||
         tg_json_head_has_key(head, len, "unread_entries")))
        return 95;
    if (tg_json_head_has_key(head, len, "discussion_subentry_count") ||
        (tg_json_head_has_key(head, len, "discussion_type") &&
         tg_json_head_has_key(head, len, "title")))
        return 90;
    return 0;
}

const tg_importer_t tg_importer_canvas = {
    "canvas",
    "canvas",
    "a Canvas discussion topic's view (GET .../discussion_topics/:id/view) or the topic itself",
    detect,
    run,
};
