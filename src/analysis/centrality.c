/* centrality.c - centralities of the user network with igraph: weighted
 * PageRank, directed betweenness and harmonic closeness (exact, or estimated
 * from sampled sources on large networks), hub and authority scores, and the
 * network's reciprocity, density and weakly connected components. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"

static const tg_analysis_options_t *progress_opt;

static igraph_error_t on_progress(const char *message, igraph_real_t percent, void *data)
{
    (void)data;
    if (progress_opt && progress_opt->progress)
        progress_opt->progress(message, (double)percent, progress_opt->progress_ctx);
    return IGRAPH_SUCCESS;
}

static void progress(const tg_analysis_options_t *opt, const char *what, double percent)
{
    if (opt->progress)
        opt->progress(what, percent, opt->progress_ctx);
}

/* Harmonic closeness estimated from the sampled sources: n/k times the sum,
 * over the sources s other than u, of 1 / d(s -> u).  Distances come from
 * igraph_distances, a block of sources at a time. */
#define SOURCE_BLOCK 16

static igraph_error_t sampled_harmonic(const igraph_t *g, const igraph_vector_int_t *sources,
                                       igraph_vector_t *res)
{
    igraph_integer_t n = igraph_vcount(g), k = igraph_vector_int_size(sources), i, j, r;
    igraph_matrix_t d;
    igraph_vector_int_t block;
    igraph_error_t ie = IGRAPH_SUCCESS;

    IGRAPH_CHECK(igraph_vector_resize(res, n));
    igraph_vector_null(res);
    IGRAPH_CHECK(igraph_matrix_init(&d, 0, 0));
    if ((ie = igraph_vector_int_init(&block, 0))) {
        igraph_matrix_destroy(&d);
        return ie;
    }
    for (i = 0; i < k && !ie; i += SOURCE_BLOCK) {
        igraph_integer_t nb = k - i < SOURCE_BLOCK ? k - i : SOURCE_BLOCK;

        if ((ie = igraph_vector_int_resize(&block, nb)))
            break;
        for (r = 0; r < nb; r++)
            VECTOR(block)[r] = VECTOR(*sources)[i + r];
        if ((ie = igraph_distances(g, &d, igraph_vss_vector(&block), igraph_vss_all(), IGRAPH_OUT)))
            break;
        for (r = 0; r < nb; r++)
            for (j = 0; j < n; j++) {
                igraph_real_t dist = MATRIX(d, r, j);

                if (j != VECTOR(block)[r] && isfinite(dist) && dist > 0)
                    VECTOR(*res)[j] += 1.0 / dist;
            }
    }
    igraph_vector_int_destroy(&block);
    igraph_matrix_destroy(&d);
    if (ie)
        return ie;
    igraph_vector_scale(res, (igraph_real_t)n / (igraph_real_t)k);
    return IGRAPH_SUCCESS;
}

/* ---- betweenness on the second core ----
 * Betweenness, the longest computation, runs in a forked child (forkjob.c)
 * which sends the n values back while this process computes harmonic
 * closeness and the hub and authority scores.  When fork or the child
 * fails, this process computes betweenness itself. */
typedef struct bc_ctx {
    const igraph_t *g;
    int exact;
    const igraph_vector_int_t *sources;
} bc_ctx;

static igraph_error_t betweenness(const igraph_t *g, int exact, const igraph_vector_int_t *sources,
                                  igraph_vector_t *bc)
{
    igraph_integer_t n = igraph_vcount(g), k = igraph_vector_int_size(sources);

    if (exact)
        return igraph_betweenness(g, bc, igraph_vss_all(), 1, NULL);
    IGRAPH_CHECK(igraph_betweenness_subset(g, bc, igraph_vss_all(), 1, igraph_vss_vector(sources),
                                           igraph_vss_all(), NULL));
    igraph_vector_scale(bc, (igraph_real_t)n / (igraph_real_t)k);
    return IGRAPH_SUCCESS;
}

static int bc_child(void *ctx, int fd)
{
    bc_ctx *c = ctx;
    igraph_vector_t bc;
    int ok;

    if (igraph_vector_init(&bc, 0) != IGRAPH_SUCCESS)
        return -1;
    ok = betweenness(c->g, c->exact, c->sources, &bc) == IGRAPH_SUCCESS &&
         tg_fork_write(fd, VECTOR(bc), (size_t)igraph_vector_size(&bc) * sizeof(igraph_real_t)) == 0;
    igraph_vector_destroy(&bc);
    return ok ? 0 : -1;
}

/* The child's values into bc (resized to n); 0 on success. */
static int bc_finish(tg_fork_job *job, igraph_integer_t n, igraph_vector_t *bc)
{
    if (igraph_vector_resize(bc, n) == IGRAPH_SUCCESS &&
        tg_fork_read(job, VECTOR(*bc), (size_t)n * sizeof(igraph_real_t)) == 0 &&
        tg_fork_finish(job) == 0)
        return 0;
    tg_fork_cancel(job);
    return -1;
}

tg_status_t tg_centrality_compute(const tg_user_net *net, const tg_analysis_options_t *opt,
                                  tg_analysis_t *a, tg_error_t *err)
{
    const igraph_t *g = &net->graph;
    igraph_integer_t n = (igraph_integer_t)net->n, m = (igraph_integer_t)net->nedges, i, k;
    igraph_vector_t pr, bc, harm, hub, auth;
    igraph_vector_int_t sources, indeg, outdeg;
    int have = 0;
    igraph_error_t ie = IGRAPH_SUCCESS;
    igraph_real_t r = 0, dens = 0;
    igraph_integer_t ncomp = 0;
    const char *what = "the user network";
    int exact;
    igraph_progress_handler_t *old_progress = NULL;
    tg_fork_job job;
    bc_ctx bcc;
    int forked = 0;

    a->network_vertices = net->n;
    a->seed = opt->seed;
    if (n == 0) {
        a->bc_exact = 1;
        return TG_OK;
    }
    k = (igraph_integer_t)(opt->bc_samples ? opt->bc_samples : 64);
    if (opt->betweenness == TG_BC_EXACT)
        exact = 1;
    else if (opt->betweenness == TG_BC_SAMPLED)
        exact = 0;
    else
        exact = (double)n * (double)(n + m) <= TG_BC_EXACT_LIMIT;
    if (k > n)
        k = n;

    if (igraph_vector_init(&pr, 0) || igraph_vector_init(&bc, 0) ||
        igraph_vector_init(&harm, 0) || igraph_vector_init(&hub, 0) ||
        igraph_vector_init(&auth, 0) || igraph_vector_int_init(&sources, 0) ||
        igraph_vector_int_init(&indeg, 0) || igraph_vector_int_init(&outdeg, 0))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    have = 1;
    if (opt->progress) {
        progress_opt = opt;
        old_progress = igraph_set_progress_handler(on_progress);
    }

    what = "PageRank";
    progress(opt, "PageRank", 0);
    if ((ie = igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, &pr, NULL, igraph_vss_all(), 1, 0.85,
                              &net->weights, NULL)))
        goto out;

    if (!exact) {
        what = "sampling betweenness sources";
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)opt->seed);
        if ((ie = igraph_random_sample(&sources, 0, n - 1, k)))
            goto out;
        igraph_vector_int_sort(&sources);
    }
    what = "betweenness";
    progress(opt, "Betweenness", 0);
    bcc.g = g;
    bcc.exact = exact;
    bcc.sources = &sources;
    if (opt->bc_fork && opt->bc_fork_min_work >= 0 &&
        (double)(exact ? n : k) * (double)(n + m) >= opt->bc_fork_min_work &&
        tg_fork_start(bc_child, &bcc, &job) == 0)
        forked = 1;
    else if ((ie = betweenness(g, exact, &sources, &bc)))
        goto out;

    what = "harmonic closeness";
    progress(opt, "Harmonic closeness", 0);
    if (exact)
        ie = igraph_harmonic_centrality(g, &harm, igraph_vss_all(), IGRAPH_IN, NULL, 0);
    else
        ie = sampled_harmonic(g, &sources, &harm);
    if (ie)
        goto out;

    what = "hub and authority scores";
    progress(opt, "Hub and authority scores", 0);
    if (m > 0) {
        if ((ie = igraph_hub_and_authority_scores(g, &hub, &auth, NULL, 1, &net->weights, NULL)))
            goto out;
    } else {
        /* no edge: every score is zero (igraph's ARPACK needs an edge) */
        if ((ie = igraph_vector_resize(&hub, n)) || (ie = igraph_vector_resize(&auth, n)))
            goto out;
        igraph_vector_null(&hub);
        igraph_vector_null(&auth);
    }

    if (forked) {
        what = "betweenness";
        forked = 0;
        /* the child failed: compute it here */
        if (bc_finish(&job, n, &bc) != 0 && (ie = betweenness(g, exact, &sources, &bc)))
            goto out;
    }

    what = "the network summary";
    if ((ie = igraph_degree(g, &indeg, igraph_vss_all(), IGRAPH_IN, 0)) ||
        (ie = igraph_degree(g, &outdeg, igraph_vss_all(), IGRAPH_OUT, 0)) ||
        (ie = igraph_connected_components(g, NULL, NULL, &ncomp, IGRAPH_WEAK)))
        goto out;
    if (m > 0 && (ie = igraph_reciprocity(g, &r, 1, IGRAPH_RECIPROCITY_DEFAULT)))
        goto out;
    if (n > 1 && (ie = igraph_density(g, &dens, 0)))
        goto out;

    for (i = 0; i < n; i++) {
        tg_user_stats_t *u = &a->users[net->user[i]];

        u->pagerank = VECTOR(pr)[i];
        u->betweenness = VECTOR(bc)[i];
        u->harmonic = VECTOR(harm)[i];
        u->hub = VECTOR(hub)[i];
        u->authority = VECTOR(auth)[i];
        u->distinct_repliers = (long)VECTOR(indeg)[i];
        u->distinct_replied_to = (long)VECTOR(outdeg)[i];
    }
    a->reciprocity = m > 0 ? r : 0;
    a->density = dens;
    a->components = (size_t)ncomp;
    a->bc_exact = exact;
    a->bc_samples = exact ? (size_t)n : (size_t)k;
out:
    if (forked)
        tg_fork_cancel(&job);
    if (opt->progress) {
        igraph_set_progress_handler(old_progress);
        progress_opt = NULL;
    }
    if (have) {
        igraph_vector_destroy(&pr);
        igraph_vector_destroy(&bc);
        igraph_vector_destroy(&harm);
        igraph_vector_destroy(&hub);
        igraph_vector_destroy(&auth);
        igraph_vector_int_destroy(&sources);
        igraph_vector_int_destroy(&indeg);
        igraph_vector_int_destroy(&outdeg);
    }
    return ie ? tg_igraph_error(err, ie, what) : TG_OK;
}
