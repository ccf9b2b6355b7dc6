/* import_jsonl.c - comments as JSON objects: one object a line, or one JSON
 * array of objects (pandas' to_json with orient="records").
 *
 * jsonl reads the CSV field names (id, parent_id, thread_id, author,
 * location, timestamp, text); convokit reads a ConvoKit corpus's utterances
 * (id, reply-to, speaker, conversation_id, timestamp, text; older corpora
 * say user and root) and the thread titles in conversations.json beside
 * them.  --map renames fields for both.  Nested values (ConvoKit's meta) are
 * skipped.  A record without a thread takes its parent's (threads.c).  The
 * rules are in docs/formats.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

enum { F_ID, F_PARENT, F_THREAD, F_AUTHOR, F_LOCATION, F_TIME, F_TEXT, NF };

/* our field names, as --map knows them */
static const char *const field_names[NF] = {
    "id", "parent_id", "thread_id", "author", "location", "timestamp", "text"
};

#define NKEYS 3

typedef struct profile {
    const char *keys[NF][NKEYS]; /* the keys a field is read from, first match wins */
    int convokit;
} profile;

static const profile jsonl_profile = {
    { { "id" }, { "parent_id" }, { "thread_id" }, { "author" }, { "location" },
      { "timestamp" }, { "text" } },
    0
};

static const profile convokit_profile = {
    { { "id" }, { "reply-to", "reply_to" }, { "conversation_id", "root" },
      { "speaker", "user" }, { NULL }, { "timestamp" }, { "text" } },
    1
};

typedef struct jstate {
    const profile *pf;
    tg_sink_t *sink;          /* the store's */
    tg_sink_t tsink;          /* ours: notes each thread, adds its title */
    tg_threader *thr;
    tg_error_t *err;
    char *keys[NF][NKEYS];    /* the keys in use (--map applied), owned */
    size_t rec_level;         /* level of the open record */
    int in_rec;
    tg_buf val[NF];
    int has[NF], is_num[NF], prio[NF];
    long line, byte;
    /* convokit titles: conversation id -> title; threads already titled */
    tg_hmap title_of;
    tg_vec titles;            /* char * in arena */
    tg_hmap titled;
    tg_arena arena;
} jstate;

/* ---- records ---- */

static int field_of(jstate *st, const char *key, int *prio)
{
    int f, k;

    for (f = 0; f < NF; f++)
        for (k = 0; k < NKEYS && st->keys[f][k]; k++)
            if (strcmp(st->keys[f][k], key) == 0) {
                *prio = k;
                return f;
            }
    return -1;
}

static tg_status_t on_open(void *ctx, tg_jwalk *w, int is_map)
{
    jstate *st = ctx;
    size_t lvl = tg_jwalk_depth(w) - 1;
    int f;

    /* a record: the top-level object, or an object in the top-level array */
    if (!is_map || st->in_rec || !(lvl == 0 || (lvl == 1 && !tg_jwalk_is_map(w, 0))))
        return TG_OK;
    st->in_rec = 1;
    st->rec_level = lvl;
    for (f = 0; f < NF; f++)
        st->has[f] = 0;
    tg_jwalk_where(w, lvl, &st->line, &st->byte);
    tg_jwalk_take_repaired(w);
    return TG_OK;
}

static tg_status_t on_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *s, size_t n)
{
    jstate *st = ctx;
    int f, prio;

    if (!st->in_rec || tg_jwalk_depth(w) != st->rec_level + 1)
        return TG_OK;
    f = field_of(st, tg_jwalk_key(w, st->rec_level), &prio);
    if (f < 0 || t == TG_J_NULL || t == TG_J_BOOL || (st->has[f] && st->prio[f] <= prio))
        return TG_OK;
    tg_buf_reset(&st->val[f]);
    if (tg_buf_add(&st->val[f], s, n))
        return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
    st->has[f] = 1;
    st->is_num[f] = t == TG_J_NUMBER;
    st->prio[f] = prio;
    return TG_OK;
}

static const char *val(jstate *st, int f)
{
    return st->has[f] ? st->val[f].data : NULL;
}

/* Unix seconds, ISO 8601; a JSON number of 13 digits or more before any
 * fraction is milliseconds (pandas writes dates so by default). */
static int parse_time(const char *s, int is_num, int64_t *out)
{
    size_t digits = 0;

    if (is_num) {
        const char *p = s + (*s == '-');

        while (p[digits] >= '0' && p[digits] <= '9')
            digits++;
        if (digits >= 13 && digits <= 18 && p[digits] == '\0') {
            *out = strtoll(s, NULL, 10) / 1000;
            return 0;
        }
    }
    return tg_time_parse(s, strlen(s), out);
}

static tg_status_t take(jstate *st, tg_jwalk *w)
{
    tg_comment_rec_t c;
    const char *id = val(st, F_ID), *parent = val(st, F_PARENT), *when = val(st, F_TIME);
    int64_t t;

    if (tg_jwalk_take_repaired(w))
        tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_UTF8, st->line, st->byte);
    if (!id || !*id)
        return tg_import_report_skip_at(st->sink->report, st->line, st->byte,
                                        "record without an id")
                   ? tg_error_set(st->err, TG_ERR_NOMEM, "out of memory") : TG_OK;
    memset(&c, 0, sizeof c);
    c.id = id;
    c.parent_id = parent && *parent && strcmp(parent, "0") != 0 ? parent : NULL;
    c.thread_id = val(st, F_THREAD);
    c.author = val(st, F_AUTHOR) ? val(st, F_AUTHOR) : "";
    c.location = val(st, F_LOCATION);
    c.text = val(st, F_TEXT);
    c.line = st->line;
    if (when && *when) {
        c.time_text = when;
        if (parse_time(when, st->is_num[F_TIME], &t) == 0) {
            c.time = t;
            c.has_time = 1;
        } else {
            tg_import_report_tally_at(st->sink->report, TG_TALLY_BAD_TIME, st->line, st->byte);
        }
    }
    return tg_threader_comment(st->thr, &c, &st->tsink, st->err);
}

static tg_status_t on_close(void *ctx, tg_jwalk *w, int is_map)
{
    jstate *st = ctx;

    (void)is_map;
    if (!st->in_rec || tg_jwalk_depth(w) - 1 != st->rec_level)
        return TG_OK;
    st->in_rec = 0;
    return take(st, w);
}

static const tg_jwalk_cb record_cb = { on_open, on_close, on_scalar };

/* ---- our sink: the first comment of a thread brings its title ---- */

static tg_status_t tsink_comment(tg_sink_t *sink, const tg_comment_rec_t *c, tg_error_t *err)
{
    jstate *st = (jstate *)((char *)sink - offsetof(jstate, tsink));
    int found;
    int64_t *ti;

    if (st->title_of.n && c->thread_id) {
        if (!tg_hmap_put(&st->titled, c->thread_id, strlen(c->thread_id), 0, &found))
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        if (!found && (ti = tg_hmap_get(&st->title_of, c->thread_id, strlen(c->thread_id)))) {
            tg_post_rec_t p;
            tg_status_t rc;

            memset(&p, 0, sizeof p);
            p.thread_id = c->thread_id;
            p.title = TG_VEC_AT(&st->titles, char *, *ti);
            p.title_only = 1;
            if ((rc = st->sink->post(st->sink, &p, err)))
                return rc;
        }
    }
    return st->sink->comment(st->sink, c, err);
}

static tg_status_t tsink_post(tg_sink_t *sink, const tg_post_rec_t *p, tg_error_t *err)
{
    jstate *st = (jstate *)((char *)sink - offsetof(jstate, tsink));

    return st->sink->post(st->sink, p, err);
}

/* ---- ConvoKit's conversations.json: {"conv id": {"meta": {"title": ...}}} ---- */

static tg_status_t title_scalar(void *ctx, tg_jwalk *w, tg_jtype t, const char *s, size_t n)
{
    jstate *st = ctx;
    const char *conv = tg_jwalk_key(w, 0);
    int found;
    int64_t *slot;
    char **p;

    (void)n;
    if (t != TG_J_STRING || tg_jwalk_depth(w) != 3 || !tg_jwalk_is_map(w, 0) ||
        !tg_jwalk_key_is(w, 1, "meta") || !tg_jwalk_key_is(w, 2, "title") || !*s)
        return TG_OK;
    slot = tg_hmap_put(&st->title_of, conv, strlen(conv), (int64_t)st->titles.n, &found);
    if (!slot)
        return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
    if (found)
        return TG_OK;
    if (!(p = tg_vec_push(&st->titles)) || !(*p = tg_arena_strdup(&st->arena, s)))
        return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
    return TG_OK;
}

static const tg_jwalk_cb title_cb = { NULL, NULL, title_scalar };

/* Read the titles beside the utterances file; a missing file is no
 * problem, a broken one is reported as skipped. */
static tg_status_t read_titles(jstate *st, const char *utterances)
{
    const char *slash = strrchr(utterances, '/');
    size_t dn = slash ? (size_t)(slash - utterances) + 1 : 0;
    tg_buf path = TG_BUF_INIT;
    tg_input_t *in = NULL;
    tg_jwalk *w = NULL;
    tg_error_t e;
    tg_status_t rc = TG_OK;

    if (tg_buf_add(&path, utterances, dn) || tg_buf_addstr(&path, "conversations.json")) {
        rc = tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    tg_error_clear(&e);
    if (tg_input_open(path.data, &in, &e))
        goto out; /* no conversations.json: no titles */
    if ((rc = tg_jwalk_new(&title_cb, st, path.data, &w, st->err)))
        goto out;
    rc = tg_json_read(in, TG_JSON_DOCUMENT, w, st->sink, &e);
    if (rc == TG_ERR_NOMEM) {
        tg_error_set(st->err, rc, "out of memory");
    } else if (rc) {
        char reason[TG_ERROR_MSG_MAX + 64];

        snprintf(reason, sizeof reason, "conversations.json not read (no titles): line %ld: %s",
                 e.line, e.message);
        rc = tg_import_report_skip(st->sink->report, 0, reason)
                 ? tg_error_set(st->err, TG_ERR_NOMEM, "out of memory") : TG_OK;
    }
out:
    tg_jwalk_free(w);
    tg_input_close(in);
    tg_buf_release(&path);
    return rc;
}

/* ---- run ---- */

static tg_status_t run_profile(const profile *pf, tg_input_t *in, const tg_import_options_t *opt,
                               tg_sink_t *sink, tg_error_t *err)
{
    jstate st;
    tg_jwalk *w = NULL;
    tg_status_t rc;
    int f, k;

    memset(&st, 0, sizeof st);
    st.pf = pf;
    st.sink = sink;
    st.err = err;
    st.tsink.comment = tsink_comment;
    st.tsink.post = tsink_post;
    st.tsink.report = sink->report;
    tg_vec_init(&st.titles, sizeof(char *));
    tg_arena_init(&st.arena, 1u << 16);
    if (tg_hmap_init(&st.title_of, 64) || tg_hmap_init(&st.titled, 64)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (f = 0; f < NF; f++) {
        size_t mn;
        const char *m = tg_import_mapped(opt, field_names[f], &mn);

        if (m) {
            st.keys[f][0] = strndup(m, mn);
            if (!st.keys[f][0]) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            continue;
        }
        for (k = 0; k < NKEYS && pf->keys[f][k]; k++)
            if (!(st.keys[f][k] = strdup(pf->keys[f][k]))) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
    }
    if ((rc = tg_threader_new(TG_ORPHAN_THREAD_IS_SELF, &st.thr, err)))
        goto out;
    if (pf->convokit && (rc = read_titles(&st, tg_input_name(in))))
        goto out;
    if ((rc = tg_jwalk_new(&record_cb, &st, tg_input_name(in), &w, err)))
        goto out;
    if ((rc = tg_json_read(in, TG_JSON_AUTO, w, sink, err)))
        goto out;
    rc = tg_threader_finish(st.thr, &st.tsink, err);
out:
    tg_jwalk_free(w);
    tg_threader_free(st.thr);
    for (f = 0; f < NF; f++) {
        tg_buf_release(&st.val[f]);
        for (k = 0; k < NKEYS; k++)
            free(st.keys[f][k]);
    }
    tg_hmap_release(&st.title_of);
    tg_hmap_release(&st.titled);
    tg_vec_release(&st.titles);
    tg_arena_release(&st.arena);
    return rc;
}

static tg_status_t run_jsonl(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                             tg_error_t *err)
{
    return run_profile(&jsonl_profile, in, opt, sink, err);
}

static tg_status_t run_convokit(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                                tg_error_t *err)
{
    return run_profile(&convokit_profile, in, opt, sink, err);
}

/* ---- detection ---- */

static int json_objects(const char *head, size_t len)
{
    return tg_json_lines_like(head, len) || tg_json_head_starts(head, len, '[') ||
           tg_json_head_starts(head, len, '{');
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int detect_convokit(const char *path, const char *head, size_t len)
{
    int speaker = tg_json_head_has_key(head, len, "speaker") ||
                  tg_json_head_has_key(head, len, "user");

    if (!json_objects(head, len))
        return 0;
    if (tg_json_head_has_key(head, len, "reply-to") &&
        (tg_json_head_has_key(head, len, "conversation_id") ||
         tg_json_head_has_key(head, len, "root")) && speaker)
        return 95;
    if (strstr(path, "utterances.json"))   /* also utterances.jsonl.gz ... */
        return 60;
    return 0;
}

static int detect_jsonl(const char *path, const char *head, size_t len)
{
    if (!json_objects(head, len))
        return 0;
    /* our field names, and not a Reddit dump (reddit-ndjson reads those) */
    if (tg_json_head_has_key(head, len, "id") && tg_json_head_has_key(head, len, "parent_id") &&
        !tg_json_head_has_key(head, len, "link_id") && !tg_json_head_has_key(head, len, "body") &&
        !tg_json_head_has_key(head, len, "story_id"))
        return 92;
    return ends_with(path, ".jsonl") ? 30 : 0;
}

const tg_importer_t tg_importer_jsonl = {
    "jsonl",
    "jsonl",
    "one JSON object a line (or a JSON array of objects) with the csv field names",
    detect_jsonl,
    run_jsonl,
};

const tg_importer_t tg_importer_convokit = {
    "convokit",
    "convokit",
    "a ConvoKit corpus: its directory or its utterances.jsonl (titles from conversations.json)",
    detect_convokit,
    run_convokit,
};
