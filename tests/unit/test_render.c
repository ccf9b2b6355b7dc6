/* test_render.c - the charts: every chart of the seed and of a generated
 * 2,000-comment thread as PNG, SVG and PDF; the tree's SVG parsed with
 * libxml2 (one node and one edge per comment, the root, the title, labels
 * that are the authors' names and overlap nothing); PNG sizes; a hostile
 * name escaped; the same bytes twice; a 2,500-comment thread cut to 2,000;
 * a 50,000-user network cut to its strongest part; every chart into a
 * folder with safe file names; empty data and bad requests.
 *
 * The generated data come from a small generator below (a fixed LCG), so
 * the test needs nothing outside the repository. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "threadgraph/threadgraph.h"
#include "render/render_internal.h"

#define HOSTILE "<script>alert(1)</script>"

/* cairo 1.16 leaks 768 bytes in its PDF font subsetter for CFF faces such
 * as Noto Sans CJK, and the generated names include Chinese.  ASan's fast
 * unwinder cannot tell that leak from one of ours (tests/lsan.supp), and
 * the full one makes this test six times slower; so the sanitizer build
 * draws the generated data as PNG and SVG only.  The normal build draws
 * every format, and the seed's PDFs are drawn in both. */
#ifdef __SANITIZE_ADDRESS__
#define GENERATED_PDF 0
#else
#define GENERATED_PDF 1
#endif

static char tmpdir[256];

static const char *tmp(const char *name)
{
    static char buf[8][1024];
    static int k;

    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[1024];

    if (!d)
        return;
    while ((e = readdir(d))) {
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            rm_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long len;

    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = 0;
    fclose(f);
    *n = (size_t)len;
    return buf;
}

/* ---- data: the seed, and generated threads ---- */
typedef struct data {
    tg_store_t *store;
    tg_dataset_t ds;
    tg_analysis_t an;
} data;

static void load(data *d, const char *file, const char *dbname)
{
    tg_import_options_t io;
    tg_import_report_t rep;
    tg_error_t err;

    tg_error_clear(&err);
    tg_dataset_init(&d->ds);
    tg_analysis_init(&d->an);
    unlink(tmp(dbname));
    if (tg_store_open(tmp(dbname), TG_STORE_CREATE, &d->store, &err))
        fail_msg("open: %s", err.message);
    tg_import_options_init(&io);
    tg_import_report_init(&rep);
    if (tg_import_file(d->store, file, &io, &rep, &err))
        fail_msg("import %s: %s", file, err.message);
    tg_import_report_destroy(&rep);
    if (tg_store_load(d->store, TG_LOAD_IDS, &d->ds, &err) ||
        tg_analyze(&d->ds, NULL, &d->an, &err))
        fail_msg("load: %s", err.message);
}

static void unload(data *d)
{
    tg_analysis_destroy(&d->an);
    tg_dataset_destroy(&d->ds);
    tg_store_close(d->store);
}

static uint64_t rng_state;

static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

static const char *const special_names[] = {
    "Alice", "Bob", "Олег Петров", "محمد", "李小龙", "Zoë 🦊", HOSTILE, "Ünal", "Τάσος",
    "Mariana", "dave", "eve_99", "Jo, \"the\" Quoter",
};
#define NSPECIAL (sizeof special_names / sizeof special_names[0])
#define NUSERS 300

static const char *const places[] = { "London", "Москва", "القاهرة", "東京", "New York",
                                      "Dublin", "",        "Paris",  "São Paulo" };

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A CSV of nthreads threads with the given ids and sizes: replies mostly to
 * the newest comment or a recent one, a quarter top-level; authors skewed
 * towards the first names, 5% anonymous; times rising by 1 s to 4 min. */
static void gen_csv(const char *path, const char *const *ids, const size_t *sizes,
                    size_t nthreads, uint64_t seed)
{
    FILE *f = fopen(path, "w");
    size_t t, i;
    long next = 1;
    int64_t time0 = 1418230000;

    assert_non_null(f);
    rng_state = seed;
    fprintf(f, "id,parent_id,author,thread_id,location,timestamp\n");
    for (t = 0; t < nthreads; t++) {
        long first = next;
        int64_t tm = time0 + (int64_t)t * 3600;

        for (i = 0; i < sizes[t]; i++, next++) {
            long parent = 0;
            uint32_t u = rnd() % 100;
            char name[32];
            const char *author;
            size_t ui;

            tm += 1 + rnd() % 240;
            if (i > 0 && u >= 25)
                parent = u < 62 ? next - 1 : next - 1 - (long)(rnd() % (i < 30 ? i : 30));
            if (parent && parent < first)
                parent = first;
            /* skewed: index = NUSERS * r^3 */
            {
                double r = (rnd() % 10000) / 10000.0;

                ui = (size_t)(NUSERS * r * r * r);
            }
            if (rnd() % 100 < 5) {
                author = "";
            } else if (ui < NSPECIAL) {
                author = special_names[ui];
            } else {
                snprintf(name, sizeof name, "user%03zu", ui);
                author = name;
            }
            fprintf(f, "%ld,", next);
            if (parent)
                fprintf(f, "%ld", parent);
            fputc(',', f);
            csv_field(f, author);
            fputc(',', f);
            csv_field(f, ids[t]);
            fputc(',', f);
            csv_field(f, *author ? places[ui % (sizeof places / sizeof places[0])] : "");
            fprintf(f, ",%lld\n", (long long)tm);
        }
    }
    fclose(f);
}

/* ---- SVG inspection ---- */
typedef struct svg {
    xmlDocPtr doc;
    double width, height;
} svg;

static void svg_open(svg *s, const char *path)
{
    xmlNodePtr root;
    xmlChar *w, *h;

    s->doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (!s->doc)
        fail_msg("%s is not well-formed XML", path);
    root = xmlDocGetRootElement(s->doc);
    assert_string_equal((const char *)root->name, "svg");
    w = xmlGetProp(root, BAD_CAST "width");
    h = xmlGetProp(root, BAD_CAST "height");
    assert_non_null(w);
    assert_non_null(h);
    s->width = atof((const char *)w);
    s->height = atof((const char *)h);
    xmlFree(w);
    xmlFree(h);
}

static void svg_close(svg *s)
{
    xmlFreeDoc(s->doc);
}

static int has_class(xmlNodePtr n, const char *cls)
{
    xmlChar *c = xmlGetProp(n, BAD_CAST "class");
    int yes = 0;

    if (c) {
        /* a class list: whole words */
        const char *p = (const char *)c;
        size_t len = strlen(cls);

        while (*p) {
            while (*p == ' ')
                p++;
            if (strncmp(p, cls, len) == 0 && (p[len] == ' ' || p[len] == '\0'))
                yes = 1;
            while (*p && *p != ' ')
                p++;
        }
        xmlFree(c);
    }
    return yes;
}

typedef void (*visit_fn)(xmlNodePtr n, void *ctx);

static void walk(xmlNodePtr n, visit_fn fn, void *ctx)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) {
            fn(n, ctx);
            walk(n->children, fn, ctx);
        }
}

typedef struct counter {
    const char *cls;
    size_t n;
} counter;

static void count_one(xmlNodePtr n, void *ctx)
{
    counter *k = ctx;

    k->n += (size_t)has_class(n, k->cls);
}

static size_t count_class(svg *s, const char *cls)
{
    counter k = { cls, 0 };

    walk(xmlDocGetRootElement(s->doc), count_one, &k);
    return k.n;
}

static xmlNodePtr child_named(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

static double prop_num(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    double d;

    assert_non_null(v);
    d = atof((const char *)v);
    xmlFree(v);
    return d;
}

/* what the checks below collect */
typedef struct seen {
    const tg_dataset_t *ds;
    size_t nodes, edges, roots, labels, nlabels_cap;
    char **node_ids;          /* ids of the nodes */
    size_t nnode_ids;
    char **edge_src, **edge_dst;
    size_t nedges_seen;
    tg_box *label_box;        /* page boxes of the labels */
    double *cx, *cy, *r;      /* the nodes' circles */
    size_t ncircles;
    tg_measure *m;
    double label_size;
    int names_by_user;        /* node ids are u<user>, else c<comment> */
} seen;

static char *xdup(xmlChar *s)
{
    char *r = strdup(s ? (const char *)s : "");

    xmlFree(s);
    return r;
}

static void on_element(xmlNodePtr n, void *ctx)
{
    seen *sn = ctx;

    if (has_class(n, "node")) {
        char *id = xdup(xmlGetProp(n, BAD_CAST "id"));
        xmlNodePtr title = child_named(n, "title"), circle = child_named(n, "circle");
        xmlNodePtr text = child_named(n, "text");

        sn->nodes++;
        assert_non_null(title); /* every node has a tooltip */
        sn->node_ids = realloc(sn->node_ids, (sn->nnode_ids + 1) * sizeof *sn->node_ids);
        sn->node_ids[sn->nnode_ids++] = strdup(id);
        if (circle) {
            sn->cx = realloc(sn->cx, (sn->ncircles + 1) * sizeof *sn->cx);
            sn->cy = realloc(sn->cy, (sn->ncircles + 1) * sizeof *sn->cy);
            sn->r = realloc(sn->r, (sn->ncircles + 1) * sizeof *sn->r);
            sn->cx[sn->ncircles] = prop_num(circle, "cx");
            sn->cy[sn->ncircles] = prop_num(circle, "cy");
            sn->r[sn->ncircles] = prop_num(circle, "r");
            sn->ncircles++;
        }
        if (text && has_class(text, "label")) {
            char *label = xdup(xmlNodeGetContent(text));
            long idx = atol(id + 1);
            const char *expect;
            tg_font f = { sn->label_size, 0 };
            double asc, desc, x = prop_num(text, "x"), y = prop_num(text, "y");
            double w = tg_text_width(sn->m, label, f);

            if (sn->names_by_user) {
                assert_true(idx >= 0 && (size_t)idx < sn->ds->nusers);
                expect = sn->ds->user_name[idx];
            } else {
                assert_true(idx >= 0 && (size_t)idx < sn->ds->ncomments);
                expect = sn->ds->author[idx];
            }
            /* the label is the name, or its beginning and an ellipsis */
            if (strcmp(label, expect) != 0) {
                size_t ll = strlen(label);

                assert_true(ll > 3 && strcmp(label + ll - 3, "\xE2\x80\xA6") == 0);
                assert_memory_equal(label, expect, ll - 3);
            }
            tg_font_metrics(sn->m, f, &asc, &desc);
            sn->label_box = realloc(sn->label_box, (sn->labels + 1) * sizeof *sn->label_box);
            sn->label_box[sn->labels] = (tg_box){ x, y - asc, x + w, y + desc };
            sn->labels++;
            free(label);
        }
        free(id);
    }
    if (has_class(n, "edge")) {
        sn->edges++;
        sn->edge_src = realloc(sn->edge_src, (sn->nedges_seen + 1) * sizeof *sn->edge_src);
        sn->edge_dst = realloc(sn->edge_dst, (sn->nedges_seen + 1) * sizeof *sn->edge_dst);
        sn->edge_src[sn->nedges_seen] = xdup(xmlGetProp(n, BAD_CAST "data-source"));
        sn->edge_dst[sn->nedges_seen] = xdup(xmlGetProp(n, BAD_CAST "data-target"));
        sn->nedges_seen++;
    }
    if (has_class(n, "root"))
        sn->roots++;
}

static int overlap(tg_box a, tg_box b)
{
    const double e = 0.01;

    return a.x0 + e < b.x1 && b.x0 + e < a.x1 && a.y0 + e < b.y1 && b.y0 + e < a.y1;
}

static int is_node_id(const seen *sn, const char *id)
{
    size_t i;

    for (i = 0; i < sn->nnode_ids; i++)
        if (strcmp(sn->node_ids[i], id) == 0)
            return 1;
    return 0;
}

/* Walk the SVG, check the tooltips and labels, and that no label overlaps
 * another label or a circle or leaves the page. */
static void inspect(svg *s, seen *sn, const tg_dataset_t *ds, double label_size, int by_user)
{
    size_t i, k;
    tg_error_t err;

    memset(sn, 0, sizeof *sn);
    sn->ds = ds;
    sn->label_size = label_size;
    sn->names_by_user = by_user;
    assert_int_equal(tg_measure_new(&sn->m, &err), TG_OK);
    walk(xmlDocGetRootElement(s->doc), on_element, sn);
    for (i = 0; i < sn->labels; i++) {
        tg_box a = sn->label_box[i];

        if (!(a.x0 >= 0 && a.y0 >= 0 && a.x1 <= s->width && a.y1 <= s->height))
            fail_msg("label %zu (%.2f %.2f %.2f %.2f) leaves the %.0f x %.0f page", i, a.x0, a.y0,
                     a.x1, a.y1, s->width, s->height);
        for (k = i + 1; k < sn->labels; k++)
            if (overlap(a, sn->label_box[k]))
                fail_msg("labels %zu and %zu overlap", i, k);
        for (k = 0; k < sn->ncircles; k++) {
            tg_box c = { sn->cx[k] - sn->r[k], sn->cy[k] - sn->r[k], sn->cx[k] + sn->r[k],
                         sn->cy[k] + sn->r[k] };

            if (overlap(a, c))
                fail_msg("label %zu overlaps circle %zu", i, k);
        }
    }
}

static void seen_free(seen *sn)
{
    size_t i;

    for (i = 0; i < sn->nnode_ids; i++)
        free(sn->node_ids[i]);
    for (i = 0; i < sn->nedges_seen; i++) {
        free(sn->edge_src[i]);
        free(sn->edge_dst[i]);
    }
    free(sn->node_ids);
    free(sn->edge_src);
    free(sn->edge_dst);
    free(sn->label_box);
    free(sn->cx);
    free(sn->cy);
    free(sn->r);
    tg_measure_free(sn->m);
}

/* The tree's structure: one node per drawn comment, one edge into each, from
 * its parent node or from the root. */
static void check_tree(svg *s, const tg_dataset_t *ds, size_t expect_nodes, size_t expect_labels)
{
    seen sn;
    size_t i, k;
    xmlNodePtr root = xmlDocGetRootElement(s->doc), title = child_named(root, "title");
    xmlNodePtr desc = child_named(root, "desc");
    char *t;

    assert_non_null(title);
    assert_non_null(desc);
    t = xdup(xmlNodeGetContent(title));
    assert_non_null(strstr(t, "Reply tree"));
    free(t);
    t = xdup(xmlNodeGetContent(desc));
    assert_true(strlen(t) > 20);
    free(t);
    inspect(s, &sn, ds, 11, 0);
    assert_int_equal(sn.nodes, expect_nodes);
    assert_int_equal(sn.edges, expect_nodes);
    assert_int_equal(sn.roots, 1);
    for (i = 0; i < sn.nedges_seen; i++) {
        assert_true(is_node_id(&sn, sn.edge_dst[i]));
        assert_true(strcmp(sn.edge_src[i], "root") == 0 || is_node_id(&sn, sn.edge_src[i]));
        /* each node is the target of exactly one edge */
        for (k = i + 1; k < sn.nedges_seen; k++)
            assert_string_not_equal(sn.edge_dst[i], sn.edge_dst[k]);
        /* and the source is the comment's parent (or the root for a top-level one) */
        {
            long c = atol(sn.edge_dst[i] + 1);

            if (ds->parent[c] >= 0) {
                char want[32];

                snprintf(want, sizeof want, "c%ld", (long)ds->parent[c]);
                assert_string_equal(sn.edge_src[i], want);
            } else {
                assert_string_equal(sn.edge_src[i], "root");
            }
        }
    }
    if (expect_labels != (size_t)-1)
        assert_int_equal(sn.labels, expect_labels);
    else
        assert_true(sn.labels > 0);
    seen_free(&sn);
}

static void png_size(const char *path, unsigned *w, unsigned *h)
{
    size_t n;
    unsigned char *b = slurp(path, &n);

    assert_true(n > 24);
    assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    *w = ((unsigned)b[16] << 24) | ((unsigned)b[17] << 16) | ((unsigned)b[18] << 8) | b[19];
    *h = ((unsigned)b[20] << 24) | ((unsigned)b[21] << 16) | ((unsigned)b[22] << 8) | b[23];
    free(b);
}

static void render_ok(tg_chart_t chart, const data *d, const tg_render_options_t *opt,
                      const char *path)
{
    tg_error_t err;

    tg_error_clear(&err);
    if (tg_render_chart(chart, &d->ds, &d->an, opt, path, &err) != TG_OK)
        fail_msg("%s -> %s: %s", tg_chart_name(chart), path, err.message);
}

/* Every chart in every format; PNG dimensions are twice the SVG's, or
 * (a chart whose PNG would pass TG_RENDER_PNG_SIDE pixels a side) as many
 * whole dpi as keep it within, never under 96.  Returns how many PNGs were
 * kept within. */
static int all_formats(const data *d, const char *prefix, int with_pdf)
{
    tg_render_options_t opt;
    int c, capped = 0;

    tg_render_options_init(&opt);
    opt.source = "test data";
    for (c = 0; c < TG_CHART_COUNT; c++) {
        char name[3][128];
        const char *ext[3] = { "png", "svg", "pdf" };
        int k;
        svg s;
        unsigned w, h;
        size_t n;
        unsigned char *pdf;

        for (k = 0; k < (with_pdf ? 3 : 2); k++) {
            snprintf(name[k], sizeof name[k], "%s-%s.%s", prefix, tg_chart_name(c), ext[k]);
            render_ok(c, d, &opt, tmp(name[k]));
        }
        svg_open(&s, tmp(name[1]));
        png_size(tmp(name[0]), &w, &h);
        {
            double sw = ceil(s.width - 1e-6), sh = ceil(s.height - 1e-6), dpi = 192;

            if (fmax(sw, sh) * 2 > TG_RENDER_PNG_SIDE) {
                dpi = fmax(96, floor(96.0 * TG_RENDER_PNG_SIDE / fmax(sw, sh)));
                capped++;
                assert_true(w <= TG_RENDER_PNG_SIDE && h <= TG_RENDER_PNG_SIDE);
            }
            assert_int_equal(w, (unsigned)ceil(sw * dpi / 96 - 1e-6));
            assert_int_equal(h, (unsigned)ceil(sh * dpi / 96 - 1e-6));
        }
        assert_true(s.width >= 960 && s.height > 200);
        svg_close(&s);
        if (!with_pdf)
            continue;
        pdf = slurp(tmp(name[2]), &n);
        assert_true(n > 1000);
        assert_memory_equal(pdf, "%PDF-", 5);
        free(pdf);
    }
    return capped;
}

/* ---- tests ---- */
static void test_stems(void **state)
{
    char out[TG_RENDER_STEM_MAX + 1], small[8], big[300];
    int i, k;

    (void)state;
    assert_string_equal(tg_render_file_stem("2i0000", out, sizeof out), "2i0000");
    assert_string_equal(tg_render_file_stem("a/b\\c", out, sizeof out), "a_b_c");
    assert_string_equal(tg_render_file_stem("../../etc/passwd", out, sizeof out),
                        "_._.__etc_passwd");
    assert_string_equal(tg_render_file_stem("..", out, sizeof out), "_.");
    assert_string_equal(tg_render_file_stem(".hidden", out, sizeof out), "_hidden");
    assert_string_equal(tg_render_file_stem("", out, sizeof out), "thread");
    assert_string_equal(tg_render_file_stem("Ünal's thread", out, sizeof out), "__nal_s_thread");
    assert_string_equal(tg_render_file_stem("abcdefghijk", small, sizeof small), "abcdefg");
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(strlen(tg_render_file_stem(big, out, sizeof out)), TG_RENDER_STEM_MAX);
    /* random bytes never give a path separator, "..", or a leading dot */
    rng_state = 7;
    for (i = 0; i < 2000; i++) {
        char in[40];

        for (k = 0; k < 39; k++)
            in[k] = (char)(1 + rnd() % 255);
        in[39] = 0;
        if (i % 3 == 0)
            memcpy(in, "../", 3);
        tg_render_file_stem(in, out, sizeof out);
        assert_null(strchr(out, '/'));
        assert_null(strstr(out, ".."));
        assert_true(out[0] != '.' && out[0] != 0);
    }
}

static void test_xml_escape(void **state)
{
    tg_buf b = TG_BUF_INIT;

    (void)state;
    assert_int_equal(tg_xml_escape(&b, HOSTILE), 0);
    assert_string_equal(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;");
    tg_buf_reset(&b);
    tg_xml_escape(&b, "a&b\"c'd");
    assert_string_equal(b.data, "a&amp;b&quot;c&apos;d");
    tg_buf_reset(&b);
    tg_xml_escape(&b, "x\x01y\xffz\xC3\xA9\xEF\xBF\xBF");
    assert_string_equal(b.data, "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xC3\xA9\xEF\xBF\xBD");
    tg_buf_reset(&b);
    tg_xml_escape(&b, "tab\tnl\n");
    assert_string_equal(b.data, "tab&#9;nl&#10;");
    tg_buf_release(&b);
}

static void test_text(void **state)
{
    tg_measure *m;
    tg_error_t err;
    tg_font f = { 12, 0 };
    char *s, **lines;
    int n, i;
    double w;

    (void)state;
    assert_int_equal(tg_measure_new(&m, &err), TG_OK);
    w = tg_text_width(m, "Antikapitalista", f);
    assert_true(w > 50 && w < 150);
    /* bold is wider, a bigger size wider still */
    assert_true(tg_text_width(m, "Antikapitalista", (tg_font){ 12, 1 }) > w);
    assert_true(tg_text_width(m, "Antikapitalista", (tg_font){ 24, 0 }) > 1.9 * w);
    /* any script has a width */
    assert_true(tg_text_width(m, "李小龙", f) > 20);
    assert_true(tg_text_width(m, "محمد", f) > 10);
    s = tg_text_fit(m, "Antikapitalista", f, 1000);
    assert_string_equal(s, "Antikapitalista");
    free(s);
    s = tg_text_fit(m, "Antikapitalista", f, 45);
    assert_true(strlen(s) > 3 && strcmp(s + strlen(s) - 3, "\xE2\x80\xA6") == 0);
    assert_true(tg_text_width(m, s, f) <= 45);
    assert_memory_equal(s, "Anti", 4);
    free(s);
    s = tg_text_fit(m, "two\nlines\t", f, 1000);
    assert_string_equal(s, "two lines ");
    free(s);
    s = tg_text_fit(m, "Zoë 🦊 and friends", f, 40);
    assert_true(tg_text_width(m, s, f) <= 40);
    free(s);
    n = tg_text_wrap(m,
                     "Russia's Chief Of Staff: U.S. Provided Financial, Technical Aid To IS, "
                     "and a great many more words than fit on two short lines of text",
                     f, 200, 2, &lines);
    assert_int_equal(n, 2);
    for (i = 0; i < n; i++)
        assert_true(tg_text_width(m, lines[i], f) <= 200);
    assert_non_null(strstr(lines[1], "\xE2\x80\xA6"));
    tg_lines_free(lines, n);
    n = tg_text_wrap(m, "short", f, 200, 2, &lines);
    assert_int_equal(n, 1);
    assert_string_equal(lines[0], "short");
    tg_lines_free(lines, n);
    tg_measure_free(m);
}

static void test_seed(void **state)
{
    data d;
    svg s;
    seen sn;
    char path[64];

    (void)state;
    load(&d, TG_TEST_DATA "/newspage/rferl-gerasimov-comments.txt", "seed.db");
    assert_int_equal(all_formats(&d, "seed", 1), 0);
    /* the tree: 14 nodes and edges, every comment labelled with its author */
    svg_open(&s, tmp("seed-tree.svg"));
    check_tree(&s, &d.ds, 14, 14);
    svg_close(&s);
    /* the network: 5 commenters with links, the back-and-forth pair drawn twice */
    svg_open(&s, tmp("seed-network.svg"));
    inspect(&s, &sn, &d.ds, 12, 1);
    assert_int_equal(sn.nodes, 5);
    assert_int_equal(sn.edges, 5);
    assert_int_equal(sn.labels, 5);
    assert_int_equal(count_class(&s, "pair"), 2);
    seen_free(&sn);
    svg_close(&s);
    /* top users: a node per commenter who got a reply */
    svg_open(&s, tmp("seed-top-users.svg"));
    assert_int_equal(count_class(&s, "node"), 6);
    svg_close(&s);
    /* depths: bars of 7, 4 and 3 */
    svg_open(&s, tmp("seed-depths.svg"));
    assert_int_equal(count_class(&s, "bar"), 3);
    svg_close(&s);
    /* a chosen dpi: 96 gives the SVG's own size */
    {
        tg_render_options_t opt;
        unsigned w, h;
        svg t;

        tg_render_options_init(&opt);
        opt.dpi = 96;
        snprintf(path, sizeof path, "seed-tree-96.png");
        render_ok(TG_CHART_TREE, &d, &opt, tmp(path));
        png_size(tmp(path), &w, &h);
        svg_open(&t, tmp("seed-tree.svg"));
        assert_int_equal(w, (unsigned)ceil(t.width - 1e-6));
        svg_close(&t);
    }
    unload(&d);
}

/* The same input and seed: the same bytes (SVG and PDF). */
static void test_deterministic(void **state)
{
    data d;
    tg_render_options_t opt;
    const tg_chart_t charts[] = { TG_CHART_TREE, TG_CHART_NETWORK, TG_CHART_LOCATIONS };
    size_t i, k;

    (void)state;
    load(&d, TG_TEST_DATA "/newspage/rferl-gerasimov-comments.txt", "det.db");
    tg_render_options_init(&opt);
    for (i = 0; i < sizeof charts / sizeof charts[0]; i++)
        for (k = 0; k < 2; k++) {
            const char *ext = k ? "pdf" : "svg";
            char a[64], b[64];
            size_t na, nb;
            unsigned char *x, *y;

            snprintf(a, sizeof a, "det-a-%s.%s", tg_chart_name(charts[i]), ext);
            snprintf(b, sizeof b, "det-b-%s.%s", tg_chart_name(charts[i]), ext);
            render_ok(charts[i], &d, &opt, tmp(a));
            render_ok(charts[i], &d, &opt, tmp(b));
            x = slurp(tmp(a), &na);
            y = slurp(tmp(b), &nb);
            assert_int_equal(na, nb);
            assert_memory_equal(x, y, na);
            if (k) /* the PDF is dated from the data (its last comment), not from today */
                assert_non_null(memmem(x, na, "/CreationDate (20141214", 23));
            free(x);
            free(y);
        }
    unload(&d);
}

static void test_generated(void **state)
{
    data d;
    svg s;
    const char *ids[1] = { "big-thread" };
    size_t sizes[1] = { 2000 };
    size_t n;
    unsigned char *raw;

    (void)state;
    gen_csv(tmp("big.csv"), ids, sizes, 1, 42);
    load(&d, tmp("big.csv"), "big.db");
    assert_int_equal(d.ds.ncomments, 2000);
    /* the tree of 2,000 comments is wider than a PNG may be at 192 dpi */
    assert_int_equal(all_formats(&d, "big", GENERATED_PDF), 1);
    svg_open(&s, tmp("big-tree.svg"));
    check_tree(&s, &d.ds, 2000, (size_t)-1);
    svg_close(&s);
    /* the hostile name is there, escaped: text, not markup */
    raw = slurp(tmp("big-tree.svg"), &n);
    assert_non_null(strstr((char *)raw, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr((char *)raw, "<script"));
    free(raw);
    raw = slurp(tmp("big-network.svg"), &n);
    assert_null(strstr((char *)raw, "<script"));
    free(raw);
    {
        seen sn;

        svg_open(&s, tmp("big-network.svg"));
        inspect(&s, &sn, &d.ds, 12, 1);
        assert_true(sn.nodes > 20 && sn.nodes <= TG_RENDER_NETWORK_USERS);
        assert_true(sn.edges <= TG_RENDER_NETWORK_EDGES);
        assert_true(sn.labels >= 10);
        seen_free(&sn);
        svg_close(&s);
    }
    unload(&d);
}

/* A thread longer than TG_RENDER_THREAD_MAX is cut, and the chart says so. */
static void test_cut_tree(void **state)
{
    data d;
    svg s;
    const char *ids[1] = { "long" };
    size_t sizes[1] = { 2500 };
    tg_render_options_t opt;
    size_t n;
    unsigned char *raw;

    (void)state;
    gen_csv(tmp("long.csv"), ids, sizes, 1, 3);
    load(&d, tmp("long.csv"), "long.db");
    tg_render_options_init(&opt);
    render_ok(TG_CHART_TREE, &d, &opt, tmp("long-tree.svg"));
    render_ok(TG_CHART_TIMELINE, &d, &opt, tmp("long-timeline.svg"));
    svg_open(&s, tmp("long-tree.svg"));
    assert_int_equal(count_class(&s, "node"), TG_RENDER_THREAD_MAX);
    assert_int_equal(count_class(&s, "edge"), TG_RENDER_THREAD_MAX);
    svg_close(&s);
    raw = slurp(tmp("long-tree.svg"), &n);
    assert_non_null(strstr((char *)raw, "Showing the first 2,000 of 2,500 comments"));
    free(raw);
    svg_open(&s, tmp("long-timeline.svg"));
    assert_int_equal(count_class(&s, "node"), TG_RENDER_THREAD_MAX);
    svg_close(&s);
    unload(&d);
}

/* 50,000 users and 200,000 links: the network draws its strongest part. */
static void test_huge_network(void **state)
{
    enum { U = 50000, E = 200000 };
    tg_dataset_t ds;
    tg_analysis_t an;
    char (*names)[16] = calloc(U, sizeof *names);
    const char **np = calloc(U, sizeof *np);
    tg_render_options_t opt;
    tg_error_t err;
    size_t i, k, n;
    svg s;
    unsigned char *raw;

    (void)state;
    tg_dataset_init(&ds);
    tg_analysis_init(&an);
    for (i = 0; i < U; i++) {
        snprintf(names[i], sizeof names[i], "u%05zu", i);
        np[i] = names[i];
    }
    ds.nusers = U;
    ds.user_name = np;
    an.users = calloc(U, sizeof *an.users);
    an.edges = calloc(E, sizeof *an.edges);
    rng_state = 99;
    /* sorted by (from, to): four links from each user to distinct others */
    for (i = 0, k = 0; i < U; i++) {
        int32_t to[4];
        int j, a, b;

        for (j = 0; j < 4; j++) {
            /* skewed targets: the first users get most replies */
            double r = (rnd() % 10000) / 10000.0;

            to[j] = (int32_t)(U * r * r * r);
            if ((size_t)to[j] == i)
                to[j] = (int32_t)((i + 1) % U);
        }
        for (a = 1; a < 4; a++)
            for (b = a; b > 0 && to[b] < to[b - 1]; b--) {
                int32_t t = to[b];

                to[b] = to[b - 1];
                to[b - 1] = t;
            }
        for (j = 0; j < 4; j++) {
            if (j && to[j] == to[j - 1]) {
                an.edges[k - 1].weight++;
                continue;
            }
            an.edges[k].from = (int32_t)i;
            an.edges[k].to = to[j];
            an.edges[k].weight = 1 + rnd() % 3;
            an.users[to[j]].replies_received += an.edges[k].weight;
            an.users[i].replies_given += an.edges[k].weight;
            k++;
        }
        an.users[i].in_network = 1;
        an.users[i].comments = 4;
    }
    an.nedges = k;
    tg_render_options_init(&opt);
    tg_error_clear(&err);
    assert_int_equal(tg_render_chart(TG_CHART_NETWORK, &ds, &an, &opt, tmp("huge.svg"), &err),
                     TG_OK);
    assert_int_equal(tg_render_chart(TG_CHART_NETWORK, &ds, &an, &opt, tmp("huge.png"), &err),
                     TG_OK);
    assert_int_equal(tg_render_chart(TG_CHART_TOP_USERS, &ds, &an, &opt, tmp("huge-top.svg"),
                                     &err),
                     TG_OK);
    svg_open(&s, tmp("huge.svg"));
    assert_true(count_class(&s, "node") <= TG_RENDER_NETWORK_USERS);
    assert_true(count_class(&s, "node") > 50);
    assert_true(count_class(&s, "edge") <= TG_RENDER_NETWORK_EDGES);
    svg_close(&s);
    raw = slurp(tmp("huge.svg"), &n);
    assert_non_null(strstr((char *)raw, "The strongest part of a large network"));
    assert_non_null(strstr((char *)raw, "of 50,000 commenters"));
    free(raw);
    svg_open(&s, tmp("huge-top.svg"));
    assert_int_equal(count_class(&s, "node"), TG_RENDER_TOP_DEFAULT);
    svg_close(&s);
    free(an.users);
    free(an.edges);
    an.users = NULL;
    an.edges = NULL;
    free(names);
    free(np);
}

/* Every chart into a folder: the fixed names, one tree and timeline per
 * thread up to the limit, thread ids made safe. */
/* ---- compare-network: more periods and people than it draws ---- */
enum { CN_PERIODS = 30, CN_PEOPLE = 150 };

typedef struct cn_seen {
    char drawn[CN_PEOPLE];   /* a person's dot or an end of an arrow */
    size_t persons, arrows;
} cn_seen;

static int cn_person(const char *name)
{
    int k;

    assert_true(sscanf(name, "person%3d", &k) == 1 && k >= 0 && k < CN_PEOPLE);
    return k;
}

static void cn_visit(xmlNodePtr n, void *ctx)
{
    cn_seen *sn = ctx;

    if (has_class(n, "person")) {
        xmlNodePtr t = child_named(n, "title");
        xmlChar *tip = t ? xmlNodeGetContent(t) : NULL;

        assert_non_null(tip);
        sn->drawn[cn_person((const char *)tip)] = 1;
        sn->persons++;
        xmlFree(tip);
    } else if (has_class(n, "arrow")) {
        xmlChar *a = xmlGetProp(n, BAD_CAST "data-source"), *b = xmlGetProp(n, BAD_CAST "data-target");

        assert_non_null(a);
        assert_non_null(b);
        sn->drawn[cn_person((const char *)a)] |= 2;
        sn->drawn[cn_person((const char *)b)] |= 2;
        sn->arrows++;
        xmlFree(a);
        xmlFree(b);
    }
}

static int cn_by_activity(const void *x, const void *y)
{
    const long *a = x, *b = y;

    /* {activity, person}: most active first, then by name (= number) */
    if (a[0] != b[0])
        return a[0] > b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

static void test_compare_network_cap(void **state)
{
    tg_compare_t cmp;
    tg_render_options_t opt;
    tg_error_t err;
    long comments[CN_PERIODS], order[CN_PERIODS], act[CN_PEOPLE][2];
    char shown[CN_PERIODS] = { 0 }, top[CN_PEOPLE] = { 0 };
    cn_seen sn;
    svg s;
    size_t i, j, n;
    unsigned char *raw;

    (void)state;
    tg_compare_init(&cmp, TG_BY_WEEK);
    cmp.rows = calloc(CN_PERIODS, sizeof *cmp.rows);
    assert_non_null(cmp.rows);
    cmp.nrows = cmp.cap = CN_PERIODS;
    cmp.ndatabases = 1;
    for (i = 0; i < CN_PEOPLE; i++) {
        act[i][0] = 0;
        act[i][1] = (long)i;
    }
    for (i = 0; i < CN_PERIODS; i++) {
        tg_compare_row_t *r = &cmp.rows[i];
        char buf[32];

        snprintf(buf, sizeof buf, "2024-W%02zu", i + 1);
        r->database = strdup("");
        r->period = strdup(buf);
        r->start = r->first_time = 1704067200 + (int64_t)i * 7 * 86400;
        r->last_time = r->start + 86400;
        r->comments = comments[i] = 100 + (long)((i * 37) % CN_PERIODS) * 10;
        /* people whose number is not a multiple of 3 after the period's shift */
        r->names = calloc(CN_PEOPLE, sizeof *r->names);
        r->teacher = calloc(CN_PEOPLE, 1);
        r->wrote = calloc(CN_PEOPLE, sizeof *r->wrote);
        r->edges = calloc(CN_PEOPLE, sizeof *r->edges);
        assert_true(r->database && r->period && r->names && r->teacher && r->wrote && r->edges);
        for (j = 0; j < CN_PEOPLE; j++) {
            if ((i + j) % 3 == 0)
                continue;
            snprintf(buf, sizeof buf, "person%03zu", j);
            r->names[r->nnames] = strdup(buf);
            r->wrote[r->nnames] = 1 + (long)((i * 7 + j * 13) % 9);
            r->people++;
            r->nnames++;
        }
        /* each replies to the next of the period */
        for (j = 0; j + 1 < r->nnames; j++) {
            r->edges[r->nedges].from = (int32_t)j;
            r->edges[r->nedges].to = (int32_t)(j + 1);
            r->edges[r->nedges++].weight = 1 + (long)(j % 4);
        }
    }
    /* the panels expected: the 24 periods with most comments */
    for (i = 0; i < CN_PERIODS; i++)
        order[i] = (long)i;
    for (i = 1; i < CN_PERIODS; i++)
        for (j = i; j > 0 && comments[order[j]] > comments[order[j - 1]]; j--) {
            long t = order[j];

            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (i = 0; i < TG_RENDER_COMPARE_PANELS; i++)
        shown[order[i]] = 1;
    /* the people expected: most comments written and replies received in those */
    for (i = 0; i < CN_PERIODS; i++) {
        const tg_compare_row_t *r = &cmp.rows[i];

        if (!shown[i])
            continue;
        for (j = 0; j < r->nnames; j++)
            act[cn_person(r->names[j])][0] += r->wrote[j];
        for (j = 0; j < r->nedges; j++)
            act[cn_person(r->names[r->edges[j].to])][0] += r->edges[j].weight;
    }
    qsort(act, CN_PEOPLE, sizeof act[0], cn_by_activity);
    for (i = 0; i < TG_RENDER_COMPARE_PEOPLE; i++)
        top[act[i][1]] = 1;

    tg_render_options_init(&opt);
    tg_error_clear(&err);
    if (tg_render_compare(TG_CHART_COMPARE_NETWORK, &cmp, &opt, tmp("cap-cn.svg"), &err))
        fail_msg("compare-network: %s", err.message);
    if (tg_render_compare(TG_CHART_COMPARE_NETWORK, &cmp, &opt, tmp("cap-cn.png"), &err))
        fail_msg("compare-network: %s", err.message);
    svg_open(&s, tmp("cap-cn.svg"));
    assert_int_equal(count_class(&s, "panel"), TG_RENDER_COMPARE_PANELS);
    memset(&sn, 0, sizeof sn);
    walk(xmlDocGetRootElement(s.doc), cn_visit, &sn);
    /* exactly the 40 busiest are drawn, each as a dot somewhere */
    for (i = 0, n = 0; i < CN_PEOPLE; i++) {
        if (sn.drawn[i])
            n++;
        assert_int_equal(!!(sn.drawn[i] & 1), top[i]);
        assert_true(!sn.drawn[i] || top[i]);
    }
    assert_int_equal(n, TG_RENDER_COMPARE_PEOPLE);
    assert_true(sn.arrows > 0 && sn.persons > TG_RENDER_COMPARE_PEOPLE);
    svg_close(&s);
    /* the panels are the busiest periods, in time order, and the notes say so */
    raw = slurp(tmp("cap-cn.svg"), &n);
    raw = realloc(raw, n + 1);
    assert_non_null(raw);
    raw[n] = '\0';
    {
        const char *at = (const char *)raw;

        for (i = 0; i < CN_PERIODS; i++) {
            char id[32];
            const char *hit;

            snprintf(id, sizeof id, "id=\"p%zu\"", i + 1);
            hit = strstr((const char *)raw, id);
            assert_int_equal(hit != NULL, shown[i]);
            if (hit) {
                assert_true(hit > at);
                at = hit;
            }
        }
    }
    assert_non_null(strstr((char *)raw, "only the 40 busiest of the 150 people are drawn"));
    assert_non_null(strstr((char *)raw, "only the 24 with the most comments get a panel, of 30"));
    free(raw);
    tg_compare_destroy(&cmp);
}

static void test_render_all(void **state)
{
    data d;
    const char *ids[3] = { "first", "../../escape/me", "a/b" };
    size_t sizes[3] = { 30, 20, 10 };
    tg_render_options_t opt;
    tg_error_t err;
    const char *expect[] = {
        "network.svg",          "locations.svg",           "top-users.svg",
        "depths.svg",           "tree-01-first.svg",       "timeline-01-first.svg",
        "tree-02-_._.__escape_me.svg", "timeline-02-_._.__escape_me.svg",
    };
    size_t i, nfiles = 0;
    DIR *dir;
    struct dirent *e;
    char outdir[512];

    (void)state;
    gen_csv(tmp("three.csv"), ids, sizes, 3, 5);
    load(&d, tmp("three.csv"), "three.db");
    tg_render_options_init(&opt);
    opt.formats = TG_IMAGE_SVG;
    opt.max_threads = 2;
    snprintf(outdir, sizeof outdir, "%s", tmp("charts"));
    tg_error_clear(&err);
    if (tg_render_all(&d.ds, &d.an, outdir, &opt, &err))
        fail_msg("render all: %s", err.message);
    for (i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        char p[600];
        struct stat st;

        snprintf(p, sizeof p, "%s/%s", outdir, expect[i]);
        if (stat(p, &st) != 0)
            fail_msg("missing %s", expect[i]);
    }
    dir = opendir(outdir);
    assert_non_null(dir);
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.')
            nfiles++;
    closedir(dir);
    assert_int_equal(nfiles, sizeof expect / sizeof expect[0]);
    /* nothing was written outside */
    assert_int_not_equal(access(tmp("escape"), F_OK), 0);
    /* and with PNG too, defaults otherwise */
    tg_render_options_init(&opt);
    assert_int_equal(tg_render_all(&d.ds, &d.an, outdir, &opt, &err), TG_OK);
    assert_int_equal(access(tmp("charts/tree-03-a_b.png"), F_OK), 0);
    unload(&d);
}

/* No comments at all: every chart still draws, and says so. */
static void test_empty(void **state)
{
    tg_dataset_t ds;
    tg_analysis_t an;
    tg_error_t err;
    int c, k;

    (void)state;
    tg_dataset_init(&ds);
    tg_analysis_init(&an);
    assert_int_equal(tg_analyze(&ds, NULL, &an, &err), TG_OK);
    for (c = 0; c < TG_CHART_COUNT; c++)
        for (k = 0; k < 3; k++) {
            char name[64];

            snprintf(name, sizeof name, "empty-%s.%s", tg_chart_name(c),
                     k == 0 ? "png" : k == 1 ? "svg" : "pdf");
            if (tg_render_chart(c, &ds, &an, NULL, tmp(name), &err))
                fail_msg("%s: %s", name, err.message);
        }
    assert_int_equal(tg_render_all(&ds, &an, tmp("empty-all"), NULL, &err), TG_OK);
    tg_analysis_destroy(&an);
}

static void test_errors(void **state)
{
    data d;
    tg_render_options_t opt;
    tg_error_t err;
    tg_chart_t c;
    unsigned fmt;
    int32_t t;

    (void)state;
    load(&d, TG_TEST_DATA "/newspage/rferl-gerasimov-comments.txt", "err.db");
    tg_render_options_init(&opt);
    assert_int_equal(tg_chart_parse("pie", &c, &err), TG_ERR_USAGE);
    assert_int_equal(tg_chart_parse("top-users", &c, &err), TG_OK);
    assert_int_equal(c, TG_CHART_TOP_USERS);
    assert_int_equal(tg_render_format_of("x.PNG", &fmt, &err), TG_OK);
    assert_int_equal(fmt, TG_IMAGE_PNG);
    assert_int_equal(tg_render_format_of("x.jpeg", &fmt, &err), TG_ERR_USAGE);
    assert_int_equal(tg_render_format_of("dir.svg/x", &fmt, &err), TG_ERR_USAGE);
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, &d.an, &opt, tmp("x.gif"), &err),
                     TG_ERR_USAGE);
    assert_int_equal(tg_render_chart(TG_CHART_NETWORK, &d.ds, NULL, &opt, tmp("x.svg"), &err),
                     TG_ERR_USAGE);
    /* tree, timeline and depths draw without the analysis */
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, NULL, &opt, tmp("x.svg"), &err),
                     TG_OK);
    assert_int_equal(tg_render_find_thread(&d.ds, "nope", &t, &err), TG_ERR_USAGE);
    assert_int_equal(tg_render_find_thread(&d.ds, "rferl-gerasimov-comments", &t, &err), TG_OK);
    assert_int_equal(t, 0);
    opt.thread = 5;
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, &d.an, &opt, tmp("x.svg"), &err),
                     TG_ERR_USAGE);
    opt.thread = -1;
    opt.dpi = 5000;
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, &d.an, &opt, tmp("x.png"), &err),
                     TG_ERR_USAGE);
    opt.dpi = TG_RENDER_DPI_DEFAULT;
    opt.top = 0;
    assert_int_equal(tg_render_chart(TG_CHART_TOP_USERS, &d.ds, &d.an, &opt, tmp("x.svg"), &err),
                     TG_ERR_USAGE);
    opt.top = 20;
    /* a folder that does not exist */
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, &d.an, &opt,
                                     tmp("no/such/dir/x.svg"), &err),
                     TG_ERR_IO);
    assert_non_null(strstr(err.message, "x.svg"));
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, &d.an, &opt,
                                     tmp("no/such/dir/x.png"), &err),
                     TG_ERR_IO);
    assert_int_equal(tg_render_chart(TG_CHART_TREE, &d.ds, &d.an, &opt,
                                     tmp("no/such/dir/x.pdf"), &err),
                     TG_ERR_IO);
    unload(&d);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tg-render-test-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (!getenv("TG_KEEP_TEST_FILES"))
        rm_tree(tmpdir);
    xmlCleanupParser();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stems),        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_text),         cmocka_unit_test(test_seed),
        cmocka_unit_test(test_deterministic), cmocka_unit_test(test_generated),
        cmocka_unit_test(test_cut_tree),     cmocka_unit_test(test_huge_network),
        cmocka_unit_test(test_render_all),   cmocka_unit_test(test_empty),
        cmocka_unit_test(test_errors),       cmocka_unit_test(test_compare_network_cap),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
