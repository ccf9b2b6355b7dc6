/* community.c - communities of the user network: Leiden (igraph) on the
 * undirected, weighted network (the weights of both directions summed into
 * one edge, m the total weight), optimising modularity: node weights are
 * the strengths and the resolution is 1/(2m).  igraph 0.10.2 can loop
 * forever when asked to iterate until the partition stops changing
 * (a negative count), so the passes are counted here: one pass at a time,
 * from the last partition, until a pass changes nothing or gains less
 * than TG_LEIDEN_MIN_GAIN of the quality (at most TG_LEIDEN_MAX_PASSES;
 * on a 1M-comment corpus the fifth pass gains 0.006%).  The seed is fixed by the caller.  Communities are
 * numbered from 1, largest first, ties by the first member's byte order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"

#define TG_LEIDEN_MAX_PASSES 100
#define TG_LEIDEN_MIN_GAIN 1e-4   /* a pass that gains less (relative) ends the search */

typedef struct uedge {
    int32_t a, b;          /* vertices, a < b */
    long w;
} uedge;

static int cmp_uedge(const void *x, const void *y)
{
    const uedge *p = x, *q = y;

    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

typedef struct comm_order {
    int32_t id, first;     /* igraph's number, its first member (user index) */
    long size;
} comm_order;

static int cmp_comm(const void *x, const void *y)
{
    const comm_order *p = x, *q = y;

    if (p->size != q->size)
        return p->size > q->size ? -1 : 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

tg_status_t tg_communities_compute(const tg_user_net *net, uint64_t seed, tg_communities *c,
                                   tg_error_t *err)
{
    size_t n = net->n, nedges = net->nedges;
    uedge *ue = malloc((nedges ? nedges : 1) * sizeof *ue);
    comm_order *co = NULL;
    int32_t *renum = NULL;
    igraph_t g;
    igraph_vector_int_t el, memb, prev;
    igraph_vector_t w, nodew;
    int have_g = 0, have_el = 0, have_memb = 0, have_prev = 0, have_w = 0, have_nodew = 0;
    igraph_error_t ie = IGRAPH_SUCCESS;
    igraph_integer_t nb = 0;
    igraph_real_t quality = 0, q = NAN, m = 0;
    tg_status_t rc = TG_OK;
    const char *what = "community detection";
    size_t i, ne = 0, k, pass;

    c->community = malloc((n ? n : 1) * sizeof *c->community);
    c->ncommunities = 0;
    c->modularity = NAN;
    if (!ue || !c->community) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (n == 0)
        goto out;
    tg_igraph_setup();
    /* both directions into one undirected edge */
    for (i = 0; i < nedges; i++) {
        int32_t x = net->vertex[net->edges[i].from], y = net->vertex[net->edges[i].to];

        ue[i].a = x < y ? x : y;
        ue[i].b = x < y ? y : x;
        ue[i].w = net->edges[i].weight;
    }
    qsort(ue, nedges, sizeof *ue, cmp_uedge);
    for (i = 0; i < nedges; i++) {
        if (ne && ue[ne - 1].a == ue[i].a && ue[ne - 1].b == ue[i].b)
            ue[ne - 1].w += ue[i].w;
        else
            ue[ne++] = ue[i];
    }
    if ((ie = igraph_vector_int_init(&el, (igraph_integer_t)(2 * ne))))
        goto out;
    have_el = 1;
    if ((ie = igraph_vector_init(&w, (igraph_integer_t)ne)))
        goto out;
    have_w = 1;
    for (i = 0; i < ne; i++) {
        VECTOR(el)[2 * i] = ue[i].a;
        VECTOR(el)[2 * i + 1] = ue[i].b;
        VECTOR(w)[i] = (igraph_real_t)ue[i].w;
        m += (igraph_real_t)ue[i].w;
    }
    what = "building the undirected user network";
    if ((ie = igraph_create(&g, &el, (igraph_integer_t)n, IGRAPH_UNDIRECTED)))
        goto out;
    have_g = 1;
    if ((ie = igraph_vector_int_init(&memb, (igraph_integer_t)n)))
        goto out;
    have_memb = 1;
    if ((ie = igraph_vector_int_init(&prev, (igraph_integer_t)n)))
        goto out;
    have_prev = 1;
    if (m > 0) {
        what = "node strengths";
        if ((ie = igraph_vector_init(&nodew, (igraph_integer_t)n)))
            goto out;
        have_nodew = 1;
        if ((ie = igraph_strength(&g, &nodew, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &w)))
            goto out;
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
        what = "Leiden communities";
        if ((ie = igraph_community_leiden(&g, &w, &nodew, 1.0 / (2.0 * m), 0.01, 0, 1, &memb,
                                          &nb, &quality)))
            goto out;
        for (pass = 1; pass < TG_LEIDEN_MAX_PASSES; pass++) {
            igraph_real_t before = quality;

            if ((ie = igraph_vector_int_update(&prev, &memb)))
                goto out;
            if ((ie = igraph_community_leiden(&g, &w, &nodew, 1.0 / (2.0 * m), 0.01, 1, 1, &memb,
                                              &nb, &quality)))
                goto out;
            if (igraph_vector_int_all_e(&prev, &memb) ||
                quality - before <= TG_LEIDEN_MIN_GAIN * fabs(before))
                break;
        }
        what = "modularity";
        if ((ie = igraph_modularity(&g, &memb, &w, 1.0, IGRAPH_UNDIRECTED, &q)))
            goto out;
    } else {
        for (i = 0; i < n; i++)
            VECTOR(memb)[i] = (igraph_integer_t)i;
        nb = (igraph_integer_t)n;
    }
    /* number the communities: largest first, then by first member (the
     * vertices are numbered in the users' order) */
    co = calloc((size_t)nb, sizeof *co);
    renum = malloc((size_t)nb * sizeof *renum);
    if (!co || !renum) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < (size_t)nb; k++) {
        co[k].id = (int32_t)k;
        co[k].first = INT32_MAX;
    }
    for (i = 0; i < n; i++) {
        comm_order *o = &co[VECTOR(memb)[i]];

        o->size++;
        if (net->user[i] < o->first)
            o->first = net->user[i];
    }
    qsort(co, (size_t)nb, sizeof *co, cmp_comm);
    for (k = 0; k < (size_t)nb; k++)
        renum[co[k].id] = (int32_t)k + 1;
    for (i = 0; i < n; i++)
        c->community[i] = renum[VECTOR(memb)[i]];
    c->ncommunities = (size_t)nb;
    c->modularity = q;
out:
    if (have_nodew)
        igraph_vector_destroy(&nodew);
    if (have_prev)
        igraph_vector_int_destroy(&prev);
    if (have_memb)
        igraph_vector_int_destroy(&memb);
    if (have_g)
        igraph_destroy(&g);
    if (have_w)
        igraph_vector_destroy(&w);
    if (have_el)
        igraph_vector_int_destroy(&el);
    free(ue);
    free(co);
    free(renum);
    if (ie || rc) {
        free(c->community);
        c->community = NULL;
    }
    return ie ? tg_igraph_error(err, ie, what) : rc;
}

/* ---- on the second core ----
 * Leiden takes as long as betweenness on a large network, and needs only
 * the user network: it runs in a forked child beside the centralities.
 * The child sends the community of each vertex, their count and the
 * modularity. */
/* Leiden's work, in the units of bc_fork_min_work, per vertex and edge:
 * with the default limit the child starts from 50,000 of them */
#define TG_LEIDEN_WORK 40.0

static int communities_child(void *ctx, int fd)
{
    tg_communities_job *job = ctx;
    tg_communities c;
    uint64_t nc;
    int ok;

    if (tg_communities_compute(job->net, job->seed, &c, NULL))
        return -1;
    nc = c.ncommunities;
    ok = tg_fork_write(fd, c.community, job->net->n * sizeof *c.community) == 0 &&
         tg_fork_write(fd, &nc, sizeof nc) == 0 &&
         tg_fork_write(fd, &c.modularity, sizeof c.modularity) == 0;
    free(c.community);
    return ok ? 0 : -1;
}

void tg_communities_start(const tg_user_net *net, uint64_t seed, int fork, double min_work,
                          tg_communities_job *job)
{
    job->net = net;
    job->seed = seed;
    job->forked = fork && min_work >= 0 &&
                  TG_LEIDEN_WORK * (double)(net->n + net->nedges) >= min_work &&
                  tg_fork_start(communities_child, job, &job->job) == 0;
}

tg_status_t tg_communities_collect(tg_communities_job *job, tg_communities *c, tg_error_t *err)
{
    if (job->forked) {
        uint64_t nc = 0;

        job->forked = 0;
        c->community = malloc((job->net->n ? job->net->n : 1) * sizeof *c->community);
        if (c->community &&
            tg_fork_read(&job->job, c->community, job->net->n * sizeof *c->community) == 0 &&
            tg_fork_read(&job->job, &nc, sizeof nc) == 0 &&
            tg_fork_read(&job->job, &c->modularity, sizeof c->modularity) == 0 &&
            tg_fork_finish(&job->job) == 0) {
            c->ncommunities = (size_t)nc;
            return TG_OK;
        }
        /* the child failed: compute it here */
        tg_fork_cancel(&job->job);
        free(c->community);
        c->community = NULL;
    }
    return tg_communities_compute(job->net, job->seed, c, err);
}

void tg_communities_cancel(tg_communities_job *job)
{
    if (job->forked)
        tg_fork_cancel(&job->job);
    job->forked = 0;
}
