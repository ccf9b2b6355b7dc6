/* recorder.h - a sink for importer tests that records every post and
 * comment it receives (copies of their strings), with the import report;
 * no database.  Included by the importer test files. */
#ifndef TG_TEST_RECORDER_H
#define TG_TEST_RECORDER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "threadgraph/record.h"

typedef struct crec {
    char *thread, *id, *parent, *author, *location, *time_text, *text;
    int64_t time;
    int has_time;
    long line;
    unsigned flags;
} crec;

typedef struct prec {
    char *thread, *title, *author, *time_text, *text;
    int64_t time;
    int has_time, title_only;
    long line;
} prec;

typedef struct recorder {
    tg_sink_t sink;
    tg_import_report_t report;
    crec *c;
    size_t n, cap;
    prec *p;
    size_t np, capp;
} recorder;

static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static tg_status_t on_post(tg_sink_t *s, const tg_post_rec_t *p, tg_error_t *err)
{
    recorder *r = (recorder *)s;
    prec *x;

    (void)err;
    if (r->np == r->capp) {
        r->capp = r->capp ? 2 * r->capp : 16;
        r->p = realloc(r->p, r->capp * sizeof *r->p);
        assert_non_null(r->p);
    }
    x = &r->p[r->np++];
    x->thread = dup0(p->thread_id);
    x->title = dup0(p->title);
    x->author = dup0(p->author);
    x->time_text = dup0(p->time_text);
    x->text = dup0(p->text);
    x->time = p->time;
    x->has_time = p->has_time;
    x->title_only = p->title_only;
    x->line = p->line;
    return TG_OK;
}

static tg_status_t on_comment(tg_sink_t *s, const tg_comment_rec_t *c, tg_error_t *err)
{
    recorder *r = (recorder *)s;
    crec *x;

    (void)err;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->c = realloc(r->c, r->cap * sizeof *r->c);
        assert_non_null(r->c);
    }
    x = &r->c[r->n++];
    assert_non_null(c->thread_id);
    x->thread = dup0(c->thread_id);
    x->id = dup0(c->id);
    x->parent = dup0(c->parent_id && *c->parent_id ? c->parent_id : NULL);
    x->author = dup0(c->author);
    x->location = dup0(c->location && *c->location ? c->location : NULL);
    x->time_text = dup0(c->time_text);
    x->text = dup0(c->text);
    x->time = c->time;
    x->has_time = c->has_time;
    x->line = c->line;
    x->flags = c->flags;
    return TG_OK;
}

static void recorder_init(recorder *r)
{
    memset(r, 0, sizeof *r);
    r->sink.post = on_post;
    r->sink.comment = on_comment;
    tg_import_report_init(&r->report);
    r->sink.report = &r->report;
}

static void recorder_free(recorder *r)
{
    size_t i;

    for (i = 0; i < r->n; i++) {
        crec *x = &r->c[i];

        free(x->thread);
        free(x->id);
        free(x->parent);
        free(x->author);
        free(x->location);
        free(x->time_text);
        free(x->text);
    }
    for (i = 0; i < r->np; i++) {
        free(r->p[i].thread);
        free(r->p[i].title);
        free(r->p[i].author);
        free(r->p[i].time_text);
        free(r->p[i].text);
    }
    free(r->c);
    free(r->p);
    tg_import_report_destroy(&r->report);
}

#endif
