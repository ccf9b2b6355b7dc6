/* render_internal.h - what the render files share: colours and styles, the
 * drawing layer (a canvas with two backends, cairo for PNG/PDF and our own
 * SVG writer), text measured with pango, boxes for placing labels, the
 * chart frame (title, legend, notes, footer), axis ticks, the graph drawing
 * of the network charts with its force layout, and the chart jobs.  A new
 * chart is one chart_<kind>.c and one entry in render.c's table.  Each
 * section names the file that defines it; numbers and dates are formatted
 * by core (format.c).
 *
 * Units are CSS pixels (1/96 inch) with y growing downwards; PNG scales
 * them by dpi/96, PDF by 72/96 (points). */
#ifndef TG_RENDER_INTERNAL_H
#define TG_RENDER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/analysis.h"
#include "threadgraph/version.h"
#include "threadgraph/render.h"
#include "core_internal.h"

/* ---- colours and styles (style.c) ---- */
typedef uint32_t tg_rgb; /* 0xRRGGBB */

#define TG_WHITE 0xFFFFFFu
#define TG_INK 0x222222u      /* text */
#define TG_MUTED 0x666666u    /* secondary text, axes */
#define TG_RULE 0xDDDDDDu     /* grid lines, rulers */
#define TG_ANON 0x9E9E9Eu     /* anonymous comments: a grey ring ... */
#define TG_ANON_FILL 0xEEEEEEu /* ... around a light grey dot */
#define TG_OTHER 0x6B7B8Cu    /* named authors beyond the palette */
#define TG_ACCENT 0xD55E00u   /* back-and-forth pairs (Okabe-Ito vermillion) */
#define TG_BLUE 0x0072B2u     /* Okabe-Ito blue */
#define TG_SKY 0x56B4E9u      /* Okabe-Ito sky blue */
#define TG_EDGE 0x8C8C8Cu     /* ordinary links */

/* Okabe-Ito colours (safe for the common colour-vision deficiencies),
 * without black, in the order authors get them. */
#define TG_PALETTE_N 7
extern const tg_rgb tg_palette[TG_PALETTE_N];
/* A darker shade of c (for outlines). */
tg_rgb tg_rgb_darker(tg_rgb c, double f);

typedef struct tg_style {
    tg_rgb fill;
    double fill_op;   /* opacity of the fill; 0: no fill */
    tg_rgb stroke;
    double stroke_op; /* opacity of the stroke; 0: no stroke */
    double width;     /* stroke width */
    double dash;      /* dash length; 0: solid */
} tg_style;

tg_style tg_fill(tg_rgb c);
tg_style tg_stroke(tg_rgb c, double width);
/* The dot of a comment by user (-1: anonymous) of radius r. */
tg_style tg_author_style(const tg_rgb *colour, int32_t user, double r);

/* ---- paths: a few segments, no allocation (canvas.c) ---- */
#define TG_PATH_MAX 24
typedef struct tg_path {
    int n;
    int overflow;
    struct {
        char op; /* 'M', 'L', 'C', 'Z' */
        double x[3], y[3];
    } seg[TG_PATH_MAX];
} tg_path;

void tg_path_init(tg_path *p);
void tg_path_move(tg_path *p, double x, double y);
void tg_path_line(tg_path *p, double x, double y);
void tg_path_curve(tg_path *p, double x1, double y1, double x2, double y2, double x, double y);
void tg_path_close(tg_path *p);

/* ---- text measuring (pango; text.c) ---- */
typedef struct tg_measure tg_measure;

typedef struct tg_font {
    double size; /* pixels */
    int bold;
} tg_font;

tg_status_t tg_measure_new(tg_measure **out, tg_error_t *err);
void tg_measure_free(tg_measure *m);
/* Width of s in font f. */
double tg_text_width(tg_measure *m, const char *s, tg_font f);
/* The font's ascent and descent (of its primary face), for boxes and rows. */
void tg_font_metrics(tg_measure *m, tg_font f, double *ascent, double *descent);
/* s on one line (control characters become spaces) if it fits in maxw,
 * else its longest prefix (whole graphemes) that fits with a trailing
 * ellipsis; "" when not even the ellipsis fits.
 * Returns a new string (caller frees) or NULL when out of memory. */
char *tg_text_fit(tg_measure *m, const char *s, tg_font f, double maxw);
/* Break s into at most maxlines lines of at most maxw (pango's word
 * wrapping, any script); the last line is shortened with an ellipsis when
 * text remains.  *lines gets new strings (free with tg_lines_free).
 * Returns the number of lines, -1 when out of memory. */
int tg_text_wrap(tg_measure *m, const char *s, tg_font f, double maxw, int maxlines,
                 char ***lines);
void tg_lines_free(char **lines, int n);
/* The measurer's one pango layout, holding s in font f (for the cairo
 * backend; valid until the next measuring call). */
struct _PangoLayout;
struct _PangoLayout *tg_measure_layout(tg_measure *m, const char *s, tg_font f);

/* ---- canvas: the drawing layer (canvas.c, canvas_cairo.c, canvas_svg.c) ---- */
typedef enum tg_anchor { TG_ANCHOR_START = 0, TG_ANCHOR_MIDDLE, TG_ANCHOR_END } tg_anchor;

#define TG_TEXT_HALO 0x1u /* a white outline under the letters */

typedef struct tg_text_style {
    tg_font font;
    tg_rgb color;
    tg_anchor anchor;
    unsigned flags;
    double angle;     /* degrees, clockwise on the page, about (x, y) */
    const char *cls;  /* SVG class, or NULL */
} tg_text_style;

/* (style.c) */
tg_text_style tg_text(double size, int bold, tg_rgb color, tg_anchor anchor);

/* A group: in SVG a <g> with a class, an id, data-source/data-target and a
 * <title> tooltip (every field may be NULL); cairo ignores groups. */
typedef struct tg_group {
    const char *cls;
    const char *id;
    const char *tooltip;
    const char *source;
    const char *target;
} tg_group;

typedef struct tg_canvas tg_canvas;

typedef struct tg_canvas_ops {
    void (*group_begin)(tg_canvas *c, const tg_group *g);
    void (*group_end)(tg_canvas *c);
    void (*rect)(tg_canvas *c, double x, double y, double w, double h, const tg_style *s);
    void (*circle)(tg_canvas *c, double cx, double cy, double r, const tg_style *s);
    void (*path)(tg_canvas *c, const tg_path *p, const tg_style *s);
    /* s at baseline y; x is where the anchor says */
    void (*text)(tg_canvas *c, double x, double y, const char *s, const tg_text_style *t);
    tg_status_t (*finish)(tg_canvas *c, tg_error_t *err);
    void (*destroy)(tg_canvas *c);
} tg_canvas_ops;

struct tg_canvas {
    const tg_canvas_ops *ops;
    tg_measure *m;
    double width, height;
};

/* What a canvas is opened with. */
typedef struct tg_page {
    const char *path;
    unsigned format;     /* one TG_IMAGE_* */
    double width, height;
    double dpi;          /* PNG */
    const char *title;   /* SVG <title>, PDF title */
    const char *desc;    /* SVG <desc>, PDF subject */
    int64_t date;        /* PDF creation date (the data's), TG_TIME_NONE: the epoch */
    tg_buf *mem;         /* SVG: appended to this buffer instead of written to path */
} tg_page;

tg_status_t tg_canvas_open(const tg_page *page, tg_measure *m, tg_canvas **out, tg_error_t *err);
tg_status_t tg_canvas_cairo_open(const tg_page *page, tg_measure *m, tg_canvas **out,
                                 tg_error_t *err);
tg_status_t tg_canvas_svg_open(const tg_page *page, tg_measure *m, tg_canvas **out,
                               tg_error_t *err);
/* Write the file; the canvas stays to be freed. */
tg_status_t tg_canvas_finish(tg_canvas *c, tg_error_t *err);
void tg_canvas_free(tg_canvas *c);

void tg_draw_group(tg_canvas *c, const tg_group *g);
void tg_draw_end(tg_canvas *c);
void tg_draw_rect(tg_canvas *c, double x, double y, double w, double h, const tg_style *s);
void tg_draw_circle(tg_canvas *c, double cx, double cy, double r, const tg_style *s);
void tg_draw_path(tg_canvas *c, const tg_path *p, const tg_style *s);
void tg_draw_line(tg_canvas *c, double x0, double y0, double x1, double y1, const tg_style *s);
void tg_draw_text(tg_canvas *c, double x, double y, const char *s, const tg_text_style *t);
/* A straight arrow from (x0,y0) to (x1,y1), its head (length head) ending
 * at (x1,y1); drawn as one filled path of stroke colour and width. */
void tg_draw_arrow(tg_canvas *c, double x0, double y0, double x1, double y1, double head,
                   const tg_style *s);
/* A quadratic-looking arc bowing to the left of the direction by bend
 * (pixels), with an arrowhead at its end. */
void tg_draw_arc_arrow(tg_canvas *c, double x0, double y0, double x1, double y1, double bend,
                       double head, const tg_style *s);

/* For the SVG writer and its tests: s XML-escaped into b (& < > " ' as
 * entities; control characters, U+FFFE, U+FFFF and invalid UTF-8 become
 * U+FFFD).  Returns 0, -1 when out of memory. */
int tg_xml_escape(tg_buf *b, const char *s);

/* ---- boxes: what is drawn where, for placing labels without overlap (boxes.c) ---- */
typedef struct tg_box {
    double x0, y0, x1, y1;
} tg_box;

typedef struct tg_boxes {
    tg_box *b;
    size_t n, cap;
    double w, h;     /* the area */
    /* a uniform grid over the boxes: cell lists of box indexes */
    double cell;
    int cols, rows;
    size_t **cells;
    size_t *ncell, *capcell;
} tg_boxes;

/* A set of boxes over the area [0,w] x [0,h] (others are clipped to it). */
int tg_boxes_init(tg_boxes *bs, double w, double h, double cell);
void tg_boxes_release(tg_boxes *bs);
int tg_boxes_add(tg_boxes *bs, tg_box b);
/* Does b overlap a box of the set (or leave the area)? */
int tg_boxes_hit(const tg_boxes *bs, tg_box b);

/* ---- the frame of every chart: title, subtitle, plot, legend, notes, footer (frame.c) ---- */
typedef enum tg_swatch {
    TG_SW_NONE = 0,
    TG_SW_DOT,    /* a filled circle of radius size */
    TG_SW_LINE,   /* a line of width size */
    TG_SW_ARROW,  /* an arrow of width size */
    TG_SW_BAR     /* a filled square */
} tg_swatch;

typedef struct tg_legend_item {
    tg_swatch kind;
    tg_style style;
    double size;
    char *text;
} tg_legend_item;

typedef struct tg_legend_row {
    char *heading;
    tg_legend_item *items;
    size_t n;
} tg_legend_row;

typedef struct tg_frame {
    tg_measure *m;
    double width;           /* the whole chart */
    double margin;
    char *title, *subtitle;
    tg_legend_row *rows;
    size_t nrows;
    char **notes;
    size_t nnotes;
    char *footer;           /* "Data: ... · dates" */
    /* set by tg_frame_layout */
    double height;
    double plot_x, plot_y, plot_w, plot_h;
    int status;             /* -1 after an allocation failed */
    void *lines;            /* the wrapped title, subtitle and notes */
} tg_frame;

void tg_frame_init(tg_frame *f, tg_measure *m, double width);
void tg_frame_release(tg_frame *f);
void tg_frame_title(tg_frame *f, const char *title, const char *subtitle);
void tg_frame_note(tg_frame *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The footer: source, the date range [first, last] (TG_TIME_NONE: unknown). */
/* zone: the zone first and last are shown in (NULL: UTC). */
void tg_frame_footer(tg_frame *f, const char *source, int64_t first, int64_t last,
                     const char *zone);
/* Height of the header (title and subtitle) for the frame's width. */
double tg_frame_header_height(tg_frame *f);
/* Place everything around a plot of plot_h pixels; sets height and plot_*. */
void tg_frame_layout(tg_frame *f, double plot_h);
/* Draw what tg_frame_layout placed; f->status becomes -1 when an
 * allocation failed. */
void tg_frame_draw(tg_frame *f, tg_canvas *c);

/* ---- the legend: rows of the frame (legend.c) ---- */
/* Start a legend row with a bold heading ("Colour:"), then add items. */
void tg_frame_row(tg_frame *f, const char *heading);
void tg_frame_item(tg_frame *f, tg_swatch kind, const tg_style *style, double size,
                   const char *text);
/* The legend row "Colour = author:" for those colours; others: named
 * authors outside the palette are drawn; anon: anonymous ones are. */
void tg_legend_authors(tg_frame *f, const tg_dataset_t *ds, const tg_rgb *colour,
                       const int32_t *rank, size_t nrank, int others, int anon);
/* For frame.c: flow the rows from y (the top of the first), drawing them
 * when c is not NULL; returns the y below them.  Release frees them. */
double tg_legend_flow(tg_frame *f, tg_canvas *c, double y);
void tg_legend_release(tg_frame *f);

/* ---- axis ticks (ticks.c) ---- */
/* Nice axis ticks from lo to the first tick at or above hi: first tick,
 * step, count. */
void tg_nice_ticks(double lo, double hi, int want, double *first, double *step, int *n);

/* ---- a weighted directed graph: the network and location charts (graph.c) ---- */
typedef struct tg_gnode {
    double value;        /* circle area follows it */
    const char *name;    /* label (borrowed) */
    int label_rank;      /* labels are placed by rank, lowest first; -1: none */
    char *tip;           /* tooltip (owned) */
    char id[24];         /* SVG id */
    double x, y, r;      /* after layout: [0,1]; after fit: pixels */
    tg_rgb fill;         /* with has_fill: this node's colour instead of the graph's */
    int has_fill;
} tg_gnode;

typedef struct tg_gedge {
    int32_t from, to;    /* node indexes; from == to: a loop */
    long weight;         /* arrow width follows it */
    int accent;          /* drawn in the accent colour */
    int curved;          /* the reverse arrow is drawn too: both bow apart */
    char *tip;           /* tooltip (owned) */
} tg_gedge;

typedef struct tg_glabel {
    char *text;
    double x, y;
} tg_glabel;

typedef struct tg_graph {
    tg_gnode *nodes;
    size_t n;
    tg_gedge *edges;
    size_t m;
    tg_rgb node_fill;
    int edge_counts;     /* write each arrow's weight on it, where it fits */
    /* set by layout and fit */
    double max_value, r_max;
    long max_weight;
    tg_glabel *label;    /* n node labels, then m arrow labels */
    size_t labels_wanted, labels_shown;
} tg_graph;

void tg_graph_release(tg_graph *g);
/* Seeded force-directed positions in [0,1]^2; sets the scales. */
tg_status_t tg_graph_layout(tg_graph *g, uint64_t seed, tg_error_t *err);
/* Into the plot box: radii, separated circles, labels that fit.  -1 when
 * out of memory. */
int tg_graph_fit(tg_graph *g, tg_measure *m, double x, double y, double w, double h);
void tg_graph_draw(tg_graph *g, tg_canvas *c);
double tg_graph_radius(const tg_graph *g, double value);
double tg_graph_width(const tg_graph *g, long weight);
/* The legend rows for circle area and arrow width, in the words given. */
void tg_graph_legend(tg_frame *f, const tg_graph *g, const char *size_words,
                     const char *width_words);
void tg_graph_arrow(tg_canvas *c, double xa, double ya, double ra, double xb, double yb,
                    double rb, int curved, const tg_style *s);
void tg_graph_loop(tg_canvas *c, double x, double y, double r, double size, const tg_style *s);

/* ---- charts (chart_<kind>.c; the table in render.c) ---- */
typedef struct tg_chart_job {
    const tg_dataset_t *ds;
    const tg_analysis_t *an;     /* NULL for charts that do not need it */
    const int32_t *depth;        /* per comment */
    const tg_render_options_t *opt;
    int32_t thread;              /* tree, timeline: the thread; depths: -1 for all */
    tg_measure *m;
    const char *path;
    unsigned format;
    const tg_compare_t *cmp;     /* the compare charts: the periods (ds may be NULL) */
    tg_buf *mem;                 /* SVG into memory (tg_render_chart_svg), or NULL */
} tg_chart_job;

typedef struct tg_chart_def {
    tg_chart_t kind;
    const char *name;
    int per_thread;              /* drawn for one thread */
    int needs_analysis;
    tg_status_t (*draw)(const tg_chart_job *job, tg_error_t *err);
} tg_chart_def;

/* The compare charts are drawn from job->cmp, and not by tg_render_all. */
#define TG_CHART_IS_COMPARE(kind) ((kind) == TG_CHART_COMPARE || (kind) == TG_CHART_COMPARE_NETWORK)

extern const tg_chart_def tg_chart_tree_def;
extern const tg_chart_def tg_chart_timeline_def;
extern const tg_chart_def tg_chart_network_def;
extern const tg_chart_def tg_chart_locations_def;
extern const tg_chart_def tg_chart_top_users_def;
extern const tg_chart_def tg_chart_depths_def;
extern const tg_chart_def tg_chart_compare_def;
extern const tg_chart_def tg_chart_compare_network_def;

/* ---- what every chart does (chart_job.c) ---- */
/* The data source for the footer: job->opt->source or a default. */
const char *tg_job_source(const tg_chart_job *job);
/* Time range of all comments (thread < 0) or of one thread's. */
void tg_time_range(const tg_dataset_t *ds, int32_t thread, int64_t *first, int64_t *last);
/* The footer: the data source and the date range of the comments of
 * thread (-1: all); *last gets the latest time (TG_TIME_NONE: none). */
void tg_job_footer(const tg_chart_job *job, tg_frame *f, int32_t thread, int64_t *last);
/* Once the frame is laid out for the last time: fails (out of memory) when
 * an allocation of the frame failed; else opens the job's canvas of
 * w x f->height with its <title>, <desc> and (PDF) date, and draws the
 * frame on it.  *c gets the canvas (NULL on failure), for tg_job_end. */
tg_status_t tg_job_begin(const tg_chart_job *job, tg_frame *f, double w, const char *title,
                         const char *desc, int64_t date, tg_canvas **c, tg_error_t *err);
/* The end of every chart: when rc is TG_OK, writes the canvas's file (out
 * of memory when the frame failed to draw); then frees the canvas (may be
 * NULL) and releases the frame.  Returns rc or what writing returned. */
tg_status_t tg_job_end(tg_canvas *c, tg_frame *f, tg_status_t rc, tg_error_t *err);


#endif
