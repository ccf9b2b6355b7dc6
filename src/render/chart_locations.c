/* chart_locations.c - replies between the places commenters say they are
 * from: each location a circle whose area is the comments written from
 * there, each flow an arrow from the replier's location to the location of
 * the comment answered, as wide as the replies and labelled with their
 * number; replies within one location are loops.  At most
 * TG_RENDER_LOCATIONS locations (most replies in and out) and
 * TG_RENDER_FLOWS flows (the largest); the notes say what was left out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define WIDTH 960.0

typedef struct lkey {
    long volume, comments;
    int32_t l;
} lkey;

static int by_volume(const void *a, const void *b)
{
    const lkey *x = a, *y = b;

    if (x->volume != y->volume)
        return x->volume > y->volume ? -1 : 1;
    if (x->comments != y->comments)
        return x->comments > y->comments ? -1 : 1;
    return x->l < y->l ? -1 : x->l > y->l;
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_dataset_t *ds = job->ds;
    const tg_analysis_t *an = job->an;
    tg_frame f;
    tg_canvas *c = NULL;
    tg_graph g;
    long *volume = NULL;
    int32_t *node_of = NULL;
    lkey *lk = NULL;
    size_t i, k, nl = 0, keep_l, nflows_kept = 0, nflows_among = 0;
    long replies_drawn = 0;
    int64_t last;
    double plot_h;
    char nb[32], nb2[32], *subtitle = NULL, *desc_s = NULL;
    tg_status_t rc = TG_OK;

    memset(&g, 0, sizeof g);
    tg_frame_init(&f, job->m, WIDTH);
    volume = calloc(ds->nlocations ? ds->nlocations : 1, sizeof *volume);
    node_of = malloc((ds->nlocations ? ds->nlocations : 1) * sizeof *node_of);
    lk = malloc((ds->nlocations ? ds->nlocations : 1) * sizeof *lk);
    if (!volume || !node_of || !lk)
        goto nomem;
    for (i = 0; i < an->nflows; i++) {
        volume[an->flows[i].from] += an->flows[i].replies;
        if (an->flows[i].to != an->flows[i].from)
            volume[an->flows[i].to] += an->flows[i].replies;
    }
    for (i = 0; i < ds->nlocations; i++) {
        node_of[i] = -1;
        if (volume[i] > 0) {
            lk[nl].volume = volume[i];
            lk[nl].comments = an->locations[i].comments;
            lk[nl].l = (int32_t)i;
            nl++;
        }
    }
    qsort(lk, nl, sizeof *lk, by_volume);
    keep_l = nl < TG_RENDER_LOCATIONS ? nl : TG_RENDER_LOCATIONS;
    for (i = 0; i < keep_l; i++)
        node_of[lk[i].l] = -2;
    g.nodes = calloc(keep_l ? keep_l : 1, sizeof *g.nodes);
    g.edges = calloc(TG_RENDER_FLOWS, sizeof *g.edges);
    if (!g.nodes || !g.edges)
        goto nomem;
    g.node_fill = 0x009E73u; /* Okabe-Ito bluish green */
    g.edge_counts = 1;
    /* the largest flows between kept locations (flows come largest first) */
    for (i = 0; i < an->nflows; i++) {
        const tg_flow_t *fl = &an->flows[i];

        if (node_of[fl->from] == -1 || node_of[fl->to] == -1)
            continue;
        nflows_among++;
        if (nflows_kept == TG_RENDER_FLOWS)
            continue;
        nflows_kept++;
        node_of[fl->from] = node_of[fl->from] < 0 ? -3 : node_of[fl->from];
        node_of[fl->to] = node_of[fl->to] < 0 ? -3 : node_of[fl->to];
    }
    /* locations with a drawn flow, in the ranking's order */
    for (i = 0; i < keep_l; i++) {
        int32_t l = lk[i].l;
        const tg_location_stats_t *ls = &an->locations[l];
        tg_gnode *nd;

        if (node_of[l] != -3) {
            node_of[l] = -1;
            continue;
        }
        node_of[l] = (int32_t)g.n;
        nd = &g.nodes[g.n++];
        nd->value = (double)ls->comments;
        nd->name = ds->location_name[l] ? ds->location_name[l] : ds->location_key[l];
        nd->label_rank = (int)i;
        snprintf(nd->id, sizeof nd->id, "l%ld", (long)l);
        tg_fmt_count(ls->comments, nb, sizeof nb);
        if (asprintf(&nd->tip,
                     "%s: %s comment%s by %ld commenter%s; %ld repl%s received, %ld given", nd->name,
                     nb, ls->comments == 1 ? "" : "s", ls->commenters,
                     ls->commenters == 1 ? "" : "s", ls->replies_received,
                     ls->replies_received == 1 ? "y" : "ies", ls->replies_given) < 0) {
            nd->tip = NULL;
            goto nomem;
        }
    }
    for (i = 0, k = 0; i < an->nflows && k < nflows_kept; i++) {
        const tg_flow_t *fl = &an->flows[i];
        tg_gedge *ge;
        int rc2;

        if (node_of[fl->from] < 0 || node_of[fl->to] < 0)
            continue;
        k++;
        ge = &g.edges[g.m++];
        ge->from = node_of[fl->from];
        ge->to = node_of[fl->to];
        ge->weight = fl->replies;
        replies_drawn += fl->replies;
        if (fl->from == fl->to)
            rc2 = asprintf(&ge->tip, "Within %s: %ld repl%s", g.nodes[ge->from].name, fl->replies,
                           fl->replies == 1 ? "y" : "ies");
        else
            rc2 = asprintf(&ge->tip, "From %s to %s: %ld repl%s", g.nodes[ge->from].name,
                           g.nodes[ge->to].name, fl->replies, fl->replies == 1 ? "y" : "ies");
        if (rc2 < 0) {
            ge->tip = NULL;
            goto nomem;
        }
    }
    /* flows both ways bow apart */
    for (i = 0; i < g.m; i++)
        for (k = 0; k < g.m; k++)
            if (g.edges[i].from != g.edges[i].to && g.edges[k].from == g.edges[i].to &&
                g.edges[k].to == g.edges[i].from)
                g.edges[i].curved = 1;
    if ((rc = tg_graph_layout(&g, job->opt->seed, err)))
        goto out;
    /* ---- words ---- */
    tg_fmt_count((long)g.n, nb, sizeof nb);
    tg_fmt_count(replies_drawn, nb2, sizeof nb2);
    if (asprintf(&subtitle,
                 "Replies between the places commenters say they are from: %s location%s, %s "
                 "repl%s.",
                 nb, g.n == 1 ? "" : "s", nb2, replies_drawn == 1 ? "y" : "ies") < 0)
        subtitle = NULL;
    if (asprintf(&desc_s,
                 "Location flows: each location is a circle sized by the comments written from "
                 "there; each arrow goes from the replier's location to the location of the "
                 "comment answered, as wide as the replies; loops are replies within a location. "
                 "%s locations are drawn.",
                 nb) < 0)
        desc_s = NULL;
    if (!subtitle || !desc_s)
        goto nomem;
    tg_frame_title(&f, "Location flows", subtitle);
    if (g.n) {
        tg_style one = tg_stroke(TG_EDGE, 2);

        tg_graph_legend(&f, &g, "comments written from there",
                        "replies from one place to another (the number on it)");
        tg_frame_row(&f, "Direction:");
        one.stroke_op = 0.55;
        tg_frame_item(&f, TG_SW_ARROW, &one, 2,
                      "from the replier's location to the answered comment's");
        for (i = 0; i < g.m && g.edges[i].from != g.edges[i].to; i++)
            ;
        if (i < g.m)
            tg_frame_item(&f, TG_SW_NONE, NULL, 0, "a loop: replies within one location");
    }
    if (nl > g.n || nflows_among > nflows_kept) {
        tg_fmt_count((long)nl, nb, sizeof nb);
        tg_fmt_count((long)an->nflows, nb2, sizeof nb2);
        tg_frame_note(&f,
                      "The largest part: %ld of %s locations (most replies in and out) and %ld of "
                      "%s flows; the rest is left out.",
                      (long)g.n, nb, (long)g.m, nb2);
    }
    tg_frame_note(&f, "Places are as commenters wrote them, matched ignoring case; a reply counts "
                      "when it is between two different named commenters who both gave a place.");
    tg_job_footer(job, &f, -1, &last);
    plot_h = g.n ? fmin(600, fmax(380, 200 + 40.0 * (double)g.n)) : 160;
    tg_frame_layout(&f, plot_h);
    if (tg_graph_fit(&g, job->m, f.plot_x, f.plot_y, f.plot_w, f.plot_h))
        goto nomem;
    if (g.labels_shown < g.labels_wanted) {
        tg_frame_note(&f,
                      "%ld location name%s had no room without overlapping; hover a circle in "
                      "the SVG for any name.",
                      (long)(g.labels_wanted - g.labels_shown),
                      g.labels_wanted - g.labels_shown == 1 ? "" : "s");
        tg_frame_layout(&f, plot_h);
    }
    if ((rc = tg_job_begin(job, &f, WIDTH, "Location flows", desc_s, last, &c, err)))
        goto out;
    if (g.n == 0) {
        tg_text_style ms = tg_text(14, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

        tg_draw_text(c, WIDTH / 2, f.plot_y + plot_h / 2,
                     "No reply between commenters who gave a location.", &ms);
    }
    tg_graph_draw(&g, c);
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    tg_graph_release(&g);
    free(volume);
    free(node_of);
    free(lk);
    free(subtitle);
    free(desc_s);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_locations_def = { TG_CHART_LOCATIONS, "locations", 0, 1, draw };
