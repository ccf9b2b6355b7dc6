/* yajl_mem.c - the allocation functions every yajl handle of the library is
 * made with.  By default yajl's own (malloc); a test build installs counting
 * allocators here to fail chosen allocations (tests/faults).
 *
 * yajl 2.1 does not check every allocation it makes: yajl_gen_alloc and
 * yajl_alloc allocate a buffer header they write at once, and the first
 * yajl_parse allocates its lexer, the lexer's buffer header and its state
 * stack (realloc from nothing) the same way.  When one of those fails,
 * yajl writes through NULL (the fault sweep met it: a segfault in
 * yajl_gen_alloc when summary.json was started).  So every handle is made
 * through tg_yajl_alloc / tg_yajl_gen_alloc, whose functions keep a few
 * small spare blocks, allocated (and checked) before the handle: a request
 * of at most SPARE_SIZE bytes that fails gets a spare instead.  The spares
 * not used are freed with the handle (the first block yajl allocates, and
 * the last it frees).  Larger growth (a buffer past 2 KiB, a state stack
 * past 128 levels) is still unchecked inside yajl: see docs/reliability.md. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "core_internal.h"

static int have_funcs;
static yajl_alloc_funcs funcs;

void tg_yajl_set_alloc_funcs(const yajl_alloc_funcs *f)
{
    if (f) {
        funcs = *f;
        have_funcs = 1;
    } else {
        have_funcs = 0;
    }
}

yajl_alloc_funcs *tg_yajl_alloc_funcs(void)
{
    return have_funcs ? &funcs : NULL;
}

#define SPARES 4
#define SPARE_SIZE 256

typedef struct guard {
    yajl_alloc_funcs funcs; /* what yajl is given (ctx: this guard) */
    yajl_alloc_funcs base;  /* the real ones */
    void *spare[SPARES];
    void *first;            /* yajl's first block: the handle */
} guard;

static void *base_malloc(const guard *g, size_t n)
{
    return g->base.malloc ? g->base.malloc(g->base.ctx, n) : malloc(n);
}

static void base_free(const guard *g, void *p)
{
    if (g->base.free)
        g->base.free(g->base.ctx, p);
    else
        free(p);
}

static void *take_spare(guard *g, size_t n)
{
    int i;

    if (n > SPARE_SIZE)
        return NULL;
    for (i = 0; i < SPARES; i++)
        if (g->spare[i]) {
            void *p = g->spare[i];

            g->spare[i] = NULL;
            return p;
        }
    return NULL;
}

static void guard_free(guard *g)
{
    int i;

    for (i = 0; i < SPARES; i++)
        base_free(g, g->spare[i]);
    free(g);
}

static void *g_malloc(void *ctx, size_t n)
{
    guard *g = ctx;
    void *p = base_malloc(g, n);

    if (!p && g->first)
        p = take_spare(g, n);
    if (!g->first)
        g->first = p;
    return p;
}

static void *g_realloc(void *ctx, void *p, size_t n)
{
    guard *g = ctx;
    void *q = g->base.realloc ? g->base.realloc(g->base.ctx, p, n) : realloc(p, n);

    /* from nothing (the state stack's first push): nothing to copy */
    if (!q && !p)
        q = take_spare(g, n);
    return q;
}

static void g_free(void *ctx, void *p)
{
    guard *g = ctx;

    if (!p)
        return;
    base_free(g, p);
    if (p == g->first)
        guard_free(g);
}

static guard *guard_new(void)
{
    const yajl_alloc_funcs *b = tg_yajl_alloc_funcs();
    guard *g = calloc(1, sizeof *g);
    int i;

    if (!g)
        return NULL;
    if (b)
        g->base = *b;
    for (i = 0; i < SPARES; i++)
        if (!(g->spare[i] = base_malloc(g, SPARE_SIZE))) {
            guard_free(g);
            return NULL;
        }
    g->funcs.malloc = g_malloc;
    g->funcs.realloc = g_realloc;
    g->funcs.free = g_free;
    g->funcs.ctx = g;
    return g;
}

yajl_handle tg_yajl_alloc(const yajl_callbacks *callbacks, void *ctx)
{
    guard *g = guard_new();
    yajl_handle h;

    if (!g)
        return NULL;
    /* yajl copies the functions into the handle: g stays theirs */
    h = yajl_alloc(callbacks, &g->funcs, ctx);
    if (!h)
        guard_free(g);
    return h;
}

yajl_gen tg_yajl_gen_alloc(void)
{
    guard *g = guard_new();
    yajl_gen y;

    if (!g)
        return NULL;
    y = yajl_gen_alloc(&g->funcs);
    if (!y)
        guard_free(g);
    return y;
}
