/* layout.c - layout helpers the charts share: boxes for placing labels
 * without overlap, axis ticks, dates, counts, author colours and the seeded
 * force-directed layout (igraph). */
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/analysis_internal.h"
#include "render_internal.h"

/* ---- boxes ---- */
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

/* ---- numbers and dates ---- */
const char *tg_fmt_count(long v, char *out, size_t outsz)
{
    char digits[32];
    size_t n, i, k = 0;
    int neg = v < 0;
    unsigned long u = neg ? (unsigned long)(-(v + 1)) + 1 : (unsigned long)v;

    snprintf(digits, sizeof digits, "%lu", u);
    n = strlen(digits);
    if (outsz == 0)
        return out;
    if (neg && k + 1 < outsz)
        out[k++] = '-';
    for (i = 0; i < n && k + 1 < outsz; i++) {
        if (i && (n - i) % 3 == 0 && k + 1 < outsz)
            out[k++] = ',';
        if (k + 1 < outsz)
            out[k++] = digits[i];
    }
    out[k] = '\0';
    return out;
}

int64_t tg_from_civil(int y, int mo, int d, int h, int mi, int s)
{
    int64_t yy = y - (mo <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;

    return days * 86400 + h * 3600 + mi * 60 + s;
}

void tg_civil(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *mo = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*mo <= 2));
    *h = (int)(secs / 3600);
    *mi = (int)(secs / 60 % 60);
    *s = (int)(secs % 60);
}

static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void tg_fmt_date(int64_t t, int with_time, char *out, size_t outsz)
{
    int y, mo, d, h, mi, s;

    tg_civil(t, &y, &mo, &d, &h, &mi, &s);
    if (with_time)
        snprintf(out, outsz, "%d %s %d %02d:%02d", d, month_abbr[mo - 1], y, h, mi);
    else
        snprintf(out, outsz, "%d %s %d", d, month_abbr[mo - 1], y);
}

void tg_nice_ticks(double lo, double hi, int want, double *first, double *step, int *n)
{
    double range = hi - lo, rough, mag, r;

    if (want < 1)
        want = 1;
    if (!(range > 0)) {
        *first = lo;
        *step = 1;
        *n = 1;
        return;
    }
    rough = range / want;
    mag = pow(10, floor(log10(rough)));
    r = rough / mag;
    *step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    *first = ceil(lo / *step - 1e-9) * *step;
    /* up to the first tick at or above hi, so the axis covers the data */
    *n = (int)ceil((hi - *first) / *step - 1e-9) + 1;
    if (*n < 1)
        *n = 1;
}

/* ---- author colours ---- */
int tg_author_colours(const tg_dataset_t *ds, const int32_t *comments, size_t n,
                      tg_rgb *colour, int32_t *rank, size_t *nrank)
{
    long *count = calloc(ds->nusers ? ds->nusers : 1, sizeof *count);
    size_t i, k, top = 0;

    *nrank = 0;
    if (!count)
        return -1;
    for (i = 0; i < ds->nusers; i++)
        colour[i] = TG_OTHER;
    for (i = 0; i < n; i++)
        if (ds->user[comments[i]] >= 0)
            count[ds->user[comments[i]]]++;
    /* the TG_PALETTE_N users with most comments; ties: byte order (index) */
    for (k = 0; k < TG_PALETTE_N; k++) {
        long best = 0;
        int32_t who = -1;

        for (i = 0; i < ds->nusers; i++)
            if (count[i] > best) {
                best = count[i];
                who = (int32_t)i;
            }
        if (who < 0)
            break;
        rank[top++] = who;
        colour[who] = tg_palette[k];
        count[who] = 0;
    }
    *nrank = top;
    free(count);
    return 0;
}

tg_style tg_author_style(const tg_rgb *colour, int32_t user, double r)
{
    tg_style s;

    if (user < 0) {
        s = tg_fill(TG_ANON_FILL);
        s.stroke = TG_ANON;
        s.stroke_op = 1;
        s.width = r >= 2.5 ? 1.2 : 0.6;
    } else {
        s = tg_fill(colour[user]);
        if (r >= 2.5) {
            s.stroke = tg_rgb_darker(colour[user], 0.7);
            s.stroke_op = 1;
            s.width = 1;
        }
    }
    return s;
}

void tg_legend_authors(tg_frame *f, const tg_dataset_t *ds, const tg_rgb *colour,
                       const int32_t *rank, size_t nrank, int others, int anon)
{
    tg_font lf = { 12.5, 0 };
    size_t i;

    tg_frame_row(f, "Colour = author:");
    for (i = 0; i < nrank; i++) {
        tg_style s = tg_author_style(colour, rank[i], 5);
        char *name = tg_text_fit(f->m, ds->user_name[rank[i]], lf, 180);

        if (!name)
            f->status = -1;
        tg_frame_item(f, TG_SW_DOT, &s, 5, name ? name : "");
        free(name);
    }
    if (others) {
        tg_style s = tg_fill(TG_OTHER);

        tg_frame_item(f, TG_SW_DOT, &s, 5, nrank ? "other named commenters" : "named commenters");
    }
    if (anon) {
        tg_style s = tg_author_style(colour, -1, 5);

        tg_frame_item(f, TG_SW_DOT, &s, 5, "anonymous");
    }
}

/* ---- force-directed layout ---- */
tg_status_t tg_force_layout(size_t n, const int32_t *from, const int32_t *to,
                            const double *weight, size_t nedges, uint64_t seed, double *x,
                            double *y, tg_error_t *err)
{
    igraph_t g;
    igraph_vector_int_t ev;
    igraph_vector_t w;
    igraph_matrix_t res;
    igraph_rng_t rng, *old = igraph_rng_default();
    int have_g = 0, have_ev = 0, have_w = 0, have_res = 0, have_rng = 0;
    igraph_error_t ie;
    tg_status_t rc = TG_OK;
    double minx = 0, maxx = 0, miny = 0, maxy = 0, span;
    size_t i;

    tg_igraph_setup();
    if (n == 0)
        return TG_OK;
    if (n == 1) {
        x[0] = y[0] = 0.5;
        return TG_OK;
    }
    if ((ie = igraph_vector_int_init(&ev, (igraph_integer_t)(2 * nedges))))
        goto fail;
    have_ev = 1;
    for (i = 0; i < nedges; i++) {
        VECTOR(ev)[2 * i] = from[i];
        VECTOR(ev)[2 * i + 1] = to[i];
    }
    if ((ie = igraph_create(&g, &ev, (igraph_integer_t)n, IGRAPH_UNDIRECTED)))
        goto fail;
    have_g = 1;
    if ((ie = igraph_vector_init(&w, (igraph_integer_t)nedges)))
        goto fail;
    have_w = 1;
    for (i = 0; i < nedges; i++)
        VECTOR(w)[i] = weight ? weight[i] : 1.0;
    if ((ie = igraph_matrix_init(&res, (igraph_integer_t)n, 2)))
        goto fail;
    have_res = 1;
    if ((ie = igraph_rng_init(&rng, &igraph_rngtype_pcg32)))
        goto fail;
    have_rng = 1;
    igraph_rng_seed(&rng, (igraph_uint_t)seed);
    igraph_rng_set_default(&rng);
    ie = igraph_layout_fruchterman_reingold(&g, &res, 0, 500, sqrt((double)n) / 2,
                                            IGRAPH_LAYOUT_NOGRID, nedges ? &w : NULL, NULL,
                                            NULL, NULL, NULL);
    igraph_rng_set_default(old);
    if (ie)
        goto fail;
    for (i = 0; i < n; i++) {
        double px = MATRIX(res, (igraph_integer_t)i, 0), py = MATRIX(res, (igraph_integer_t)i, 1);

        if (i == 0 || px < minx)
            minx = px;
        if (i == 0 || px > maxx)
            maxx = px;
        if (i == 0 || py < miny)
            miny = py;
        if (i == 0 || py > maxy)
            maxy = py;
    }
    span = fmax(maxx - minx, maxy - miny);
    if (!(span > 0))
        span = 1;
    for (i = 0; i < n; i++) {
        x[i] = (MATRIX(res, (igraph_integer_t)i, 0) - minx) / span +
               (1 - (maxx - minx) / span) / 2;
        y[i] = (MATRIX(res, (igraph_integer_t)i, 1) - miny) / span +
               (1 - (maxy - miny) / span) / 2;
    }
    goto out;
fail:
    rc = tg_igraph_error(err, ie, "force-directed layout");
out:
    if (have_rng)
        igraph_rng_destroy(&rng);
    if (have_res)
        igraph_matrix_destroy(&res);
    if (have_w)
        igraph_vector_destroy(&w);
    if (have_g)
        igraph_destroy(&g);
    if (have_ev)
        igraph_vector_int_destroy(&ev);
    return rc;
}
