/* json_stack.c - the records open in a JSON document, for the importers
 * that read nested records through the event parser (reddit, hn, canvas):
 * each open record's fields as they are read, and each closed record's
 * copy, in the order the records opened. */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

struct tg_jframe {
    size_t level;       /* of the record's object */
    size_t slot;        /* its record in recs */
    int repaired;
    tg_buf *v;          /* nfields values */
    unsigned char *has; /* ... which were read */
};

void tg_jstack_init(tg_jstack *s, int nfields)
{
    memset(s, 0, sizeof *s);
    s->nfields = nfields;
    tg_vec_init(&s->recs, sizeof(tg_jrec));
    tg_arena_init(&s->arena, 1u << 16);
}

void tg_jstack_release(tg_jstack *s)
{
    size_t i;
    int k;

    if (!s)
        return;
    for (i = 0; i < s->capfr; i++) {
        if (s->fr[i].v)
            for (k = 0; k < s->nfields; k++)
                tg_buf_release(&s->fr[i].v[k]);
        free(s->fr[i].v);
        free(s->fr[i].has);
    }
    free(s->fr);
    s->fr = NULL;
    s->nfr = s->capfr = 0;
    tg_vec_release(&s->recs);
    tg_arena_release(&s->arena);
}

static int grow(tg_jstack *s)
{
    size_t cap = s->capfr ? s->capfr * 2 : 16, i;
    tg_jframe *p = realloc(s->fr, cap * sizeof *p);

    if (!p)
        return -1;
    memset(p + s->capfr, 0, (cap - s->capfr) * sizeof *p);
    s->fr = p;
    for (i = s->capfr; i < cap; i++) {
        /* zeroed buffers are empty ones (tg_buf_init) */
        p[i].v = calloc((size_t)s->nfields, sizeof *p[i].v);
        p[i].has = calloc((size_t)s->nfields, 1);
        if (!p[i].v || !p[i].has) {
            free(p[i].v);
            free(p[i].has);
            p[i].v = NULL;
            p[i].has = NULL;
            s->capfr = i; /* the frames before are whole */
            return -1;
        }
    }
    s->capfr = cap;
    return 0;
}

int tg_jstack_open(tg_jstack *s, tg_jwalk *w)
{
    size_t lvl = tg_jwalk_depth(w) - 1;
    tg_jframe *f;
    tg_jrec *r;
    int k;

    if (s->nfr == s->capfr && grow(s))
        return -1;
    if (s->nfr)
        s->fr[s->nfr - 1].repaired |= tg_jwalk_take_repaired(w);
    else
        tg_jwalk_take_repaired(w);
    if (!(r = tg_vec_push(&s->recs)))
        return -1;
    f = &s->fr[s->nfr];
    f->level = lvl;
    f->slot = s->recs.n - 1;
    f->repaired = 0;
    for (k = 0; k < s->nfields; k++) {
        f->has[k] = 0;
        tg_buf_reset(&f->v[k]);
    }
    r->enclosing = s->nfr ? (long)s->fr[s->nfr - 1].slot : -1;
    tg_jwalk_where(w, lvl, &r->line, &r->byte);
    s->nfr++;
    return 0;
}

int tg_jstack_top(const tg_jstack *s, size_t *level)
{
    if (!s->nfr)
        return 0;
    if (level)
        *level = s->fr[s->nfr - 1].level;
    return 1;
}

int tg_jstack_append(tg_jstack *s, int k, const char *v, size_t n)
{
    tg_jframe *f = &s->fr[s->nfr - 1];

    if (tg_buf_add(&f->v[k], v, n) || tg_buf_addch(&f->v[k], '\0'))
        return -1;
    f->has[k] = 1;
    return 0;
}

int tg_jstack_set(tg_jstack *s, int k, const char *v, size_t n)
{
    tg_jframe *f = &s->fr[s->nfr - 1];

    tg_buf_reset(&f->v[k]);
    if (tg_buf_add(&f->v[k], v, n))
        return -1;
    f->has[k] = 1;
    return 0;
}

int tg_jstack_keep(tg_jstack *s, const tg_jwalk *w, size_t level, const char *const *keys,
                   int from, int to, const char *v, size_t n)
{
    int k;

    for (k = from; k < to; k++)
        if (tg_jwalk_key_is(w, level, keys[k]))
            return tg_jstack_set(s, k, v, n);
    return 0;
}

int tg_jstack_close(tg_jstack *s, tg_jwalk *w)
{
    tg_jframe *f = s->nfr ? &s->fr[s->nfr - 1] : NULL;
    tg_jrec *r;
    int k;

    if (!f || tg_jwalk_depth(w) - 1 != f->level)
        return 0;
    r = &TG_VEC_AT(&s->recs, tg_jrec, f->slot);
    r->repaired = f->repaired | tg_jwalk_take_repaired(w);
    r->f = tg_arena_alloc(&s->arena, (size_t)s->nfields * sizeof *r->f);
    r->len = tg_arena_alloc(&s->arena, (size_t)s->nfields * sizeof *r->len);
    if (!r->f || !r->len)
        return -1;
    for (k = 0; k < s->nfields; k++) {
        r->f[k] = NULL;
        r->len[k] = 0;
        if (!f->has[k])
            continue;
        r->len[k] = f->v[k].len;
        if (!(r->f[k] = tg_arena_strndup(&s->arena, f->v[k].data ? f->v[k].data : "",
                                         f->v[k].len)))
            return -1;
    }
    s->nfr--;
    return 1;
}

size_t tg_jstack_count(const tg_jstack *s)
{
    return s->recs.n;
}

tg_jrec *tg_jstack_rec(tg_jstack *s, size_t i)
{
    return &TG_VEC_AT(&s->recs, tg_jrec, i);
}

void tg_jstack_clear(tg_jstack *s)
{
    s->recs.n = 0;
    tg_arena_release(&s->arena);
    tg_arena_init(&s->arena, 1u << 16);
}
