/* canvas.c - the drawing layer every chart draws through: paths, arrows,
 * and the calls that go to the canvas's backend (canvas_cairo.c for PNG and
 * PDF, canvas_svg.c for SVG). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* ---- paths ---- */
void tg_path_init(tg_path *p)
{
    p->n = 0;
    p->overflow = 0;
}

static void seg(tg_path *p, char op, double x0, double y0, double x1, double y1, double x2,
                double y2)
{
    if (p->n >= TG_PATH_MAX) {
        p->overflow = 1;
        return;
    }
    p->seg[p->n].op = op;
    p->seg[p->n].x[0] = x0;
    p->seg[p->n].y[0] = y0;
    p->seg[p->n].x[1] = x1;
    p->seg[p->n].y[1] = y1;
    p->seg[p->n].x[2] = x2;
    p->seg[p->n].y[2] = y2;
    p->n++;
}

void tg_path_move(tg_path *p, double x, double y)
{
    seg(p, 'M', x, y, 0, 0, 0, 0);
}

void tg_path_line(tg_path *p, double x, double y)
{
    seg(p, 'L', x, y, 0, 0, 0, 0);
}

void tg_path_curve(tg_path *p, double x1, double y1, double x2, double y2, double x, double y)
{
    seg(p, 'C', x1, y1, x2, y2, x, y);
}

void tg_path_close(tg_path *p)
{
    seg(p, 'Z', 0, 0, 0, 0, 0, 0);
}

/* ---- dispatch ---- */
tg_status_t tg_canvas_open(const tg_page *page, tg_measure *m, tg_canvas **out, tg_error_t *err)
{
    if (page->format == TG_IMAGE_SVG)
        return tg_canvas_svg_open(page, m, out, err);
    return tg_canvas_cairo_open(page, m, out, err);
}

tg_status_t tg_canvas_finish(tg_canvas *c, tg_error_t *err)
{
    return c->ops->finish(c, err);
}

void tg_canvas_free(tg_canvas *c)
{
    if (c)
        c->ops->destroy(c);
}

void tg_draw_group(tg_canvas *c, const tg_group *g)
{
    c->ops->group_begin(c, g);
}

void tg_draw_end(tg_canvas *c)
{
    c->ops->group_end(c);
}

void tg_draw_rect(tg_canvas *c, double x, double y, double w, double h, const tg_style *s)
{
    c->ops->rect(c, x, y, w, h, s);
}

void tg_draw_circle(tg_canvas *c, double cx, double cy, double r, const tg_style *s)
{
    c->ops->circle(c, cx, cy, r, s);
}

void tg_draw_path(tg_canvas *c, const tg_path *p, const tg_style *s)
{
    if (p->n)
        c->ops->path(c, p, s);
}

void tg_draw_line(tg_canvas *c, double x0, double y0, double x1, double y1, const tg_style *s)
{
    tg_path p;

    tg_path_init(&p);
    tg_path_move(&p, x0, y0);
    tg_path_line(&p, x1, y1);
    c->ops->path(c, &p, s);
}

void tg_draw_text(tg_canvas *c, double x, double y, const char *s, const tg_text_style *t)
{
    if (s && *s)
        c->ops->text(c, x, y, s, t);
}

/* the arrowhead: tip at (x,y), pointing along the unit vector (ux,uy) */
static void head_at(tg_canvas *c, double x, double y, double ux, double uy, double head,
                    const tg_style *s)
{
    tg_path p;
    tg_style hs = tg_fill(s->stroke);
    double bx = x - ux * head, by = y - uy * head, hw = head * 0.5;

    hs.fill_op = s->stroke_op;
    tg_path_init(&p);
    tg_path_move(&p, x, y);
    tg_path_line(&p, bx - uy * hw, by + ux * hw);
    tg_path_line(&p, bx + uy * hw, by - ux * hw);
    tg_path_close(&p);
    c->ops->path(c, &p, &hs);
}

void tg_draw_arrow(tg_canvas *c, double x0, double y0, double x1, double y1, double head,
                   const tg_style *s)
{
    double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
    double ux, uy;

    if (len < 1e-9)
        return;
    ux = dx / len;
    uy = dy / len;
    if (head > len * 0.8)
        head = len * 0.8;
    tg_draw_line(c, x0, y0, x1 - ux * head * 0.8, y1 - uy * head * 0.8, s);
    head_at(c, x1, y1, ux, uy, head, s);
}

void tg_draw_arc_arrow(tg_canvas *c, double x0, double y0, double x1, double y1, double bend,
                       double head, const tg_style *s)
{
    double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
    double qx, qy, tx, ty, tl, ex, ey;
    tg_path p;

    if (len < 1e-9)
        return;
    /* quadratic control point: the chord's middle, pushed to the left of
     * the direction by twice the bend (the curve bows by bend) */
    qx = (x0 + x1) / 2 + (dy / len) * 2 * bend;
    qy = (y0 + y1) / 2 - (dx / len) * 2 * bend;
    tx = x1 - qx;
    ty = y1 - qy;
    tl = sqrt(tx * tx + ty * ty);
    if (tl < 1e-9)
        return;
    tx /= tl;
    ty /= tl;
    if (head > len * 0.8)
        head = len * 0.8;
    ex = x1 - tx * head * 0.8;
    ey = y1 - ty * head * 0.8;
    tg_path_init(&p);
    tg_path_move(&p, x0, y0);
    /* the quadratic as a cubic, ending under the head */
    tg_path_curve(&p, x0 + 2.0 / 3 * (qx - x0), y0 + 2.0 / 3 * (qy - y0),
                  ex + 2.0 / 3 * (qx - ex), ey + 2.0 / 3 * (qy - ey), ex, ey);
    c->ops->path(c, &p, s);
    head_at(c, x1, y1, tx, ty, head, s);
}
