/* canvas_cairo.c - the cairo backend of the drawing layer: PNG (an image
 * surface scaled by dpi/96) and PDF (points, 72/96 of a pixel, with the
 * creation date set from the data so that the bytes do not depend on the
 * day of the run).  Text is shown with pango from the measurer's context.
 * Errors stick to the cairo context; they are checked once, in finish. */
#include <cairo-pdf.h>
#include <errno.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* Where libpng's and cairo's bytes go: our own FILE, so that a failed
 * write is ours to report (with its errno) rather than libpng's to print
 * ("libpng error: Write Error" on stderr) or cairo's to lose (its PDF
 * stream's write errors did not reach the surface's status: a truncated PDF
 * was reported written). */
typedef struct out_file {
    FILE *f;
    int werr; /* errno of the first failed write; 0 */
} out_file;

typedef struct cairo_canvas {
    tg_canvas base;
    cairo_surface_t *surface;
    cairo_t *cr;
    unsigned format;
    double dpi;
    char *path;
    out_file pdf; /* the PDF's file */
} cairo_canvas;

static int out_write(out_file *o, const void *data, size_t len)
{
    if (o->werr)
        return -1;
    errno = 0;
    if (fwrite(data, 1, len, o->f) != len) {
        o->werr = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

/* Close o->f; 0, or the errno of the first failure. */
static int out_close(out_file *o)
{
    if (o->f) {
        errno = 0;
        if (fclose(o->f) != 0 && !o->werr)
            o->werr = errno ? errno : EIO;
        o->f = NULL;
    }
    return o->werr;
}

static void png_write(png_structp png, png_bytep data, png_size_t len)
{
    if (out_write(png_get_io_ptr(png), data, len))
        png_error(png, "write failed");
}

static void png_flush(png_structp png)
{
    (void)png;
}

/* libpng's errors end the write (longjmp); nothing is printed. */
static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* The image as an 8-bit RGB PNG (the page is opaque), with its resolution
 * in a pHYs chunk.  Written with libpng rather than cairo's PNG writer:
 * zlib level 3 without row filters is four times as fast on these mostly
 * white pictures for a file a tenth larger, which counts when a run draws
 * dozens of charts.  No time chunk: the bytes depend on the picture only.
 * 0, or an errno (ENOMEM when libpng itself failed). */
static int write_png(cairo_surface_t *img, const char *path, double dpi)
{
    out_file o = { NULL, 0 };
    png_structp png = NULL;
    png_infop info = NULL;
    unsigned char *volatile row = NULL;
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img), y, x;
    const unsigned char *data;
    volatile int rc = ENOMEM;
    png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);

    cairo_surface_flush(img);
    data = cairo_image_surface_get_data(img);
    if (!data || !(row = malloc((size_t)w * 3)))
        goto out;
    errno = 0;
    if (!(o.f = fopen(path, "wb"))) {
        rc = errno ? errno : EIO;
        goto out;
    }
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_warn);
    if (!png || !(info = png_create_info_struct(png)))
        goto out;
    if (setjmp(png_jmpbuf(png)))
        goto out;
    png_set_write_fn(png, &o, png_write, png_flush);
    png_set_compression_level(png, 3);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    for (y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);

        for (x = 0; x < w; x++) {
            row[3 * x] = (unsigned char)(px[x] >> 16);
            row[3 * x + 1] = (unsigned char)(px[x] >> 8);
            row[3 * x + 2] = (unsigned char)px[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    rc = 0;
out:
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    if (o.f && out_close(&o))
        rc = o.werr;
    else if (o.werr)
        rc = o.werr;
    free(row);
    return rc;
}

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    return out_write(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void set_rgb(cairo_t *cr, tg_rgb c, double op)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0,
                          (c & 0xFF) / 255.0, op);
}

static void paint_style(cairo_t *cr, const tg_style *s)
{
    if (s->fill_op > 0) {
        set_rgb(cr, s->fill, s->fill_op);
        if (s->stroke_op > 0 && s->width > 0)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (s->stroke_op > 0 && s->width > 0) {
        set_rgb(cr, s->stroke, s->stroke_op);
        cairo_set_line_width(cr, s->width);
        if (s->dash > 0) {
            double d[2];

            d[0] = s->dash;
            d[1] = s->dash;
            cairo_set_dash(cr, d, 2, 0);
        }
        cairo_stroke(cr);
        if (s->dash > 0)
            cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_new_path(cr);
}

static void c_group_begin(tg_canvas *c, const tg_group *g)
{
    (void)c;
    (void)g;
}

static void c_group_end(tg_canvas *c)
{
    (void)c;
}

static void c_rect(tg_canvas *c, double x, double y, double w, double h, const tg_style *s)
{
    cairo_t *cr = ((cairo_canvas *)c)->cr;

    cairo_rectangle(cr, x, y, w, h);
    paint_style(cr, s);
}

static void c_circle(tg_canvas *c, double cx, double cy, double r, const tg_style *s)
{
    cairo_t *cr = ((cairo_canvas *)c)->cr;

    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    paint_style(cr, s);
}

static void c_path(tg_canvas *c, const tg_path *p, const tg_style *s)
{
    cairo_t *cr = ((cairo_canvas *)c)->cr;
    int i;

    for (i = 0; i < p->n; i++) {
        switch (p->seg[i].op) {
        case 'M':
            cairo_move_to(cr, p->seg[i].x[0], p->seg[i].y[0]);
            break;
        case 'L':
            cairo_line_to(cr, p->seg[i].x[0], p->seg[i].y[0]);
            break;
        case 'C':
            cairo_curve_to(cr, p->seg[i].x[0], p->seg[i].y[0], p->seg[i].x[1], p->seg[i].y[1],
                           p->seg[i].x[2], p->seg[i].y[2]);
            break;
        default:
            cairo_close_path(cr);
        }
    }
    paint_style(cr, s);
}

static void c_text(tg_canvas *c, double x, double y, const char *s, const tg_text_style *t)
{
    cairo_t *cr = ((cairo_canvas *)c)->cr;
    PangoLayout *layout = tg_measure_layout(c->m, s, t->font);
    PangoRectangle logical;
    double left, top;

    pango_layout_get_extents(layout, NULL, &logical);
    left = -(double)logical.x / PANGO_SCALE;
    if (t->anchor == TG_ANCHOR_MIDDLE)
        left -= (double)logical.width / PANGO_SCALE / 2;
    else if (t->anchor == TG_ANCHOR_END)
        left -= (double)logical.width / PANGO_SCALE;
    top = -(double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (t->angle != 0)
        cairo_rotate(cr, t->angle * M_PI / 180);
    if (t->flags & TG_TEXT_HALO) {
        cairo_move_to(cr, left, top);
        pango_cairo_layout_path(cr, layout);
        set_rgb(cr, TG_WHITE, 0.9);
        cairo_set_line_width(cr, 3);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    }
    cairo_move_to(cr, left, top);
    set_rgb(cr, t->color, 1);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
}

static tg_status_t c_finish(tg_canvas *c, tg_error_t *err)
{
    cairo_canvas *cc = (cairo_canvas *)c;
    cairo_status_t st = cairo_status(cc->cr);

    if (st)
        return tg_error_set(err, TG_ERR_FAIL, "cannot draw '%s': %s", cc->path,
                            cairo_status_to_string(st));
    cairo_destroy(cc->cr);
    cc->cr = NULL;
    if (cc->format == TG_IMAGE_PNG) {
        int e = write_png(cc->surface, cc->path, cc->dpi);

        if (e)
            return tg_error_set(err, e == ENOMEM ? TG_ERR_NOMEM : TG_ERR_IO,
                                "cannot write '%s': %s", cc->path, strerror(e));
        return TG_OK;
    }
    cairo_surface_finish(cc->surface);
    st = cairo_surface_status(cc->surface);
    if (out_close(&cc->pdf))
        return tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", cc->path,
                            strerror(cc->pdf.werr));
    if (st)
        return tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", cc->path,
                            cairo_status_to_string(st));
    return TG_OK;
}

static void c_destroy(tg_canvas *c)
{
    cairo_canvas *cc = (cairo_canvas *)c;

    if (cc->cr)
        cairo_destroy(cc->cr);
    if (cc->surface)
        cairo_surface_destroy(cc->surface);
    out_close(&cc->pdf);
    free(cc->path);
    free(cc);
}

static const tg_canvas_ops cairo_ops = {
    c_group_begin, c_group_end, c_rect, c_circle, c_path, c_text, c_finish, c_destroy,
};

tg_status_t tg_canvas_cairo_open(const tg_page *page, tg_measure *m, tg_canvas **out,
                                 tg_error_t *err)
{
    cairo_canvas *cc = calloc(1, sizeof *cc);
    cairo_status_t st;
    double scale;
    tg_status_t rc = TG_OK;

    *out = NULL;
    if (!cc || !(cc->path = strdup(page->path))) {
        free(cc);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    cc->base.ops = &cairo_ops;
    cc->base.m = m;
    cc->base.width = page->width;
    cc->base.height = page->height;
    cc->format = page->format;
    cc->dpi = page->dpi;
    if (page->format == TG_IMAGE_PNG) {
        int w, h;

        scale = page->dpi / 96.0;
        w = (int)ceil(page->width * scale - 1e-6);
        h = (int)ceil(page->height * scale - 1e-6);
        if (w < 1 || h < 1 || w > 32767 || h > 32767) {
            rc = tg_error_set(err, TG_ERR_USAGE,
                              "'%s' would be %d x %d pixels, more than an image can have "
                              "(32767 a side)", page->path, w, h);
            goto out;
        }
        cc->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    } else {
        char date[32];

        scale = 72.0 / 96.0;
        errno = 0;
        if (!(cc->pdf.f = fopen(page->path, "wb"))) {
            rc = tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", page->path,
                              strerror(errno ? errno : EIO));
            goto out;
        }
        cc->surface = cairo_pdf_surface_create_for_stream(pdf_write, &cc->pdf,
                                                          page->width * scale,
                                                          page->height * scale);
        tg_time_format(page->date == TG_TIME_NONE ? 0 : page->date, date, sizeof date);
        if (cairo_surface_status(cc->surface) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_set_metadata(cc->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
            cairo_pdf_surface_set_metadata(cc->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
            if (page->title)
                cairo_pdf_surface_set_metadata(cc->surface, CAIRO_PDF_METADATA_TITLE,
                                               page->title);
            if (page->desc)
                cairo_pdf_surface_set_metadata(cc->surface, CAIRO_PDF_METADATA_SUBJECT,
                                               page->desc);
            cairo_pdf_surface_set_metadata(cc->surface, CAIRO_PDF_METADATA_CREATOR,
                                           "threadgraph " TG_VERSION);
        }
    }
    st = cairo_surface_status(cc->surface);
    if (st) {
        rc = tg_error_set(err, st == CAIRO_STATUS_NO_MEMORY ? TG_ERR_NOMEM : TG_ERR_IO,
                          "cannot create '%s': %s", page->path, cairo_status_to_string(st));
        goto out;
    }
    cc->cr = cairo_create(cc->surface);
    cairo_scale(cc->cr, scale, scale);
    cairo_set_line_cap(cc->cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cc->cr, CAIRO_LINE_JOIN_ROUND);
    /* an opaque white page */
    cairo_set_source_rgb(cc->cr, 1, 1, 1);
    cairo_paint(cc->cr);
out:
    if (rc) {
        c_destroy(&cc->base);
        return rc;
    }
    *out = &cc->base;
    return TG_OK;
}
