/* chart_job.c - what every chart_<kind>.c does the same way: the footer's
 * source and dates, the page opened once the frame is laid out, and the
 * closing sequence (write the file, free the canvas and the frame).  The
 * charts call these; render.c calls the charts. */
#include <math.h>

#include "people_render.h"

const char *tg_job_source(const tg_chart_job *job)
{
    return job->opt->source && *job->opt->source ? job->opt->source : "threadgraph database";
}

void tg_time_range(const tg_dataset_t *ds, int32_t thread, int64_t *first, int64_t *last)
{
    size_t i;

    *first = *last = TG_TIME_NONE;
    for (i = 0; i < ds->ncomments; i++) {
        int64_t t = ds->time[i];

        if (t == TG_TIME_NONE || (thread >= 0 && ds->thread[i] != thread))
            continue;
        if (*first == TG_TIME_NONE || t < *first)
            *first = t;
        if (*last == TG_TIME_NONE || t > *last)
            *last = t;
    }
}

void tg_job_footer(const tg_chart_job *job, tg_frame *f, int32_t thread, int64_t *last)
{
    int64_t first;

    tg_time_range(job->ds, thread, &first, last);
    /* the dates in the zone of --tz; *last (the PDF's date) stays UTC */
    tg_frame_footer(f, tg_job_source(job), tg_shown_time(job->opt, first),
                    tg_shown_time(job->opt, *last), tg_shown_zone(job->opt));
}

static tg_status_t job_open(const tg_chart_job *job, double w, double h, const char *title,
                            const char *desc, int64_t date, tg_canvas **out, tg_error_t *err)
{
    tg_page page;

    page.path = job->path;
    page.format = job->format;
    /* whole pixels, so that a PNG is exactly dpi/96 times the SVG */
    page.width = ceil(w - 1e-6);
    page.height = ceil(h - 1e-6);
    page.dpi = job->opt->dpi;
    /* at the default resolution a PNG is at most TG_RENDER_PNG_SIDE pixels a
     * side: a wider chart (the tree of a big thread) gets fewer pixels per
     * unit, never fewer than a screen's 96 dpi (SVG and PDF are vectors) */
    if (job->format == TG_IMAGE_PNG && job->opt->dpi == TG_RENDER_DPI_DEFAULT) {
        double side = fmax(page.width, page.height);

        if (side * page.dpi / 96.0 > TG_RENDER_PNG_SIDE)
            page.dpi = fmax(96.0, floor(96.0 * TG_RENDER_PNG_SIDE / side));
    }
    page.title = title;
    page.desc = desc;
    page.date = date;
    page.mem = job->mem;
    return tg_canvas_open(&page, job->m, out, err);
}

tg_status_t tg_job_begin(const tg_chart_job *job, tg_frame *f, double w, const char *title,
                         const char *desc, int64_t date, tg_canvas **c, tg_error_t *err)
{
    tg_status_t rc;

    *c = NULL;
    if (f->status)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((rc = job_open(job, w, f->height, title, desc, date, c, err)))
        return rc;
    tg_frame_draw(f, *c);
    return TG_OK;
}

tg_status_t tg_job_end(tg_canvas *c, tg_frame *f, tg_status_t rc, tg_error_t *err)
{
    if (rc == TG_OK && f->status)
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if (rc == TG_OK && c)
        rc = tg_canvas_finish(c, err);
    tg_canvas_free(c);
    tg_frame_release(f);
    return rc;
}
