/* page_charts.c - section 4 of report.html, who replies to whom: a shaded
 * matrix of reply counts, the network chart, the reply tree and timeline
 * of the largest discussions, and posts over time.  The charts are the
 * project's own SVG (tg_render_chart_svg), parsed with libxml2 so that
 * their ids get a prefix of their own on the page and every person's mark
 * gets data-person (for highlighting); they are written back by libxml2. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_internal.h"
#include "threadgraph/timezone.h"

/* ---- charts inlined ---- */
static int has_class(xmlNodePtr n, const char *cls)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST "class");
    const char *s = (const char *)v;
    size_t len = strlen(cls);
    int found = 0;

    while (s && *s && !found) {
        while (*s == ' ')
            s++;
        found = strncmp(s, cls, len) == 0 && (s[len] == ' ' || s[len] == '\0');
        while (*s && *s != ' ')
            s++;
    }
    xmlFree(v);
    return found;
}

/* -1 when out of memory (libxml2's own failures reach on_xml_error). */
static int prefix_prop(xmlNodePtr n, const char *name, const char *prefix)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    tg_buf b = TG_BUF_INIT;
    const char *s;
    int failed;

    if (!v)
        return 0;
    /* a list of ids (aria-labelledby) or one */
    for (s = (const char *)v; *s;) {
        const char *e = strchr(s, ' ');
        size_t len = e ? (size_t)(e - s) : strlen(s);

        if (len) {
            if (b.len)
                tg_buf_addch(&b, ' ');
            tg_buf_addstr(&b, prefix);
            tg_buf_add(&b, s, len);
        }
        s += len;
        while (*s == ' ')
            s++;
    }
    failed = tg_buf_failed(&b);
    if (b.data && !failed)
        xmlSetProp(n, BAD_CAST name, BAD_CAST b.data);
    tg_buf_release(&b);
    xmlFree(v);
    return failed ? -1 : 0;
}

static void adapt(pg_page *p, xmlNodePtr n, const char *prefix, int keep_tips)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "g") && has_class(n, "node")) {
            xmlChar *id = xmlGetProp(n, BAD_CAST "id");
            long k = -1;
            char num[24];

            if (id && (id[0] == 'u' || id[0] == 'c'))
                k = strtol((const char *)id + 1, NULL, 10);
            if (id && id[0] == 'c' && k >= 0 && (size_t)k < p->ds->ncomments)
                k = p->ds->user[k];
            else if (id && id[0] == 'c')
                k = -1;
            if (k >= 0) {
                snprintf(num, sizeof num, "%ld", k);
                xmlSetProp(n, BAD_CAST "data-person", BAD_CAST num);
            }
            xmlFree(id);
            if (!keep_tips) {
                xmlNodePtr c = n->children, next;

                for (; c; c = next) {
                    next = c->next;
                    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "title")) {
                        xmlUnlinkNode(c);
                        xmlFreeNode(c);
                    }
                }
            }
        }
        if (!keep_tips && xmlStrEqual(n->name, BAD_CAST "g") && has_class(n, "edge")) {
            xmlNodePtr c = n->children, next;

            for (; c; c = next) {
                next = c->next;
                if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "title")) {
                    xmlUnlinkNode(c);
                    xmlFreeNode(c);
                }
            }
        }
        if (p->big && xmlStrEqual(n->name, BAD_CAST "g") &&
            (has_class(n, "node") || has_class(n, "edge"))) {
            /* a big forum's page stays small: no ids to link edges and nodes */
            xmlUnsetProp(n, BAD_CAST "id");
            xmlUnsetProp(n, BAD_CAST "data-source");
            xmlUnsetProp(n, BAD_CAST "data-target");
        }
        if (prefix_prop(n, "id", prefix) || prefix_prop(n, "aria-labelledby", prefix) ||
            prefix_prop(n, "data-source", prefix) || prefix_prop(n, "data-target", prefix))
            p->failed = 1;
        adapt(p, n->children, prefix, keep_tips);
    }
}

static void embed(pg_page *p, tg_chart_t chart, const tg_render_options_t *ro, int keep_tips,
                  const char *caption)
{
    char *svg = NULL, prefix[24];
    size_t len = 0;
    xmlDocPtr doc = NULL;
    xmlOutputBufferPtr out = NULL;
    const xmlChar *dumped;
    tg_status_t rc;

    if (p->rc || p->failed)
        return;
    if ((rc = tg_render_chart_svg(chart, p->view, p->an, ro, &svg, &len, p->err))) {
        p->rc = rc;
        return;
    }
    {
        /* a failed allocation inside the parser can leave a document with
         * nodes missing: the context's error says so.  No encoding is
         * given: the SVG is UTF-8, which the parser reads without a switch,
         * and libxml2 2.9.14's switch to a named encoding does not check
         * its allocations (a failed one segfaulted in xmlParseDocument) */
        xmlParserCtxtPtr ctxt = xmlNewParserCtxt();

        doc = ctxt ? xmlCtxtReadMemory(ctxt, svg, (int)len, "chart.svg", NULL,
                                       XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NODICT)
                   : NULL;
        if (doc && ctxt->errNo != XML_ERR_OK) {
            xmlFreeDoc(doc);
            doc = NULL;
        }
        if (ctxt)
            xmlFreeParserCtxt(ctxt);
    }
    free(svg);
    if (!doc || !xmlDocGetRootElement(doc) || !(out = xmlAllocOutputBuffer(NULL))) {
        p->rc = tg_error_set(p->err, TG_ERR_FAIL, "cannot read back the %s chart",
                             tg_chart_name(chart));
        xmlFreeDoc(doc);
        return;
    }
    snprintf(prefix, sizeof prefix, "k%zu-", ++p->nsvg);
    adapt(p, xmlDocGetRootElement(doc), prefix, keep_tips);
    xmlSetProp(xmlDocGetRootElement(doc), BAD_CAST "class", BAD_CAST "chart");
    xmlSetProp(xmlDocGetRootElement(doc), BAD_CAST "data-chart",
               BAD_CAST tg_chart_name(chart));
    /* an output buffer, not xmlNodeDump's xmlBuffer: libxml2 2.9.14 frees
     * that buffer's content when the dump fails for lack of memory, and it
     * was then freed a second time (found by the dense fault sweep) */
    xmlNodeDumpOutput(out, doc, xmlDocGetRootElement(doc), 0, 0, NULL);
    dumped = out->error ? NULL : xmlOutputBufferGetContent(out);
    if (!dumped) {
        p->failed = 1;
    } else {
        pg_open(p, "figure");
        pg_raw(p, (const char *)dumped);
        pg_elem(p, "figcaption", caption);
        pg_close(p);
    }
    xmlOutputBufferClose(out);
    xmlFreeDoc(doc);
}

/* ---- the matrix ---- */
static const pg_page *mx_page;
static long *mx_activity;

static int by_activity(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    int c;

    if (mx_activity[a] != mx_activity[b])
        return mx_activity[a] > mx_activity[b] ? -1 : 1;
    c = strcmp(mx_page->label[a], mx_page->label[b]);
    return c ? c : (a > b) - (a < b);
}

static void shade(long v, long max, char *bg, size_t bgsz, int *dark)
{
    /* white to Okabe-Ito blue (0, 114, 178) by the square root of the share */
    double f = max > 0 ? sqrt((double)v / (double)max) : 0;
    int r = (int)lround(255 - f * 255), g = (int)lround(255 - f * (255 - 114)),
        b = (int)lround(255 - f * (255 - 178));

    snprintf(bg, bgsz, "background-color:#%02x%02x%02x", r, g, b);
    *dark = f > 0.55;
}

static void matrix(pg_page *p)
{
    const tg_analysis_t *an = p->an;
    size_t nu = p->ds->nusers, i, j, n = 0, shown;
    int32_t *who = malloc((nu ? nu : 1) * sizeof *who), *col = malloc((nu ? nu : 1) * sizeof *col);
    long *act = calloc(nu ? nu : 1, sizeof *act), *cell = NULL, max = 0;

    if (!who || !col || !act)
        goto oom;
    for (i = 0; i < an->nedges; i++) {
        act[an->edges[i].from] += an->edges[i].weight;
        act[an->edges[i].to] += an->edges[i].weight;
    }
    for (i = 0; i < nu; i++)
        if (act[i] > 0)
            who[n++] = (int32_t)i;
    mx_page = p;
    mx_activity = act;
    qsort(who, n, sizeof *who, by_activity);
    mx_page = NULL;
    mx_activity = NULL;
    shown = n < TG_PAGE_MATRIX_MAX ? n : TG_PAGE_MATRIX_MAX;
    pg_elem(p, "h3", "Reply matrix");
    if (shown == 0) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "No one replied to another named person, so there is no matrix.");
        pg_close(p);
        goto out;
    }
    if (!(cell = calloc(shown * shown, sizeof *cell)))
        goto oom;
    for (i = 0; i < nu; i++)
        col[i] = -1;
    for (i = 0; i < shown; i++)
        col[who[i]] = (int32_t)i;
    for (i = 0; i < an->nedges; i++) {
        int32_t a = col[an->edges[i].from], b = col[an->edges[i].to];

        if (a >= 0 && b >= 0) {
            cell[(size_t)a * shown + (size_t)b] = an->edges[i].weight;
            if (an->edges[i].weight > max)
                max = an->edges[i].weight;
        }
    }
    pg_open(p, "p");
    pg_text(p, "Each row is a person writing replies; each column a person being replied to. "
               "The darker the square, the more replies. Read across a row to see whom someone "
               "answers, down a column to see who answers them.");
    pg_close(p);
    pg_open(p, "div");
    pg_attr(p, "class", "scroll");
    pg_open(p, "table");
    pg_attr(p, "class", "matrix");
    pg_attr(p, "id", "matrix");
    pg_attr(p, "aria-label", "Replies from the person in the row to the person in the column");
    pg_open(p, "thead");
    pg_open(p, "tr");
    pg_open(p, "th");
    pg_attr(p, "class", "corner");
    pg_text(p, "from \u2193 to \u2192");
    pg_close(p);
    for (j = 0; j < shown; j++) {
        pg_open(p, "th");
        pg_attr(p, "scope", "col");
        pg_attr(p, "class", "v");
        pg_person(p, who[j]);
        pg_close(p);
    }
    pg_close(p);
    pg_close(p);
    pg_open(p, "tbody");
    for (i = 0; i < shown; i++) {
        pg_open(p, "tr");
        pg_open(p, "th");
        pg_attr(p, "scope", "row");
        pg_person(p, who[i]);
        pg_close(p);
        for (j = 0; j < shown; j++) {
            long v = cell[i * shown + j];

            pg_open(p, "td");
            if (i == j)
                pg_attr(p, "class", "self");
            if (v > 0) {
                char bg[48];
                int dark;

                shade(v, max, bg, sizeof bg, &dark);
                pg_attr(p, "style", bg);
                if (dark)
                    pg_attr(p, "class", "dark");
                pg_attrf(p, "title", "%s replied to %s %ld time%s", p->label[who[i]],
                         p->label[who[j]], v, v == 1 ? "" : "s");
                pg_textf(p, "%ld", v);
            }
            pg_close(p);
        }
        pg_close(p);
    }
    pg_close(p);
    pg_close(p);
    pg_close(p);
    if (shown < n) {
        pg_open(p, "p");
        pg_attr(p, "class", "note");
        pg_textf(p, "The matrix shows the %zu people with most replies given and received, of "
                    "%zu; the network chart and users.csv have everyone.",
                 shown, n);
        pg_close(p);
    }
    goto out;
oom:
    p->failed = 1;
out:
    free(who);
    free(col);
    free(act);
    free(cell);
}

/* ---- posts over time ---- */
#define PG_DAY 86400
#define PG_CHART_W 820.0
#define PG_CHART_H 260.0

static const char *const series_name[3] = { "teachers", "students", "others" };
static const char *const series_colour[3] = { "#d55e00", "#0072b2", "#9e9e9e" };

static int series_of(const pg_page *p, int32_t u)
{
    if (!p->has_roles || u < 0 || !p->ds->user_role)
        return p->has_roles ? 2 : 1;
    return p->ds->user_role[u] == TG_ROLE_TEACHER ? 0
           : p->ds->user_role[u] == TG_ROLE_STUDENT ? 1
                                                     : 2;
}

static void svg_text(pg_page *p, double x, double y, const char *anchor, const char *s)
{
    pg_open(p, "text");
    pg_attrf(p, "x", "%.1f", x);
    pg_attrf(p, "y", "%.1f", y);
    pg_attr(p, "text-anchor", anchor);
    pg_attr(p, "font-size", "12");
    pg_attr(p, "fill", "#444444");
    pg_text(p, s);
    pg_close(p);
}

/* t as the wall clock of the page's zone shows it, in seconds */
static int64_t local(const pg_page *p, int64_t t)
{
    return t == TG_TIME_NONE ? t : t + tg_tz_offset(p->opt->tz, t);
}

static void over_time(pg_page *p)
{
    const tg_dataset_t *ds = p->ds;
    int64_t first = TG_TIME_NONE, last = TG_TIME_NONE, step, start;
    size_t i, nb, b;
    long (*count)[3] = NULL, max = 0, tick, top, v, in_series[3] = { 0, 0, 0 };
    const char *unit;
    double x0 = 48, y0 = 16, pw = PG_CHART_W - 64, ph = PG_CHART_H - 64, bw, yscale;
    int s;

    for (i = 0; i < ds->ncomments; i++) {
        int64_t t = local(p, ds->time[i]);

        if (t == TG_TIME_NONE)
            continue;
        if (first == TG_TIME_NONE || t < first)
            first = t;
        if (last == TG_TIME_NONE || t > last)
            last = t;
    }
    pg_elem(p, "h3", "Posts over time");
    if (first == TG_TIME_NONE) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "No comment has a time, so there is no chart of posts over time.");
        pg_close(p);
        return;
    }
    /* days from midnight, or weeks from a Monday (1 Jan 1970 was a Thursday) */
    if (last - first <= 92 * (int64_t)PG_DAY) {
        step = PG_DAY;
        unit = "day";
        start = first - (first % PG_DAY + PG_DAY) % PG_DAY;
    } else {
        int64_t k = 1;

        while ((last - first) / (7 * PG_DAY * k) > 200)
            k *= 2;
        step = 7 * PG_DAY * k;
        unit = k == 1 ? "week" : "few weeks";
        start = first - ((first - 4 * PG_DAY) % step + step) % step;
    }
    nb = (size_t)((last - start) / step) + 1;
    if (!(count = calloc(nb, sizeof *count))) {
        p->failed = 1;
        return;
    }
    for (i = 0; i < ds->ncomments; i++)
        if (ds->time[i] != TG_TIME_NONE)
            count[(local(p, ds->time[i]) - start) / step][series_of(p, ds->user[i])]++;
    for (i = 0; i < ds->nthreads; i++) {
        int64_t t = local(p, ds->thread_post_time[i]);

        if (t != TG_TIME_NONE && t >= start && t <= last && ds->thread_post_user[i] >= 0)
            count[(t - start) / step][series_of(p, ds->thread_post_user[i])]++;
    }
    for (b = 0; b < nb; b++) {
        if (count[b][0] + count[b][1] + count[b][2] > max)
            max = count[b][0] + count[b][1] + count[b][2];
        for (s = 0; s < 3; s++)
            in_series[s] += count[b][s];
    }
    pg_open(p, "p");
    pg_textf(p, "Posts per %s%s. Hover over a bar for its numbers.", unit,
             p->has_roles ? ", by role" : "");
    pg_close(p);
    pg_open(p, "figure");
    pg_open(p, "svg");
    pg_attr(p, "xmlns", "http://www.w3.org/2000/svg");
    pg_attr(p, "class", "chart");
    pg_attr(p, "data-chart", "over-time");
    pg_attrf(p, "viewBox", "0 0 %.0f %.0f", PG_CHART_W, PG_CHART_H);
    pg_attrf(p, "width", "%.0f", PG_CHART_W);
    pg_attrf(p, "height", "%.0f", PG_CHART_H);
    pg_attr(p, "role", "img");
    pg_attr(p, "font-family", "Noto Sans, DejaVu Sans, sans-serif");
    pg_elem(p, "title", "Posts over time");
    /* the axis: steps of 1, 2 or 5 times a power of ten, at most 5 of them */
    {
        long pow10 = 1;

        while (max / pow10 > 50)
            pow10 *= 10;
        tick = max / pow10 > 25   ? 10 * pow10
               : max / pow10 > 10 ? 5 * pow10
               : max / pow10 > 5  ? 2 * pow10
                                  : pow10;
        top = max > 0 ? (max + tick - 1) / tick * tick : 1;
    }
    yscale = ph / (double)top;
    for (v = 0; v <= top; v += tick) {
        double y = y0 + ph - (double)v * yscale;
        char lab[32];

        pg_open(p, "line");
        pg_attrf(p, "x1", "%.1f", x0);
        pg_attrf(p, "x2", "%.1f", x0 + pw);
        pg_attrf(p, "y1", "%.1f", y);
        pg_attrf(p, "y2", "%.1f", y);
        pg_attr(p, "stroke", "#dddddd");
        pg_close(p);
        svg_text(p, x0 - 6, y + 4, "end", pg_count(v, lab, sizeof lab));
    }
    bw = pw / (double)nb;
    for (b = 0; b < nb; b++) {
        double y = y0 + ph;
        long tot = count[b][0] + count[b][1] + count[b][2];
        char when[32], tip[160];

        if (tot == 0)
            continue;
        pg_fmt_utc(start + (int64_t)b * step, 0, when, sizeof when);
        pg_open(p, "g");
        pg_attr(p, "class", "bar");
        if (p->has_roles)
            snprintf(tip, sizeof tip, "%s %s: %ld posts (%ld by teachers, %ld by %s)",
                     step == PG_DAY ? "" : "From", when, tot, count[b][0],
                     count[b][1] + count[b][2], in_series[1] ? "students and others" : "others");
        else
            snprintf(tip, sizeof tip, "%s %s: %ld post%s", step == PG_DAY ? "" : "From", when,
                     tot, tot == 1 ? "" : "s");
        pg_elem(p, "title", tip[0] == ' ' ? tip + 1 : tip);
        for (s = 0; s < 3; s++) {
            double h = (double)count[b][s] * yscale;

            if (count[b][s] == 0)
                continue;
            y -= h;
            pg_open(p, "rect");
            pg_attrf(p, "x", "%.2f", x0 + (double)b * bw + (bw > 3 ? 0.5 : 0));
            pg_attrf(p, "y", "%.2f", y);
            pg_attrf(p, "width", "%.2f", bw > 3 ? bw - 1 : bw);
            pg_attrf(p, "height", "%.2f", h);
            pg_attr(p, "fill", series_colour[s]);
            pg_close(p);
        }
        pg_close(p);
    }
    {
        char a[32], z[32];

        pg_fmt_utc(start, 0, a, sizeof a);
        pg_fmt_utc(start + (int64_t)(nb - 1) * step, 0, z, sizeof z);
        svg_text(p, x0, y0 + ph + 18, "start", a);
        if (nb > 1)
            svg_text(p, x0 + pw, y0 + ph + 18, "end", z);
    }
    /* the legend: the roles that posted */
    if (p->has_roles) {
        double x = x0;

        for (s = 0; s < 3; s++) {
            const char *name = s < 2 ? series_name[s]
                                     : in_series[1] ? "no role given" : "everyone else";

            if (!in_series[s])
                continue;

            pg_open(p, "rect");
            pg_attrf(p, "x", "%.1f", x);
            pg_attrf(p, "y", "%.1f", PG_CHART_H - 22);
            pg_attr(p, "width", "12");
            pg_attr(p, "height", "12");
            pg_attr(p, "fill", series_colour[s]);
            pg_close(p);
            svg_text(p, x + 18, PG_CHART_H - 12, "start", name);
            x += 160;
        }
    }
    pg_close(p); /* svg */
    pg_open(p, "figcaption");
    pg_textf(p, "Posts over time (%s). Each bar is one period; its height is the number of posts "
                "written then.", pg_zone(p));
    pg_close(p);
    pg_close(p);
    free(count);
}

/* ---- the section ---- */
void pg_who_whom(pg_page *p)
{
    tg_render_options_t ro;
    size_t i, nthreads;

    pg_section(p, "who-whom", "4. Who replies to whom");
    matrix(p);
    tg_render_options_init(&ro);
    ro.seed = p->an->seed ? p->an->seed : 1;
    ro.source = p->opt->title;
    ro.tz = p->opt->tz;
    pg_elem(p, "h3", "The reply network");
    embed(p, TG_CHART_NETWORK, &ro, 1,
          "Each circle is a person (a square is a teacher); an arrow from one person to another means the first replied "
          "to the second, and the thicker the arrow, the more replies. Hover over a circle or "
          "an arrow for its numbers.");
    nthreads = p->nthreads < (p->big ? TG_PAGE_THREADS_BIG : TG_PAGE_THREADS)
                   ? p->nthreads
                   : (p->big ? TG_PAGE_THREADS_BIG : TG_PAGE_THREADS);
    for (i = 0; i < nthreads; i++) {
        int32_t t = p->thread_order[i];
        int tips = p->thread_comments[t] <= TG_RENDER_THREAD_MAX;
        const char *name = p->ds->thread_title && p->ds->thread_title[t] &&
                                   *p->ds->thread_title[t]
                               ? p->ds->thread_title[t]
                               : p->ds->thread_id[t];

        pg_open(p, "h3");
        pg_attr(p, "class", "thread");
        pg_text(p, "Discussion \u201c");
        pg_elem(p, "bdi", name);
        pg_textf(p, "\u201d (%ld comments)", p->thread_comments[t]);
        pg_close(p);
        if (!tips) {
            pg_open(p, "p");
            pg_attr(p, "class", "note");
            pg_textf(p, "This discussion has more than %d comments: the charts show the first "
                        "%d, without a tooltip on each comment.",
                     TG_RENDER_THREAD_MAX, TG_RENDER_THREAD_MAX);
            pg_close(p);
        }
        ro.thread = t;
        embed(p, TG_CHART_TREE, &ro, tips,
              "The reply tree: the opening post at the top, each comment below the one it "
              "answers. Long branches are long exchanges.");
        embed(p, TG_CHART_TIMELINE, &ro, tips,
              "The same discussion over time: time runs left to right, and each reply sits one "
              "row below the comment it answers.");
    }
    if (p->nthreads > nthreads) {
        pg_open(p, "p");
        pg_attr(p, "class", "note");
        pg_textf(p, "Trees and timelines are shown for the %zu largest of %zu discussions; "
                    "`threadgraph render tree --thread ID` draws any other.",
                 nthreads, p->nthreads);
        pg_close(p);
    }
    ro.thread = -1;
    over_time(p);
    if (pg_weeks(p))
        embed(p, TG_CHART_COMPARE_NETWORK, &ro, 1,
              "Who replied to whom in each week: every person stays in the same place in every "
              "panel, so you can see who joins in, who drops out and where the replies go.");
    pg_elem(p, "h3", "Places");
    if (p->ds->nlocations == 0) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "No post gives a location, so there is no chart of places.");
        pg_close(p);
    } else if (p->opt->pseudonymize && !p->opt->keep_locations) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "Locations are hidden with the names.");
        pg_close(p);
    } else
        embed(p, TG_CHART_LOCATIONS, &ro, 1,
              "Replies between the places people gave: the thicker the arrow, the more replies "
              "went from one place to the other.");
    pg_close(p);
}
