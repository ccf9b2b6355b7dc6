/* boxes.c - what is drawn where, for placing labels without overlap: a set
 * of rectangles over the plot with a uniform grid of cells, so that asking
 * whether a label's box hits anything looks at the few boxes near it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

int tg_boxes_init(tg_boxes *bs, double w, double h, double cell)
{
    size_t ncells;

    memset(bs, 0, sizeof *bs);
    if (cell <= 0)
        cell = 32;
    bs->cell = cell;
    bs->w = w;
    bs->h = h;
    bs->cols = (int)ceil(w / cell) + 1;
    bs->rows = (int)ceil(h / cell) + 1;
    if (bs->cols < 1)
        bs->cols = 1;
    if (bs->rows < 1)
        bs->rows = 1;
    ncells = (size_t)bs->cols * (size_t)bs->rows;
    bs->cells = calloc(ncells, sizeof *bs->cells);
    bs->ncell = calloc(ncells, sizeof *bs->ncell);
    bs->capcell = calloc(ncells, sizeof *bs->capcell);
    if (!bs->cells || !bs->ncell || !bs->capcell) {
        tg_boxes_release(bs);
        return -1;
    }
    return 0;
}

void tg_boxes_release(tg_boxes *bs)
{
    size_t i, ncells;

    if (!bs)
        return;
    ncells = (size_t)bs->cols * (size_t)bs->rows;
    if (bs->cells)
        for (i = 0; i < ncells; i++)
            free(bs->cells[i]);
    free(bs->cells);
    free(bs->ncell);
    free(bs->capcell);
    free(bs->b);
    memset(bs, 0, sizeof *bs);
}

static void cell_range(const tg_boxes *bs, tg_box b, int *c0, int *r0, int *c1, int *r1)
{
    *c0 = (int)floor(b.x0 / bs->cell);
    *c1 = (int)floor(b.x1 / bs->cell);
    *r0 = (int)floor(b.y0 / bs->cell);
    *r1 = (int)floor(b.y1 / bs->cell);
    if (*c0 < 0)
        *c0 = 0;
    if (*r0 < 0)
        *r0 = 0;
    if (*c1 >= bs->cols)
        *c1 = bs->cols - 1;
    if (*r1 >= bs->rows)
        *r1 = bs->rows - 1;
}

int tg_boxes_add(tg_boxes *bs, tg_box b)
{
    int c0, r0, c1, r1, c, r;

    if (bs->n == bs->cap) {
        size_t cap = bs->cap ? bs->cap * 2 : 64;
        tg_box *nb = realloc(bs->b, cap * sizeof *nb);

        if (!nb)
            return -1;
        bs->b = nb;
        bs->cap = cap;
    }
    bs->b[bs->n] = b;
    cell_range(bs, b, &c0, &r0, &c1, &r1);
    for (r = r0; r <= r1; r++)
        for (c = c0; c <= c1; c++) {
            size_t k = (size_t)r * (size_t)bs->cols + (size_t)c;

            if (bs->ncell[k] == bs->capcell[k]) {
                size_t cap = bs->capcell[k] ? bs->capcell[k] * 2 : 4;
                size_t *nc = realloc(bs->cells[k], cap * sizeof *nc);

                if (!nc)
                    return -1;
                bs->cells[k] = nc;
                bs->capcell[k] = cap;
            }
            bs->cells[k][bs->ncell[k]++] = bs->n;
        }
    bs->n++;
    return 0;
}

int tg_boxes_hit(const tg_boxes *bs, tg_box b)
{
    int c0, r0, c1, r1, c, r;
    size_t i;

    if (b.x0 < 0 || b.y0 < 0 || b.x1 > bs->w || b.y1 > bs->h)
        return 1;
    cell_range(bs, b, &c0, &r0, &c1, &r1);
    for (r = r0; r <= r1; r++)
        for (c = c0; c <= c1; c++) {
            size_t k = (size_t)r * (size_t)bs->cols + (size_t)c;

            for (i = 0; i < bs->ncell[k]; i++) {
                const tg_box *o = &bs->b[bs->cells[k][i]];

                if (b.x0 < o->x1 && o->x0 < b.x1 && b.y0 < o->y1 && o->y0 < b.y1)
                    return 1;
            }
        }
    return 0;
}
