/* hmap.c - open-addressing hash map from byte strings to int64 values.
 * Used for interning users, locations, threads and comment keys while
 * importing and analysing; keys live in the map's arena. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>

#include "core_internal.h"

uint64_t tg_hash_bytes(const void *p, size_t n)
{
    return XXH3_64bits(p, n);
}

/* Large slot arrays are probed at random: back them with huge pages where
 * the kernel offers them, which saves a TLB miss on most probes. */
#define HUGE_PAGE (2u << 20)

static tg_hslot *alloc_slots(size_t cap)
{
    size_t bytes = cap * sizeof(tg_hslot);
    tg_hslot *s;

    if (bytes < 2 * HUGE_PAGE)
        return calloc(cap, sizeof(tg_hslot));
    bytes = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
    s = aligned_alloc(HUGE_PAGE, bytes);
    if (!s)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(s, bytes, MADV_HUGEPAGE);
#endif
    memset(s, 0, bytes);
    return s;
}

int tg_hmap_init(tg_hmap *m, size_t expected)
{
    size_t cap = 16;

    while (cap < expected + expected / 2 + 1)
        cap *= 2;
    m->slots = alloc_slots(cap);
    m->cap = m->slots ? cap : 0;
    m->n = 0;
    tg_arena_init(&m->keys, 256 * 1024);
    return m->slots ? 0 : -1;
}

void tg_hmap_release(tg_hmap *m)
{
    if (!m)
        return;
    free(m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
    tg_arena_release(&m->keys);
}

static size_t probe(const tg_hslot *slots, size_t cap, const void *key, size_t klen,
                    uint32_t h)
{
    size_t mask = cap - 1;
    size_t i = h & mask;

    for (;;) {
        const tg_hslot *s = &slots[i];

        if (!s->key)
            return i;
        if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

uint32_t tg_hmap_hash(const void *key, size_t klen)
{
    return (uint32_t)tg_hash_bytes(key, klen);
}

void tg_hmap_prefetch(const tg_hmap *m, uint32_t h)
{
    if (m->cap)
        __builtin_prefetch(&m->slots[h & (m->cap - 1)]);
}

int64_t *tg_hmap_get_h(const tg_hmap *m, const void *key, size_t klen, uint32_t h)
{
    size_t i;

    if (!m->cap)
        return NULL;
    i = probe(m->slots, m->cap, key, klen, h);
    return m->slots[i].key ? &m->slots[i].val : NULL;
}

int64_t *tg_hmap_get(const tg_hmap *m, const void *key, size_t klen)
{
    return tg_hmap_get_h(m, key, klen, tg_hmap_hash(key, klen));
}

static int rehash(tg_hmap *m)
{
    size_t cap = m->cap * 2, i;
    tg_hslot *slots = alloc_slots(cap);

    if (!slots)
        return -1;
    for (i = 0; i < m->cap; i++) {
        tg_hslot *s = &m->slots[i];

        if (s->key)
            slots[probe(slots, cap, s->key, s->klen, s->hash)] = *s;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int64_t *tg_hmap_put(tg_hmap *m, const void *key, size_t klen, int64_t val, int *found)
{
    return tg_hmap_put_h(m, key, klen, tg_hmap_hash(key, klen), val, found);
}

int64_t *tg_hmap_put_h(tg_hmap *m, const void *key, size_t klen, uint32_t h, int64_t val,
                       int *found)
{
    size_t i;
    tg_hslot *s;
    char *copy;

    if ((m->n + 1) * 10 > m->cap * 7 && rehash(m))
        return NULL;
    i = probe(m->slots, m->cap, key, klen, h);
    s = &m->slots[i];
    if (s->key) {
        if (found)
            *found = 1;
        return &s->val;
    }
    copy = tg_arena_alloc(&m->keys, klen + 1);
    if (!copy)
        return NULL;
    memcpy(copy, key, klen);
    copy[klen] = '\0';
    s->key = copy;
    s->klen = (uint32_t)klen;
    s->hash = h;
    s->val = val;
    m->n++;
    if (found)
        *found = 0;
    return &s->val;
}
