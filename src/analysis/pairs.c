/* pairs.c - back-and-forth pairs: two named commenters with at least one
 * reply each way in the user network.  For each pair: the replies each way,
 * the longest alternating run along one reply path (a -> b -> a is 3), the
 * threads where either replied to the other, and the first and last time of
 * those replies.  Also the pairs inside each thread. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "analysis_internal.h"

static const tg_user_edge_t *find_edge(const tg_user_net *net, int32_t from, int32_t to)
{
    size_t lo = 0, hi = net->nedges;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const tg_user_edge_t *e = &net->edges[mid];

        if (e->from < from || (e->from == from && e->to < to))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < net->nedges && net->edges[lo].from == from && net->edges[lo].to == to)
        return &net->edges[lo];
    return NULL;
}

tg_status_t tg_pairs_compute(const tg_dataset_t *ds, const tg_forest *f, const tg_user_net *net,
                             tg_analysis_t *a, tg_error_t *err)
{
    size_t i, np = 0, n = ds->ncomments;
    int32_t *alt = NULL;
    tg_hmap index, seen, directed;
    tg_status_t rc = TG_OK;

    /* all three, so that a failed one leaves each releasable */
    if ((tg_hmap_init(&index, 256) | tg_hmap_init(&seen, 1024) | tg_hmap_init(&directed, 1024)) != 0) {
        tg_hmap_release(&index);
        tg_hmap_release(&seen);
        tg_hmap_release(&directed);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    /* the pairs: edges whose reverse is an edge */
    for (i = 0; i < net->nedges; i++) {
        const tg_user_edge_t *e = &net->edges[i], *back;

        if (e->from < e->to && (back = find_edge(net, e->to, e->from)))
            np++;
    }
    a->pairs = calloc(np ? np : 1, sizeof *a->pairs);
    alt = malloc((n ? n : 1) * sizeof *alt);
    if (!a->pairs || !alt)
        goto nomem;
    for (i = 0; i < net->nedges; i++) {
        const tg_user_edge_t *e = &net->edges[i], *back;

        if (e->from < e->to && (back = find_edge(net, e->to, e->from))) {
            tg_pair_t *p = &a->pairs[a->npairs];
            int32_t key[2] = { e->from, e->to };

            p->a = e->from;
            p->b = e->to;
            p->a_to_b = e->weight;
            p->b_to_a = back->weight;
            p->first_time = p->last_time = TG_TIME_NONE;
            if (!tg_hmap_put(&index, key, sizeof key, (int64_t)a->npairs, NULL))
                goto nomem;
            a->npairs++;
        }
    }

    /* alternating runs, parents before replies */
    for (i = 0; i < n; i++) {
        int32_t c = f->order[i], p = f->parent[c];

        alt[c] = 1;
        if (p >= 0 && ds->user[c] >= 0 && ds->user[p] >= 0 && ds->user[c] != ds->user[p]) {
            int32_t g = f->parent[p];

            alt[c] = g >= 0 && ds->user[g] == ds->user[c] ? alt[p] + 1 : 2;
        }
    }

    for (i = 0; i < n; i++) {
        int32_t p = f->parent[i], u = ds->user[i], v, key[2], dkey[3];
        int64_t *pi;
        int found;
        tg_pair_t *pair;

        if (p < 0 || u < 0 || (v = ds->user[p]) < 0 || u == v)
            continue;
        /* this thread's directed replies, for the pairs inside each thread */
        dkey[0] = ds->thread[i];
        dkey[1] = u;
        dkey[2] = v;
        if (!tg_hmap_put(&directed, dkey, sizeof dkey, 0, NULL))
            goto nomem;
        key[0] = u < v ? u : v;
        key[1] = u < v ? v : u;
        if (!(pi = tg_hmap_get(&index, key, sizeof key)))
            continue;
        pair = &a->pairs[*pi];
        if (alt[i] > pair->longest_run)
            pair->longest_run = alt[i];
        if (ds->time[i] != TG_TIME_NONE) {
            if (pair->first_time == TG_TIME_NONE || ds->time[i] < pair->first_time)
                pair->first_time = ds->time[i];
            if (pair->last_time == TG_TIME_NONE || ds->time[i] > pair->last_time)
                pair->last_time = ds->time[i];
        }
        {
            int32_t tkey[2] = { (int32_t)*pi, ds->thread[i] };

            if (!tg_hmap_put(&seen, tkey, sizeof tkey, 0, &found))
                goto nomem;
            if (!found)
                pair->threads++;
        }
    }

    /* pairs inside each thread: (t, u, v) and (t, v, u) both present */
    for (i = 0; i < directed.cap; i++) {
        const tg_hslot *s = &directed.slots[i];
        int32_t dkey[3], rkey[3];

        if (!s->key)
            continue;
        memcpy(dkey, s->key, sizeof dkey);
        if (dkey[1] > dkey[2])
            continue;
        rkey[0] = dkey[0];
        rkey[1] = dkey[2];
        rkey[2] = dkey[1];
        if (tg_hmap_get(&directed, rkey, sizeof rkey))
            a->threads[dkey[0]].pairs++;
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(alt);
    tg_hmap_release(&index);
    tg_hmap_release(&seen);
    tg_hmap_release(&directed);
    return rc;
}
