/* analyze.c - tg_analyze: every metric of docs/metrics.md from a dataset.
 * Per-comment and per-thread figures are linear passes over the reply
 * forest; the user network's centralities, the pairs and the locations are
 * in centrality.c, pairs.c and locations.c.
 *
 * igraph is not thread-safe, so every igraph call stays on the calling
 * thread; the counting that needs no igraph (threads, users, pairs) runs on
 * a second thread meanwhile. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"

void tg_analysis_options_init(tg_analysis_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->betweenness = TG_BC_AUTO;
    opt->bc_samples = 64;
    opt->seed = 1;
    opt->bc_fork = 0;
    opt->bc_fork_min_work = TG_BC_FORK_MIN_WORK;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return a < b ? -1 : a > b;
}

/* Per comment: replies, subtree sizes (replies before parents: the reverse
 * breadth-first order) and reply latency. */
static void comment_metrics(const tg_dataset_t *ds, const tg_forest *f, tg_analysis_t *a)
{
    size_t i, n = ds->ncomments;

    for (i = 0; i < n; i++) {
        a->depth[i] = f->depth[i];
        a->replies[i] = 0;
        a->subtree[i] = 1;
        a->latency[i] = TG_TIME_NONE;
    }
    for (i = n; i-- > 0;) {
        int32_t c = f->order[i], p = f->parent[c];

        if (p < 0)
            continue;
        a->replies[p]++;
        a->subtree[p] += a->subtree[c];
        if (ds->time[c] != TG_TIME_NONE && ds->time[p] != TG_TIME_NONE)
            a->latency[c] = ds->time[c] - ds->time[p];
    }
}

/* Per thread, over the comments of each thread in turn (a counting sort by
 * thread keeps this linear). */
static tg_status_t thread_metrics(const tg_dataset_t *ds, tg_analysis_t *a, tg_error_t *err)
{
    size_t n = ds->ncomments, nt = ds->nthreads, i, t;
    size_t *start = calloc(nt + 1, sizeof *start);
    int32_t *by_thread = malloc((n ? n : 1) * sizeof *by_thread);
    int32_t *stamp = malloc((ds->nusers ? ds->nusers : 1) * sizeof *stamp);
    long *width = NULL;
    int64_t *lat = malloc((n ? n : 1) * sizeof *lat);
    int maxd = 0;
    tg_status_t rc = TG_OK;

    if (!start || !by_thread || !stamp || !lat) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++) {
        start[ds->thread[i] + 1]++;
        if (a->depth[i] > maxd)
            maxd = a->depth[i];
    }
    for (t = 0; t < nt; t++)
        start[t + 1] += start[t];
    {
        size_t *fill = malloc((nt ? nt : 1) * sizeof *fill);

        if (!fill) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        memcpy(fill, start, nt * sizeof *fill);
        for (i = 0; i < n; i++)
            by_thread[fill[ds->thread[i]]++] = (int32_t)i;
        free(fill);
    }
    width = calloc((size_t)maxd + 1, sizeof *width);
    if (!width) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < ds->nusers; i++)
        stamp[i] = -1;

    for (t = 0; t < nt; t++) {
        tg_thread_stats_t *ts = &a->threads[t];
        size_t j, nlat = 0;
        long unanswered = 0, depth_sum = 0;

        ts->max_depth = -1;
        ts->first_time = ts->last_time = TG_TIME_NONE;
        ts->median_latency = NAN;
        for (j = start[t]; j < start[t + 1]; j++) {
            int32_t c = by_thread[j], u = ds->user[c], d = a->depth[c];

            ts->comments++;
            if (u < 0)
                ts->anonymous++;
            else if (stamp[u] != (int32_t)t) {
                stamp[u] = (int32_t)t;
                ts->participants++;
            }
            if (d == 0)
                ts->top_level++;
            if (d > ts->max_depth)
                ts->max_depth = d;
            depth_sum += d;
            if (++width[d] > ts->max_width)
                ts->max_width = width[d];
            if (a->replies[c] == 0)
                unanswered++;
            if (a->latency[c] != TG_TIME_NONE)
                lat[nlat++] = a->latency[c];
            if (ds->time[c] != TG_TIME_NONE) {
                if (ts->first_time == TG_TIME_NONE || ds->time[c] < ts->first_time)
                    ts->first_time = ds->time[c];
                if (ts->last_time == TG_TIME_NONE || ds->time[c] > ts->last_time)
                    ts->last_time = ds->time[c];
            }
        }
        for (j = start[t]; j < start[t + 1]; j++)
            width[a->depth[by_thread[j]]] = 0;
        if (ts->comments) {
            ts->mean_depth = (double)depth_sum / (double)ts->comments;
            ts->unanswered_share = (double)unanswered / (double)ts->comments;
        }
        if (nlat) {
            qsort(lat, nlat, sizeof *lat, cmp_i64);
            ts->median_latency = nlat % 2 ? (double)lat[nlat / 2]
                                          : ((double)lat[nlat / 2 - 1] + (double)lat[nlat / 2]) / 2;
        }
    }
out:
    free(start);
    free(by_thread);
    free(stamp);
    free(width);
    free(lat);
    return rc;
}

/* Per named user: counts and depths (centralities come later). */
static tg_status_t user_metrics(const tg_dataset_t *ds, const tg_forest *f,
                                const tg_user_net *net, tg_analysis_t *a, tg_error_t *err)
{
    size_t i;
    double *depth_sum = calloc(ds->nusers ? ds->nusers : 1, sizeof *depth_sum);

    /* without it the mean depths would silently be 0 */
    if (!depth_sum)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");

    for (i = 0; i < ds->nusers; i++) {
        a->users[i].max_depth = -1;
        a->users[i].in_network = net->vertex[i] >= 0;
    }
    for (i = 0; i < ds->ncomments; i++) {
        int32_t u = ds->user[i], p = f->parent[i], pu = p >= 0 ? ds->user[p] : -1;

        if (u >= 0) {
            tg_user_stats_t *us = &a->users[u];

            us->comments++;
            if (a->depth[i] > us->max_depth)
                us->max_depth = a->depth[i];
            depth_sum[u] += a->depth[i];
            if (p >= 0) {
                if (pu == u)
                    us->self_replies++;
                else
                    us->replies_given++;
            }
        }
        if (pu >= 0 && pu != u)
            a->users[pu].replies_received++;
        /* a top-level comment on a post replies to the post's author */
        if (p < 0 && !(ds->flags[i] & (TG_COMMENT_ORPHAN | TG_COMMENT_CYCLE)) && ds->thread_post_user) {
            int32_t author = ds->thread_post_user[ds->thread[i]];

            if (author >= 0 && author != u)
                a->users[author].post_replies++;
        }
    }
    for (i = 0; i < ds->nthreads; i++)
        if (ds->thread_post_user && ds->thread_post_user[i] >= 0)
            a->users[ds->thread_post_user[i]].posts++;
    for (i = 0; i < ds->nusers; i++)
        if (a->users[i].comments)
            a->users[i].mean_depth = depth_sum[i] / (double)a->users[i].comments;
    free(depth_sum);
    return TG_OK;
}

/* The work of the second thread. */
typedef struct counting {
    const tg_dataset_t *ds;
    const tg_forest *f;
    const tg_user_net *net;
    tg_analysis_t *a;
    tg_error_t err;
    tg_status_t rc;
} counting;

static void *count_main(void *arg)
{
    counting *w = arg;

    tg_error_clear(&w->err);
    w->rc = thread_metrics(w->ds, w->a, &w->err);
    if (!w->rc)
        w->rc = user_metrics(w->ds, w->f, w->net, w->a, &w->err);
    if (!w->rc)
        w->rc = tg_pairs_compute(w->ds, w->f, w->net, w->a, &w->err);
    return NULL;
}

tg_status_t tg_analyze(const tg_dataset_t *ds, const tg_analysis_options_t *opt,
                       tg_analysis_t *a, tg_error_t *err)
{
    tg_analysis_options_t defaults;
    tg_forest f;
    tg_user_net net;
    tg_status_t rc;
    counting work;
    pthread_t th;
    int threaded = 0;
    tg_igraph_handlers saved;
    tg_communities_job cjob;
    tg_communities comm = { NULL, 0, 0 };
    size_t i;

    tg_igraph_enter(&saved);
    if (!opt) {
        tg_analysis_options_init(&defaults);
        opt = &defaults;
    }
    memset(&f, 0, sizeof f);
    memset(&net, 0, sizeof net);
    cjob.forked = 0;
    if (tg_analysis_alloc(a, ds)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (opt->progress)
        opt->progress("Reply forest", 0, opt->progress_ctx);
    if ((rc = tg_forest_build(ds, &f, err)))
        goto out;
    comment_metrics(ds, &f, a);
    if (opt->progress)
        opt->progress("User network", 0, opt->progress_ctx);
    if ((rc = tg_user_net_build(ds, f.parent, opt->network, &net, err)))
        goto out;

    /* communities need only the network: on the second core meanwhile */
    tg_communities_start(&net, opt->seed, opt->bc_fork, opt->bc_fork_min_work, &cjob);
    work.ds = ds;
    work.f = &f;
    work.net = &net;
    work.a = a;
    threaded = pthread_create(&th, NULL, count_main, &work) == 0;
    if (!threaded)
        count_main(&work);
    rc = tg_centrality_compute(&net, opt, a, err);
    if (threaded)
        pthread_join(th, NULL);
    if (rc)
        goto out;
    if (work.rc) {
        rc = work.rc;
        if (err)
            *err = work.err;
        goto out;
    }
    if (opt->progress)
        opt->progress("Locations", 0, opt->progress_ctx);
    if ((rc = tg_locations_compute(ds, &f, &net, a, err)))
        goto out;
    if (opt->progress)
        opt->progress("Communities", 0, opt->progress_ctx);
    if ((rc = tg_communities_collect(&cjob, &comm, err)))
        goto out;
    for (i = 0; i < ds->nusers; i++)
        a->users[i].community = net.vertex[i] >= 0 ? comm.community[net.vertex[i]] : -1;
    a->ncommunities = comm.ncommunities;
    a->modularity = comm.modularity;
    /* hand the network's edges over */
    a->edges = net.edges;
    a->nedges = net.nedges;
    net.edges = NULL;
    net.nedges = 0;
    tg_analysis_sort(a);
out:
    tg_communities_cancel(&cjob);
    free(comm.community);
    tg_forest_release(&f);
    tg_user_net_release(&net);
    if (rc)
        tg_analysis_destroy(a);
    tg_igraph_leave(&saved);
    return rc;
}
