/* locations.c - where the voices come from.  The bipartite commenter-location
 * graph (igraph; which commenters declare which locations) gives each
 * location's commenters; the location network counts the replies between
 * named commenters from the location of the reply to the location of its
 * parent (comments without a location take no part). */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "analysis_internal.h"

/* Commenters of each location: degrees of the location vertices of the
 * bipartite graph (users first, then locations). */
static tg_status_t bipartite(const tg_dataset_t *ds, const tg_user_net *net, tg_analysis_t *a,
                             tg_error_t *err)
{
    tg_hmap seen;
    igraph_vector_int_t edges, deg;
    igraph_vector_bool_t types;
    igraph_t g;
    int have_edges = 0, have_deg = 0, have_types = 0, have_g = 0;
    igraph_integer_t nu = (igraph_integer_t)net->n, nl = (igraph_integer_t)ds->nlocations, j;
    igraph_error_t ie = IGRAPH_SUCCESS;
    tg_status_t rc = TG_OK;
    size_t i;

    if (nl == 0)
        return TG_OK; /* no location: nothing to count */
    if (tg_hmap_init(&seen, 1024))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((ie = igraph_vector_int_init(&edges, 0)))
        goto out;
    have_edges = 1;
    for (i = 0; i < ds->ncomments; i++) {
        int32_t key[2];
        int found;

        /* a user left out of the network (--exclude-teachers) too */
        if (ds->user[i] < 0 || ds->location[i] < 0 || net->vertex[ds->user[i]] < 0)
            continue;
        key[0] = net->vertex[ds->user[i]];
        key[1] = ds->location[i];
        if (!tg_hmap_put(&seen, key, sizeof key, 0, &found)) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        if (!found && ((ie = igraph_vector_int_push_back(&edges, key[0])) ||
                       (ie = igraph_vector_int_push_back(&edges, nu + key[1]))))
            goto out;
    }
    if ((ie = igraph_vector_bool_init(&types, nu + nl)))
        goto out;
    have_types = 1;
    for (j = nu; j < nu + nl; j++)
        VECTOR(types)[j] = 1;
    if ((ie = igraph_create_bipartite(&g, &types, &edges, IGRAPH_UNDIRECTED)))
        goto out;
    have_g = 1;
    if ((ie = igraph_vector_int_init(&deg, 0)))
        goto out;
    have_deg = 1;
    if ((ie = igraph_degree(&g, &deg, igraph_vss_range(nu, nu + nl), IGRAPH_ALL, 0)))
        goto out;
    for (j = 0; j < nl; j++)
        a->locations[j].commenters = (long)VECTOR(deg)[j];
out:
    if (have_g)
        igraph_destroy(&g);
    if (have_deg)
        igraph_vector_int_destroy(&deg);
    if (have_types)
        igraph_vector_bool_destroy(&types);
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    tg_hmap_release(&seen);
    if (ie)
        rc = tg_igraph_error(err, ie, "the commenter-location graph");
    return rc;
}

tg_status_t tg_locations_compute(const tg_dataset_t *ds, const tg_forest *f,
                                 const tg_user_net *net, tg_analysis_t *a, tg_error_t *err)
{
    tg_hmap flows;
    size_t i, k;
    tg_status_t rc;

    if ((rc = bipartite(ds, net, a, err)))
        return rc;
    if (tg_hmap_init(&flows, 256))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    for (i = 0; i < ds->ncomments; i++) {
        int32_t p = f->parent[i], key[2];
        int64_t *w;

        if (ds->location[i] >= 0)
            a->locations[ds->location[i]].comments++;
        if (p < 0 || ds->user[i] < 0 || ds->user[p] < 0 || ds->user[i] == ds->user[p] ||
            ds->location[i] < 0 || ds->location[p] < 0)
            continue;
        key[0] = ds->location[i];
        key[1] = ds->location[p];
        a->locations[key[0]].replies_given++;
        a->locations[key[1]].replies_received++;
        if (!(w = tg_hmap_put(&flows, key, sizeof key, 0, NULL))) {
            tg_hmap_release(&flows);
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        }
        (*w)++;
    }
    a->flows = calloc(flows.n ? flows.n : 1, sizeof *a->flows);
    if (!a->flows) {
        tg_hmap_release(&flows);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    for (i = 0, k = 0; i < flows.cap; i++) {
        const tg_hslot *s = &flows.slots[i];
        int32_t key[2];

        if (!s->key)
            continue;
        memcpy(key, s->key, sizeof key);
        a->flows[k].from = key[0];
        a->flows[k].to = key[1];
        a->flows[k].replies = (long)s->val;
        k++;
    }
    a->nflows = k;
    tg_hmap_release(&flows);
    return TG_OK;
}
