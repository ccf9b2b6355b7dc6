/* vec.c - growable arrays of fixed-size elements. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"

void tg_vec_init(tg_vec *v, size_t elsize)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->elsize = elsize;
}

void tg_vec_release(tg_vec *v)
{
    if (!v)
        return;
    free(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

int tg_vec_reserve(tg_vec *v, size_t n)
{
    size_t cap = v->cap ? v->cap : 16;
    void *p;

    if (n <= v->cap)
        return 0;
    while (cap < n)
        cap *= 2;
    p = realloc(v->data, cap * v->elsize);
    if (!p)
        return -1;
    v->data = p;
    v->cap = cap;
    return 0;
}

void *tg_vec_push(tg_vec *v)
{
    char *p;

    if (v->n == v->cap && tg_vec_reserve(v, v->n + 1))
        return NULL;
    p = (char *)v->data + v->n * v->elsize;
    memset(p, 0, v->elsize);
    v->n++;
    return p;
}
