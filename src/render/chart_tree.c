/* chart_tree.c - one thread's reply tree: the thread (its title) at the
 * top, each comment a dot below the comment it answers, laid out as a tidy
 * tree (igraph's Reingold-Tilford) with depth rulers at the side.  Dots are
 * coloured by author; author labels go beside dots where they fit.
 *
 * Readable from 3 to TG_RENDER_THREAD_MAX comments: the chart widens up to
 * a limit, then the dots shrink (siblings stay at least one dot apart) and
 * labels that would overlap a dot or another label are left out; the notes
 * say what was shrunk, dropped or left out.  Replies are drawn as elbows
 * (down, across between two rows, down) so that no line crosses a row of
 * dots and labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"

#define WIDTH_MIN 960.0
#define PLOT_W_MAX 3600.0    /* the widest plot before the dots shrink further */
#define UNIT_PREF 12.0       /* pixels between siblings when widening */
#define UNIT_MAX 140.0       /* ... and at most, for small trees */
#define DOT_MAX 7.0
#define DOT_MIN 0.5
#define LABEL_FONT 11.0
#define LABEL_MAX_W 150.0
#define ROOT_FONT 13.0
#define RULER_FONT 11.0

typedef struct tree {
    size_t nt;           /* comments in the thread */
    size_t k;            /* vertices drawn: 0 is the thread, 1..k-1 comments */
    int32_t *comment;    /* vertex -> dataset index (vertex 0: -1) */
    int32_t *vparent;    /* vertex -> parent vertex (vertex 0: -1) */
    int32_t *level;      /* vertex -> row (0 thread, 1 + depth) */
    int32_t *subtree;    /* vertex -> vertices below it, itself included */
    int32_t *replies;    /* vertex -> direct replies in the thread (all, drawn or not) */
    double *x, *y;       /* page coordinates */
    int levels;
} tree;

static void tree_release(tree *t)
{
    free(t->comment);
    free(t->vparent);
    free(t->level);
    free(t->subtree);
    free(t->replies);
    free(t->x);
    free(t->y);
}

/* The drawn vertices: a depth-first walk from the thread, replies in input
 * order, cut after TG_RENDER_THREAD_MAX comments (so every drawn reply has
 * its parent).  Comments the walk cannot reach (a cycle the store left)
 * hang from the thread. */
static tg_status_t build_tree(const tg_dataset_t *ds, int32_t thread, tree *t, tg_error_t *err)
{
    size_t n = ds->ncomments, i, j, nt = 0, cap;
    int32_t *local = NULL, *members = NULL, *start = NULL, *child = NULL, *fill = NULL;
    int32_t *stack = NULL, *vert = NULL;
    size_t sp = 0;
    tg_status_t rc = TG_OK;

    memset(t, 0, sizeof *t);
    for (i = 0; i < n; i++)
        nt += ds->thread[i] == thread;
    t->nt = nt;
    cap = nt < TG_RENDER_THREAD_MAX ? nt : TG_RENDER_THREAD_MAX;
    local = malloc((n ? n : 1) * sizeof *local);
    members = malloc((nt + 1) * sizeof *members);
    start = calloc(nt + 2, sizeof *start);
    child = malloc((nt + 1) * sizeof *child);
    fill = malloc((nt + 2) * sizeof *fill);
    stack = malloc((nt + 1) * sizeof *stack);
    vert = malloc((nt + 1) * sizeof *vert);
    t->comment = malloc((cap + 1) * sizeof *t->comment);
    t->vparent = malloc((cap + 1) * sizeof *t->vparent);
    t->level = malloc((cap + 1) * sizeof *t->level);
    t->subtree = malloc((cap + 1) * sizeof *t->subtree);
    t->replies = calloc(cap + 1, sizeof *t->replies);
    t->x = malloc((cap + 1) * sizeof *t->x);
    t->y = malloc((cap + 1) * sizeof *t->y);
    if (!local || !members || !start || !child || !fill || !stack || !vert || !t->comment ||
        !t->vparent || !t->level || !t->subtree || !t->replies || !t->x || !t->y) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0, j = 0; i < n; i++) {
        local[i] = -1;
        if (ds->thread[i] == thread) {
            local[i] = (int32_t)j;
            members[j++] = (int32_t)i;
        }
    }
    /* children lists; slot nt is the thread itself */
#define PARENT_OF(jj) \
    (ds->parent[members[jj]] >= 0 && local[ds->parent[members[jj]]] >= 0 \
         ? (size_t)local[ds->parent[members[jj]]] \
         : nt)
    for (j = 0; j < nt; j++)
        start[PARENT_OF(j) + 1]++;
    for (j = 0; j <= nt; j++)
        start[j + 1] += start[j];
    memcpy(fill, start, (nt + 2) * sizeof *fill);
    for (j = 0; j < nt; j++)
        child[fill[PARENT_OF(j)]++] = (int32_t)j;
    for (j = 0; j < nt; j++)
        vert[j] = -1;
    t->comment[0] = -1;
    t->vparent[0] = -1;
    t->level[0] = 0;
    t->k = 1;
    /* the walk: from the thread, then from any comment left unreached */
    for (i = 0; i <= nt && t->k <= cap; i++) {
        size_t from = i == 0 ? nt : i - 1;
        int32_t k;

        if (from < nt && vert[from] >= 0)
            continue;
        sp = 0;
        if (from == nt) {
            for (k = start[nt + 1] - 1; k >= start[nt]; k--)
                stack[sp++] = child[k];
        } else {
            stack[sp++] = (int32_t)from;
        }
        while (sp && t->k <= cap) {
            int32_t v = stack[--sp];
            size_t pj = PARENT_OF(v);
            int32_t pv = pj < nt ? vert[pj] : 0;

            if (vert[v] >= 0)
                continue;
            if (pv < 0)
                pv = 0; /* a parent on a cycle, not yet drawn */
            vert[v] = (int32_t)t->k;
            t->comment[t->k] = members[v];
            t->vparent[t->k] = pv;
            t->level[t->k] = t->level[pv] + 1;
            t->replies[t->k] = start[v + 1] - start[v];
            t->k++;
            for (k = start[v + 1] - 1; k >= start[v]; k--)
                if (vert[child[k]] < 0)
                    stack[sp++] = child[k];
        }
    }
#undef PARENT_OF
    t->replies[0] = start[nt + 1] - start[nt];
    t->levels = 1;
    for (j = 0; j < t->k; j++) {
        t->subtree[j] = 1;
        if (t->level[j] + 1 > t->levels)
            t->levels = t->level[j] + 1;
    }
    for (j = t->k; j-- > 1;)
        t->subtree[t->vparent[j]] += t->subtree[j];
out:
    free(local);
    free(members);
    free(start);
    free(child);
    free(fill);
    free(stack);
    free(vert);
    return rc;
}

/* Reingold-Tilford x positions (in sibling units) into t->x. */
static tg_status_t tidy_layout(tree *t, tg_error_t *err)
{
    return tg_layout_tree(t->k, t->vparent, t->x, err);
}

typedef struct prio {
    int32_t subtree, v;
} prio;

static int by_prio(const void *a, const void *b)
{
    const prio *x = a, *y = b;

    if (x->subtree != y->subtree)
        return x->subtree > y->subtree ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

static const char *author_of(const tg_dataset_t *ds, int32_t c)
{
    if (ds->author && ds->author[c])
        return ds->author[c];
    return ds->user[c] >= 0 ? ds->user_name[ds->user[c]] : "";
}

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    const tg_dataset_t *ds = job->ds;
    tree t;
    tg_frame f;
    tg_canvas *c = NULL;
    tg_boxes boxes;
    int have_boxes = 0;
    tg_rgb *colour = NULL;
    unsigned char *present = NULL;
    int32_t *rank = NULL, *drawn = NULL;
    char **label = NULL;
    double *label_w = NULL;
    unsigned char *placed = NULL;
    prio *order = NULL;
    size_t nrank = 0, v, i, nlabelled = 0, nlabel_wanted = 0, others = 0, anon = 0;
    int64_t last;
    double span = 0, minx = 0, unit, r, sy, width, plot_w, gutter = 0, asc, desc, lh;
    double root_block, x_left, ruler_w, reserve = 0;
    tg_font lf = { LABEL_FONT, 0 }, rf = { RULER_FONT, 0 }, tf = { ROOT_FONT, 1 };
    char buf[256], nb[32], nb2[32];
    char *title = NULL, *subtitle = NULL, *desc_s = NULL, **root_lines = NULL;
    int nroot_lines = 0;
    const char *ttitle, *tid;
    tg_status_t rc;

    memset(&t, 0, sizeof t);
    tg_frame_init(&f, job->m, WIDTH_MIN);
    /* (thread -1, an empty dataset: only the root, and the chart says so) */
    if ((rc = build_tree(ds, job->thread, &t, err)) || (rc = tidy_layout(&t, err)))
        goto out;
    ttitle = job->thread >= 0 && ds->thread_title[job->thread] ? ds->thread_title[job->thread]
                                                                : NULL;
    tid = job->thread >= 0 ? ds->thread_id[job->thread] : "";
    /* ---- who is drawn, and their colours ---- */
    colour = malloc((ds->nusers ? ds->nusers : 1) * sizeof *colour);
    rank = malloc((TG_PEOPLE_PALETTE_N + 1) * sizeof *rank);
    drawn = malloc(t.k * sizeof *drawn);
    label = calloc(t.k, sizeof *label);
    label_w = calloc(t.k, sizeof *label_w);
    placed = calloc(t.k, 1);
    order = malloc(t.k * sizeof *order);
    if (!colour || !rank || !drawn || !label || !label_w || !placed || !order) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (v = 1; v < t.k; v++)
        drawn[v - 1] = t.comment[v];
    if (!(present = calloc(ds->nusers ? ds->nusers : 1, 1)) ||
        tg_person_colours(ds, colour, rank, &nrank)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    {
        unsigned char *seen = calloc(ds->nusers ? ds->nusers : 1, 1);

        if (!seen) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        for (v = 1; v < t.k; v++) {
            int32_t u = ds->user[t.comment[v]];

            if (u < 0) {
                anon++;
            } else if (!seen[u]) {
                seen[u] = 1;
                present[u] = 1;
                others += colour[u] == TG_OTHER;
            }
        }
        free(seen);
    }
    /* ---- geometry ---- */
    for (v = 0; v < t.k; v++)
        if (v == 0 || t.x[v] < minx)
            minx = t.x[v];
    for (v = 0; v < t.k; v++)
        span = fmax(span, t.x[v] - minx);
    snprintf(buf, sizeof buf, "depth %d", t.levels - 2 > 0 ? t.levels - 2 : 0);
    ruler_w = fmax(tg_text_width(job->m, buf, rf), tg_text_width(job->m, "thread", rf));
    gutter = ruler_w + 14;
    /* room on the right for the label of the rightmost comment */
    for (v = 1; v < t.k; v++)
        if (t.x[v] - minx >= span - 1e-9 && *author_of(ds, t.comment[v]))
            reserve = fmax(reserve, fmin(LABEL_MAX_W, tg_text_width(job->m,
                                                                    author_of(ds, t.comment[v]),
                                                                    lf)) + DOT_MAX + 6);
    {
        double avail = WIDTH_MIN - 2 * f.margin - gutter - 2 * (DOT_MAX + 4) - reserve;

        if (span <= 0) {
            unit = UNIT_MAX;
            plot_w = avail;
        } else if (avail / span >= UNIT_PREF) {
            unit = fmin(UNIT_MAX, avail / span);
            plot_w = avail;
        } else {
            plot_w = fmin(PLOT_W_MAX, span * UNIT_PREF);
            unit = plot_w / span;
            reserve = 0;
        }
    }
    r = fmin(DOT_MAX, fmax(DOT_MIN, unit * 0.4));
    width = fmax(WIDTH_MIN, plot_w + 2 * f.margin + gutter + 2 * (r + 4) + reserve);
    f.width = width;
    sy = fmin(80, fmax(24, 640.0 / t.levels));
    tg_font_metrics(job->m, lf, &asc, &desc);
    lh = asc + desc;
    if (sy / 2 < lh / 2 + 2)
        sy = lh + 4;
    /* ---- words ---- */
    if (ttitle) {
        if (asprintf(&title, "Reply tree: %s", ttitle) < 0)
            title = NULL;
    } else if (asprintf(&title, "Reply tree of thread %s", tid) < 0) {
        title = NULL;
    }
    /* the subtitle speaks of the whole thread, drawn or not */
    {
        unsigned char *seen = calloc(ds->nusers ? ds->nusers : 1, 1);
        size_t all_named = 0, all_anon = 0;
        int all_maxd = 0;

        if (!seen)
            goto nomem;
        for (i = 0; i < ds->ncomments; i++) {
            int32_t u = ds->user[i];

            if (ds->thread[i] != job->thread)
                continue;
            if (job->depth[i] > all_maxd)
                all_maxd = job->depth[i];
            if (u < 0)
                all_anon++;
            else if (!seen[u]) {
                seen[u] = 1;
                all_named++;
            }
        }
        free(seen);
        tg_fmt_count((long)t.nt, nb, sizeof nb);
        tg_fmt_count((long)all_named, nb2, sizeof nb2);
        if (asprintf(&subtitle,
                     "Thread %s: %s comment%s by %s named commenter%s%s; deepest reply at "
                     "depth %d.",
                     tid, nb, t.nt == 1 ? "" : "s", nb2, all_named == 1 ? "" : "s",
                     all_anon ? " and anonymous ones" : "", all_maxd) < 0)
            subtitle = NULL;
    }
    if (asprintf(&desc_s,
                 "The reply tree of thread %s%s%s%s: %s comments, each a dot under the comment "
                 "it answers, coloured by author; rows are reply depths.",
                 tid, ttitle ? " (" : "", ttitle ? ttitle : "", ttitle ? ")" : "", nb) < 0)
        desc_s = NULL;
    if (!title || !subtitle || !desc_s) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    tg_frame_title(&f, "Reply tree",
                   job->thread < 0 ? "The database holds no comments." : subtitle);
    if (t.k > 1) {
        tg_style s = tg_fill(TG_INK), e = tg_stroke(0x9A9A9Au, 1.2);

        tg_legend_people(&f, ds, colour, rank, nrank, present, others != 0, anon != 0);
        tg_frame_row(&f, "Reading it:");
        tg_frame_item(&f, TG_SW_BAR, &s, 12, "the thread, its title above it");
        tg_frame_item(&f, TG_SW_LINE, &e, 1.2, "a reply, joined to the comment it answers");
        tg_frame_item(&f, TG_SW_NONE, NULL, 0, "rows: reply depth (0 = top-level comment)");
    }
    if (t.k - 1 < t.nt) {
        char nb3[32];

        tg_fmt_count((long)(t.k - 1), nb, sizeof nb);
        tg_fmt_count((long)t.nt, nb2, sizeof nb2);
        tg_fmt_count((long)(t.nt - (t.k - 1)), nb3, sizeof nb3);
        tg_frame_note(&f,
                      "Showing the first %s of %s comments, whole conversations in reply order; "
                      "the other %s are left out.",
                      nb, nb2, nb3);
    }
    if (r < DOT_MAX)
        tg_frame_note(&f, "Dots are drawn smaller (radius %.1f px instead of %.0f) so that "
                          "neighbouring comments do not overlap.",
                      r, DOT_MAX);
    tg_job_footer(job, &f, job->thread, &last);
    /* ---- vertical layout: the root's title block, then the rows ---- */
    {
        double inner = fmin(560, width - 2 * f.margin - gutter);

        nroot_lines = tg_text_wrap(job->m, ttitle ? ttitle : (job->thread >= 0 ? tid : ""), tf,
                                   inner, 2, &root_lines);
        if (nroot_lines < 0) {
            nroot_lines = 0;
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
    }
    root_block = nroot_lines * 17 + 8;
    /* labels need the plot's place: lay the frame out first */
    {
        double plot_h = root_block + DOT_MAX + (t.levels - 1) * sy + r + lh / 2 + 6;

        tg_frame_layout(&f, plot_h);
    }
    if (f.status) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    x_left = f.plot_x + gutter + r + 4;
    {
        double drawn_w = span * unit, shift = 0;
        double avail = f.plot_w - gutter - 2 * (r + 4) - reserve;

        if (drawn_w < avail)
            shift = (avail - drawn_w) / 2;
        for (v = 0; v < t.k; v++) {
            t.x[v] = x_left + shift + (t.x[v] - minx) * unit;
            t.y[v] = f.plot_y + root_block + DOT_MAX + t.level[v] * sy;
        }
    }
    /* ---- labels: biggest conversations first, where they fit ---- */
    if (tg_boxes_init(&boxes, width - 8, f.height, 48)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    have_boxes = 1;
    for (v = 0; v < t.k; v++) {
        double rr = v == 0 ? DOT_MAX : r;
        tg_box b = { t.x[v] - rr - 1, t.y[v] - rr - 1, t.x[v] + rr + 1, t.y[v] + rr + 1 };

        if (tg_boxes_add(&boxes, b))
            goto nomem;
    }
    {
        /* the gutter and the root's title are taken */
        tg_box g = { 0, f.plot_y, f.plot_x + gutter, f.plot_y + f.plot_h };

        if (tg_boxes_add(&boxes, g))
            goto nomem;
    }
    for (v = 1; v < t.k; v++) {
        order[v - 1].subtree = t.subtree[v];
        order[v - 1].v = (int32_t)v;
    }
    qsort(order, t.k - 1, sizeof *order, by_prio);
    for (i = 0; i + 1 < t.k; i++) {
        int32_t vv = order[i].v;
        const char *a = author_of(ds, t.comment[vv]);
        double w, gap = r + 3;
        tg_box right, left;

        if (!*a)
            continue;
        nlabel_wanted++;
        if (!(label[vv] = tg_text_fit(job->m, a, lf, LABEL_MAX_W)))
            goto nomem;
        w = tg_text_width(job->m, label[vv], lf);
        label_w[vv] = w;
        right = (tg_box){ t.x[vv] + gap, t.y[vv] - lh / 2, t.x[vv] + gap + w + 2,
                          t.y[vv] + lh / 2 };
        left = (tg_box){ t.x[vv] - gap - w - 2, t.y[vv] - lh / 2, t.x[vv] - gap,
                         t.y[vv] + lh / 2 };
        if (!tg_boxes_hit(&boxes, right)) {
            placed[vv] = 1;
            if (tg_boxes_add(&boxes, right))
                goto nomem;
        } else if (!tg_boxes_hit(&boxes, left)) {
            placed[vv] = 2;
            if (tg_boxes_add(&boxes, left))
                goto nomem;
        }
        nlabelled += placed[vv] != 0;
    }
    if (nlabelled < nlabel_wanted) {
        tg_fmt_count((long)nlabelled, nb, sizeof nb);
        tg_fmt_count((long)nlabel_wanted, nb2, sizeof nb2);
        tg_frame_note(&f,
                      "Author labels are shown where they fit without overlapping: %s of %s "
                      "comments are labelled (the largest conversations first); hover a dot in "
                      "the SVG for the rest.",
                      nb, nb2);
        /* the note may add lines: lay out again (the plot does not move) */
        tg_frame_layout(&f, f.plot_h);
    }
    /* ---- draw ---- */
    if ((rc = tg_job_begin(job, &f, width, title, desc_s, last, &c, err)))
        goto out;
    if (t.k == 1) {
        tg_text_style ms = tg_text(14, 0, TG_MUTED, TG_ANCHOR_MIDDLE);

        tg_draw_text(c, width / 2, f.plot_y + f.plot_h / 2 + 5,
                     job->thread < 0 ? "No comments to show." : "This thread has no comments.",
                     &ms);
    }
    if (t.k > 1) {
        /* depth rulers */
        tg_style rule = tg_stroke(0xEDEDEDu, 1);
        tg_text_style rs = tg_text(RULER_FONT, 0, TG_MUTED, TG_ANCHOR_END);
        double rasc, rdesc;
        int l;
        tg_group g = { "rulers", NULL, NULL, NULL, NULL };

        tg_font_metrics(job->m, rf, &rasc, &rdesc);
        tg_draw_group(c, &g);
        for (l = 0; l < t.levels; l++) {
            double yy = f.plot_y + root_block + DOT_MAX + l * sy;

            if (l == 0) {
                tg_draw_text(c, f.plot_x + ruler_w, yy + (rasc - rdesc) / 2, "thread", &rs);
                continue;
            }
            snprintf(buf, sizeof buf, l == 1 ? "depth %d" : "%d", l - 1);
            tg_draw_line(c, f.plot_x + gutter - 4, yy, width - f.margin, yy, &rule);
            tg_draw_text(c, f.plot_x + ruler_w, yy + (rasc - rdesc) / 2, buf, &rs);
        }
        tg_draw_end(c);
    }
    {
        /* replies: elbows from the parent down to the child */
        tg_style es = tg_stroke(0x9A9A9Au, fmax(0.5, fmin(1.2, r / 4)));
        char src[32], dst[32], tip[512];

        for (v = 1; v < t.k; v++) {
            int32_t p = t.vparent[v];
            double mid = t.y[p] + sy / 2;
            tg_group g = { "edge", NULL, tip, src, dst };
            tg_path path;

            if (p == 0)
                snprintf(src, sizeof src, "root");
            else
                snprintf(src, sizeof src, "c%ld", (long)t.comment[p]);
            snprintf(dst, sizeof dst, "c%ld", (long)t.comment[v]);
            snprintf(tip, sizeof tip, "%s replies to %s", author_of(ds, t.comment[v]),
                     p == 0 ? "the thread" : author_of(ds, t.comment[p]));
            tg_path_init(&path);
            tg_path_move(&path, t.x[p], t.y[p]);
            tg_path_line(&path, t.x[p], mid);
            tg_path_line(&path, t.x[v], mid);
            tg_path_line(&path, t.x[v], t.y[v]);
            tg_draw_group(c, &g);
            tg_draw_path(c, &path, &es);
            tg_draw_end(c);
        }
    }
    {
        /* the thread: a dark square, its title above */
        tg_style s = tg_fill(TG_INK);
        tg_text_style ts = tg_text(ROOT_FONT, 1, TG_INK, TG_ANCHOR_MIDDLE);
        double tasc, tdesc, cx = t.x[0], half = 0;
        char tip[600];
        int l;
        tg_group g = { "root", "root", tip, NULL, NULL };

        snprintf(tip, sizeof tip, "%s%s%sthread %s: %ld comments", ttitle ? "“" : "",
                 ttitle ? ttitle : "", ttitle ? "”, " : "", tid, (long)t.nt);
        for (l = 0; l < nroot_lines; l++)
            half = fmax(half, tg_text_width(job->m, root_lines[l], tf) / 2);
        /* keep the title inside the page */
        if (cx - half < f.margin)
            cx = f.margin + half;
        if (cx + half > width - f.margin)
            cx = width - f.margin - half;
        tg_font_metrics(job->m, tf, &tasc, &tdesc);
        ts.cls = "root-title";
        tg_draw_group(c, &g);
        if (job->thread >= 0)
            tg_draw_rect(c, t.x[0] - DOT_MAX, t.y[0] - DOT_MAX, 2 * DOT_MAX, 2 * DOT_MAX, &s);
        for (l = 0; l < nroot_lines; l++)
            tg_draw_text(c, cx, f.plot_y + tasc + l * 17, root_lines[l], &ts);
        tg_draw_end(c);
    }
    {
        /* the comments */
        double lasc = asc, ldesc = desc;
        char id[32], tip[600], when[80];
        tg_text_style ls = tg_text(LABEL_FONT, 0, TG_INK, TG_ANCHOR_START);

        ls.flags = TG_TEXT_HALO;
        ls.cls = "label";
        for (v = 1; v < t.k; v++) {
            int32_t ci = t.comment[v], u = ds->user[ci];
            tg_group g = { "node", id, tip, NULL, NULL };
            tg_style s;

            snprintf(id, sizeof id, "c%ld", (long)ci);
            if (ds->time[ci] != TG_TIME_NONE) {
                tg_fmt_date(tg_shown_time(job->opt, ds->time[ci]), 1, when, sizeof when);
                snprintf(when + strlen(when), sizeof when - strlen(when), " %s",
                         tg_shown_zone(job->opt));
            } else {
                snprintf(when, sizeof when, "time unknown");
            }
            snprintf(tip, sizeof tip, "%s%s \xC2\xB7 %s \xC2\xB7 depth %d \xC2\xB7 %ld repl%s",
                     *author_of(ds, ci) ? author_of(ds, ci) : "(no name)",
                     u < 0 ? " (anonymous)" : "", when, t.level[v] - 1, (long)t.replies[v],
                     t.replies[v] == 1 ? "y" : "ies");
            s = tg_author_style(colour, u, r);
            tg_draw_group(c, &g);
            tg_draw_person(c, ds, u, t.x[v], t.y[v], r, &s);
            if (placed[v] == 1)
                tg_draw_text(c, t.x[v] + r + 3 + 1, t.y[v] + (lasc - ldesc) / 2, label[v], &ls);
            else if (placed[v] == 2)
                tg_draw_text(c, t.x[v] - r - 3 - 1 - label_w[v], t.y[v] + (lasc - ldesc) / 2,
                             label[v], &ls);
            tg_draw_end(c);
        }
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    if (have_boxes)
        tg_boxes_release(&boxes);
    if (label)
        for (v = 0; v < t.k; v++)
            free(label[v]);
    free(label);
    free(label_w);
    free(placed);
    free(order);
    free(colour);
    free(present);
    free(rank);
    free(drawn);
    free(title);
    free(subtitle);
    free(desc_s);
    tg_lines_free(root_lines, nroot_lines);
    tree_release(&t);
    return tg_job_end(c, &f, rc, err);
}

const tg_chart_def tg_chart_tree_def = { TG_CHART_TREE, "tree", 1, 0, draw };
