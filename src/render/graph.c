/* graph.c - drawing a weighted directed graph, shared by the reply network
 * and the location flows: a seeded force-directed layout, circles whose
 * area follows a value, arrows whose width follows a weight (bowed when
 * the reverse arrow is drawn too, loops for self-flows), and labels placed
 * only where they overlap no circle and no other label. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"

#define R_MIN 3.5
#define W_MIN 1.0
#define W_MAX 6.0
#define LABEL_FONT 12.0
#define COUNT_FONT 10.5

void tg_graph_release(tg_graph *g)
{
    size_t i;

    if (!g)
        return;
    for (i = 0; i < g->n; i++)
        free(g->nodes[i].tip);
    for (i = 0; i < g->m; i++)
        free(g->edges[i].tip);
    if (g->label)
        for (i = 0; i < g->n + g->m; i++)
            free(g->label[i].text);
    free(g->nodes);
    free(g->edges);
    free(g->label);
    memset(g, 0, sizeof *g);
}

double tg_graph_radius(const tg_graph *g, double value)
{
    /* area = R_MIN^2 + k value: the most gets r_max, but one unit never
     * adds more than the area of a 12-pixel circle */
    double k = g->max_value > 0 ? (g->r_max * g->r_max - R_MIN * R_MIN) / g->max_value : 0;

    if (k > 144)
        k = 144;
    return sqrt(R_MIN * R_MIN + k * value);
}

double tg_graph_width(const tg_graph *g, long weight)
{
    if (g->max_weight <= 1)
        return 1.5;
    return W_MIN + (W_MAX - W_MIN) * (double)(weight - 1) / (double)(g->max_weight - 1);
}

typedef struct radial {
    double d;
    size_t i;
} radial;

static int by_distance(const void *a, const void *b)
{
    const radial *x = a, *y = b;

    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* A force layout packs the hubs of a big network into a dense core and
 * spreads the leaves thinly around it.  Keep every vertex's direction from
 * the centre and its rank by distance, but move it to the distance at
 * which a disc of that rank's share of the vertices would end: the core
 * opens up and there is room for names.  The result is fit into [0,1]^2. */
static void equalize(double *x, double *y, size_t n)
{
    radial *r = malloc(n * sizeof *r);
    double cx = 0, cy = 0, minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300, span;
    size_t i;

    if (!r)
        return; /* keep the plain layout */
    for (i = 0; i < n; i++) {
        cx += x[i] / (double)n;
        cy += y[i] / (double)n;
    }
    for (i = 0; i < n; i++) {
        r[i].d = hypot(x[i] - cx, y[i] - cy);
        r[i].i = i;
    }
    qsort(r, n, sizeof *r, by_distance);
    for (i = 0; i < n; i++) {
        size_t v = r[i].i;
        double target = 0.5 * sqrt(((double)i + 0.5) / (double)n), d = r[i].d;

        if (d < 1e-12) {
            x[v] = cx;
            y[v] = cy;
            continue;
        }
        x[v] = cx + (x[v] - cx) / d * target;
        y[v] = cy + (y[v] - cy) / d * target;
    }
    for (i = 0; i < n; i++) {
        minx = fmin(minx, x[i]);
        maxx = fmax(maxx, x[i]);
        miny = fmin(miny, y[i]);
        maxy = fmax(maxy, y[i]);
    }
    span = fmax(maxx - minx, maxy - miny);
    if (span > 0)
        for (i = 0; i < n; i++) {
            x[i] = (x[i] - minx) / span + (1 - (maxx - minx) / span) / 2;
            y[i] = (y[i] - miny) / span + (1 - (maxy - miny) / span) / 2;
        }
    free(r);
}

tg_status_t tg_graph_layout(tg_graph *g, uint64_t seed, tg_error_t *err)
{
    int32_t *from = malloc((g->m ? g->m : 1) * sizeof *from);
    int32_t *to = malloc((g->m ? g->m : 1) * sizeof *to);
    double *w = malloc((g->m ? g->m : 1) * sizeof *w);
    double *x = malloc((g->n ? g->n : 1) * sizeof *x);
    double *y = malloc((g->n ? g->n : 1) * sizeof *y);
    size_t i, k = 0;
    tg_status_t rc = TG_OK;

    if (!from || !to || !w || !x || !y) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    g->max_value = 0;
    g->max_weight = 0;
    for (i = 0; i < g->n; i++)
        g->max_value = fmax(g->max_value, g->nodes[i].value);
    for (i = 0; i < g->m; i++) {
        if (g->edges[i].weight > g->max_weight)
            g->max_weight = g->edges[i].weight;
        if (g->edges[i].from == g->edges[i].to)
            continue; /* loops do not pull */
        from[k] = g->edges[i].from;
        to[k] = g->edges[i].to;
        w[k] = 1 + log((double)(g->edges[i].weight > 1 ? g->edges[i].weight : 1));
        k++;
    }
    g->r_max = g->n <= 12 ? 26 : g->n <= 40 ? 18 : g->n <= 100 ? 13 : 10;
    if ((rc = tg_layout_force(g->n, from, to, w, k, seed, x, y, err)))
        goto out;
    if (g->n > 30)
        equalize(x, y, g->n);
    for (i = 0; i < g->n; i++) {
        g->nodes[i].x = x[i];
        g->nodes[i].y = y[i];
    }
out:
    free(from);
    free(to);
    free(w);
    free(x);
    free(y);
    return rc;
}

/* push overlapping circles apart, keeping them in the box */
static void separate(tg_graph *g, double x0, double y0, double x1, double y1)
{
    int it;
    size_t i, j;

    for (it = 0; it < 60; it++) {
        int moved = 0;

        for (i = 0; i < g->n; i++)
            for (j = i + 1; j < g->n; j++) {
                tg_gnode *a = &g->nodes[i], *b = &g->nodes[j];
                double dx = b->x - a->x, dy = b->y - a->y, d = sqrt(dx * dx + dy * dy);
                double need = a->r + b->r + 4;

                if (d >= need)
                    continue;
                if (d < 1e-6) {
                    /* the same place: split along a fixed direction */
                    dx = 1;
                    dy = (double)((i + j) % 7) / 7 - 0.5;
                    d = sqrt(dx * dx + dy * dy);
                }
                dx /= d;
                dy /= d;
                a->x -= dx * (need - d) / 2;
                a->y -= dy * (need - d) / 2;
                b->x += dx * (need - d) / 2;
                b->y += dy * (need - d) / 2;
                moved = 1;
            }
        for (i = 0; i < g->n; i++) {
            tg_gnode *a = &g->nodes[i];

            a->x = fmin(fmax(a->x, x0 + a->r), x1 - a->r);
            a->y = fmin(fmax(a->y, y0 + a->r), y1 - a->r);
        }
        if (!moved)
            break;
    }
}

/* where a loop on node a tops out, and its size */
static double loop_size(const tg_graph *g, const tg_gedge *e)
{
    return 16 + 2 * tg_graph_width(g, e->weight);
}

/* Does the segment (x0,y0)-(x1,y1) meet the box?  (Liang-Barsky) */
static int segment_hits(double x0, double y0, double x1, double y1, tg_box b)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4], q[4];
    int i;

    p[0] = -dx;
    q[0] = x0 - b.x0;
    p[1] = dx;
    q[1] = b.x1 - x0;
    p[2] = -dy;
    q[2] = y0 - b.y0;
    p[3] = dy;
    q[3] = b.y1 - y0;
    for (i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
        } else {
            double t = q[i] / p[i];

            if (p[i] < 0) {
                if (t > t1)
                    return 0;
                if (t > t0)
                    t0 = t;
            } else {
                if (t < t0)
                    return 0;
                if (t < t1)
                    t1 = t;
            }
        }
    }
    return 1;
}

/* Does the box meet an arrow (a bowed one taken as two segments)? */
static int crosses_edge(const tg_graph *g, tg_box b)
{
    size_t k;

    for (k = 0; k < g->m; k++) {
        const tg_gedge *e = &g->edges[k];
        const tg_gnode *a = &g->nodes[e->from], *z = &g->nodes[e->to];

        if (e->from == e->to)
            continue; /* loops are boxes already */
        if (!e->curved) {
            if (segment_hits(a->x, a->y, z->x, z->y, b))
                return 1;
        } else {
            double dx = z->x - a->x, dy = z->y - a->y, len = sqrt(dx * dx + dy * dy);
            double bend, qx, qy, px = a->x, py = a->y;
            int i;

            if (len < 1e-6)
                continue;
            /* the quadratic of tg_draw_arc_arrow, in eight segments */
            bend = fmin(0.15 * len, 28);
            qx = (a->x + z->x) / 2 + dy / len * 2 * bend;
            qy = (a->y + z->y) / 2 - dx / len * 2 * bend;
            for (i = 1; i <= 8; i++) {
                double t = i / 8.0, u = 1 - t;
                double nx = u * u * a->x + 2 * t * u * qx + t * t * z->x;
                double ny = u * u * a->y + 2 * t * u * qy + t * t * z->y;

                if (segment_hits(px, py, nx, ny, b))
                    return 1;
                px = nx;
                py = ny;
            }
        }
    }
    return 0;
}

int tg_graph_fit(tg_graph *g, tg_measure *m, double x, double y, double w, double h)
{
    tg_boxes boxes;
    tg_font lf = { LABEL_FONT, 0 }, cf = { COUNT_FONT, 0 };
    double asc, desc, lh, pad;
    size_t i, k;
    int rc = 0;
    size_t *order = NULL;

    pad = g->r_max + 6;
    for (i = 0; i < g->n; i++) {
        tg_gnode *a = &g->nodes[i];

        a->r = tg_graph_radius(g, a->value);
        a->x = x + pad + a->x * (w - 2 * pad);
        a->y = y + pad + a->y * (h - 2 * pad);
    }
    separate(g, x, y, x + w, y + h);
    g->label = calloc(g->n + g->m + 1, sizeof *g->label);
    order = malloc((g->n + 1) * sizeof *order);
    if (!g->label || !order || tg_boxes_init(&boxes, x + w + 1, y + h + 1, 48)) {
        free(order);
        return -1;
    }
    /* circles and loops are taken; the plot's outside too */
    {
        tg_box top = { 0, 0, x + w + 1, y }, left = { 0, 0, x, y + h + 1 };

        if (tg_boxes_add(&boxes, top) || tg_boxes_add(&boxes, left))
            goto nomem;
    }
    for (i = 0; i < g->n; i++) {
        tg_gnode *a = &g->nodes[i];
        tg_box b = { a->x - a->r - 2, a->y - a->r - 2, a->x + a->r + 2, a->y + a->r + 2 };

        if (tg_boxes_add(&boxes, b))
            goto nomem;
    }
    for (k = 0; k < g->m; k++) {
        const tg_gedge *e = &g->edges[k];

        if (e->from == e->to) {
            const tg_gnode *a = &g->nodes[e->from];
            double L = loop_size(g, e);
            tg_box b = { a->x - a->r * 0.8 - L * 0.45, a->y - a->r - L, a->x + a->r * 0.8 + L * 0.45,
                         a->y - a->r * 0.5 };

            if (tg_boxes_add(&boxes, b))
                goto nomem;
        }
    }
    /* node labels by rank */
    tg_font_metrics(m, lf, &asc, &desc);
    lh = asc + desc;
    k = 0;
    for (i = 0; i < g->n; i++)
        if (g->nodes[i].label_rank >= 0)
            order[k++] = i;
    /* insertion sort by rank: few labels */
    {
        size_t a, b;

        for (a = 1; a < k; a++)
            for (b = a; b > 0 && g->nodes[order[b]].label_rank < g->nodes[order[b - 1]].label_rank;
                 b--) {
                size_t t = order[b];

                order[b] = order[b - 1];
                order[b - 1] = t;
            }
    }
    g->labels_wanted = k;
    g->labels_shown = 0;
    for (i = 0; i < k; i++) {
        tg_gnode *a = &g->nodes[order[i]];
        char *text = tg_text_fit(m, a->name, lf, 170);
        double tw, gap;
        tg_box cand[8];
        int c;

        if (!text)
            goto nomem;
        tw = tg_text_width(m, text, lf);
        gap = a->r + 3;
        cand[0] = (tg_box){ a->x + gap, a->y - lh / 2, a->x + gap + tw, a->y + lh / 2 };
        cand[1] = (tg_box){ a->x - gap - tw, a->y - lh / 2, a->x - gap, a->y + lh / 2 };
        cand[2] = (tg_box){ a->x - tw / 2, a->y + gap, a->x + tw / 2, a->y + gap + lh };
        cand[3] = (tg_box){ a->x - tw / 2, a->y - gap - lh, a->x + tw / 2, a->y - gap };
        /* the diagonals, clear of the circle's box */
        gap = a->r + 3;
        cand[4] = (tg_box){ a->x + gap, a->y + gap, a->x + gap + tw, a->y + gap + lh };
        cand[5] = (tg_box){ a->x + gap, a->y - gap - lh, a->x + gap + tw, a->y - gap };
        cand[6] = (tg_box){ a->x - gap - tw, a->y + gap, a->x - gap, a->y + gap + lh };
        cand[7] = (tg_box){ a->x - gap - tw, a->y - gap - lh, a->x - gap, a->y - gap };
        /* a place clear of circles, labels and arrows; else clear of the
         * first two only (the letters' halo keeps them legible on a line) */
        for (c = 0; c < 8; c++)
            if (!tg_boxes_hit(&boxes, cand[c]) && !crosses_edge(g, cand[c]))
                break;
        if (c == 8)
            for (c = 0; c < 8; c++)
                if (!tg_boxes_hit(&boxes, cand[c]))
                    break;
        if (c == 8) {
            free(text);
            continue;
        }
        if (tg_boxes_add(&boxes, cand[c])) {
            free(text);
            goto nomem;
        }
        g->label[order[i]].text = text;
        g->label[order[i]].x = cand[c].x0;
        g->label[order[i]].y = (cand[c].y0 + cand[c].y1) / 2 + (asc - desc) / 2;
        g->labels_shown++;
    }
    /* weights on the arrows, where they fit */
    if (g->edge_counts) {
        double casc, cdesc;

        tg_font_metrics(m, cf, &casc, &cdesc);
        for (k = 0; k < g->m; k++) {
            const tg_gedge *e = &g->edges[k];
            const tg_gnode *a = &g->nodes[e->from], *b = &g->nodes[e->to];
            char num[32];
            double mx, my, tw;
            tg_box box;
            char *text;

            tg_fmt_count(e->weight, num, sizeof num);
            tw = tg_text_width(m, num, cf);
            if (e->from == e->to) {
                mx = a->x;
                my = a->y - a->r - loop_size(g, e) * 0.75 - (casc + cdesc) / 2 - 2;
            } else {
                double dx = b->x - a->x, dy = b->y - a->y, len = sqrt(dx * dx + dy * dy);
                double bend = e->curved ? fmin(0.15 * len, 28) : 0;

                if (len < 1e-6)
                    continue;
                mx = (a->x + b->x) / 2 + dy / len * bend;
                my = (a->y + b->y) / 2 - dx / len * bend;
            }
            box = (tg_box){ mx - tw / 2 - 1, my - (casc + cdesc) / 2, mx + tw / 2 + 1,
                            my + (casc + cdesc) / 2 };
            if (tg_boxes_hit(&boxes, box))
                continue;
            if (tg_boxes_add(&boxes, box) || !(text = strdup(num)))
                goto nomem;
            g->label[g->n + k].text = text;
            g->label[g->n + k].x = mx;
            g->label[g->n + k].y = my + (casc - cdesc) / 2;
        }
    }
    goto out;
nomem:
    rc = -1;
out:
    tg_boxes_release(&boxes);
    free(order);
    return rc;
}

void tg_graph_arrow(tg_canvas *c, double xa, double ya, double ra, double xb, double yb,
                    double rb, int curved, const tg_style *s)
{
    double dx = xb - xa, dy = yb - ya, len = sqrt(dx * dx + dy * dy);
    double head = 5 + 1.6 * s->width;

    if (len < ra + rb + 2)
        return;
    if (!curved) {
        double ux = dx / len, uy = dy / len;

        tg_draw_arrow(c, xa + ux * (ra + 1), ya + uy * (ra + 1), xb - ux * (rb + 2),
                      yb - uy * (rb + 2), head, s);
    } else {
        double bend = fmin(0.15 * len, 28);
        /* the control point, to trim both ends towards it */
        double qx = (xa + xb) / 2 + dy / len * 2 * bend, qy = (ya + yb) / 2 - dx / len * 2 * bend;
        double ax = qx - xa, ay = qy - ya, al = sqrt(ax * ax + ay * ay);
        double bx = qx - xb, by = qy - yb, bl = sqrt(bx * bx + by * by);

        if (al < 1e-6 || bl < 1e-6)
            return;
        tg_draw_arc_arrow(c, xa + ax / al * (ra + 1), ya + ay / al * (ra + 1),
                          xb + bx / bl * (rb + 2), yb + by / bl * (rb + 2), bend, head, s);
    }
}

void tg_graph_loop(tg_canvas *c, double x, double y, double r, double size, const tg_style *s)
{
    tg_path p;
    double head = 5 + 1.6 * s->width;
    double sx = x - r * 0.55, sy = y - r * 0.83, ex = x + r * 0.55, ey = y - r * 0.83;
    double top = y - r - size;
    tg_style hs = tg_fill(s->stroke);

    tg_path_init(&p);
    tg_path_move(&p, sx, sy);
    tg_path_curve(&p, sx - size * 0.6, top, ex + size * 0.6, top, ex + 1, ey - head * 0.7);
    tg_draw_path(c, &p, s);
    /* the head, pointing down into the circle */
    hs.fill_op = s->stroke_op;
    tg_path_init(&p);
    tg_path_move(&p, ex, ey);
    tg_path_line(&p, ex - head * 0.5 + 1, ey - head);
    tg_path_line(&p, ex + head * 0.5 + 1, ey - head);
    tg_path_close(&p);
    tg_draw_path(c, &p, &hs);
}

void tg_graph_draw(tg_graph *g, tg_canvas *c)
{
    tg_graph_draw_people(g, c, NULL, NULL);
}

void tg_graph_draw_people(tg_graph *g, tg_canvas *c, const tg_rgb *fill,
                          const unsigned char *square)
{
    tg_text_style ls = tg_text(LABEL_FONT, 0, TG_INK, TG_ANCHOR_START);
    tg_text_style cs = tg_text(COUNT_FONT, 0, TG_MUTED, TG_ANCHOR_MIDDLE);
    size_t i, k;
    int pass;

    ls.flags = TG_TEXT_HALO;
    ls.cls = "label";
    cs.flags = TG_TEXT_HALO;
    cs.cls = "count";
    /* ordinary arrows, then the accented ones above them */
    for (pass = 0; pass < 2; pass++)
        for (k = 0; k < g->m; k++) {
            const tg_gedge *e = &g->edges[k];
            const tg_gnode *a = &g->nodes[e->from], *b = &g->nodes[e->to];
            tg_style s = tg_stroke(e->accent ? TG_ACCENT : TG_EDGE, tg_graph_width(g, e->weight));
            tg_group grp = { e->accent ? "edge pair" : "edge", NULL, e->tip, a->id, b->id };

            if (e->accent != pass)
                continue;
            s.stroke_op = e->accent ? 0.75 : 0.55;
            tg_draw_group(c, &grp);
            if (e->from == e->to)
                tg_graph_loop(c, a->x, a->y, a->r, loop_size(g, e), &s);
            else
                tg_graph_arrow(c, a->x, a->y, a->r, b->x, b->y, b->r, e->curved, &s);
            if (g->label && g->label[g->n + k].text)
                tg_draw_text(c, g->label[g->n + k].x, g->label[g->n + k].y,
                             g->label[g->n + k].text, &cs);
            tg_draw_end(c);
        }
    for (i = 0; i < g->n; i++) {
        const tg_gnode *a = &g->nodes[i];
        tg_rgb col = fill ? fill[i] : g->node_fill;
        tg_style s = tg_fill(col);
        tg_group grp = { square && square[i] ? "node teacher" : "node", a->id, a->tip, NULL,
                         NULL };

        s.fill_op = 0.9;
        s.stroke = tg_rgb_darker(col, 0.6);
        s.stroke_op = 1;
        s.width = 1;
        tg_draw_group(c, &grp);
        if (square && square[i])
            tg_draw_rect(c, a->x - 0.9 * a->r, a->y - 0.9 * a->r, 1.8 * a->r, 1.8 * a->r, &s);
        else
            tg_draw_circle(c, a->x, a->y, a->r, &s);
        if (g->label && g->label[i].text)
            tg_draw_text(c, g->label[i].x, g->label[i].y, g->label[i].text, &ls);
        tg_draw_end(c);
    }
}

void tg_graph_legend(tg_frame *f, const tg_graph *g, const char *size_words,
                     const char *width_words)
{
    tg_style dot = tg_fill(g->node_fill), line = tg_stroke(TG_EDGE, 1);
    char buf[160], num[32];

    dot.stroke = tg_rgb_darker(g->node_fill, 0.6);
    dot.stroke_op = 1;
    dot.width = 1;
    tg_frame_row(f, "Circle area:");
    tg_frame_item(f, TG_SW_NONE, NULL, 0, size_words);
    tg_frame_item(f, TG_SW_DOT, &dot, R_MIN, "none");
    if (g->max_value > 0) {
        double r = tg_graph_radius(g, g->max_value);

        tg_fmt_count((long)g->max_value, num, sizeof num);
        snprintf(buf, sizeof buf, "%s (the most)", num);
        tg_frame_item(f, TG_SW_DOT, &dot, fmin(r, 9), buf);
    }
    tg_frame_row(f, "Arrow width:");
    tg_frame_item(f, TG_SW_NONE, NULL, 0, width_words);
    line.stroke_op = 0.55;
    tg_frame_item(f, TG_SW_ARROW, &line, tg_graph_width(g, 1), "1");
    if (g->max_weight > 1) {
        tg_fmt_count(g->max_weight, num, sizeof num);
        snprintf(buf, sizeof buf, "%s (the most)", num);
        tg_frame_item(f, TG_SW_ARROW, &line, tg_graph_width(g, g->max_weight), buf);
    }
}
