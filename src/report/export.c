/* export.c - graph exports: the table of formats, and the four graphs
 * (users, comments, locations, people-places) built from a dataset and its
 * analysis into one model (tg_xgraph: nodes and edges with typed attribute
 * columns and time spells) that each export_<format>.c writes.  A new format
 * is one export_<name>.c and one entry in the table below. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/analysis.h"
#include "threadgraph/report.h"

static const tg_export_format formats[] = {
    { "graphml", "graphml", tg_export_graphml },
    { "gexf", "gexf", tg_export_gexf },
    { "dot", "dot", tg_export_dot },
    { "json", "json", tg_export_json },
    { "csv", "csv", tg_export_csv },
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const char *const format_names[] = { "graphml", "gexf", "dot", "json", "csv", NULL };
static const char *const graph_names[] = { "users", "comments", "locations", "people-places",
                                           NULL };

void tg_export_options_init(tg_export_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->graph = "users";
    opt->formula_guard = 1;
}

const char *const *tg_export_graphs(void)
{
    return graph_names;
}

const char *const *tg_export_formats(void)
{
    return format_names;
}

static const tg_export_format *find_format(const char *name)
{
    size_t i;

    for (i = 0; i < NFORMATS; i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}

const char *tg_export_format_of(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    size_t i;

    if (!dot || (slash && dot < slash))
        return NULL;
    for (i = 0; i < NFORMATS; i++)
        if (strcasecmp(dot + 1, formats[i].ext) == 0)
            return formats[i].name;
    if (strcasecmp(dot + 1, "gv") == 0)
        return "dot";
    return NULL;
}

const char *tg_export_extension(const char *format)
{
    const tg_export_format *f = find_format(format);

    return f ? f->ext : NULL;
}

/* ---- the model ---- */

typedef struct xstore {
    void **ptr;            /* every allocation, freed together */
    size_t n, cap;
    tg_arena arena;        /* strings made here */
    int failed;
} xstore;

static void *xalloc(tg_xgraph *g, size_t n, size_t size)
{
    xstore *x = g->priv;
    void *p;

    if (x->failed)
        return NULL;
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        void **np = realloc(x->ptr, cap * sizeof *np);

        if (!np) {
            x->failed = 1;
            return NULL;
        }
        x->ptr = np;
        x->cap = cap;
    }
    p = calloc(n ? n : 1, size);
    if (!p) {
        x->failed = 1;
        return NULL;
    }
    x->ptr[x->n++] = p;
    return p;
}

static const char *xstrdup(tg_xgraph *g, const char *s)
{
    xstore *x = g->priv;
    char *d = tg_arena_strdup(&x->arena, s ? s : "");

    if (!d)
        x->failed = 1;
    return d;
}

static const char *xid(tg_xgraph *g, char prefix, int64_t n)
{
    char b[32];

    b[0] = prefix;
    tg_fmt_int((long long)n, b + 1, sizeof b - 1);
    return xstrdup(g, b);
}

static int xgraph_init(tg_xgraph *g, const char *name, int directed)
{
    xstore *x = calloc(1, sizeof *x);

    memset(g, 0, sizeof *g);
    if (!x)
        return -1;
    tg_arena_init(&x->arena, 1u << 16);
    g->priv = x;
    g->name = name;
    g->directed = directed;
    return 0;
}

static void xgraph_release(tg_xgraph *g)
{
    xstore *x = g->priv;
    size_t i;

    if (!x)
        return;
    for (i = 0; i < x->n; i++)
        free(x->ptr[i]);
    free(x->ptr);
    tg_arena_release(&x->arena);
    free(x);
    g->priv = NULL;
}

static int xnodes(tg_xgraph *g, size_t n)
{
    size_t i;

    g->nnodes = n;
    g->node_id = xalloc(g, n, sizeof *g->node_id);
    g->node_label = xalloc(g, n, sizeof *g->node_label);
    g->node_start = xalloc(g, n, sizeof *g->node_start);
    g->node_end = xalloc(g, n, sizeof *g->node_end);
    if (!g->node_start || !g->node_end)
        return -1;
    for (i = 0; i < n; i++)
        g->node_start[i] = g->node_end[i] = TG_TIME_NONE;
    return ((xstore *)g->priv)->failed ? -1 : 0;
}

static int xedges(tg_xgraph *g, size_t n)
{
    size_t i;

    g->nedges = n;
    g->src = xalloc(g, n, sizeof *g->src);
    g->dst = xalloc(g, n, sizeof *g->dst);
    g->weight = xalloc(g, n, sizeof *g->weight);
    g->edge_start = xalloc(g, n, sizeof *g->edge_start);
    g->edge_end = xalloc(g, n, sizeof *g->edge_end);
    if (!g->edge_start || !g->edge_end)
        return -1;
    for (i = 0; i < n; i++)
        g->edge_start[i] = g->edge_end[i] = TG_TIME_NONE;
    return ((xstore *)g->priv)->failed ? -1 : 0;
}

/* A new attribute column of nodes (edge 0) or edges (edge 1). */
static tg_xattr *xattr(tg_xgraph *g, int edge, const char *name, tg_xtype type)
{
    size_t n = edge ? g->nedges : g->nnodes;
    tg_xattr *a;

    if ((edge ? g->neattr : g->nnattr) == TG_X_MAXATTR)
        return NULL;
    a = edge ? &g->eattr[g->neattr++] : &g->nattr[g->nnattr++];
    a->name = name;
    a->type = type;
    a->missing = xalloc(g, n, 1);
    if (type == TG_XT_REAL)
        a->r = xalloc(g, n, sizeof *a->r);
    else if (type == TG_XT_STRING)
        a->s = xalloc(g, n, sizeof *a->s);
    else
        a->i = xalloc(g, n, sizeof *a->i);
    return ((xstore *)g->priv)->failed ? NULL : a;
}

static void set_time(tg_xattr *a, size_t k, int64_t t)
{
    if (t == TG_TIME_NONE)
        a->missing[k] = 1;
    else
        a->i[k] = t;
}

static void widen(int64_t *first, int64_t *last, int64_t t)
{
    if (t == TG_TIME_NONE)
        return;
    if (*first == TG_TIME_NONE || t < *first)
        *first = t;
    if (*last == TG_TIME_NONE || t > *last)
        *last = t;
}

/* ---- users: the weighted reply network ---- */

typedef struct user_loc {
    int32_t user, loc;
} user_loc;

static int cmp_user_loc(const void *x, const void *y)
{
    const user_loc *p = x, *q = y;

    if (p->user != q->user)
        return p->user < q->user ? -1 : 1;
    return p->loc < q->loc ? -1 : p->loc > q->loc;
}

/* Each user's declared locations joined by "; " in byte order of their
 * keys, as users.csv has them; into locs[user] (in the graph's arena). */
static int user_locations(tg_xgraph *g, const tg_dataset_t *ds, const char **locs)
{
    tg_hmap seen;
    user_loc *ul = NULL;
    size_t i, n = 0, k;
    tg_buf b = TG_BUF_INIT;
    int rc = -1;

    if (tg_hmap_init(&seen, 256))
        return -1;
    for (i = 0; i < ds->ncomments; i++) {
        int32_t key[2] = { ds->user[i], ds->location[i] };

        if (key[0] < 0 || key[1] < 0)
            continue;
        if (!tg_hmap_put(&seen, key, sizeof key, 0, NULL))
            goto out;
    }
    ul = malloc((seen.n ? seen.n : 1) * sizeof *ul);
    if (!ul)
        goto out;
    for (i = 0; i < seen.cap; i++)
        if (seen.slots[i].key)
            memcpy(&ul[n++], seen.slots[i].key, sizeof *ul);
    qsort(ul, n, sizeof *ul, cmp_user_loc);
    for (i = 0; i < n; i = k) {
        tg_buf_reset(&b);
        for (k = i; k < n && ul[k].user == ul[i].user; k++) {
            if (k > i)
                tg_buf_addstr(&b, "; ");
            tg_buf_addstr(&b, ds->location_name[ul[k].loc]);
        }
        if (!b.data || !(locs[ul[i].user] = xstrdup(g, b.data)))
            goto out;
    }
    rc = 0;
out:
    tg_hmap_release(&seen);
    tg_buf_release(&b);
    free(ul);
    return rc;
}

static int build_users(tg_xgraph *g, const tg_dataset_t *ds, const tg_analysis_t *a, int pseudo)
{
    static const char *const int_names[] = {
        "comments", "replies_received", "replies_given", "distinct_repliers",
        "distinct_replied_to", "self_replies"
    };
    static const char *const real_names[] = { "pagerank", "betweenness", "harmonic", "hub",
                                              "authority" };
    int32_t *vertex = malloc((ds->nusers ? ds->nusers : 1) * sizeof *vertex);
    const char **locs = calloc(ds->nusers ? ds->nusers : 1, sizeof *locs);
    tg_xattr *ia[6], *ra[5], *maxd, *meand, *loc, *posts, *post_replies, *comm;
    tg_xattr *first, *last, *recip;
    size_t i, n = 0, k;
    int rc = -1;

    if (!vertex || !locs)
        goto out;
    for (i = 0; i < ds->nusers; i++)
        vertex[i] = a->users[i].in_network ? (int32_t)n++ : -1;
    if (xnodes(g, n) || xedges(g, a->nedges) || user_locations(g, ds, locs))
        goto out;
    for (k = 0; k < 6; k++)
        if (!(ia[k] = xattr(g, 0, int_names[k], TG_XT_INT)))
            goto out;
    for (k = 0; k < 5; k++)
        if (!(ra[k] = xattr(g, 0, real_names[k], TG_XT_REAL)))
            goto out;
    if (!(maxd = xattr(g, 0, "max_depth", TG_XT_INT)) ||
        !(meand = xattr(g, 0, "mean_depth", TG_XT_REAL)) ||
        !(loc = xattr(g, 0, "locations", TG_XT_STRING)) ||
        !(posts = xattr(g, 0, "posts", TG_XT_INT)) ||
        !(post_replies = xattr(g, 0, "post_replies", TG_XT_INT)) ||
        !(comm = xattr(g, 0, "community", TG_XT_INT)))
        goto out;
    for (i = 0; i < ds->nusers; i++) {
        const tg_user_stats_t *s = &a->users[i];
        long iv[6];
        double rv[5];

        if (vertex[i] < 0)
            continue;
        k = (size_t)vertex[i];
        iv[0] = s->comments;
        iv[1] = s->replies_received;
        iv[2] = s->replies_given;
        iv[3] = s->distinct_repliers;
        iv[4] = s->distinct_replied_to;
        iv[5] = s->self_replies;
        rv[0] = s->pagerank;
        rv[1] = s->betweenness;
        rv[2] = s->harmonic;
        rv[3] = s->hub;
        rv[4] = s->authority;
        g->node_id[k] = xid(g, 'u', (int64_t)i);
        g->node_label[k] = xstrdup(g, tg_dataset_user_label(ds, (int32_t)i, pseudo));
        for (size_t j = 0; j < 6; j++)
            ia[j]->i[k] = iv[j];
        for (size_t j = 0; j < 5; j++) {
            ra[j]->r[k] = rv[j];
            ra[j]->missing[k] = rv[j] != rv[j];
        }
        maxd->i[k] = s->max_depth;
        meand->r[k] = s->mean_depth;
        meand->missing[k] = s->mean_depth != s->mean_depth;
        loc->s[k] = locs[i];
        loc->missing[k] = locs[i] == NULL;
        posts->i[k] = s->posts;
        post_replies->i[k] = s->post_replies;
        comm->i[k] = s->community;
        comm->missing[k] = s->community < 0;
    }
    /* spells: each commenter's first to last comment */
    for (i = 0; i < ds->ncomments; i++)
        if (ds->user[i] >= 0 && vertex[ds->user[i]] >= 0) {
            k = (size_t)vertex[ds->user[i]];
            widen(&g->node_start[k], &g->node_end[k], ds->time[i]);
        }
    if (!(first = xattr(g, 1, "first_time", TG_XT_TIME)) ||
        !(last = xattr(g, 1, "last_time", TG_XT_TIME)) ||
        !(recip = xattr(g, 1, "reciprocal", TG_XT_BOOL)))
        goto out;
    for (i = 0; i < a->nedges; i++) {
        g->src[i] = (size_t)vertex[a->edges[i].from];
        g->dst[i] = (size_t)vertex[a->edges[i].to];
        g->weight[i] = a->edges[i].weight;
        recip->i[i] = tg_user_edge_find(a, a->edges[i].to, a->edges[i].from) >= 0;
    }
    /* first and last reply of each edge, as edges.csv has them */
    tg_user_edge_times(ds, a, g->edge_start, g->edge_end);
    for (i = 0; i < a->nedges; i++) {
        set_time(first, i, g->edge_start[i]);
        set_time(last, i, g->edge_end[i]);
    }
    rc = ((xstore *)g->priv)->failed ? -1 : 0;
out:
    free(vertex);
    free(locs);
    return rc;
}

/* ---- comments: the reply forest, a post (root) per thread ---- */

static int build_comments(tg_xgraph *g, const tg_dataset_t *ds, const tg_analysis_t *a,
                          int pseudo)
{
    size_t nt = ds->nthreads, nc = ds->ncomments, i;
    tg_xattr *kind, *cid, *thread, *title, *author, *time, *depth, *replies, *subtree, *lat,
        *loc, *etime;

    if (xnodes(g, nt + nc) || xedges(g, nc))
        return -1;
    if (!(kind = xattr(g, 0, "kind", TG_XT_STRING)) ||
        !(cid = xattr(g, 0, "comment_id", TG_XT_STRING)) ||
        !(thread = xattr(g, 0, "thread_id", TG_XT_STRING)) ||
        !(title = xattr(g, 0, "title", TG_XT_STRING)) ||
        !(author = xattr(g, 0, "author", TG_XT_STRING)) ||
        !(time = xattr(g, 0, "timestamp", TG_XT_TIME)) ||
        !(depth = xattr(g, 0, "depth", TG_XT_INT)) ||
        !(replies = xattr(g, 0, "replies", TG_XT_INT)) ||
        !(subtree = xattr(g, 0, "subtree_size", TG_XT_INT)) ||
        !(lat = xattr(g, 0, "reply_latency_s", TG_XT_INT)) ||
        !(loc = xattr(g, 0, "location", TG_XT_STRING)) ||
        !(etime = xattr(g, 1, "time", TG_XT_TIME)))
        return -1;
    for (i = 0; i < nt; i++) {
        int32_t u = ds->thread_post_user[i];

        g->node_id[i] = xid(g, 't', ds->thread_rowid[i]);
        g->node_label[i] = ds->thread_title[i] ? ds->thread_title[i] : ds->thread_id[i];
        kind->s[i] = "post";
        cid->missing[i] = 1;
        thread->s[i] = ds->thread_id[i];
        title->s[i] = ds->thread_title[i];
        title->missing[i] = ds->thread_title[i] == NULL;
        author->s[i] = u >= 0 ? tg_dataset_user_label(ds, u, pseudo) : NULL;
        author->missing[i] = u < 0;
        set_time(time, i, ds->thread_post_time[i]);
        g->node_start[i] = g->node_end[i] = ds->thread_post_time[i];
        depth->missing[i] = replies->missing[i] = subtree->missing[i] = lat->missing[i] = 1;
        loc->missing[i] = 1;
    }
    for (i = 0; i < nc; i++) {
        size_t k = nt + i;
        int32_t p = ds->parent[i];
        const char *who = ds->user[i] >= 0 ? tg_dataset_user_label(ds, ds->user[i], pseudo)
                                           : ds->author[i];

        g->node_id[k] = xid(g, 'c', ds->rowid[i]);
        g->node_label[k] = who && *who ? who : ds->id[i];
        kind->s[k] = "comment";
        cid->s[k] = ds->id[i];
        thread->s[k] = ds->thread_id[ds->thread[i]];
        title->missing[k] = 1;
        author->s[k] = who;
        author->missing[k] = !who || !*who;
        set_time(time, k, ds->time[i]);
        g->node_start[k] = g->node_end[k] = ds->time[i];
        depth->i[k] = a->depth[i];
        replies->i[k] = a->replies[i];
        subtree->i[k] = a->subtree[i];
        set_time(lat, k, a->latency[i]);
        loc->s[k] = ds->location[i] >= 0 ? ds->location_name[ds->location[i]] : NULL;
        loc->missing[k] = ds->location[i] < 0;
        /* an edge from the reply to what it answers */
        g->src[i] = k;
        g->dst[i] = p >= 0 ? nt + (size_t)p : (size_t)ds->thread[i];
        g->weight[i] = 1;
        set_time(etime, i, ds->time[i]);
        g->edge_start[i] = g->edge_end[i] = ds->time[i];
    }
    return ((xstore *)g->priv)->failed ? -1 : 0;
}

/* ---- locations: the flow of replies between locations ---- */

static long find_flow(const int32_t *sorted_from, const int32_t *sorted_to, const size_t *idx,
                      size_t n, int32_t from, int32_t to)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sorted_from[mid] < from || (sorted_from[mid] == from && sorted_to[mid] < to))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && sorted_from[lo] == from && sorted_to[lo] == to)
        return (long)idx[lo];
    return -1;
}

static const tg_flow_t *sort_flows;

static int cmp_flow_idx(const void *x, const void *y)
{
    const tg_flow_t *p = &sort_flows[*(const size_t *)x], *q = &sort_flows[*(const size_t *)y];

    if (p->from != q->from)
        return p->from < q->from ? -1 : 1;
    return p->to < q->to ? -1 : p->to > q->to;
}

static int build_locations(tg_xgraph *g, const tg_dataset_t *ds, const tg_analysis_t *a)
{
    size_t n = ds->nlocations, i, m = a->nflows;
    size_t *idx = malloc((m ? m : 1) * sizeof *idx);
    int32_t *sf = malloc((m ? m : 1) * sizeof *sf), *st = malloc((m ? m : 1) * sizeof *st);
    tg_xattr *commenters, *comments, *rr, *rg, *first, *last, *recip;
    int rc = -1;

    if (!idx || !sf || !st || xnodes(g, n) || xedges(g, m))
        goto out;
    if (!(commenters = xattr(g, 0, "commenters", TG_XT_INT)) ||
        !(comments = xattr(g, 0, "comments", TG_XT_INT)) ||
        !(rr = xattr(g, 0, "replies_received", TG_XT_INT)) ||
        !(rg = xattr(g, 0, "replies_given", TG_XT_INT)) ||
        !(first = xattr(g, 1, "first_time", TG_XT_TIME)) ||
        !(last = xattr(g, 1, "last_time", TG_XT_TIME)) ||
        !(recip = xattr(g, 1, "reciprocal", TG_XT_BOOL)))
        goto out;
    for (i = 0; i < n; i++) {
        const tg_location_stats_t *l = &a->locations[i];

        g->node_id[i] = xid(g, 'l', (int64_t)i);
        g->node_label[i] = ds->location_name[i];
        commenters->i[i] = l->commenters;
        comments->i[i] = l->comments;
        rr->i[i] = l->replies_received;
        rg->i[i] = l->replies_given;
    }
    for (i = 0; i < ds->ncomments; i++)
        if (ds->location[i] >= 0) {
            size_t k = (size_t)ds->location[i];

            widen(&g->node_start[k], &g->node_end[k], ds->time[i]);
        }
    for (i = 0; i < m; i++)
        idx[i] = i;
    sort_flows = a->flows;
    qsort(idx, m, sizeof *idx, cmp_flow_idx);
    for (i = 0; i < m; i++) {
        sf[i] = a->flows[idx[i]].from;
        st[i] = a->flows[idx[i]].to;
    }
    for (i = 0; i < m; i++) {
        g->src[i] = (size_t)a->flows[i].from;
        g->dst[i] = (size_t)a->flows[i].to;
        g->weight[i] = a->flows[i].replies;
        recip->i[i] = find_flow(sf, st, idx, m, a->flows[i].to, a->flows[i].from) >= 0;
    }
    /* the replies that make each flow (as analysis counts them) */
    for (i = 0; i < ds->ncomments; i++) {
        int32_t p = ds->parent[i];
        long e;

        if (p < 0 || ds->user[i] < 0 || ds->user[p] < 0 || ds->user[i] == ds->user[p] ||
            ds->location[i] < 0 || ds->location[p] < 0)
            continue;
        if ((e = find_flow(sf, st, idx, m, ds->location[i], ds->location[p])) >= 0)
            widen(&g->edge_start[e], &g->edge_end[e], ds->time[i]);
    }
    for (i = 0; i < m; i++) {
        set_time(first, i, g->edge_start[i]);
        set_time(last, i, g->edge_end[i]);
    }
    rc = ((xstore *)g->priv)->failed ? -1 : 0;
out:
    free(idx);
    free(sf);
    free(st);
    return rc;
}

/* ---- people-places: commenters and the locations they declare ---- */

typedef struct pp_edge {
    int32_t user, loc;
    int64_t comments, first, last;
} pp_edge;

static int cmp_pp(const void *x, const void *y)
{
    const pp_edge *p = x, *q = y;

    if (p->user != q->user)
        return p->user < q->user ? -1 : 1;
    return p->loc < q->loc ? -1 : p->loc > q->loc;
}

static int build_people_places(tg_xgraph *g, const tg_dataset_t *ds, int pseudo)
{
    tg_hmap seen;
    pp_edge *pe = NULL;
    int32_t *uvert = calloc(ds->nusers ? ds->nusers : 1, sizeof *uvert);
    int32_t *lvert = calloc(ds->nlocations ? ds->nlocations : 1, sizeof *lvert);
    int64_t *ucomments = calloc(ds->nusers ? ds->nusers : 1, sizeof *ucomments);
    size_t i, n = 0, nu = 0, nl = 0;
    tg_xattr *kind, *bip, *comments, *first, *last;
    int rc = -1;

    if (!uvert || !lvert || !ucomments || tg_hmap_init(&seen, 256)) {
        free(uvert);
        free(lvert);
        free(ucomments);
        return -1;
    }
    for (i = 0; i < ds->ncomments; i++) {
        int32_t kk[2] = { ds->user[i], ds->location[i] };
        int found;
        int64_t *v;

        if (kk[0] >= 0)
            ucomments[kk[0]]++;
        if (kk[0] < 0 || kk[1] < 0)
            continue;
        if (!(v = tg_hmap_put(&seen, kk, sizeof kk, (int64_t)seen.n, &found)))
            goto out;
    }
    pe = calloc(seen.n ? seen.n : 1, sizeof *pe);
    if (!pe)
        goto out;
    for (i = 0; i < seen.cap; i++)
        if (seen.slots[i].key) {
            const int32_t *kk = (const int32_t *)seen.slots[i].key;
            pp_edge *e = &pe[seen.slots[i].val];

            e->user = kk[0];
            e->loc = kk[1];
            e->first = e->last = TG_TIME_NONE;
            uvert[kk[0]] = 1;
            lvert[kk[1]] = 1;
            n++;
        }
    for (i = 0; i < ds->ncomments; i++) {
        int32_t kk[2] = { ds->user[i], ds->location[i] };
        int64_t *v;

        if (kk[0] < 0 || kk[1] < 0)
            continue;
        v = tg_hmap_get(&seen, kk, sizeof kk);
        pe[*v].comments++;
        widen(&pe[*v].first, &pe[*v].last, ds->time[i]);
    }
    qsort(pe, n, sizeof *pe, cmp_pp);
    for (i = 0; i < ds->nusers; i++)
        uvert[i] = uvert[i] ? (int32_t)nu++ : -1;
    for (i = 0; i < ds->nlocations; i++)
        lvert[i] = lvert[i] ? (int32_t)(nu + nl++) : -1;
    if (xnodes(g, nu + nl) || xedges(g, n))
        goto out;
    if (!(kind = xattr(g, 0, "kind", TG_XT_STRING)) ||
        !(bip = xattr(g, 0, "bipartite", TG_XT_INT)) ||
        !(comments = xattr(g, 0, "comments", TG_XT_INT)) ||
        !(first = xattr(g, 1, "first_time", TG_XT_TIME)) ||
        !(last = xattr(g, 1, "last_time", TG_XT_TIME)))
        goto out;
    for (i = 0; i < ds->nusers; i++)
        if (uvert[i] >= 0) {
            size_t k = (size_t)uvert[i];

            g->node_id[k] = xid(g, 'u', (int64_t)i);
            g->node_label[k] = xstrdup(g, tg_dataset_user_label(ds, (int32_t)i, pseudo));
            kind->s[k] = "person";
            bip->i[k] = 0;
            comments->i[k] = ucomments[i];
        }
    for (i = 0; i < ds->nlocations; i++)
        if (lvert[i] >= 0) {
            size_t k = (size_t)lvert[i];

            g->node_id[k] = xid(g, 'l', (int64_t)i);
            g->node_label[k] = ds->location_name[i];
            kind->s[k] = "place";
            bip->i[k] = 1;
        }
    for (i = 0; i < n; i++) {
        size_t u = (size_t)uvert[pe[i].user], l = (size_t)lvert[pe[i].loc];

        g->src[i] = u;
        g->dst[i] = l;
        g->weight[i] = pe[i].comments;
        comments->i[l] += pe[i].comments;
        g->edge_start[i] = pe[i].first;
        g->edge_end[i] = pe[i].last;
        set_time(first, i, pe[i].first);
        set_time(last, i, pe[i].last);
        widen(&g->node_start[u], &g->node_end[u], pe[i].first);
        widen(&g->node_start[u], &g->node_end[u], pe[i].last);
        widen(&g->node_start[l], &g->node_end[l], pe[i].first);
        widen(&g->node_start[l], &g->node_end[l], pe[i].last);
    }
    rc = ((xstore *)g->priv)->failed ? -1 : 0;
out:
    tg_hmap_release(&seen);
    free(pe);
    free(uvert);
    free(lvert);
    free(ucomments);
    return rc;
}

/* ---- one thread alone ---- */

/* A dataset that borrows ds's tables but holds only thread t's comments
 * (parents renumbered); free its arrays with thread_subset_free. */
static int thread_subset(const tg_dataset_t *ds, int32_t t, tg_dataset_t *sub)
{
    int32_t *newidx = malloc((ds->ncomments ? ds->ncomments : 1) * sizeof *newidx);
    size_t i, n = 0;

    *sub = *ds;
    sub->priv = NULL;
    if (!newidx)
        return -1;
    for (i = 0; i < ds->ncomments; i++)
        newidx[i] = ds->thread[i] == t ? (int32_t)n++ : -1;
    sub->ncomments = n;
    sub->rowid = malloc((n ? n : 1) * sizeof *sub->rowid);
    sub->parent = malloc((n ? n : 1) * sizeof *sub->parent);
    sub->thread = malloc((n ? n : 1) * sizeof *sub->thread);
    sub->user = malloc((n ? n : 1) * sizeof *sub->user);
    sub->location = malloc((n ? n : 1) * sizeof *sub->location);
    sub->time = malloc((n ? n : 1) * sizeof *sub->time);
    sub->flags = malloc((n ? n : 1) * sizeof *sub->flags);
    sub->id = malloc((n ? n : 1) * sizeof *sub->id);
    sub->parent_id = malloc((n ? n : 1) * sizeof *sub->parent_id);
    sub->author = malloc((n ? n : 1) * sizeof *sub->author);
    sub->text = NULL;
    if (!sub->rowid || !sub->parent || !sub->thread || !sub->user || !sub->location ||
        !sub->time || !sub->flags || !sub->id || !sub->parent_id || !sub->author) {
        free(newidx);
        return -1;
    }
    for (i = 0; i < ds->ncomments; i++) {
        int32_t k = newidx[i], p;

        if (k < 0)
            continue;
        p = ds->parent[i];
        sub->rowid[k] = ds->rowid[i];
        sub->parent[k] = p >= 0 ? newidx[p] : -1;
        sub->thread[k] = t;
        sub->user[k] = ds->user[i];
        sub->location[k] = ds->location[i];
        sub->time[k] = ds->time[i];
        sub->flags[k] = ds->flags[i];
        sub->id[k] = ds->id[i];
        sub->parent_id[k] = ds->parent_id[i];
        sub->author[k] = ds->author[i];
    }
    free(newidx);
    return 0;
}

static void thread_subset_free(tg_dataset_t *sub)
{
    free(sub->rowid);
    free(sub->parent);
    free(sub->thread);
    free(sub->user);
    free(sub->location);
    free(sub->time);
    free(sub->flags);
    free((void *)sub->id);
    free((void *)sub->parent_id);
    free((void *)sub->author);
}

/* Leave only the thread's own post (its root) in a comments graph: the
 * others have no comment here. */
static void only_thread_root(tg_xgraph *g, const tg_dataset_t *ds, int32_t t)
{
    size_t nt = ds->nthreads, i, k;

    for (i = 0; i < g->nedges; i++) {
        if (g->dst[i] < nt)
            g->dst[i] = 0;
        else
            g->dst[i] -= nt - 1;
        g->src[i] -= nt - 1;
    }
    g->node_id[0] = g->node_id[t];
    g->node_label[0] = g->node_label[t];
    g->node_start[0] = g->node_start[t];
    g->node_end[0] = g->node_end[t];
    memmove(g->node_id + 1, g->node_id + nt, (g->nnodes - nt) * sizeof *g->node_id);
    memmove(g->node_label + 1, g->node_label + nt, (g->nnodes - nt) * sizeof *g->node_label);
    memmove(g->node_start + 1, g->node_start + nt, (g->nnodes - nt) * sizeof *g->node_start);
    memmove(g->node_end + 1, g->node_end + nt, (g->nnodes - nt) * sizeof *g->node_end);
    for (k = 0; k < g->nnattr; k++) {
        tg_xattr *x = &g->nattr[k];

        x->missing[0] = x->missing[t];
        memmove(x->missing + 1, x->missing + nt, g->nnodes - nt);
        if (x->r) {
            x->r[0] = x->r[t];
            memmove(x->r + 1, x->r + nt, (g->nnodes - nt) * sizeof *x->r);
        } else if (x->s) {
            x->s[0] = x->s[t];
            memmove(x->s + 1, x->s + nt, (g->nnodes - nt) * sizeof *x->s);
        } else {
            x->i[0] = x->i[t];
            memmove(x->i + 1, x->i + nt, (g->nnodes - nt) * sizeof *x->i);
        }
    }
    g->nnodes -= nt - 1;
}

/* ---- the entry point ---- */

void tg_export_needs(const tg_export_options_t *opt, unsigned *load, unsigned *parts)
{
    const char *graph = opt && opt->graph ? opt->graph : "users";

    *load = 0;
    *parts = 0;
    if ((opt && opt->thread) || strcmp(graph, "comments") == 0)
        *load = TG_LOAD_IDS;
    if (strcmp(graph, "comments") == 0)
        *parts = TG_ANALYSIS_COMMENTS;
    else if (strcmp(graph, "locations") == 0)
        *parts = TG_ANALYSIS_LOCATIONS;
}

tg_status_t tg_export_write(const tg_dataset_t *ds, const tg_analysis_t *a, const char *path,
                            const tg_export_options_t *opt, tg_error_t *err)
{
    tg_export_options_t defaults;
    const tg_export_format *fmt;
    const char *graph, *fname;
    tg_dataset_t sub;
    tg_analysis_t suba;
    int have_sub = 0, have_suba = 0, built;
    int32_t t = -1;
    tg_xgraph g;
    tg_status_t rc = TG_OK;
    size_t i;

    if (!opt) {
        tg_export_options_init(&defaults);
        opt = &defaults;
    }
    memset(&g, 0, sizeof g);
    graph = opt->graph ? opt->graph : "users";
    fname = opt->format ? opt->format : tg_export_format_of(path);
    if (!fname)
        fname = "graphml";
    if (!(fmt = find_format(fname)))
        return tg_error_set(err, TG_ERR_USAGE,
                            "unknown export format '%s' (graphml, gexf, dot, json or csv)", fname);
    for (i = 0; graph_names[i] && strcmp(graph_names[i], graph) != 0; i++)
        ;
    if (!graph_names[i])
        return tg_error_set(err, TG_ERR_USAGE,
                            "unknown graph '%s' (users, comments, locations or people-places)",
                            graph);
    /* the comments graph shows the ids; a thread's graph is cut by them */
    if (!ds->id && (opt->thread || strcmp(graph, "comments") == 0))
        return tg_error_set(err, TG_ERR_USAGE, "this export needs a dataset loaded with "
                                               "TG_LOAD_IDS");
    if (opt->thread) {
        tg_analysis_options_t aopt;

        for (i = 0; i < ds->nthreads && strcmp(ds->thread_id[i], opt->thread) != 0; i++)
            ;
        if (i == ds->nthreads)
            return tg_error_set(err, TG_ERR_USAGE, "no thread '%s' in the database", opt->thread);
        t = (int32_t)i;
        if (thread_subset(ds, t, &sub)) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        have_sub = 1;
        tg_analysis_options_init(&aopt);
        aopt.seed = a ? a->seed : 1;
        tg_analysis_init(&suba);
        have_suba = 1;
        if ((rc = tg_analyze(&sub, &aopt, &suba, err)))
            goto out;
        ds = &sub;
        a = &suba;
    }
    if (!a)
        return tg_error_set(err, TG_ERR_USAGE, "exports need the analysis");
    if (xgraph_init(&g, graph, strcmp(graph, "people-places") != 0)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (strcmp(graph, "users") == 0)
        built = build_users(&g, ds, a, opt->pseudonymize);
    else if (strcmp(graph, "comments") == 0) {
        built = build_comments(&g, ds, a, opt->pseudonymize);
        if (!built && t >= 0)
            only_thread_root(&g, ds, t);
    } else if (strcmp(graph, "locations") == 0)
        built = build_locations(&g, ds, a);
    else
        built = build_people_places(&g, ds, opt->pseudonymize);
    if (built) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    rc = fmt->write(&g, path, opt->formula_guard, err);
out:
    xgraph_release(&g);
    if (have_suba)
        tg_analysis_destroy(&suba);
    if (have_sub)
        thread_subset_free(&sub);
    return rc;
}
