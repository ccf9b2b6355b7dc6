/* layout.c - graph layouts for the charts, computed by igraph: the seeded
 * force-directed layout (Fruchterman-Reingold) of the network and location
 * charts, scaled into the unit square, and the tidy tree layout
 * (Reingold-Tilford) of the reply trees. */
#include <igraph.h>
#include <math.h>

#include "analysis_internal.h"

tg_status_t tg_layout_force(size_t n, const int32_t *from, const int32_t *to,
                            const double *weight, size_t nedges, uint64_t seed, double *x,
                            double *y, tg_error_t *err)
{
    igraph_t g;
    igraph_vector_int_t ev;
    igraph_vector_t w;
    igraph_matrix_t res;
    igraph_rng_t rng, *old = igraph_rng_default();
    int have_g = 0, have_ev = 0, have_w = 0, have_res = 0, have_rng = 0;
    igraph_error_t ie;
    tg_igraph_handlers saved;
    tg_status_t rc = TG_OK;
    double minx = 0, maxx = 0, miny = 0, maxy = 0, span;
    size_t i;

    if (n == 0)
        return TG_OK;
    if (n == 1) {
        x[0] = y[0] = 0.5;
        return TG_OK;
    }
    tg_igraph_enter(&saved);
    if ((ie = igraph_vector_int_init(&ev, (igraph_integer_t)(2 * nedges))))
        goto fail;
    have_ev = 1;
    for (i = 0; i < nedges; i++) {
        VECTOR(ev)[2 * i] = from[i];
        VECTOR(ev)[2 * i + 1] = to[i];
    }
    if ((ie = igraph_create(&g, &ev, (igraph_integer_t)n, IGRAPH_UNDIRECTED)))
        goto fail;
    have_g = 1;
    if ((ie = igraph_vector_init(&w, (igraph_integer_t)nedges)))
        goto fail;
    have_w = 1;
    for (i = 0; i < nedges; i++)
        VECTOR(w)[i] = weight ? weight[i] : 1.0;
    if ((ie = igraph_matrix_init(&res, (igraph_integer_t)n, 2)))
        goto fail;
    have_res = 1;
    if ((ie = igraph_rng_init(&rng, &igraph_rngtype_pcg32)))
        goto fail;
    have_rng = 1;
    igraph_rng_seed(&rng, (igraph_uint_t)seed);
    igraph_rng_set_default(&rng);
    ie = igraph_layout_fruchterman_reingold(&g, &res, 0, 500, sqrt((double)n) / 2,
                                            IGRAPH_LAYOUT_NOGRID, nedges ? &w : NULL, NULL,
                                            NULL, NULL, NULL);
    igraph_rng_set_default(old);
    if (ie)
        goto fail;
    for (i = 0; i < n; i++) {
        double px = MATRIX(res, (igraph_integer_t)i, 0), py = MATRIX(res, (igraph_integer_t)i, 1);

        if (i == 0 || px < minx)
            minx = px;
        if (i == 0 || px > maxx)
            maxx = px;
        if (i == 0 || py < miny)
            miny = py;
        if (i == 0 || py > maxy)
            maxy = py;
    }
    span = fmax(maxx - minx, maxy - miny);
    if (!(span > 0))
        span = 1;
    for (i = 0; i < n; i++) {
        x[i] = (MATRIX(res, (igraph_integer_t)i, 0) - minx) / span +
               (1 - (maxx - minx) / span) / 2;
        y[i] = (MATRIX(res, (igraph_integer_t)i, 1) - miny) / span +
               (1 - (maxy - miny) / span) / 2;
    }
    goto out;
fail:
    rc = tg_igraph_error(err, ie, "force-directed layout");
out:
    if (have_rng)
        igraph_rng_destroy(&rng);
    if (have_res)
        igraph_matrix_destroy(&res);
    if (have_w)
        igraph_vector_destroy(&w);
    if (have_g)
        igraph_destroy(&g);
    if (have_ev)
        igraph_vector_int_destroy(&ev);
    tg_igraph_leave(&saved);
    return rc;
}

tg_status_t tg_layout_tree(size_t n, const int32_t *parent, double *x, tg_error_t *err)
{
    igraph_t g;
    igraph_vector_int_t ev, roots;
    igraph_matrix_t res;
    int have_g = 0, have_ev = 0, have_roots = 0, have_res = 0;
    igraph_error_t ie = IGRAPH_SUCCESS;
    tg_igraph_handlers saved;
    tg_status_t rc = TG_OK;
    size_t v;

    if (n == 0)
        return TG_OK;
    if (n == 1) {
        x[0] = 0;
        return TG_OK;
    }
    tg_igraph_enter(&saved);
    if ((ie = igraph_vector_int_init(&ev, (igraph_integer_t)(2 * (n - 1)))))
        goto fail;
    have_ev = 1;
    for (v = 1; v < n; v++) {
        VECTOR(ev)[2 * (v - 1)] = parent[v];
        VECTOR(ev)[2 * (v - 1) + 1] = (igraph_integer_t)v;
    }
    if ((ie = igraph_create(&g, &ev, (igraph_integer_t)n, IGRAPH_DIRECTED)))
        goto fail;
    have_g = 1;
    if ((ie = igraph_vector_int_init(&roots, 1)))
        goto fail;
    have_roots = 1;
    VECTOR(roots)[0] = 0;
    if ((ie = igraph_matrix_init(&res, 0, 0)))
        goto fail;
    have_res = 1;
    if ((ie = igraph_layout_reingold_tilford(&g, &res, IGRAPH_OUT, &roots, NULL)))
        goto fail;
    for (v = 0; v < n; v++)
        x[v] = MATRIX(res, (igraph_integer_t)v, 0);
    goto out;
fail:
    rc = tg_igraph_error(err, ie, "tree layout");
out:
    if (have_res)
        igraph_matrix_destroy(&res);
    if (have_roots)
        igraph_vector_int_destroy(&roots);
    if (have_g)
        igraph_destroy(&g);
    if (have_ev)
        igraph_vector_int_destroy(&ev);
    tg_igraph_leave(&saved);
    return rc;
}
