/* csv.c - the CSV reports (users, pairs, comments, threads, locations,
 * location_flows; edges and communities in network_reports.c) and
 * summary.json, through the one CSV writer (csvw.c): RFC 4180, UTF-8,
 * header first; times ISO 8601 UTC; floats %.12g with '.' whatever the
 * locale; text cells that begin with = + - @ tab or CR get a leading
 * apostrophe (the formula guard) unless it is turned off.  Each file is
 * written beside its final name and renamed when complete. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/report.h"
#include "threadgraph/version.h"

void tg_report_options_init(tg_report_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->formula_guard = 1;
}

/* ---- users.csv ---- */

typedef struct user_loc {
    int32_t user, loc;
} user_loc;

static int cmp_user_loc(const void *x, const void *y)
{
    const user_loc *a = x, *b = y;

    if (a->user != b->user)
        return a->user < b->user ? -1 : 1;
    return a->loc < b->loc ? -1 : a->loc > b->loc;
}

/* qsort has no context argument: the analysis the comparators read */
static const tg_analysis_t *sort_a;

static int cmp_users(const void *x, const void *y)
{
    int32_t i = *(const int32_t *)x, j = *(const int32_t *)y;
    const tg_user_stats_t *u = &sort_a->users[i], *v = &sort_a->users[j];

    if (u->replies_received != v->replies_received)
        return u->replies_received > v->replies_received ? -1 : 1;
    if (u->comments != v->comments)
        return u->comments > v->comments ? -1 : 1;
    return i < j ? -1 : i > j; /* user indexes are in byte order of names */
}

static tg_status_t write_users(const tg_dataset_t *ds, const tg_analysis_t *a, const char *dir,
                               const tg_report_options_t *opt, tg_error_t *err)
{
    static const char *const cols[] = {
        "user", "comments", "replies_received", "replies_given", "distinct_repliers",
        "distinct_replied_to", "self_replies", "pagerank", "betweenness", "harmonic", "hub",
        "authority", "max_depth", "mean_depth", "locations", "posts", "post_replies",
        "community", NULL
    };
    static const char *const people_cols[] = {
        "user", "comments", "replies_received", "replies_given", "distinct_repliers",
        "distinct_replied_to", "self_replies", "pagerank", "betweenness", "harmonic", "hub",
        "authority", "max_depth", "mean_depth", "locations", "posts", "post_replies",
        "community", "role", "group", "never_posted", NULL
    };
    tg_csvw w;
    tg_status_t rc;
    int32_t *order = malloc((ds->nusers ? ds->nusers : 1) * sizeof *order);
    size_t *loc_start = calloc(ds->nusers + 1, sizeof *loc_start);
    user_loc *ul = NULL;
    size_t n = 0, i, nul = 0, k;
    tg_hmap seen;
    tg_buf locs = TG_BUF_INIT;
    /* role, group and never_posted columns when roles or groups are stored */
    int people = ds->user_role != NULL || ds->user_group != NULL;

    if (!order || !loc_start || tg_hmap_init(&seen, 256)) {
        free(order);
        free(loc_start);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    /* each user's declared locations, in byte order of their keys */
    for (i = 0; i < ds->ncomments; i++) {
        int32_t key[2] = { ds->user[i], ds->location[i] };
        int found;

        if (key[0] < 0 || key[1] < 0)
            continue;
        if (!tg_hmap_put(&seen, key, sizeof key, 0, &found)) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
    }
    ul = malloc((seen.n ? seen.n : 1) * sizeof *ul);
    if (!ul) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < seen.cap; i++)
        if (seen.slots[i].key) {
            memcpy(&ul[nul], seen.slots[i].key, sizeof *ul);
            nul++;
        }
    qsort(ul, nul, sizeof *ul, cmp_user_loc);
    for (i = 0; i < nul; i++)
        loc_start[ul[i].user + 1]++;
    for (i = 0; i < ds->nusers; i++)
        loc_start[i + 1] += loc_start[i];

    /* rows: named commenters, authors of posts, and the people of a
     * roster or --teacher (with zeros when they never posted) */
    for (i = 0; i < ds->nusers; i++)
        if (a->users[i].in_network || a->users[i].comments || a->users[i].posts ||
            (ds->user_role && ds->user_role[i] != TG_ROLE_NONE) ||
            (ds->user_group && ds->user_group[i]))
            order[n++] = (int32_t)i;
    sort_a = a;
    qsort(order, n, sizeof *order, cmp_users);
    if (opt->top && n > opt->top)
        n = opt->top;

    if ((rc = tg_csvw_open(&w, dir, "users.csv", opt->formula_guard, err)))
        goto out;
    tg_csvw_header(&w, people ? people_cols : cols);
    for (i = 0; i < n; i++) {
        int32_t u = order[i];
        const tg_user_stats_t *s = &a->users[u];

        tg_csvw_text(&w, ds->user_name[u]);
        tg_csvw_int(&w, s->comments);
        tg_csvw_int(&w, s->replies_received);
        tg_csvw_int(&w, s->replies_given);
        tg_csvw_int(&w, s->distinct_repliers);
        tg_csvw_int(&w, s->distinct_replied_to);
        tg_csvw_int(&w, s->self_replies);
        if (s->in_network) {
            tg_csvw_real(&w, s->pagerank);
            tg_csvw_real(&w, s->betweenness);
            tg_csvw_real(&w, s->harmonic);
            tg_csvw_real(&w, s->hub);
            tg_csvw_real(&w, s->authority);
            tg_csvw_int(&w, s->max_depth);
            tg_csvw_real(&w, s->mean_depth);
        } else {
            for (k = 0; k < 7; k++)
                tg_csvw_empty(&w);
        }
        tg_buf_reset(&locs);
        for (k = loc_start[u]; k < loc_start[u + 1]; k++) {
            if (k > loc_start[u])
                tg_buf_addstr(&locs, "; ");
            tg_buf_addstr(&locs, ds->location_name[ul[k].loc]);
        }
        if (tg_buf_failed(&locs)) {
            tg_csvw_close(&w, 0, NULL);
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        tg_csvw_text(&w, locs.data);
        tg_csvw_int(&w, s->posts);
        tg_csvw_int(&w, s->post_replies);
        if (s->community > 0)
            tg_csvw_int(&w, s->community);
        else
            tg_csvw_empty(&w);
        if (people) {
            int role = ds->user_role ? ds->user_role[u] : TG_ROLE_NONE;

            tg_csvw_text(&w, role == TG_ROLE_TEACHER ? "teacher"
                             : role == TG_ROLE_STUDENT ? "student"
                                                       : NULL);
            tg_csvw_text(&w, ds->user_group ? ds->user_group[u] : NULL);
            tg_csvw_int(&w, s->comments == 0 && s->posts == 0);
        }
        tg_csvw_row_end(&w);
    }
    rc = tg_csvw_close(&w, 1, err);
out:
    tg_hmap_release(&seen);
    tg_buf_release(&locs);
    free(order);
    free(loc_start);
    free(ul);
    return rc;
}

static tg_status_t write_pairs(const tg_dataset_t *ds, const tg_analysis_t *a, const char *dir,
                               const tg_report_options_t *opt, tg_error_t *err)
{
    static const char *const cols[] = {
        "user_a", "user_b", "a_to_b", "b_to_a", "total", "longest_run", "threads",
        "first_time", "last_time", NULL
    };
    tg_csvw w;
    tg_status_t rc;
    size_t i, n = a->npairs;

    if (opt->top && n > opt->top)
        n = opt->top;
    if ((rc = tg_csvw_open(&w, dir, "pairs.csv", opt->formula_guard, err)))
        return rc;
    tg_csvw_header(&w, cols);
    for (i = 0; i < n; i++) {
        const tg_pair_t *p = &a->pairs[i];

        tg_csvw_text(&w, ds->user_name[p->a]);
        tg_csvw_text(&w, ds->user_name[p->b]);
        tg_csvw_int(&w, p->a_to_b);
        tg_csvw_int(&w, p->b_to_a);
        tg_csvw_int(&w, p->a_to_b + p->b_to_a);
        tg_csvw_int(&w, p->longest_run);
        tg_csvw_int(&w, p->threads);
        tg_csvw_time(&w, p->first_time);
        tg_csvw_time(&w, p->last_time);
        tg_csvw_row_end(&w);
    }
    return tg_csvw_close(&w, 1, err);
}

static tg_status_t write_comments(const tg_dataset_t *ds, const tg_analysis_t *a,
                                  const char *dir, const tg_report_options_t *opt,
                                  tg_error_t *err)
{
    static const char *const cols[] = {
        "comment_id", "thread_id", "parent_id", "author", "location", "timestamp", "depth",
        "replies", "subtree_size", "reply_latency_s", NULL
    };
    tg_csvw w;
    tg_status_t rc;
    size_t i;

    if ((rc = tg_csvw_open(&w, dir, "comments.csv", opt->formula_guard, err)))
        return rc;
    tg_csvw_header(&w, cols);
    for (i = 0; i < ds->ncomments; i++) {
        tg_csvw_text(&w, ds->id[i]);
        tg_csvw_text(&w, ds->thread_id[ds->thread[i]]);
        tg_csvw_text(&w, ds->parent_id[i]);
        tg_csvw_text(&w, ds->author[i]);
        tg_csvw_text(&w, ds->location[i] >= 0 ? ds->location_name[ds->location[i]] : NULL);
        tg_csvw_time(&w, ds->time[i]);
        tg_csvw_int(&w, a->depth[i]);
        tg_csvw_int(&w, a->replies[i]);
        tg_csvw_int(&w, a->subtree[i]);
        if (a->latency[i] == TG_TIME_NONE)
            tg_csvw_empty(&w);
        else
            tg_csvw_int(&w, a->latency[i]);
        tg_csvw_row_end(&w);
    }
    return tg_csvw_close(&w, 1, err);
}

static const tg_dataset_t *sort_ds;

static int cmp_threads_by_id(const void *x, const void *y)
{
    int32_t i = *(const int32_t *)x, j = *(const int32_t *)y;
    long ci = sort_a->threads[i].comments, cj = sort_a->threads[j].comments;

    if (ci != cj)
        return ci > cj ? -1 : 1;
    return strcmp(sort_ds->thread_id[i], sort_ds->thread_id[j]);
}

static tg_status_t write_threads(const tg_dataset_t *ds, const tg_analysis_t *a, const char *dir,
                                 const tg_report_options_t *opt, tg_error_t *err)
{
    static const char *const cols[] = {
        "thread_id", "title", "comments", "participants", "anonymous_comments", "top_level",
        "max_depth", "mean_depth", "max_width", "unanswered_share", "median_latency_s", "pairs",
        "first_time", "last_time", NULL
    };
    tg_csvw w;
    tg_status_t rc;
    size_t i;
    int32_t *order = malloc((ds->nthreads ? ds->nthreads : 1) * sizeof *order);

    if (!order)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    for (i = 0; i < ds->nthreads; i++)
        order[i] = (int32_t)i;
    sort_a = a;
    sort_ds = ds;
    qsort(order, ds->nthreads, sizeof *order, cmp_threads_by_id);
    if ((rc = tg_csvw_open(&w, dir, "threads.csv", opt->formula_guard, err))) {
        free(order);
        return rc;
    }
    tg_csvw_header(&w, cols);
    for (i = 0; i < ds->nthreads; i++) {
        int32_t t = order[i];
        const tg_thread_stats_t *s = &a->threads[t];

        tg_csvw_text(&w, ds->thread_id[t]);
        tg_csvw_text(&w, ds->thread_title[t]);
        tg_csvw_int(&w, s->comments);
        tg_csvw_int(&w, s->participants);
        tg_csvw_int(&w, s->anonymous);
        tg_csvw_int(&w, s->top_level);
        if (s->comments) {
            tg_csvw_int(&w, s->max_depth);
            tg_csvw_real(&w, s->mean_depth);
        } else {
            tg_csvw_empty(&w);
            tg_csvw_empty(&w);
        }
        tg_csvw_int(&w, s->max_width);
        if (s->comments)
            tg_csvw_real(&w, s->unanswered_share);
        else
            tg_csvw_empty(&w);
        tg_csvw_real(&w, s->median_latency);
        tg_csvw_int(&w, s->pairs);
        tg_csvw_time(&w, s->first_time);
        tg_csvw_time(&w, s->last_time);
        tg_csvw_row_end(&w);
    }
    free(order);
    return tg_csvw_close(&w, 1, err);
}

static int cmp_locations(const void *x, const void *y)
{
    int32_t i = *(const int32_t *)x, j = *(const int32_t *)y;
    long ci = sort_a->locations[i].comments, cj = sort_a->locations[j].comments;

    if (ci != cj)
        return ci > cj ? -1 : 1;
    return i < j ? -1 : i > j;
}

static tg_status_t write_locations(const tg_dataset_t *ds, const tg_analysis_t *a,
                                   const char *dir, const tg_report_options_t *opt,
                                   tg_error_t *err)
{
    static const char *const cols[] = {
        "location", "commenters", "comments", "replies_received", "replies_given", NULL
    };
    static const char *const flow_cols[] = { "from_location", "to_location", "replies", NULL };
    tg_csvw w;
    tg_status_t rc;
    size_t i;
    int32_t *order = malloc((ds->nlocations ? ds->nlocations : 1) * sizeof *order);

    if (!order)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    for (i = 0; i < ds->nlocations; i++)
        order[i] = (int32_t)i;
    sort_a = a;
    qsort(order, ds->nlocations, sizeof *order, cmp_locations);
    if ((rc = tg_csvw_open(&w, dir, "locations.csv", opt->formula_guard, err))) {
        free(order);
        return rc;
    }
    tg_csvw_header(&w, cols);
    for (i = 0; i < ds->nlocations; i++) {
        const tg_location_stats_t *l = &a->locations[order[i]];

        tg_csvw_text(&w, ds->location_name[order[i]]);
        tg_csvw_int(&w, l->commenters);
        tg_csvw_int(&w, l->comments);
        tg_csvw_int(&w, l->replies_received);
        tg_csvw_int(&w, l->replies_given);
        tg_csvw_row_end(&w);
    }
    free(order);
    if ((rc = tg_csvw_close(&w, 1, err)))
        return rc;

    if ((rc = tg_csvw_open(&w, dir, "location_flows.csv", opt->formula_guard, err)))
        return rc;
    tg_csvw_header(&w, flow_cols);
    for (i = 0; i < a->nflows; i++) {
        tg_csvw_text(&w, ds->location_name[a->flows[i].from]);
        tg_csvw_text(&w, ds->location_name[a->flows[i].to]);
        tg_csvw_int(&w, a->flows[i].replies);
        tg_csvw_row_end(&w);
    }
    return tg_csvw_close(&w, 1, err);
}

static void key_size(tg_jsonw *j, const char *key, size_t v)
{
    tg_jsonw_key(j, key);
    tg_jsonw_uint(j, v);
}

static void key_real(tg_jsonw *j, const char *key, double v)
{
    tg_jsonw_key(j, key);
    tg_jsonw_real(j, v);
}

static void key_string(tg_jsonw *j, const char *key, const char *v)
{
    tg_jsonw_key(j, key);
    tg_jsonw_string(j, v);
}

static tg_status_t write_summary(const tg_dataset_t *ds, const tg_analysis_t *a, const char *dir,
                                 const tg_report_options_t *opt, tg_error_t *err)
{
    tg_csvw w;
    tg_jsonw j;
    tg_status_t rc;
    size_t i, named = 0, anon = 0;
    int maxd = -1, failed;

    for (i = 0; i < ds->nusers; i++)
        named += a->users[i].in_network != 0;
    for (i = 0; i < ds->ncomments; i++) {
        anon += ds->user[i] < 0;
        if (a->depth[i] > maxd)
            maxd = a->depth[i];
    }
    if ((rc = tg_csvw_open(&w, dir, "summary.json", 0, err)))
        return rc;
    tg_jsonw_init_file(&j, w.f, TG_JSONW_PRETTY);
    tg_jsonw_map_open(&j);
    key_string(&j, "threadgraph_version", TG_VERSION);
    key_size(&j, "threads", ds->nthreads);
    key_size(&j, "comments", ds->ncomments);
    key_size(&j, "named_commenters", named);
    key_size(&j, "anonymous_comments", anon);
    key_size(&j, "locations", ds->nlocations);
    tg_jsonw_key(&j, "max_depth");
    tg_jsonw_int(&j, maxd);
    key_size(&j, "pairs", a->npairs);
    tg_jsonw_key(&j, "user_network");
    tg_jsonw_map_open(&j);
    key_size(&j, "vertices", a->network_vertices);
    key_size(&j, "edges", a->nedges);
    key_real(&j, "reciprocity", a->reciprocity);
    key_real(&j, "density", a->density);
    key_size(&j, "weakly_connected_components", a->components);
    tg_jsonw_map_close(&j);
    tg_jsonw_key(&j, "centrality");
    tg_jsonw_map_open(&j);
    key_string(&j, "betweenness_method", a->bc_exact ? "exact" : "sampled");
    key_string(&j, "harmonic_method", a->bc_exact ? "exact" : "sampled");
    key_size(&j, "sources", a->bc_samples);
    tg_jsonw_key(&j, "seed");
    tg_jsonw_uint(&j, (unsigned long long)a->seed);
    key_real(&j, "exact_limit", TG_BC_EXACT_LIMIT);
    tg_jsonw_map_close(&j);
    tg_jsonw_key(&j, "formula_guard");
    tg_jsonw_bool(&j, opt->formula_guard);
    tg_summary_record(&j, a, opt);
    tg_jsonw_map_close(&j);
    failed = tg_jsonw_failed(&j);
    tg_jsonw_release(&j);
    if (failed) {
        /* out of memory or a write error: the old summary stays */
        rc = ferror(w.f) ? tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", w.path, strerror(errno))
                         : tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        tg_csvw_close(&w, 0, NULL);
        return rc;
    }
    return tg_csvw_close(&w, 1, err);
}

tg_status_t tg_report_write(const tg_dataset_t *ds, const tg_analysis_t *a, const char *outdir,
                            const tg_report_options_t *opt, tg_error_t *err)
{
    tg_report_options_t defaults;
    tg_status_t rc;
    struct stat st;
    tg_fileset set;

    if (!opt) {
        tg_report_options_init(&defaults);
        opt = &defaults;
    }
    if (!ds->id)
        return tg_error_set(err, TG_ERR_USAGE, "reports need a dataset loaded with TG_LOAD_IDS");
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
        return tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", outdir, strerror(errno));
    if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode))
        return tg_error_set(err, TG_ERR_IO, "'%s' is not a folder", outdir);
    /* the set is renamed into place once every file of it is written */
    tg_fileset_begin(&set);
    if ((rc = write_users(ds, a, outdir, opt, err)) ||
        (rc = tg_report_edges(ds, a, outdir, opt, err)) ||
        (rc = tg_report_communities(ds, a, outdir, opt, err)) ||
        (rc = write_pairs(ds, a, outdir, opt, err)) ||
        (rc = write_comments(ds, a, outdir, opt, err)) ||
        (rc = write_threads(ds, a, outdir, opt, err)) ||
        (rc = write_locations(ds, a, outdir, opt, err)) ||
        (rc = write_summary(ds, a, outdir, opt, err))) {
        tg_fileset_end(&set, 0, NULL);
        return rc;
    }
    return tg_fileset_end(&set, 1, err);
}

struct tg_output_set {
    tg_fileset files;
};

tg_status_t tg_output_set_begin(tg_output_set_t **set, tg_error_t *err)
{
    if (!(*set = malloc(sizeof **set)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    tg_fileset_begin(&(*set)->files);
    return TG_OK;
}

tg_status_t tg_output_set_end(tg_output_set_t *set, int ok, tg_error_t *err)
{
    tg_status_t rc;

    if (!set)
        return TG_OK;
    rc = tg_fileset_end(&set->files, ok, err);
    free(set);
    return rc;
}

tg_status_t tg_report_compare_csv(const tg_compare_t *cmp, const char *outdir,
                                  const tg_report_options_t *opt, tg_error_t *err)
{
    static const char *const cols[] = {
        "database", "period", "people", "comments", "density", "reciprocity", "teacher_share",
        "no_reply", "mean_depth", "max_depth", "unanswered_share", "pairs", NULL
    };
    tg_csvw w;
    tg_status_t rc;
    size_t i;

    if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
        return tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", outdir, strerror(errno));
    if ((rc = tg_csvw_open(&w, outdir, "compare.csv", opt ? opt->formula_guard : 1, err)))
        return rc;
    tg_csvw_header(&w, cols);
    for (i = 0; i < cmp->nrows; i++) {
        const tg_compare_row_t *r = &cmp->rows[i];

        tg_csvw_text(&w, r->database);
        tg_csvw_text(&w, r->period);
        tg_csvw_int(&w, r->people);
        tg_csvw_int(&w, r->comments);
        tg_csvw_real(&w, r->density);
        tg_csvw_real(&w, r->reciprocity);
        tg_csvw_real(&w, r->teacher_share);
        tg_csvw_int(&w, r->no_reply);
        tg_csvw_real(&w, r->mean_depth);
        if (r->max_depth >= 0)
            tg_csvw_int(&w, r->max_depth);
        else
            tg_csvw_empty(&w);
        tg_csvw_real(&w, r->unanswered_share);
        tg_csvw_int(&w, r->pairs);
        tg_csvw_row_end(&w);
    }
    return tg_csvw_close(&w, 1, err);
}
