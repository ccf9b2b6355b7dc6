/* yajl_mem.c - the allocation functions every yajl handle of the library is
 * made with.  By default yajl's own (malloc); a test build installs counting
 * allocators here to fail chosen allocations (tests/faults). */
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
