/* usernet.c - the user reply network: one vertex per named commenter, a
 * weighted edge u -> v counting the comments by u that reply to a comment by
 * v (both named, u != v).  Anonymous comments take no part; a top-level
 * comment replies to the post, not to a commenter, and makes no edge unless
 * TG_NET_POST_REPLIES makes it one to the post's author (who is then a
 * vertex).  TG_NET_EXCLUDE_TEACHERS leaves teachers out, with their edges. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "analysis_internal.h"

void tg_user_net_release(tg_user_net *net)
{
    if (!net)
        return;
    if (net->has_graph)
        igraph_destroy(&net->graph);
    if (net->has_weights)
        igraph_vector_destroy(&net->weights);
    free(net->vertex);
    free(net->user);
    free(net->edges);
    memset(net, 0, sizeof *net);
}

/* Is user u left out of the network? */
static int left_out(const tg_dataset_t *ds, unsigned network, int32_t u)
{
    return (network & TG_NET_EXCLUDE_TEACHERS) && ds->user_role && u >= 0 &&
           ds->user_role[u] == TG_ROLE_TEACHER;
}

/* The user a comment replies to: its parent's author, or with
 * TG_NET_POST_REPLIES the post's author for a top-level comment; -1. */
static int32_t replied_to(const tg_dataset_t *ds, const int32_t *parent, unsigned network,
                          size_t i)
{
    int32_t p = parent[i];

    if (p >= 0)
        return ds->user[p];
    if ((network & TG_NET_POST_REPLIES) && ds->thread_post_user &&
        !(ds->flags[i] & (TG_COMMENT_ORPHAN | TG_COMMENT_CYCLE)))
        return ds->thread_post_user[ds->thread[i]];
    return -1;
}

tg_status_t tg_user_net_build(const tg_dataset_t *ds, const int32_t *parent, unsigned network,
                              tg_user_net *net, tg_error_t *err)
{
    size_t i, k;
    tg_hmap weight;
    igraph_vector_int_t edges;
    int have_edges = 0;
    igraph_error_t ie;
    tg_status_t rc = TG_OK;

    memset(net, 0, sizeof *net);
    tg_igraph_setup();
    if (tg_hmap_init(&weight, 1024))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    net->vertex = malloc((ds->nusers ? ds->nusers : 1) * sizeof *net->vertex);
    net->user = malloc((ds->nusers ? ds->nusers : 1) * sizeof *net->user);
    if (!net->vertex || !net->user)
        goto nomem;
    for (i = 0; i < ds->nusers; i++)
        net->vertex[i] = -1;
    /* vertices: users with at least one comment, in byte order of names */
    for (i = 0; i < ds->ncomments; i++)
        if (ds->user[i] >= 0) {
            int32_t to = replied_to(ds, parent, network, i);

            net->vertex[ds->user[i]] = 0;
            if (to >= 0 && parent[i] < 0 && to != ds->user[i])
                net->vertex[to] = 0; /* the post's author, replied to */
        }
    for (i = 0; i < ds->nusers; i++)
        if (left_out(ds, network, (int32_t)i))
            net->vertex[i] = -1;
    for (i = 0; i < ds->nusers; i++)
        if (net->vertex[i] >= 0) {
            net->vertex[i] = (int32_t)net->n;
            net->user[net->n++] = (int32_t)i;
        }
    /* edges, counted in a map keyed by (from, to) */
    for (i = 0; i < ds->ncomments; i++) {
        int32_t to = replied_to(ds, parent, network, i), key[2];
        int64_t *w;

        if (to < 0 || ds->user[i] < 0 || ds->user[i] == to || left_out(ds, network, to) ||
            left_out(ds, network, ds->user[i]))
            continue;
        key[0] = ds->user[i];
        key[1] = to;
        if (!(w = tg_hmap_put(&weight, key, sizeof key, 0, NULL)))
            goto nomem;
        (*w)++;
    }
    net->nedges = weight.n;
    net->edges = malloc((net->nedges ? net->nedges : 1) * sizeof *net->edges);
    if (!net->edges)
        goto nomem;
    for (i = 0, k = 0; i < weight.cap; i++) {
        const tg_hslot *s = &weight.slots[i];
        int32_t key[2];

        if (!s->key)
            continue;
        memcpy(key, s->key, sizeof key);
        net->edges[k].from = key[0];
        net->edges[k].to = key[1];
        net->edges[k].weight = (long)s->val;
        k++;
    }
    tg_user_edges_sort(net->edges, net->nedges);

    if ((ie = igraph_vector_int_init(&edges, (igraph_integer_t)(2 * net->nedges))))
        goto igraph_failed;
    have_edges = 1;
    if ((ie = igraph_vector_init(&net->weights, (igraph_integer_t)net->nedges)))
        goto igraph_failed;
    net->has_weights = 1;
    for (i = 0; i < net->nedges; i++) {
        VECTOR(edges)[2 * i] = net->vertex[net->edges[i].from];
        VECTOR(edges)[2 * i + 1] = net->vertex[net->edges[i].to];
        VECTOR(net->weights)[i] = (igraph_real_t)net->edges[i].weight;
    }
    if ((ie = igraph_create(&net->graph, &edges, (igraph_integer_t)net->n, IGRAPH_DIRECTED)))
        goto igraph_failed;
    net->has_graph = 1;
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    goto out;
igraph_failed:
    rc = tg_igraph_error(err, ie, "the user network");
out:
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    tg_hmap_release(&weight);
    if (rc)
        tg_user_net_release(net);
    return rc;
}
