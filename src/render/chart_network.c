/* chart_network.c - the user reply network: who replies to whom.  Each
 * named commenter is a circle whose area is the replies they received;
 * each arrow points from a commenter to the one they replied to, as wide as
 * the replies; back-and-forth pairs (replies both ways) are in the accent
 * colour.  Names label the most-replied commenters (all when few).
 *
 * A large network is cut to its strongest part: the TG_RENDER_NETWORK_USERS
 * commenters with most replies given and received, and at most
 * TG_RENDER_NETWORK_EDGES links between them (each one's heaviest, then the
 * heaviest others); the notes say what was left out.  Layout: igraph's Fruchterman-Reingold, seeded. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"

#define WIDTH 960.0
#define PLOT_H_MIN 380.0
#define PLOT_H_MAX 600.0
#define LABEL_ALL 30 /* with at most this many circles, every one is named */

typedef struct ukey {
    long degree, received;
    int32_t u;
} ukey;

static int by_degree(const void *a, const void *b)
{
    const ukey *x = a, *y = b;

    if (x->degree != y->degree)
        return x->degree > y->degree ? -1 : 1;
    if (x->received != y->received)
        return x->received > y->received ? -1 : 1;
    return x->u < y->u ? -1 : x->u > y->u;
}

typedef struct ekey {
    long weight;
    size_t e;
} ekey;

static int by_weight(const void *a, const void *b)
{
    const ekey *x = a, *y = b;

    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

/* the weight of the edge from -> to, 0 when absent (edges sorted by from, to) */
static long edge_weight(const tg_analysis_t *an, int32_t from, int32_t to)
{
    size_t lo = 0, hi = an->nedges;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const tg_user_edge_t *e = &an->edges[mid];

        if (e->from < from || (e->from == from && e->to < to))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < an->nedges && an->edges[lo].from == from && an->edges[lo].to == to)
        return an->edges[lo].weight;
    return 0;
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_dataset_t *ds = job->ds;
    const tg_analysis_t *an = job->an;
    tg_frame f;
    tg_canvas *c = NULL;
    tg_graph g;
    long *degree = NULL;
    int32_t *node_of = NULL;
    ukey *uk = NULL;
    ekey *ek = NULL;
    size_t i, k, nusers_net = 0, ncand = 0, keep_u, nek = 0, keep_e;
    unsigned char *chosen = NULL;
    size_t nlinked = 0;

    int64_t last;
    double plot_h;
    char nb[32], nb2[32], nb3[32], *subtitle = NULL, *desc_s = NULL;
    tg_status_t rc = TG_OK;
    /* people: a colour each (by rank in the whole dataset), teachers square */
    tg_rgb *colour = NULL, *fill = NULL;
    int32_t prank[TG_PEOPLE_PALETTE_N];
    size_t nprank = 0;
    unsigned char *square = NULL, *present = NULL;
    int others = 0;

    memset(&g, 0, sizeof g);
    tg_frame_init(&f, job->m, WIDTH);
    degree = calloc(ds->nusers ? ds->nusers : 1, sizeof *degree);
    node_of = malloc((ds->nusers ? ds->nusers : 1) * sizeof *node_of);
    uk = malloc((ds->nusers ? ds->nusers : 1) * sizeof *uk);
    ek = malloc((an->nedges ? an->nedges : 1) * sizeof *ek);
    if (!degree || !node_of || !uk || !ek)
        goto nomem;
    for (i = 0; i < an->nedges; i++) {
        degree[an->edges[i].from] += an->edges[i].weight;
        degree[an->edges[i].to] += an->edges[i].weight;
    }
    for (i = 0; i < ds->nusers; i++) {
        node_of[i] = -1;
        if (an->users[i].in_network)
            nusers_net++;
        if (degree[i] > 0) {
            uk[ncand].degree = degree[i];
            uk[ncand].received = an->users[i].replies_received;
            uk[ncand].u = (int32_t)i;
            ncand++;
        }
    }
    nlinked = ncand;
    /* the strongest part: most connected users, heaviest links among them */
    qsort(uk, ncand, sizeof *uk, by_degree);
    keep_u = ncand < TG_RENDER_NETWORK_USERS ? ncand : TG_RENDER_NETWORK_USERS;
    for (i = 0; i < keep_u; i++)
        node_of[uk[i].u] = 0;
    for (i = 0; i < an->nedges; i++)
        if (node_of[an->edges[i].from] == 0 && node_of[an->edges[i].to] == 0) {
            ek[nek].weight = an->edges[i].weight;
            ek[nek].e = i;
            nek++;
        }
    qsort(ek, nek, sizeof *ek, by_weight);
    /* each kept user's heaviest link first (in weight order the first link
     * that touches a user is its heaviest), so that no kept user is left
     * without one; then the heaviest of the rest, up to the limit */
    if (!(chosen = calloc(nek ? nek : 1, 1)))
        goto nomem;
    keep_e = 0;
    for (i = 0; i < nek && keep_e < TG_RENDER_NETWORK_EDGES; i++) {
        const tg_user_edge_t *e = &an->edges[ek[i].e];

        if (node_of[e->from] == 0 || node_of[e->to] == 0) {
            chosen[i] = 1;
            keep_e++;
            node_of[e->from] = node_of[e->to] = 1;
        }
    }
    for (i = 0; i < nek && keep_e < TG_RENDER_NETWORK_EDGES; i++)
        if (!chosen[i]) {
            chosen[i] = 1;
            keep_e++;
        }
    for (i = 0, k = 0; i < nek; i++)
        if (chosen[i])
            ek[k++] = ek[i];
    /* users without a kept link are not drawn */
    for (i = 0; i < keep_u; i++)
        node_of[uk[i].u] = -1;
    for (i = 0; i < keep_e; i++) {
        node_of[an->edges[ek[i].e].from] = -2;
        node_of[an->edges[ek[i].e].to] = -2;
    }
    g.nodes = calloc(keep_u ? keep_u : 1, sizeof *g.nodes);
    g.edges = calloc(keep_e ? keep_e : 1, sizeof *g.edges);
    if (!g.nodes || !g.edges)
        goto nomem;
    g.node_fill = TG_SKY;
    /* nodes in the order of the ranking */
    for (i = 0; i < keep_u; i++) {
        int32_t u = uk[i].u;
        const tg_user_stats_t *us = &an->users[u];
        tg_gnode *nd;

        if (node_of[u] != -2)
            continue;
        node_of[u] = (int32_t)g.n;
        nd = &g.nodes[g.n++];
        nd->value = (double)us->replies_received;
        nd->name = ds->user_name[u];
        nd->label_rank = -1;
        snprintf(nd->id, sizeof nd->id, "u%ld", (long)u);
        tg_fmt_count(us->comments, nb, sizeof nb);
        tg_fmt_count(us->replies_received, nb2, sizeof nb2);
        tg_fmt_count(us->replies_given, nb3, sizeof nb3);
        if (asprintf(&nd->tip,
                     "%s: %s comment%s; %s repl%s received (from %ld commenter%s); %s repl%s "
                     "given",
                     ds->user_name[u], nb, us->comments == 1 ? "" : "s", nb2,
                     us->replies_received == 1 ? "y" : "ies", us->distinct_repliers,
                     us->distinct_repliers == 1 ? "" : "s", nb3,
                     us->replies_given == 1 ? "y" : "ies") < 0) {
            nd->tip = NULL;
            goto nomem;
        }
    }
    /* labels: the most replied first */
    {
        size_t a, b, *ord = malloc((g.n ? g.n : 1) * sizeof *ord);
        size_t want = g.n <= LABEL_ALL ? g.n : job->opt->top;

        if (!ord)
            goto nomem;
        for (a = 0; a < g.n; a++)
            ord[a] = a;
        for (a = 1; a < g.n; a++)
            for (b = a; b > 0 && (g.nodes[ord[b]].value > g.nodes[ord[b - 1]].value ||
                                  (g.nodes[ord[b]].value == g.nodes[ord[b - 1]].value &&
                                   ord[b] < ord[b - 1]));
                 b--) {
                size_t t = ord[b];

                ord[b] = ord[b - 1];
                ord[b - 1] = t;
            }
        for (a = 0; a < g.n && a < want; a++)
            g.nodes[ord[a]].label_rank = (int)a;
        free(ord);
    }
    /* edges, heaviest first */
    for (i = 0; i < keep_e; i++) {
        const tg_user_edge_t *e = &an->edges[ek[i].e];
        long back = edge_weight(an, e->to, e->from);
        tg_gedge *ge = &g.edges[g.m++];
        int rc2;

        ge->from = node_of[e->from];
        ge->to = node_of[e->to];
        ge->weight = e->weight;
        ge->accent = back > 0;
        ge->curved = back > 0 && node_of[e->to] >= 0 && node_of[e->from] >= 0 &&
                     (size_t)ge->from < g.n && (size_t)ge->to < g.n;
        if (back > 0)
            rc2 = asprintf(&ge->tip, "%s \xE2\x86\x92 %s: %ld repl%s (and %ld back)",
                           ds->user_name[e->from], ds->user_name[e->to], e->weight,
                           e->weight == 1 ? "y" : "ies", back);
        else
            rc2 = asprintf(&ge->tip, "%s \xE2\x86\x92 %s: %ld repl%s", ds->user_name[e->from],
                           ds->user_name[e->to], e->weight, e->weight == 1 ? "y" : "ies");
        if (rc2 < 0) {
            ge->tip = NULL;
            goto nomem;
        }
    }
    /* a curved arrow needs its reverse among the drawn ones */
    for (i = 0; i < g.m; i++) {
        int found = 0;

        if (!g.edges[i].curved)
            continue;
        for (k = 0; k < g.m && !found; k++)
            found = g.edges[k].from == g.edges[i].to && g.edges[k].to == g.edges[i].from;
        g.edges[i].curved = found;
    }
    if ((rc = tg_graph_layout(&g, job->opt->seed, err)))
        goto out;
    /* ---- words ---- */
    tg_fmt_count((long)g.n, nb, sizeof nb);
    tg_fmt_count((long)g.m, nb2, sizeof nb2);
    tg_fmt_count((long)an->npairs, nb3, sizeof nb3);
    if (asprintf(&subtitle,
                 "Who replies to whom: %s commenter%s and %s reply link%s drawn; %s "
                 "back-and-forth pair%s in all.",
                 nb, g.n == 1 ? "" : "s", nb2, g.m == 1 ? "" : "s", nb3,
                 an->npairs == 1 ? "" : "s") < 0)
        subtitle = NULL;
    if (asprintf(&desc_s,
                 "The reply network: each named commenter is a circle sized by the replies they "
                 "received, each arrow points to the commenter replied to and is as wide as the "
                 "replies; back-and-forth pairs are highlighted. %s commenters and %s links are "
                 "drawn.",
                 nb, nb2) < 0)
        desc_s = NULL;
    if (!subtitle || !desc_s)
        goto nomem;
    tg_frame_title(&f, "Reply network", subtitle);
    colour = malloc((ds->nusers ? ds->nusers : 1) * sizeof *colour);
    present = calloc(ds->nusers ? ds->nusers : 1, 1);
    fill = malloc((g.n ? g.n : 1) * sizeof *fill);
    square = calloc(g.n ? g.n : 1, 1);
    if (!colour || !present || !fill || !square || tg_person_colours(ds, colour, prank, &nprank))
        goto nomem;
    for (i = 0; i < ds->nusers; i++)
        if (node_of[i] >= 0 && (size_t)node_of[i] < g.n) {
            fill[node_of[i]] = colour[i];
            square[node_of[i]] = (unsigned char)tg_is_teacher(ds, (int32_t)i);
            present[i] = 1;
            others |= colour[i] == TG_OTHER;
        }
    if (g.n) {
        tg_style acc = tg_stroke(TG_ACCENT, 2), one = tg_stroke(TG_EDGE, 2);

        tg_graph_legend(&f, &g, "replies received", "replies from one commenter to another");
        tg_legend_people(&f, ds, colour, prank, nprank, present, others, 0);
        tg_frame_row(&f, "Arrow colour:");
        acc.stroke_op = 0.75;
        one.stroke_op = 0.55;
        tg_frame_item(&f, TG_SW_ARROW, &acc, 2, "back-and-forth: replies both ways");
        tg_frame_item(&f, TG_SW_ARROW, &one, 2, "replies one way");
    }
    if (ncand > keep_u || nek > keep_e) {
        tg_fmt_count((long)g.n, nb, sizeof nb);
        tg_fmt_count((long)nlinked, nb2, sizeof nb2);
        tg_fmt_count((long)an->nedges, nb3, sizeof nb3);
        tg_frame_note(&f,
                      "The strongest part of a large network: the %s most connected of %s "
                      "commenters (by replies given and received) and %ld of the %s reply links "
                      "(each one's heaviest link, then the heaviest others); the rest is left out.",
                      nb, nb2, (long)g.m, nb3);
    }
    if (nusers_net > nlinked) {
        tg_fmt_count((long)(nusers_net - nlinked), nb, sizeof nb);
        tg_frame_note(&f,
                      "%s commenter%s never replied to another named commenter nor got a reply "
                      "from one, so %s not drawn.",
                      nb, nusers_net - nlinked == 1 ? "" : "s",
                      nusers_net - nlinked == 1 ? "is" : "are");
    }
    tg_job_footer(job, &f, -1, &last);
    plot_h = g.n ? fmin(PLOT_H_MAX, fmax(PLOT_H_MIN, 200 + 40.0 * (double)g.n)) : 160;
    tg_frame_layout(&f, plot_h);
    if (tg_graph_fit(&g, job->m, f.plot_x, f.plot_y, f.plot_w, f.plot_h))
        goto nomem;
    if (g.labels_shown < g.n) {
        tg_fmt_count((long)g.labels_wanted, nb, sizeof nb);
        if (g.labels_shown < g.labels_wanted)
            tg_frame_note(&f,
                          "Names label the %s most-replied commenters, except %ld that had no "
                          "room without overlapping; hover a circle in the SVG for any name.",
                          nb, (long)(g.labels_wanted - g.labels_shown));
        else
            tg_frame_note(&f,
                          "Names label the %s most-replied commenters; hover a circle in the "
                          "SVG for any name.",
                          nb);
        tg_frame_layout(&f, plot_h);
    }
    if ((rc = tg_job_begin(job, &f, WIDTH, "Reply network", desc_s, last, &c, err)))
        goto out;
    if (g.n == 0) {
        tg_text_style ms = tg_text(14, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

        tg_draw_text(c, WIDTH / 2, f.plot_y + plot_h / 2,
                     "No named commenter replied to another.", &ms);
    }
    tg_graph_draw_people(&g, c, fill, square);
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    free(colour);
    free(fill);
    free(square);
    free(present);
    tg_graph_release(&g);
    free(degree);
    free(node_of);
    free(uk);
    free(ek);
    free(chosen);
    free(subtitle);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_network_def = { TG_CHART_NETWORK, "network", 0, 1, draw };
