/* page.c - report.html, the page for a class: the figures per person, the
 * dataset the charts draw (names as shown), and tg_report_html, which
 * writes the head and the sections in order (page_people.c,
 * page_charts.c, page_text.c, through the helpers of page_write.c) into a
 * temporary file renamed into place. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "page_internal.h"

void tg_page_options_init(tg_page_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->top = TG_PAGE_TOP_DEFAULT;
    opt->big_comments = TG_PAGE_BIG_COMMENTS;
    opt->made_at = TG_TIME_NONE;
}

static void check(pg_page *p, int rc)
{
    if (rc < 0)
        p->failed = 1;
}

/* ---- the figures per person ---- */
static void note_time(pg_figures *pp, int64_t t)
{
    if (t == TG_TIME_NONE)
        return;
    if (pp->first == TG_TIME_NONE || t < pp->first)
        pp->first = t;
    if (pp->last == TG_TIME_NONE || t > pp->last)
        pp->last = t;
}

static const pg_page *sort_page;

static int by_posts(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    const pg_figures *pa = &sort_page->people[a], *pb = &sort_page->people[b];
    int c;

    if (pa->posts != pb->posts)
        return pa->posts > pb->posts ? -1 : 1;
    c = strcmp(sort_page->label[a], sort_page->label[b]);
    return c ? c : (a > b) - (a < b);
}

static int by_thread_size(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    long ca = sort_page->thread_comments[a], cb = sort_page->thread_comments[b];

    if (ca != cb)
        return ca > cb ? -1 : 1;
    return (a > b) - (a < b);
}

static int compute(pg_page *p)
{
    const tg_dataset_t *ds = p->ds;
    const tg_analysis_t *an = p->an;
    size_t nu = ds->nusers, i, k = 0;

    p->label = calloc(nu ? nu : 1, sizeof *p->label);
    p->people = calloc(nu ? nu : 1, sizeof *p->people);
    p->by_posts = malloc((nu ? nu : 1) * sizeof *p->by_posts);
    p->thread_comments = calloc(ds->nthreads ? ds->nthreads : 1, sizeof *p->thread_comments);
    p->thread_order = malloc((ds->nthreads ? ds->nthreads : 1) * sizeof *p->thread_order);
    if (!p->label || !p->people || !p->by_posts || !p->thread_comments || !p->thread_order)
        return -1;
    for (i = 0; i < nu; i++) {
        pg_figures *pp = &p->people[i];
        const tg_user_stats_t *us = &an->users[i];

        p->label[i] = tg_dataset_user_label(ds, (int32_t)i, p->opt->pseudonymize);
        pp->first = pp->last = TG_TIME_NONE;
        pp->comments = us->comments;
        pp->posts = us->comments + us->posts;
        pp->given = us->replies_given;
        pp->received = us->replies_received;
        pp->replied_to = us->distinct_replied_to;
        pp->repliers = us->distinct_repliers;
        if (ds->user_role && ds->user_role[i] != TG_ROLE_NONE)
            p->has_roles = 1;
    }
    for (i = 0; i < ds->ncomments; i++) {
        int32_t u = ds->user[i];

        p->thread_comments[ds->thread[i]]++;
        if (u < 0)
            continue;
        note_time(&p->people[u], ds->time[i]);
        if (ds->parent[i] < 0 && an->depth[i] == 0 && !(ds->flags[i] & TG_COMMENT_ORPHAN))
            p->people[u].top_level++;
    }
    for (i = 0; i < ds->nthreads; i++)
        if (ds->thread_post_user[i] >= 0)
            note_time(&p->people[ds->thread_post_user[i]], ds->thread_post_time[i]);
    for (i = 0; i < an->npairs; i++) {
        p->people[an->pairs[i].a].partners++;
        p->people[an->pairs[i].b].partners++;
    }
    for (i = 0; i < nu; i++) {
        p->people[i].posted = p->people[i].posts > 0;
        if (p->people[i].posted)
            p->by_posts[k++] = (int32_t)i;
        else if (ds->user_role && ds->user_role[i] != TG_ROLE_NONE)
            p->has_roster = 1;
    }
    p->nposted = k;
    p->npeople = k;
    /* roster people who never posted come last, by name */
    for (i = 0; i < nu; i++)
        if (!p->people[i].posted && ds->user_role && ds->user_role[i] != TG_ROLE_NONE)
            p->by_posts[p->npeople++] = (int32_t)i;
    sort_page = p;
    qsort(p->by_posts, p->nposted, sizeof *p->by_posts, by_posts);
    qsort(p->by_posts + p->nposted, p->npeople - p->nposted, sizeof *p->by_posts, by_posts);
    for (i = 0, k = 0; i < ds->nthreads; i++)
        if (p->thread_comments[i] > 0)
            p->thread_order[k++] = (int32_t)i;
    p->nthreads = k;
    qsort(p->thread_order, k, sizeof *p->thread_order, by_thread_size);
    sort_page = NULL;
    p->big = ds->ncomments >= p->opt->big_comments;
    p->top = p->opt->top ? p->opt->top : TG_PAGE_TOP_DEFAULT;
    tg_teacher_share(ds, p->opt->post_replies, &p->share);
    return 0;
}

/* The dataset the charts draw: the same, with the names shown on the page
 * (pseudonyms) and, unless kept, no location names. */
typedef struct pg_view {
    tg_dataset_t ds;
    const char **author;
    const char **locations;
    char *loc_names;
} pg_view;

static int make_view(pg_page *p, pg_view *v)
{
    const tg_dataset_t *ds = p->ds;
    size_t i;

    memset(v, 0, sizeof *v);
    v->ds = *ds;
    v->ds.priv = NULL;
    v->ds.user_name = p->label;
    if (!p->opt->pseudonymize)
        return 0;
    if (ds->author) {
        v->author = malloc((ds->ncomments ? ds->ncomments : 1) * sizeof *v->author);
        if (!v->author)
            return -1;
        for (i = 0; i < ds->ncomments; i++)
            v->author[i] = ds->user[i] >= 0 ? p->label[ds->user[i]] : "anonymous";
        v->ds.author = v->author;
    }
    if (!p->opt->keep_locations) {
        /* the charts leave locations out */
        v->ds.nlocations = 0;
        v->ds.location_name = v->ds.location_key = NULL;
        v->locations = NULL;
    }
    return 0;
}

static void view_release(pg_view *v)
{
    free(v->author);
    free(v->locations);
    free(v->loc_names);
}

/* ---- the page ---- */
static void head(pg_page *p, const char *title)
{
    check(p, xmlTextWriterWriteRaw(p->w, BAD_CAST "<!DOCTYPE html>\n"));
    pg_open(p, "html");
    pg_attr(p, "lang", "en");
    pg_open(p, "head");
    pg_open(p, "meta");
    pg_attr(p, "charset", "utf-8");
    check(p, xmlTextWriterEndElement(p->w)); /* a void element */
    pg_open(p, "meta");
    pg_attr(p, "name", "viewport");
    pg_attr(p, "content", "width=device-width, initial-scale=1");
    check(p, xmlTextWriterEndElement(p->w));
    /* nothing may be fetched: not even a favicon */
    pg_open(p, "link");
    pg_attr(p, "rel", "icon");
    pg_attr(p, "href", "data:,");
    check(p, xmlTextWriterEndElement(p->w));
    pg_elem(p, "title", title);
    pg_open(p, "style");
    pg_raw(p, pg_css);
    pg_close(p);
    pg_close(p);
}

static void nav(pg_page *p)
{
    static const char *const items[][2] = {
        { "summary", "Summary" },       { "participation", "Participation" },
        { "worth-a-look", "Worth a look" }, { "who-whom", "Who replies to whom" },
        { "pairs", "Back-and-forth" },  { "brokers", "Brokers" },
        { "glossary", "Glossary" },     { "method", "How this was made" },
    };
    size_t i;

    pg_open(p, "nav");
    pg_attr(p, "aria-label", "Sections");
    pg_open(p, "ol");
    for (i = 0; i < sizeof items / sizeof items[0]; i++) {
        char href[40];

        snprintf(href, sizeof href, "#%s", items[i][0]);
        pg_open(p, "li");
        pg_open(p, "a");
        pg_attr(p, "href", href);
        pg_text(p, items[i][1]);
        pg_close(p);
        pg_close(p);
    }
    pg_close(p);
    pg_close(p);
}

/* Through a temporary name, renamed into place when complete (or, inside a
 * set of files, with the set: tg_finish_file). */
static tg_status_t write_file(const char *path, const xmlBuffer *buf, tg_error_t *err)
{
    char *tmp = tg_temp_name(path);
    FILE *f;
    int bad;
    tg_status_t rc;

    if (!tmp)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    f = fopen(tmp, "wb");
    if (!f) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    bad = fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), f) !=
          (size_t)xmlBufferLength(buf);
    bad |= fclose(f) != 0;
    if (bad) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
        tg_finish_file(tmp, path, 0, NULL);
    } else {
        rc = tg_finish_file(tmp, path, 1, err);
    }
    free(tmp);
    return rc;
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Every error libxml2 raises while the page is made comes here (in place of
 * stderr).  A failed allocation is not always in the return value of the
 * call that met it: xmlTextWriterWriteString returns success and writes
 * nothing when it cannot escape its text, xmlGetProp returns NULL as for
 * an attribute that is not there, xmlSetProp's result is a node.  Each of
 * them raises XML_ERR_NO_MEMORY, so the page fails on it whatever the call
 * returned. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    int *nomem = ctx;

    if (e && e->code == XML_ERR_NO_MEMORY)
        *nomem = 1;
}

static tg_status_t write_page(const tg_dataset_t *ds, const tg_analysis_t *a,
                              const tg_page_options_t *opt, const char *path, int *xml_nomem,
                              tg_error_t *err);

/* libxml2 reports a failed allocation through its generic error handler
 * (on stderr by default) as well as through the writer's return values:
 * its errors go to on_xml_error while the page is written (per thread in
 * libxml2), since the library never prints, and the caller's handlers are
 * put back.  libxml2 keeps a copy of the last error (its message strings
 * allocated) until the next one: it is dropped. */
tg_status_t tg_report_html(const tg_dataset_t *ds, const tg_analysis_t *a,
                           const tg_page_options_t *opt, const char *path, tg_error_t *err)
{
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_s = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    tg_status_t rc;
    int nomem = 0;

    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(&nomem, on_xml_error);
    rc = write_page(ds, a, opt, path, &nomem, err);
    xmlSetStructuredErrorFunc(old_sctx, old_s);
    xmlSetGenericErrorFunc(old_ctx, old);
    xmlResetLastError();
    return rc;
}

static tg_status_t write_page(const tg_dataset_t *ds, const tg_analysis_t *a,
                              const tg_page_options_t *opt, const char *path, int *xml_nomem,
                              tg_error_t *err)
{
    tg_page_options_t defaults;
    pg_page p;
    pg_view view;
    xmlBufferPtr buf = NULL;
    tg_status_t rc = TG_OK;
    const char *title;

    if (!opt) {
        tg_page_options_init(&defaults);
        opt = &defaults;
    }
    memset(&p, 0, sizeof p);
    memset(&view, 0, sizeof view);
    if (!a || !a->users || !a->depth)
        return tg_error_set(err, TG_ERR_USAGE, "the page needs the analysis");
    p.ds = ds;
    p.an = a;
    p.opt = opt;
    p.err = err;
    title = opt->title && *opt->title ? opt->title : "Who talks with whom: a forum report";
    if (compute(&p) || make_view(&p, &view) || !(buf = xmlBufferCreate()) ||
        !(p.w = xmlNewTextWriterMemory(buf, 0))) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    p.view = &view.ds;
    head(&p, title);
    pg_open(&p, "body");
    pg_open(&p, "header");
    pg_elem(&p, "h1", title);
    pg_open(&p, "p");
    pg_attr(&p, "class", "lead");
    pg_text(&p, "Click a name to highlight that person everywhere on the page. Click a column "
                "heading to sort a table; the ? next to it explains the measure.");
    pg_close(&p);
    nav(&p);
    pg_close(&p);
    pg_open(&p, "main");
    pg_summary(&p);
    pg_participation(&p);
    pg_worth_a_look(&p);
    pg_who_whom(&p);
    if (p.rc) {
        rc = *xml_nomem ? tg_error_set(err, TG_ERR_NOMEM, "out of memory") : p.rc;
        goto out;
    }
    pg_pairs(&p);
    pg_brokers(&p);
    pg_glossary(&p);
    pg_reproducibility(&p);
    pg_close(&p); /* main */
    pg_open(&p, "script");
    pg_raw(&p, pg_script);
    pg_close(&p);
    pg_close(&p); /* body */
    pg_close(&p); /* html */
    check(&p, xmlTextWriterEndDocument(p.w));
    xmlFreeTextWriter(p.w);
    p.w = NULL;
    if (p.failed || *xml_nomem) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    rc = write_file(path, buf, err);
out:
    if (p.w)
        xmlFreeTextWriter(p.w);
    if (buf)
        xmlBufferFree(buf);
    view_release(&view);
    free(p.label);
    free(p.people);
    free(p.by_posts);
    free(p.thread_comments);
    free(p.thread_order);
    return rc;
}
