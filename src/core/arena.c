/* arena.c - bump allocation in chunks, freed all at once. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"

struct tg_arena_chunk {
    tg_arena_chunk *next;
    size_t size;
    size_t used;
    /* data follows, 8-byte aligned */
};

#define CHUNK_HDR ((sizeof(tg_arena_chunk) + 7) & ~(size_t)7)

void tg_arena_init(tg_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->total = 0;
}

void tg_arena_release(tg_arena *a)
{
    tg_arena_chunk *c, *next;

    if (!a)
        return;
    for (c = a->head; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
    a->total = 0;
}

void tg_arena_reset(tg_arena *a)
{
    tg_arena_chunk *c, *next, *keep = NULL;

    for (c = a->head; c; c = next) {
        next = c->next;
        if (!keep && c->size == a->chunk_size) {
            keep = c;
            keep->used = 0;
            keep->next = NULL;
        } else {
            free(c);
        }
    }
    a->head = keep;
    a->total = 0;
}

void *tg_arena_alloc(tg_arena *a, size_t n)
{
    tg_arena_chunk *c = a->head;
    void *p;

    n = (n + 7) & ~(size_t)7;
    if (!c || c->size - c->used < n) {
        size_t size = n > a->chunk_size / 4 ? n : a->chunk_size;

        c = malloc(CHUNK_HDR + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        /* A big one-off allocation goes behind the current chunk so that the
         * current chunk's free space stays in use. */
        if (size != a->chunk_size && a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    p = (char *)c + CHUNK_HDR + c->used;
    c->used += n;
    a->total += n;
    return p;
}

char *tg_arena_strndup(tg_arena *a, const char *s, size_t n)
{
    char *p = tg_arena_alloc(a, n + 1);

    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tg_arena_strdup(tg_arena *a, const char *s)
{
    return s ? tg_arena_strndup(a, s, strlen(s)) : NULL;
}
