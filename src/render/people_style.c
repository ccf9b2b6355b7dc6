/* people_style.c - one colour per person on every chart of a dataset, by
 * rank in the whole dataset (so a person keeps the colour from chart to
 * chart), teachers as squares, and times in the zone asked for. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "people_render.h"
#include "threadgraph/timezone.h"

/* Okabe-Ito's seven, then seven of Paul Tol's muted and dark colours that
 * stay apart from them and from the grey of the others */
const tg_rgb tg_people_palette[TG_PEOPLE_PALETTE_N] = {
    0xE69F00u, /* orange */
    0x56B4E9u, /* sky blue */
    0x009E73u, /* bluish green */
    0xF0E442u, /* yellow */
    0x0072B2u, /* blue */
    0xD55E00u, /* vermillion */
    0xCC79A7u, /* reddish purple */
    0x332288u, /* indigo */
    0x882255u, /* wine */
    0x117733u, /* green */
    0x999933u, /* olive */
    0xAA4499u, /* purple */
    0x44AA99u, /* teal */
    0x661100u, /* brown */
};

int tg_person_colours(const tg_dataset_t *ds, tg_rgb *colour, int32_t *rank, size_t *nrank)
{
    long *count = calloc(ds->nusers ? ds->nusers : 1, sizeof *count);
    size_t i, k, top = 0;

    *nrank = 0;
    if (!count)
        return -1;
    for (i = 0; i < ds->nusers; i++)
        colour[i] = TG_OTHER;
    for (i = 0; i < ds->ncomments; i++)
        if (ds->user[i] >= 0)
            count[ds->user[i]]++;
    for (k = 0; k < TG_PEOPLE_PALETTE_N; k++) {
        long best = 0;
        int32_t who = -1;

        for (i = 0; i < ds->nusers; i++)
            if (count[i] > best) {
                best = count[i];
                who = (int32_t)i;
            }
        if (who < 0)
            break;
        rank[top++] = who;
        colour[who] = tg_people_palette[k];
        count[who] = 0;
    }
    *nrank = top;
    free(count);
    return 0;
}

int tg_is_teacher(const tg_dataset_t *ds, int32_t u)
{
    return u >= 0 && ds->user_role && ds->user_role[u] == TG_ROLE_TEACHER;
}

void tg_draw_person(tg_canvas *c, const tg_dataset_t *ds, int32_t u, double x, double y, double r,
                    const tg_style *s)
{
    if (tg_is_teacher(ds, u)) {
        /* a square of the circle's area would look smaller: 1.8 r a side */
        double h = 0.9 * r;

        tg_draw_rect(c, x - h, y - h, 2 * h, 2 * h, s);
    } else {
        tg_draw_circle(c, x, y, r, s);
    }
}

void tg_legend_people(tg_frame *f, const tg_dataset_t *ds, const tg_rgb *colour,
                      const int32_t *rank, size_t nrank, const unsigned char *present,
                      int others, int anon)
{
    tg_font lf = { 12.5, 0 };
    size_t i, shown = 0;
    int teachers = 0;

    for (i = 0; i < ds->nusers; i++)
        if (present[i] && tg_is_teacher(ds, (int32_t)i))
            teachers = 1;
    tg_frame_row(f, "Colour = person:");
    for (i = 0; i < nrank; i++) {
        tg_style s;
        char *name;

        if (!present[rank[i]])
            continue;
        s = tg_author_style(colour, rank[i], 5);
        name = tg_text_fit(f->m, ds->user_name[rank[i]], lf, 180);
        if (!name)
            f->status = -1;
        tg_frame_item(f, tg_is_teacher(ds, rank[i]) ? TG_SW_BAR : TG_SW_DOT, &s, 5,
                      name ? name : "");
        free(name);
        shown++;
    }
    if (others) {
        tg_style s = tg_fill(TG_OTHER);

        tg_frame_item(f, TG_SW_DOT, &s, 5, shown ? "other named commenters" : "named commenters");
    }
    if (anon) {
        tg_style s = tg_author_style(colour, -1, 5);

        tg_frame_item(f, TG_SW_DOT, &s, 5, "anonymous");
    }
    if (teachers) {
        tg_style s = tg_fill(TG_MUTED);

        tg_frame_row(f, "Shape:");
        tg_frame_item(f, TG_SW_BAR, &s, 5, "teacher");
        tg_frame_item(f, TG_SW_DOT, &s, 5, "student");
    }
}

int64_t tg_shown_time(const tg_render_options_t *opt, int64_t t)
{
    if (t == TG_TIME_NONE || !opt || !opt->tz)
        return t;
    return t + tg_tz_offset(opt->tz, t);
}

const char *tg_shown_zone(const tg_render_options_t *opt)
{
    return opt && opt->tz ? opt->tz : "UTC";
}
