/* compare.c - the same measures for each thread, ISO week or calendar month
 * of a loaded dataset (`threadgraph compare`): people, comments, the reply
 * network's density and reciprocity, the teacher share, people with no
 * reply, depths, unanswered comments and back-and-forth pairs.
 *
 * A comment belongs to the period of its own time (in the zone the caller's
 * offset gives); its depth is its depth in the whole tree, and a reply to a
 * comment of an earlier period is an arrow of the reply's period.  Each
 * period's arrows are sorted (from, to) keys: the reverse of an arrow is
 * found by binary search. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "threadgraph/analysis.h"

#define DAY 86400

void tg_compare_init(tg_compare_t *cmp, tg_period_by_t by)
{
    memset(cmp, 0, sizeof *cmp);
    cmp->by = by;
}

static void row_release(tg_compare_row_t *r)
{
    size_t i;

    free(r->database);
    free(r->period);
    for (i = 0; i < r->nnames; i++)
        free(r->names[i]);
    free(r->names);
    free(r->teacher);
    free(r->wrote);
    free(r->edges);
}

void tg_compare_destroy(tg_compare_t *cmp)
{
    size_t i;

    if (!cmp)
        return;
    for (i = 0; i < cmp->nrows; i++)
        row_release(&cmp->rows[i]);
    free(cmp->rows);
    memset(cmp, 0, sizeof *cmp);
}

static const char *const by_names[] = { "thread", "week", "month" };

const char *tg_period_by_name(tg_period_by_t by)
{
    return (unsigned)by < 3 ? by_names[by] : "?";
}

tg_status_t tg_period_by_parse(const char *name, tg_period_by_t *by, tg_error_t *err)
{
    int i;

    for (i = 0; i < 3; i++)
        if (name && strcmp(name, by_names[i]) == 0) {
            *by = (tg_period_by_t)i;
            return TG_OK;
        }
    return tg_error_set(err, TG_ERR_USAGE, "cannot compare by '%s' (thread, week or month)",
                        name ? name : "");
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The ISO week of a day (days since 1970-01-01): its year and number, and
 * the day of its Monday. */
static void iso_week(int64_t days, int64_t *year, int *week, int64_t *monday)
{
    /* 1970-01-01 was a Thursday: days + 3 counts from a Monday */
    int64_t wd = days - (((days + 3) % 7 + 7) % 7);   /* the Monday on or before */
    int64_t thursday = wd + 3, y, jan1;
    unsigned m, d;

    tg_civil_from_days(thursday, &y, &m, &d);
    jan1 = tg_days_from_civil(y, 1, 1);
    *year = y;
    *week = (int)((thursday - jan1) / 7 + 1);
    *monday = wd;
}

/* A comment's period key (sortable) and, for weeks and months, its label. */
static int64_t period_key(const tg_dataset_t *ds, size_t c, tg_period_by_t by,
                          int64_t (*utc_offset)(int64_t, void *), void *ctx, int64_t *start)
{
    int64_t t = ds->time[c], local, days, y, monday;
    unsigned m, d;
    int w;

    if (by == TG_BY_THREAD) {
        *start = TG_TIME_NONE;
        return ds->thread[c];
    }
    if (t == TG_TIME_NONE) {
        *start = TG_TIME_NONE;
        return INT64_MAX;
    }
    local = t + (utc_offset ? utc_offset(t, ctx) : 0);
    days = floor_div(local, DAY);
    if (by == TG_BY_WEEK) {
        iso_week(days, &y, &w, &monday);
        *start = monday * DAY;
        return y * 100 + w;
    }
    tg_civil_from_days(days, &y, &m, &d);
    *start = tg_days_from_civil(y, m, 1) * DAY;
    return y * 100 + (int64_t)m;
}

typedef struct keyed {
    int64_t key;
    int64_t start;
    int32_t c;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->c < y->c ? -1 : x->c > y->c;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static int has_key(const uint64_t *k, size_t n, uint64_t want)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (k[mid] == want)
            return 1;
        if (k[mid] < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int is_teacher(const tg_dataset_t *ds, int32_t u)
{
    return ds->user_role && u >= 0 && ds->user_role[u] == TG_ROLE_TEACHER;
}

/* scratch of one dataset's rows */
typedef struct work {
    const tg_dataset_t *ds;
    const int32_t *depth;
    long *children;        /* per comment: replies */
    long *others;          /* per comment: replies by someone else */
    int32_t *vertex;       /* per user: vertex in the current period, or -1 */
    int32_t *vuser;        /* per vertex: the user */
    uint64_t *arrows;      /* (from vertex << 32 | to vertex), one per reply */
    int teachers;          /* the dataset has teacher roles */
} work;

static int32_t vertex_of(work *w, int32_t u, size_t *nv)
{
    if (w->vertex[u] < 0) {
        w->vertex[u] = (int32_t)*nv;
        w->vuser[(*nv)++] = u;
    }
    return w->vertex[u];
}

/* The measures of the comments items[0..n) into r. */
static tg_status_t measure(work *w, const keyed *items, size_t n, tg_compare_row_t *r,
                           tg_error_t *err)
{
    const tg_dataset_t *ds = w->ds;
    size_t i, nv = 0, na = 0, ne = 0, people, j;
    long depth_sum = 0, unanswered = 0, teacher_replies = 0;
    uint64_t *uniq;
    int32_t *got_reply = NULL;   /* per vertex: 1 once one of their comments got a reply */

    r->comments = (long)n;
    r->max_depth = -1;
    r->first_time = r->last_time = TG_TIME_NONE;
    /* people: the named authors, first as vertices */
    for (i = 0; i < n; i++) {
        int32_t c = items[i].c, u = ds->user[c];

        if (u >= 0)
            vertex_of(w, u, &nv);
        if (ds->time[c] != TG_TIME_NONE) {
            if (r->first_time == TG_TIME_NONE || ds->time[c] < r->first_time)
                r->first_time = ds->time[c];
            if (r->last_time == TG_TIME_NONE || ds->time[c] > r->last_time)
                r->last_time = ds->time[c];
        }
        depth_sum += w->depth[c];
        if (w->depth[c] > r->max_depth)
            r->max_depth = w->depth[c];
        if (w->children[c] == 0)
            unanswered++;
    }
    people = nv;
    r->people = (long)people;
    /* the arrows: a named author answering another named person */
    for (i = 0; i < n; i++) {
        int32_t c = items[i].c, u = ds->user[c], p = ds->parent[c], v;

        if (p < 0 || u < 0 || (v = ds->user[p]) < 0 || v == u)
            continue;
        r->replies++;
        if (is_teacher(ds, u) || is_teacher(ds, v))
            teacher_replies++;
        w->arrows[na++] = (uint64_t)vertex_of(w, u, &nv) << 32 | (uint64_t)vertex_of(w, v, &nv);
    }
    qsort(w->arrows, na, sizeof *w->arrows, cmp_u64);
    uniq = w->arrows;
    r->edges = malloc((na ? na : 1) * sizeof *r->edges);
    r->names = calloc(nv ? nv : 1, sizeof *r->names);
    r->teacher = calloc(nv ? nv : 1, 1);
    r->wrote = calloc(nv ? nv : 1, sizeof *r->wrote);
    got_reply = calloc(nv ? nv : 1, sizeof *got_reply);
    if (!r->edges || !r->names || !r->teacher || !r->wrote || !got_reply)
        goto nomem;
    for (i = 0; i < na; i++) {
        if (ne && uniq[ne - 1] == w->arrows[i]) {
            r->edges[ne - 1].weight++;
            continue;
        }
        uniq[ne] = w->arrows[i];
        r->edges[ne].from = (int32_t)(w->arrows[i] >> 32);
        r->edges[ne].to = (int32_t)(w->arrows[i] & 0xFFFFFFFFu);
        r->edges[ne].weight = 1;
        ne++;
    }
    r->nedges = ne;
    {
        long mutual = 0;

        for (i = 0; i < ne; i++) {
            uint64_t rev = (uint64_t)r->edges[i].to << 32 | (uint64_t)r->edges[i].from;

            if (has_key(uniq, ne, rev)) {
                mutual++;
                if (r->edges[i].from < r->edges[i].to)
                    r->pairs++;
            }
        }
        r->reciprocity = ne ? (double)mutual / (double)ne : 0;
        r->density = nv > 1 ? (double)ne / ((double)nv * (double)(nv - 1)) : 0;
    }
    r->teacher_share = w->teachers && r->replies ? (double)teacher_replies / (double)r->replies
                                                 : NAN;
    r->mean_depth = n ? (double)depth_sum / (double)n : 0;
    r->unanswered_share = n ? (double)unanswered / (double)n : 0;
    /* people none of whose comments got a reply from someone else */
    for (i = 0; i < n; i++) {
        int32_t c = items[i].c, u = ds->user[c];

        if (u < 0)
            continue;
        r->wrote[w->vertex[u]]++;
        if (w->others[c] > 0)
            got_reply[w->vertex[u]] = 1;
    }
    for (j = 0; j < people; j++)
        r->no_reply += !got_reply[j];
    r->nnames = nv;
    for (j = 0; j < nv; j++) {
        r->teacher[j] = (uint8_t)is_teacher(ds, w->vuser[j]);
        if (!(r->names[j] = strdup(ds->user_name[w->vuser[j]])))
            goto nomem;
    }
    for (j = 0; j < nv; j++)
        w->vertex[w->vuser[j]] = -1;
    free(got_reply);
    return TG_OK;
nomem:
    for (j = 0; j < nv; j++)
        w->vertex[w->vuser[j]] = -1;
    free(got_reply);
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}

static int cmp_thread_rows(const void *a, const void *b)
{
    const tg_compare_row_t *x = a, *y = b;

    if (x->start != y->start) {
        if (x->start == TG_TIME_NONE)
            return 1;
        if (y->start == TG_TIME_NONE)
            return -1;
        return x->start < y->start ? -1 : 1;
    }
    return strcmp(x->period, y->period);
}

tg_status_t tg_compare_add(tg_compare_t *cmp, const tg_dataset_t *ds, const char *database,
                           int64_t (*utc_offset)(int64_t t, void *ctx), void *ctx,
                           tg_error_t *err)
{
    return tg_compare_add_depths(cmp, ds, NULL, database, utc_offset, ctx, err);
}

tg_status_t tg_compare_add_depths(tg_compare_t *cmp, const tg_dataset_t *ds,
                                  const int32_t *known_depth, const char *database,
                                  int64_t (*utc_offset)(int64_t t, void *ctx), void *ctx,
                                  tg_error_t *err)
{
    size_t n = ds->ncomments, nu = ds->nusers, i, first_row = cmp->nrows;
    keyed *items = malloc((n ? n : 1) * sizeof *items);
    int32_t *depth = known_depth ? NULL : malloc((n ? n : 1) * sizeof *depth);
    work w;
    tg_status_t rc = TG_OK;

    memset(&w, 0, sizeof w);
    w.ds = ds;
    w.depth = known_depth ? known_depth : depth;
    w.children = calloc(n ? n : 1, sizeof *w.children);
    w.others = calloc(n ? n : 1, sizeof *w.others);
    w.vertex = malloc((nu ? nu : 1) * sizeof *w.vertex);
    w.vuser = malloc((nu ? nu : 1) * sizeof *w.vuser);
    w.arrows = malloc((n ? n : 1) * sizeof *w.arrows);
    if (!items || !w.depth || !w.children || !w.others || !w.vertex || !w.vuser || !w.arrows) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (n && depth && (rc = tg_forest_depths(ds, depth, err)))
        goto out;
    for (i = 0; i < nu; i++) {
        w.vertex[i] = -1;
        w.teachers |= is_teacher(ds, (int32_t)i);
    }
    for (i = 0; i < n; i++) {
        int32_t p = ds->parent[i];

        if (p >= 0) {
            w.children[p]++;
            if (ds->user[i] < 0 || ds->user[i] != ds->user[p])
                w.others[p]++;
        }
        items[i].c = (int32_t)i;
        items[i].key = period_key(ds, i, cmp->by, utc_offset, ctx, &items[i].start);
    }
    qsort(items, n, sizeof *items, cmp_keyed);
    for (i = 0; i < n;) {
        size_t j = i, k;
        tg_compare_row_t *r;
        char label[32];

        while (j < n && items[j].key == items[i].key)
            j++;
        if (cmp->nrows == cmp->cap) {
            size_t cap = cmp->cap ? 2 * cmp->cap : 16;
            tg_compare_row_t *rows = realloc(cmp->rows, cap * sizeof *rows);

            if (!rows) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            cmp->rows = rows;
            cmp->cap = cap;
        }
        r = &cmp->rows[cmp->nrows++];
        memset(r, 0, sizeof *r);
        r->start = items[i].start;
        if (cmp->by == TG_BY_THREAD) {
            const char *id = ds->thread_id[items[i].key];

            r->period = strdup(id ? id : "");
            for (k = i; k < j; k++) {
                int64_t t = ds->time[items[k].c];

                if (t != TG_TIME_NONE && (r->start == TG_TIME_NONE || t < r->start))
                    r->start = t;
            }
        } else {
            if (items[i].key == INT64_MAX)
                snprintf(label, sizeof label, "%s", TG_PERIOD_NO_TIME);
            else if (cmp->by == TG_BY_WEEK)
                snprintf(label, sizeof label, "%04d-W%02d", (int)(items[i].key / 100),
                         (int)(items[i].key % 100));
            else
                snprintf(label, sizeof label, "%04d-%02d", (int)(items[i].key / 100),
                         (int)(items[i].key % 100));
            r->period = strdup(label);
        }
        r->database = strdup(database ? database : "");
        if (!r->period || !r->database) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        if ((rc = measure(&w, items + i, j - i, r, err)))
            goto out;
        i = j;
    }
    if (cmp->by == TG_BY_THREAD)
        qsort(cmp->rows + first_row, cmp->nrows - first_row, sizeof *cmp->rows, cmp_thread_rows);
    cmp->ndatabases++;
out:
    if (rc) {
        while (cmp->nrows > first_row)
            row_release(&cmp->rows[--cmp->nrows]);
    }
    free(items);
    free(depth);
    free(w.children);
    free(w.others);
    free(w.vertex);
    free(w.vuser);
    free(w.arrows);
    return rc;
}
