/* render.c - the chart table and the public calls of render.h: one chart
 * into one file, or every chart into a folder.  A new chart is one
 * chart_<kind>.c and one entry in the table below. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "render_internal.h"
#include "threadgraph/people.h"
#include "threadgraph/timezone.h"

static const tg_chart_def *const charts[TG_CHART_COUNT] = {
    &tg_chart_tree_def,      &tg_chart_timeline_def,  &tg_chart_network_def,
    &tg_chart_locations_def, &tg_chart_top_users_def, &tg_chart_depths_def,
    &tg_chart_compare_def,   &tg_chart_compare_network_def,
};

void tg_render_options_init(tg_render_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->thread = -1;
    opt->top = TG_RENDER_TOP_DEFAULT;
    opt->dpi = TG_RENDER_DPI_DEFAULT;
    opt->seed = 1;
    opt->max_threads = TG_RENDER_THREADS_DEFAULT;
    opt->formats = TG_IMAGE_PNG | TG_IMAGE_SVG;
}

const char *tg_chart_name(tg_chart_t chart)
{
    return (unsigned)chart < TG_CHART_COUNT ? charts[chart]->name : "?";
}

int tg_chart_needs_analysis(tg_chart_t chart)
{
    return (unsigned)chart < TG_CHART_COUNT && charts[chart]->needs_analysis;
}

tg_status_t tg_chart_parse(const char *name, tg_chart_t *chart, tg_error_t *err)
{
    size_t i;

    for (i = 0; i < TG_CHART_COUNT; i++)
        if (name && strcmp(name, charts[i]->name) == 0) {
            *chart = charts[i]->kind;
            return TG_OK;
        }
    return tg_error_set(err, TG_ERR_USAGE,
                        "unknown chart '%s' (tree, timeline, network, locations, top-users, "
                        "depths, compare, compare-network)",
                        name ? name : "");
}

tg_status_t tg_render_format_of(const char *path, unsigned *format, tg_error_t *err)
{
    const char *dot = path ? strrchr(path, '.') : NULL;

    if (dot && !strchr(dot, '/')) {
        if (strcasecmp(dot, ".png") == 0)
            *format = TG_IMAGE_PNG;
        else if (strcasecmp(dot, ".svg") == 0)
            *format = TG_IMAGE_SVG;
        else if (strcasecmp(dot, ".pdf") == 0)
            *format = TG_IMAGE_PDF;
        else
            dot = NULL;
        if (dot)
            return TG_OK;
    }
    return tg_error_set(err, TG_ERR_USAGE,
                        "cannot tell the format of '%s': name it .png, .svg or .pdf",
                        path ? path : "");
}

tg_status_t tg_render_find_thread(const tg_dataset_t *ds, const char *id, int32_t *thread,
                                  tg_error_t *err)
{
    size_t i;

    for (i = 0; i < ds->nthreads; i++)
        if (ds->thread_id[i] && strcmp(ds->thread_id[i], id) == 0) {
            *thread = (int32_t)i;
            return TG_OK;
        }
    return tg_error_set(err, TG_ERR_USAGE, "no thread has the id '%s'", id);
}

char *tg_render_file_stem(const char *id, char *out, size_t outsz)
{
    size_t max = outsz - 1, n = 0;
    const unsigned char *p = (const unsigned char *)(id ? id : "");

    if (max > TG_RENDER_STEM_MAX)
        max = TG_RENDER_STEM_MAX;
    for (; *p && n < max; p++) {
        unsigned char c = *p;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.';

        if (!keep)
            c = '_';
        /* no leading dot (hidden file, "." or ".."), no ".." anywhere */
        if (c == '.' && (n == 0 || out[n - 1] == '.'))
            c = '_';
        out[n++] = (char)c;
    }
    out[n] = '\0';
    if (n == 0)
        snprintf(out, outsz, "%s", "thread");
    return out;
}

static int32_t largest_thread(const tg_dataset_t *ds)
{
    long *count = calloc(ds->nthreads ? ds->nthreads : 1, sizeof *count);
    int32_t best = -1;
    size_t i;

    if (!count)
        return ds->nthreads ? 0 : -1;
    for (i = 0; i < ds->ncomments; i++)
        count[ds->thread[i]]++;
    for (i = 0; i < ds->nthreads; i++)
        if (best < 0 || count[i] > count[best])
            best = (int32_t)i;
    free(count);
    return best;
}

static tg_status_t check_options(const tg_render_options_t *opt, tg_error_t *err)
{
    if (!(opt->dpi >= TG_RENDER_DPI_MIN && opt->dpi <= TG_RENDER_DPI_MAX))
        return tg_error_set(err, TG_ERR_USAGE, "the dpi must be between %g and %g",
                            TG_RENDER_DPI_MIN, TG_RENDER_DPI_MAX);
    if (opt->top < 1 || opt->top > TG_RENDER_TOP_MAX)
        return tg_error_set(err, TG_ERR_USAGE, "top must be between 1 and %d",
                            TG_RENDER_TOP_MAX);
    return TG_OK;
}

/* depths from the analysis, or computed into *owned */
static tg_status_t depths_for(const tg_dataset_t *ds, const tg_analysis_t *an,
                              const int32_t **depth, int32_t **owned, tg_error_t *err)
{
    *owned = NULL;
    if (an && an->depth) {
        *depth = an->depth;
        return TG_OK;
    }
    *owned = malloc((ds->ncomments ? ds->ncomments : 1) * sizeof **owned);
    if (!*owned)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    *depth = *owned;
    return tg_forest_depths(ds, *owned, err);
}

/* ---- names that cannot turn the text around them ----
 * A name holding a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE
 * ...) is drawn isolated (tg_bidi_isolate), so that it cannot reverse a
 * label, a title or a tooltip it is part of.  Names without controls are
 * drawn as they are.  The dataset is copied shallowly, and only the arrays
 * that hold such a name are replaced. */
typedef struct bidi_safe {
    tg_dataset_t ds;
    const char **arrays[4];  /* owned: the replaced arrays */
    size_t *at[4];           /* owned: offset + 1 of each isolated text in text, or 0 */
    tg_buf text;             /* the isolated texts, NUL-separated */
} bidi_safe;

static int needs_isolation(const char **names, size_t n)
{
    size_t i;

    for (i = 0; names && i < n; i++)
        if (names[i] && tg_bidi_has_controls(names[i]))
            return 1;
    return 0;
}

static int authors_need_isolation(const tg_dataset_t *ds)
{
    size_t i;

    for (i = 0; ds->author && i < ds->ncomments; i++) {
        const char *a = ds->author[i];
        int32_t u = ds->user ? ds->user[i] : -1;

        if (!a || (u >= 0 && (size_t)u < ds->nusers && ds->user_name && a == ds->user_name[u]))
            continue;
        if (tg_bidi_has_controls(a))
            return 1;
    }
    return 0;
}

static void bidi_safe_release(bidi_safe *bs)
{
    int k;

    for (k = 0; k < 4; k++) {
        free(bs->arrays[k]);
        free(bs->at[k]);
    }
    tg_buf_release(&bs->text);
}

/* *use gets ds itself or bs->ds, a copy with its names isolated. */
static tg_status_t bidi_safe_init(bidi_safe *bs, const tg_dataset_t *ds,
                                  const tg_dataset_t **use, tg_error_t *err)
{
    const char ***arr[4];
    size_t n[4], i;
    int k;

    memset(bs, 0, sizeof *bs);
    *use = ds;
    bs->ds = *ds;
    arr[0] = &bs->ds.user_name, n[0] = ds->nusers;
    arr[1] = &bs->ds.location_name, n[1] = ds->nlocations;
    arr[2] = &bs->ds.thread_title, n[2] = ds->nthreads;
    arr[3] = &bs->ds.author, n[3] = ds->ncomments;
    for (k = 0; k < 4; k++) {
        const char **names = *arr[k];

        /* a named commenter's author is their user name (the same
         * pointer, read by tg_store_load), checked with the names: only
         * the others are read, not a million strings per chart */
        if (k == 3 ? !bs->arrays[0] && !authors_need_isolation(ds) : !needs_isolation(names, n[k]))
            continue;
        if (!(bs->at[k] = calloc(n[k], sizeof *bs->at[k])) ||
            !(bs->arrays[k] = malloc(n[k] * sizeof *bs->arrays[k])))
            goto nomem;
        for (i = 0; i < n[k]; i++)
            if (names[i] && tg_bidi_has_controls(names[i])) {
                bs->at[k][i] = bs->text.len + 1;
                if (tg_bidi_isolate(&bs->text, names[i]) || tg_buf_addch(&bs->text, '\0'))
                    goto nomem;
            }
    }
    if (!bs->text.len)
        return TG_OK;
    for (k = 0; k < 4; k++) {
        if (!bs->arrays[k])
            continue;
        for (i = 0; i < n[k]; i++)
            bs->arrays[k][i] = bs->at[k][i] ? bs->text.data + bs->at[k][i] - 1 : (*arr[k])[i];
        *arr[k] = bs->arrays[k];
    }
    *use = &bs->ds;
    return TG_OK;
nomem:
    bidi_safe_release(bs);
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}

/* Draw one chart into path whole or not at all: into path.tmp beside it,
 * renamed into place once complete (inside a set of files, tg_fileset, when
 * the whole set is); a failure (a full disk) removes it and leaves an
 * earlier file at path as it was. */
static tg_status_t draw_whole(const tg_chart_def *def, tg_chart_job *job, const char *path,
                              tg_error_t *err)
{
    tg_buf tmp = TG_BUF_INIT;
    tg_status_t rc;

    if (tg_buf_addf(&tmp, "%s.tmp", path))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    job->path = tmp.data;
    rc = def->draw(job, err);
    /* renamed now, or with the set of files being written (run) */
    if (!rc)
        rc = tg_finish_file(tmp.data, path, 1, err);
    if (rc) {
        char *at;

        remove(tmp.data);
        /* the message names the file asked for, not the temporary one */
        if (err && (at = strstr(err->message, tmp.data)) != NULL) {
            size_t pn = strlen(path), tn = tmp.len;

            memmove(at + pn, at + tn, strlen(at + tn) + 1);
            memcpy(at, path, pn);
        }
    }
    job->path = path;
    tg_buf_release(&tmp);
    return rc;
}
/* the offset of the zone named ctx, for the compare charts' weeks */
static int64_t zone_offset(int64_t t, void *ctx)
{
    return tg_tz_offset(ctx, t);
}

static tg_status_t compare_one(tg_chart_t chart, const tg_compare_t *cmp,
                               const tg_render_options_t *opt, const char *path, tg_buf *mem,
                               tg_error_t *err);

static tg_status_t render_one(tg_chart_t chart, const tg_dataset_t *ds, const tg_analysis_t *an,
                              const tg_render_options_t *opt, const char *path, tg_buf *mem,
                              tg_error_t *err)
{
    tg_render_options_t defaults;
    tg_chart_job job;
    const tg_chart_def *def;
    int32_t *owned = NULL;
    bidi_safe bs;
    tg_status_t rc;

    memset(&job, 0, sizeof job);
    memset(&bs, 0, sizeof bs);
    if (!opt) {
        tg_render_options_init(&defaults);
        opt = &defaults;
    }
    if ((unsigned)chart >= TG_CHART_COUNT)
        return tg_error_set(err, TG_ERR_USAGE, "no such chart");
    def = charts[chart];
    if (def->needs_analysis && !an)
        return tg_error_set(err, TG_ERR_USAGE, "the %s chart needs the analysis", def->name);
    if ((rc = check_options(opt, err)))
        return rc;
    if (mem)
        job.format = TG_IMAGE_SVG;
    else if ((rc = tg_render_format_of(path, &job.format, err)))
        return rc;
    if (opt->thread >= 0 && (size_t)opt->thread >= ds->nthreads)
        return tg_error_set(err, TG_ERR_USAGE, "no thread %ld", (long)opt->thread);
    if ((rc = bidi_safe_init(&bs, ds, &job.ds, err)))
        return rc;
    job.an = an;
    job.opt = opt;
    job.path = path;
    job.mem = mem;
    job.thread = opt->thread;
    if (def->per_thread && job.thread < 0)
        job.thread = largest_thread(ds);
    if (TG_CHART_IS_COMPARE(def->kind)) {
        tg_compare_t cmp;

        tg_compare_init(&cmp, TG_BY_WEEK);
        /* the names isolated (job.ds); the analysis's depths where given */
        rc = tg_compare_add_depths(&cmp, job.ds, an ? an->depth : NULL, "",
                                   opt->tz ? zone_offset : NULL, (void *)(uintptr_t)opt->tz, err);
        if (!rc)
            rc = compare_one(chart, &cmp, opt, path, mem, err);
        tg_compare_destroy(&cmp);
        goto out; /* the isolated names are freed there */
    }
    if ((rc = depths_for(ds, an, &job.depth, &owned, err)))
        goto out;
    if ((rc = tg_measure_new(&job.m, err)))
        goto out;
    rc = mem ? def->draw(&job, err) : draw_whole(def, &job, path, err);
out:
    tg_measure_free(job.m);
    free(owned);
    bidi_safe_release(&bs);
    return rc;
}

static tg_status_t compare_one(tg_chart_t chart, const tg_compare_t *cmp,
                               const tg_render_options_t *opt, const char *path, tg_buf *mem,
                               tg_error_t *err)
{
    tg_render_options_t defaults;
    tg_chart_job job;
    tg_status_t rc;

    memset(&job, 0, sizeof job);
    if (!opt) {
        tg_render_options_init(&defaults);
        opt = &defaults;
    }
    if ((unsigned)chart >= TG_CHART_COUNT || !TG_CHART_IS_COMPARE(charts[chart]->kind))
        return tg_error_set(err, TG_ERR_USAGE, "not a compare chart");
    if ((rc = check_options(opt, err)))
        return rc;
    if (mem)
        job.format = TG_IMAGE_SVG;
    else if ((rc = tg_render_format_of(path, &job.format, err)))
        return rc;
    job.cmp = cmp;
    job.opt = opt;
    job.path = path;
    job.mem = mem;
    job.thread = -1;
    if ((rc = tg_measure_new(&job.m, err)))
        return rc;
    rc = charts[chart]->draw(&job, err);
    tg_measure_free(job.m);
    return rc;
}

tg_status_t tg_render_compare(tg_chart_t chart, const tg_compare_t *cmp,
                              const tg_render_options_t *opt, const char *path, tg_error_t *err)
{
    return compare_one(chart, cmp, opt, path, NULL, err);
}

static tg_status_t draw_into(tg_chart_job *job, const tg_chart_def *def, const char *outdir,
                             const char *stem, unsigned formats, tg_buf *path, tg_error_t *err);

tg_status_t tg_render_compare_all(const tg_compare_t *cmp, const char *outdir,
                                  const tg_render_options_t *opt, tg_error_t *err)
{
    tg_render_options_t defaults;
    tg_chart_job job;
    tg_buf path = TG_BUF_INIT;
    tg_status_t rc = TG_OK;
    size_t k;

    memset(&job, 0, sizeof job);
    if (!opt) {
        tg_render_options_init(&defaults);
        opt = &defaults;
    }
    if ((rc = check_options(opt, err)))
        return rc;
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
        return tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", outdir, strerror(errno));
    job.cmp = cmp;
    job.opt = opt;
    job.thread = -1;
    if ((rc = tg_measure_new(&job.m, err)))
        return rc;
    for (k = 0; k < TG_CHART_COUNT && !rc; k++)
        if (TG_CHART_IS_COMPARE(charts[k]->kind))
            rc = draw_into(&job, charts[k], outdir, charts[k]->name, opt->formats, &path, err);
    tg_measure_free(job.m);
    tg_buf_release(&path);
    return rc;
}

tg_status_t tg_render_chart(tg_chart_t chart, const tg_dataset_t *ds, const tg_analysis_t *an,
                            const tg_render_options_t *opt, const char *path, tg_error_t *err)
{
    return render_one(chart, ds, an, opt, path, NULL, err);
}

tg_status_t tg_render_chart_svg(tg_chart_t chart, const tg_dataset_t *ds, const tg_analysis_t *an,
                                const tg_render_options_t *opt, char **svg, size_t *len,
                                tg_error_t *err)
{
    tg_buf b = TG_BUF_INIT;
    tg_status_t rc;

    *svg = NULL;
    *len = 0;
    rc = render_one(chart, ds, an, opt, NULL, &b, err);
    if (!rc && !b.data && tg_buf_addstr(&b, ""))
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if (rc) {
        tg_buf_release(&b);
        return rc;
    }
    *len = b.len;
    *svg = tg_buf_detach(&b);
    return TG_OK;
}

/* ---- every chart into a folder ---- */
/* threads by comments, most first (ties: input order); only threads with
 * comments.  *order gets a new array of *n thread indexes. */
typedef struct ranked {
    long count;
    int32_t thread;
} ranked;

static int by_count(const void *a, const void *b)
{
    const ranked *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->thread < y->thread ? -1 : x->thread > y->thread;
}

static tg_status_t rank_threads(const tg_dataset_t *ds, int32_t **order, size_t *n,
                                tg_error_t *err)
{
    ranked *r = calloc(ds->nthreads ? ds->nthreads : 1, sizeof *r);
    int32_t *o = malloc((ds->nthreads ? ds->nthreads : 1) * sizeof *o);
    size_t i, k = 0;

    *order = NULL;
    *n = 0;
    if (!r || !o) {
        free(r);
        free(o);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < ds->nthreads; i++)
        r[i].thread = (int32_t)i;
    for (i = 0; i < ds->ncomments; i++)
        r[ds->thread[i]].count++;
    /* the comparison is total, so qsort's instability does not matter */
    qsort(r, ds->nthreads, sizeof *r, by_count);
    for (i = 0; i < ds->nthreads && r[i].count > 0; i++)
        o[k++] = r[i].thread;
    free(r);
    *order = o;
    *n = k;
    return TG_OK;
}

static const char *ext_of(unsigned format)
{
    return format == TG_IMAGE_PNG ? "png" : format == TG_IMAGE_SVG ? "svg" : "pdf";
}

static tg_status_t draw_into(tg_chart_job *job, const tg_chart_def *def, const char *outdir,
                             const char *stem, unsigned formats, tg_buf *path, tg_error_t *err)
{
    static const unsigned all[3] = { TG_IMAGE_PNG, TG_IMAGE_SVG, TG_IMAGE_PDF };
    tg_status_t rc;
    int i;

    for (i = 0; i < 3; i++) {
        if (!(formats & all[i]))
            continue;
        tg_buf_reset(path);
        if (tg_buf_addf(path, "%s/%s.%s", outdir, stem, ext_of(all[i])))
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        job->format = all[i];
        if ((rc = draw_whole(def, job, path->data, err)))
            return rc;
    }
    return TG_OK;
}

tg_status_t tg_render_all(const tg_dataset_t *ds, const tg_analysis_t *an, const char *outdir,
                          const tg_render_options_t *opt, tg_error_t *err)
{
    tg_render_options_t defaults, o;
    tg_chart_job job;
    tg_buf path = TG_BUF_INIT, stem = TG_BUF_INIT;
    int32_t *owned = NULL, *order = NULL;
    size_t nthreads = 0, i, k;
    struct stat st;
    bidi_safe bs;
    tg_status_t rc;

    memset(&job, 0, sizeof job);
    memset(&bs, 0, sizeof bs);
    if (!opt) {
        tg_render_options_init(&defaults);
        opt = &defaults;
    }
    if (!an)
        return tg_error_set(err, TG_ERR_USAGE, "drawing every chart needs the analysis");
    if ((rc = check_options(opt, err)))
        return rc;
    if (!(opt->formats & (TG_IMAGE_PNG | TG_IMAGE_SVG | TG_IMAGE_PDF)))
        return tg_error_set(err, TG_ERR_USAGE, "no image format chosen");
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
        return tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", outdir, strerror(errno));
    if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode))
        return tg_error_set(err, TG_ERR_IO, "'%s' is not a folder", outdir);
    o = *opt;
    if ((rc = bidi_safe_init(&bs, ds, &job.ds, err)))
        return rc;
    job.an = an;
    job.opt = &o;
    if ((rc = depths_for(ds, an, &job.depth, &owned, err)) || (rc = tg_measure_new(&job.m, err)))
        goto out;
    /* the charts of the whole dataset; no locations chart when no comment
     * has a location (and none left from an earlier run) */
    for (k = 0; k < TG_CHART_COUNT; k++) {
        if (charts[k]->per_thread || TG_CHART_IS_COMPARE(charts[k]->kind))
            continue;
        if (charts[k]->kind == TG_CHART_LOCATIONS && !tg_dataset_has_locations(ds)) {
            static const char *const ext[] = { "png", "svg", "pdf" };
            size_t e;

            for (e = 0; e < 3; e++) {
                tg_buf_reset(&path);
                if (tg_buf_addf(&path, "%s/%s.%s", outdir, charts[k]->name, ext[e])) {
                    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                    goto out;
                }
                if (remove(path.data) != 0 && errno != ENOENT) {
                    rc = tg_error_set(err, TG_ERR_IO, "cannot remove '%s': %s", path.data,
                                      strerror(errno));
                    goto out;
                }
            }
            continue;
        }
        job.thread = -1;
        if ((rc = draw_into(&job, charts[k], outdir, charts[k]->name, opt->formats, &path, err)))
            goto out;
    }
    /* one tree and one timeline for each of the largest threads */
    if ((rc = rank_threads(ds, &order, &nthreads, err)))
        goto out;
    if (nthreads > opt->max_threads)
        nthreads = opt->max_threads;
    for (i = 0; i < nthreads; i++) {
        char safe[TG_RENDER_STEM_MAX + 1];

        tg_render_file_stem(ds->thread_id[order[i]], safe, sizeof safe);
        o.thread = order[i];
        job.thread = order[i];
        for (k = 0; k < TG_CHART_COUNT; k++) {
            if (!charts[k]->per_thread)
                continue;
            tg_buf_reset(&stem);
            if (tg_buf_addf(&stem, "%s-%02zu-%s", charts[k]->name, i + 1, safe)) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            if ((rc = draw_into(&job, charts[k], outdir, stem.data, opt->formats, &path, err)))
                goto out;
        }
    }
out:
    tg_measure_free(job.m);
    free(owned);
    free(order);
    bidi_safe_release(&bs);
    tg_buf_release(&path);
    tg_buf_release(&stem);
    return rc;
}
