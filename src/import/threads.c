/* threads.c - the thread of records that do not name one (JSONL rows
 * without thread_id, Hacker News Firebase items): a record takes its
 * parent's thread, a root's thread is its own id, and a reply to a post is
 * a top-level comment of the post's thread.  Records whose parent has not
 * been seen wait until the end, when their parent chain is followed through
 * the waiting records; a chain that ends at an absent parent gives the
 * thread by the importer's rule, and a chain that loops gives all its
 * records the thread of the loop's first record, so that the store sees
 * the whole cycle and breaks it.
 *
 * Most files name the thread of every record: the id -> thread map is only
 * built (from a log of the ids noted) once a record asks for its parent's
 * thread, since a map of every id costs two cache misses a record and a
 * log none. */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

/* an id noted before the map was needed, and its word for the map */
typedef struct noted {
    const char *id;     /* in arena */
    int64_t word;
} noted;

struct tg_threader {
    tg_orphan_rule_t rule;
    tg_hmap where;      /* id -> thread index * 2 + (1 when the id is a post) */
    int have_where;     /* where is built; until then log keeps the ids noted */
    tg_vec log;         /* noted, in order */
    tg_hmap tindex;     /* thread id -> index */
    tg_vec threads;     /* char *: thread ids (in arena) */
    tg_vec waiting;     /* tg_comment_rec_t with strings in arena, thread_id NULL */
    tg_arena arena;
};

tg_status_t tg_threader_new(tg_orphan_rule_t rule, tg_threader **out, tg_error_t *err)
{
    tg_threader *t = calloc(1, sizeof *t);

    *out = NULL;
    if (!t)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    t->rule = rule;
    tg_vec_init(&t->threads, sizeof(char *));
    tg_vec_init(&t->waiting, sizeof(tg_comment_rec_t));
    tg_vec_init(&t->log, sizeof(noted));
    tg_arena_init(&t->arena, 1u << 20);
    if (tg_hmap_init(&t->tindex, 256)) {
        tg_threader_free(t);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    *out = t;
    return TG_OK;
}

void tg_threader_free(tg_threader *t)
{
    if (!t)
        return;
    if (t->have_where)
        tg_hmap_release(&t->where);
    tg_vec_release(&t->log);
    tg_hmap_release(&t->tindex);
    tg_vec_release(&t->threads);
    tg_vec_release(&t->waiting);
    tg_arena_release(&t->arena);
    free(t);
}

static const char *thread_name(const tg_threader *t, int64_t v)
{
    return TG_VEC_AT(&t->threads, char *, v / 2);
}

/* Put id's word in the map.  The first word stays, but a post named after
 * comments that took it for a comment id becomes a post. */
static tg_status_t put_where(tg_threader *t, const char *id, int64_t word)
{
    int found;
    int64_t *slot = tg_hmap_put(&t->where, id, strlen(id), word, &found);

    if (!slot)
        return TG_ERR_NOMEM;
    if (found && (word & 1))
        *slot = word;
    return TG_OK;
}

/* Build the id -> thread map from the log, once. */
static tg_status_t need_where(tg_threader *t)
{
    size_t i;

    if (t->have_where)
        return TG_OK;
    if (tg_hmap_init(&t->where, t->log.n > 4096 ? t->log.n : 4096))
        return TG_ERR_NOMEM;
    t->have_where = 1;
    for (i = 0; i < t->log.n; i++) {
        const noted *e = &TG_VEC_AT(&t->log, noted, i);

        if (put_where(t, e->id, e->word))
            return TG_ERR_NOMEM;
    }
    tg_vec_release(&t->log);
    return TG_OK;
}

/* Note that id lives in thread (a post when is_post). */
static tg_status_t note(tg_threader *t, const char *id, const char *thread, int is_post)
{
    int found;
    int64_t *slot = tg_hmap_put(&t->tindex, thread, strlen(thread), (int64_t)t->threads.n, &found);
    int64_t word;
    noted *e;

    if (!slot)
        return TG_ERR_NOMEM;
    word = *slot * 2 + (is_post != 0);
    if (!found) {
        char **p = tg_vec_push(&t->threads);

        if (!p || !(*p = tg_arena_strdup(&t->arena, thread)))
            return TG_ERR_NOMEM;
    }
    if (t->have_where)
        return put_where(t, id, word);
    if (!(e = tg_vec_push(&t->log)) || !(e->id = tg_arena_strdup(&t->arena, id)))
        return TG_ERR_NOMEM;
    e->word = word;
    return TG_OK;
}

tg_status_t tg_threader_post(tg_threader *t, const char *id, tg_error_t *err)
{
    if (note(t, id, id, 1))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return TG_OK;
}

const char *tg_threader_thread_of(tg_threader *t, const char *id)
{
    int64_t *v;

    if (need_where(t))
        return NULL;
    v = tg_hmap_get(&t->where, id, strlen(id));
    return v ? thread_name(t, *v) : NULL;
}

static tg_status_t send(tg_threader *t, tg_comment_rec_t *c, const char *thread, tg_sink_t *sink,
                        tg_error_t *err)
{
    c->thread_id = thread;
    if (note(t, c->id, thread, 0))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return sink->comment(sink, c, err);
}

tg_status_t tg_threader_comment(tg_threader *t, const tg_comment_rec_t *rec, tg_sink_t *sink,
                                tg_error_t *err)
{
    tg_comment_rec_t c = *rec, *w;
    int64_t *v;
    const char *thread;

    if (c.thread_id && *c.thread_id)
        return send(t, &c, c.thread_id, sink, err);
    if (!c.parent_id || !*c.parent_id)
        return send(t, &c, c.id, sink, err);
    if (need_where(t))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((v = tg_hmap_get(&t->where, c.parent_id, strlen(c.parent_id)))) {
        thread = thread_name(t, *v); /* lives in the arena */
        if (*v & 1)
            c.parent_id = NULL; /* a reply to the post */
        return send(t, &c, thread, sink, err);
    }
    /* the parent comes later, or never: wait */
    if (!(w = tg_vec_push(&t->waiting)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    *w = c;
    w->thread_id = NULL;
    w->id = tg_arena_strdup(&t->arena, c.id);
    w->parent_id = tg_arena_strdup(&t->arena, c.parent_id);
    w->author = tg_arena_strdup(&t->arena, c.author);
    w->location = tg_arena_strdup(&t->arena, c.location);
    w->time_text = tg_arena_strdup(&t->arena, c.time_text);
    w->text = tg_arena_strdup(&t->arena, c.text);
    if (!w->id || !w->parent_id || (c.author && !w->author) || (c.location && !w->location) ||
        (c.time_text && !w->time_text) || (c.text && !w->text))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return TG_OK;
}

size_t tg_threader_waiting(const tg_threader *t)
{
    return t->waiting.n;
}

tg_status_t tg_threader_finish(tg_threader *t, tg_sink_t *sink, tg_error_t *err)
{
    size_t n = t->waiting.n, i;
    tg_hmap pos;
    size_t *mark = NULL, *path = NULL;
    tg_status_t rc = TG_OK;

    if (!n)
        return TG_OK;
    if (need_where(t))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if (tg_hmap_init(&pos, n) || !(mark = calloc(n, sizeof *mark)) ||
        !(path = malloc(n * sizeof *path))) {
        free(mark);
        tg_hmap_release(&pos);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < n; i++) {
        const tg_comment_rec_t *c = &TG_VEC_AT(&t->waiting, tg_comment_rec_t, i);

        if (!tg_hmap_put(&pos, c->id, strlen(c->id), (int64_t)i, NULL)) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
    }
    for (i = 0; i < n && !rc; i++) {
        tg_comment_rec_t c = TG_VEC_AT(&t->waiting, tg_comment_rec_t, i);
        size_t cur = i, npath = 0, step;
        const char *thread = NULL;
        int direct = 1;

        while (!thread) {
            const tg_comment_rec_t *x = &TG_VEC_AT(&t->waiting, tg_comment_rec_t, cur);
            const char *p = x->parent_id;
            int64_t *v, *k;

            mark[cur] = i + 1;
            path[npath++] = cur;
            if (!p || !*p) {
                thread = x->id;
            } else if ((v = tg_hmap_get(&t->where, p, strlen(p)))) {
                thread = thread_name(t, *v);
                if (direct && (*v & 1))
                    c.parent_id = NULL;
            } else if ((k = tg_hmap_get(&pos, p, strlen(p)))) {
                if (mark[*k] == i + 1) {
                    /* a loop: the thread of its first record */
                    size_t j = (size_t)*k, first = j;

                    do {
                        const char *q = TG_VEC_AT(&t->waiting, tg_comment_rec_t, j).parent_id;
                        int64_t *nx = tg_hmap_get(&pos, q, strlen(q));

                        if (!nx)
                            break;
                        j = (size_t)*nx;
                        if (j < first)
                            first = j;
                    } while (j != (size_t)*k);
                    thread = TG_VEC_AT(&t->waiting, tg_comment_rec_t, first).id;
                } else {
                    cur = (size_t)*k;
                    direct = 0;
                }
            } else {
                /* the chain ends at a parent that is not in the file */
                thread = t->rule == TG_ORPHAN_THREAD_IS_PARENT ? p : x->id;
            }
        }
        /* the records passed on the way share the thread: later chains stop
         * at them (a chain listed child first would otherwise be walked
         * again from every record) */
        for (step = 1; step < npath && !rc; step++)
            if (note(t, TG_VEC_AT(&t->waiting, tg_comment_rec_t, path[step]).id, thread, 0))
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        if (!rc)
            rc = send(t, &c, thread, sink, err); /* thread lives in the arena */
    }
out:
    free(mark);
    free(path);
    tg_hmap_release(&pos);
    return rc;
}
