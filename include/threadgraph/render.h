/* render.h - charts of a dataset and its analysis, as PNG, SVG or PDF.
 *
 * Six charts: a thread's reply tree and its timeline, the user reply
 * network, location flows, the most-replied users and the depth histogram.
 * Each is drawn once through one small drawing layer (src/render/) by two
 * backends: cairo for PNG and PDF, and threadgraph's own SVG writer (real
 * <text>, a class and a <title> tooltip on every comment, user and reply).
 * Text is laid out with pango for both, so any script comes out right.
 *
 * Same dataset, analysis and options: byte-identical SVG and PDF.  The
 * only date inside a file is the data's own (the PDF creation date is the
 * last comment's time).
 *
 * Thread safety: charts lay out through igraph (analysis.h): draw one at a
 * time in the process.  Each call writes one file (or a folder's files) and
 * allocates nothing that outlives it, but for tg_render_file_stem's result. */
#ifndef THREADGRAPH_RENDER_H
#define THREADGRAPH_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/analysis.h"
#include "threadgraph/error.h"
#include "threadgraph/results.h"
#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tg_chart {
    TG_CHART_TREE = 0,   /* one thread: the reply tree (Reingold-Tilford) */
    TG_CHART_TIMELINE,   /* one thread: time across, depth down */
    TG_CHART_NETWORK,    /* who replies to whom (force-directed, seeded) */
    TG_CHART_LOCATIONS,  /* replies between declared locations */
    TG_CHART_TOP_USERS,  /* bar chart of the most-replied users */
    TG_CHART_DEPTHS,     /* histogram of comment depths */
    TG_CHART_COMPARE,    /* the compare measures across periods (line panels) */
    TG_CHART_COMPARE_NETWORK, /* one reply-network panel per period, people in fixed places */
    TG_CHART_COUNT
} tg_chart_t;

/* Output formats; tg_render_all takes a set of them. */
#define TG_IMAGE_PNG 0x1u
#define TG_IMAGE_SVG 0x2u
#define TG_IMAGE_PDF 0x4u

/* ---- limits (docs/charts.md) ----
 * A tree or timeline draws at most TG_RENDER_THREAD_MAX comments of its
 * thread: the first ones in reply order (a depth-first walk from the
 * thread, replies in input order), so every drawn reply has its parent.
 * The network draws at most TG_RENDER_NETWORK_USERS users (those with most
 * replies received and given) and TG_RENDER_NETWORK_EDGES of the reply
 * links between them (each user's heaviest, then the heaviest of the
 * rest); the locations chart at most
 * TG_RENDER_LOCATIONS locations and TG_RENDER_FLOWS flows; compare-network
 * at most TG_RENDER_COMPARE_PANELS panels (the periods with most comments)
 * and TG_RENDER_COMPARE_PEOPLE people (those who wrote most and got most
 * replies in them); compare at most TG_RENDER_COMPARE_PERIODS periods
 * (those with most comments).  Every chart that leaves something out says so in its
 * notes. */
#define TG_RENDER_THREAD_MAX 2000
#define TG_RENDER_NETWORK_USERS 100
#define TG_RENDER_NETWORK_EDGES 200
#define TG_RENDER_LOCATIONS 40
#define TG_RENDER_FLOWS 120
#define TG_RENDER_COMPARE_PANELS 24
#define TG_RENDER_COMPARE_PEOPLE 40
#define TG_RENDER_COMPARE_PERIODS 400  /* compare: the periods with most comments */
#define TG_RENDER_TOP_MAX 100          /* --top is at most this */
#define TG_RENDER_TOP_DEFAULT 20
#define TG_RENDER_DPI_DEFAULT 192.0    /* PNG: twice the 96 dpi of a screen */
#define TG_RENDER_DPI_MIN 24.0
#define TG_RENDER_DPI_MAX 600.0
#define TG_RENDER_PNG_SIDE 4096        /* at the default dpi, the pixels of a PNG's longer side at most */
#define TG_RENDER_THREADS_DEFAULT 10   /* tg_render_all: threads with a tree and a timeline */
#define TG_RENDER_STEM_MAX 64          /* bytes of a file name made from a thread id */

typedef struct tg_render_options {
    int32_t thread;       /* tree, timeline: thread index (-1: the thread with most
                           * comments); depths: only this thread (-1: all) */
    size_t top;           /* top-users: bars; network: labelled users (default 20) */
    double dpi;           /* PNG resolution (default 192: 2x); SVG and PDF are vector */
    uint64_t seed;        /* layout seed of the network and locations (default 1) */
    const char *source;   /* data source named in the footer (borrowed), or NULL */
    /* tg_render_all only */
    size_t max_threads;   /* threads with a tree and a timeline (default 10) */
    unsigned formats;     /* TG_IMAGE_* set (default PNG and SVG) */
    /* network: TG_COLOUR_REPLIES (default: one colour) or TG_COLOUR_COMMUNITY
     * (each commenter in the colour of their community, with a legend) */
    int colour;
    const char *tz;       /* zone of the times shown (NULL: UTC; see timezone.h) */
} tg_render_options_t;

#define TG_COLOUR_REPLIES 0
#define TG_COLOUR_COMMUNITY 1

void tg_render_options_init(tg_render_options_t *opt);

/* The chart's name as the CLI spells it ("tree", ..., "top-users", "depths"). */
const char *tg_chart_name(tg_chart_t chart);
/* The chart named name; TG_ERR_USAGE naming the choices when there is none. */
tg_status_t tg_chart_parse(const char *name, tg_chart_t *chart, tg_error_t *err);
/* Does the chart need the analysis (network, locations, top-users)?  The
 * others draw from the dataset alone when no analysis is given. */
int tg_chart_needs_analysis(tg_chart_t chart);

/* The format of a file name: .png, .svg or .pdf (any case); TG_ERR_USAGE
 * otherwise. */
tg_status_t tg_render_format_of(const char *path, unsigned *format, tg_error_t *err);

/* The index of the thread whose id is id; TG_ERR_USAGE when none has it. */
tg_status_t tg_render_find_thread(const tg_dataset_t *ds, const char *id, int32_t *thread,
                                  tg_error_t *err);

/* Draw one chart into the file path (format from its name).  ds was loaded
 * with TG_LOAD_IDS; an is its analysis, or NULL for the charts that do not
 * need one.  A dataset without comments still gives a chart that says so. */
tg_status_t tg_render_chart(tg_chart_t chart, const tg_dataset_t *ds, const tg_analysis_t *an,
                            const tg_render_options_t *opt, const char *path, tg_error_t *err);

/* Write every chart into the folder outdir (created when missing, one
 * level), in each of opt->formats:
 *   network.EXT, locations.EXT (only when a comment has a location; an
 *   earlier locations.EXT is removed otherwise), top-users.EXT, depths.EXT,
 *   and for the
 *   opt->max_threads threads with most comments (ties: input order)
 *   tree-NN-STEM.EXT and timeline-NN-STEM.EXT, NN the thread's rank (01 =
 *   largest) and STEM its id made safe by tg_render_file_stem().
 * an is required.  Existing files of those names are replaced.  opt may be
 * NULL (defaults). */
tg_status_t tg_render_all(const tg_dataset_t *ds, const tg_analysis_t *an, const char *outdir,
                          const tg_render_options_t *opt, tg_error_t *err);

/* A file-name stem made from a thread id, written into out (outsz bytes,
 * at least 2): ASCII letters, digits, '-', '_' and '.' are kept, every other
 * byte becomes '_'; no "..", no leading '.', at most TG_RENDER_STEM_MAX
 * bytes (and outsz - 1); "thread" when nothing is left.  Returns out. */
char *tg_render_file_stem(const char *id, char *out, size_t outsz);

/* The cairo and pango libraries in use, e.g. "1.16.0" (static). */
const char *tg_render_cairo_version(void);
const char *tg_render_pango_version(void);
/* The compare charts (TG_CHART_COMPARE, TG_CHART_COMPARE_NETWORK) of cmp
 * into path (tg_render_chart draws them too, from ds by ISO week in opt->tz).
 * Uses igraph (the network layout): not beside other igraph work. */
tg_status_t tg_render_compare(tg_chart_t chart, const tg_compare_t *cmp,
                              const tg_render_options_t *opt, const char *path, tg_error_t *err);
/* Both compare charts into outdir, as compare.EXT and compare-network.EXT
 * for each format of opt->formats. */
tg_status_t tg_render_compare_all(const tg_compare_t *cmp, const char *outdir,
                                  const tg_render_options_t *opt, tg_error_t *err);
/* Draw one chart as SVG into memory: *svg gets a new NUL-terminated string
 * (caller frees) of *len bytes.  Otherwise as tg_render_chart. */
tg_status_t tg_render_chart_svg(tg_chart_t chart, const tg_dataset_t *ds, const tg_analysis_t *an,
                                const tg_render_options_t *opt, char **svg, size_t *len,
                                tg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
