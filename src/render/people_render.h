/* people_render.h - how the charts draw people (people_style.c): one
 * colour per person, by the person's rank in the whole dataset, from a
 * palette of TG_PEOPLE_PALETTE_N colours; teachers as squares, everyone
 * else as circles; times shown in the zone of opt->tz.  (A header of its
 * own until render_internal.h is open again after issue 12.) */
#ifndef TG_PEOPLE_RENDER_H
#define TG_PEOPLE_RENDER_H

#include "render_internal.h"

#define TG_PEOPLE_PALETTE_N 14
extern const tg_rgb tg_people_palette[TG_PEOPLE_PALETTE_N];

/* colour[u] for every user: the palette colour of the user's rank (most
 * comments in ds first; ties: byte order of the name), TG_OTHER beyond
 * it.  rank[] (TG_PEOPLE_PALETTE_N entries) lists the coloured users.
 * -1 when out of memory. */
int tg_person_colours(const tg_dataset_t *ds, tg_rgb *colour, int32_t *rank, size_t *nrank);
/* Is user u a teacher? */
int tg_is_teacher(const tg_dataset_t *ds, int32_t u);
/* A person's mark at (x, y) of radius r: a square for a teacher (of the
 * same area as the circle, a little larger to be seen), else a circle. */
void tg_draw_person(tg_canvas *c, const tg_dataset_t *ds, int32_t u, double x, double y, double r,
                    const tg_style *s);
/* The legend rows for people: "Colour = person:" with the coloured people
 * that are drawn (present[u] set), the other named ones and anonymous
 * ones when drawn; and "Shape:" circle = student, square = teacher when
 * a teacher is drawn. */
void tg_legend_people(tg_frame *f, const tg_dataset_t *ds, const tg_rgb *colour,
                      const int32_t *rank, size_t nrank, const unsigned char *present,
                      int others, int anon);
/* The time t as shown: moved into opt->tz (UTC when none). */
int64_t tg_shown_time(const tg_render_options_t *opt, int64_t t);
/* The zone's name for the charts' words: opt->tz or "UTC". */
const char *tg_shown_zone(const tg_render_options_t *opt);

/* graph.c: tg_graph_draw with a fill per node (NULL: g->node_fill) and
 * squares for the nodes whose square[] is set (NULL: none). */
void tg_graph_draw_people(tg_graph *g, tg_canvas *c, const tg_rgb *fill,
                          const unsigned char *square);

#endif
