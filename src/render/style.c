/* style.c - colours and styles: the palette, fills, strokes and text
 * styles, and the colours of authors (the most active named authors get
 * the palette's colours, anonymous comments a grey ring). */
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

const tg_rgb tg_palette[TG_PALETTE_N] = {
    0xE69F00u, /* orange */
    0x56B4E9u, /* sky blue */
    0x009E73u, /* bluish green */
    0xF0E442u, /* yellow */
    0x0072B2u, /* blue */
    0xD55E00u, /* vermillion */
    0xCC79A7u, /* reddish purple */
};

tg_rgb tg_rgb_darker(tg_rgb c, double f)
{
    unsigned r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF;

    r = (unsigned)(r * f);
    g = (unsigned)(g * f);
    b = (unsigned)(b * f);
    return (r << 16) | (g << 8) | b;
}

tg_style tg_fill(tg_rgb c)
{
    tg_style s;

    memset(&s, 0, sizeof s);
    s.fill = c;
    s.fill_op = 1;
    return s;
}

tg_style tg_stroke(tg_rgb c, double width)
{
    tg_style s;

    memset(&s, 0, sizeof s);
    s.stroke = c;
    s.stroke_op = 1;
    s.width = width;
    return s;
}

tg_text_style tg_text(double size, int bold, tg_rgb color, tg_anchor anchor)
{
    tg_text_style t;

    memset(&t, 0, sizeof t);
    t.font.size = size;
    t.font.bold = bold;
    t.color = color;
    t.anchor = anchor;
    return t;
}

/* ---- author colours ---- */
int tg_author_colours(const tg_dataset_t *ds, const int32_t *comments, size_t n,
                      tg_rgb *colour, int32_t *rank, size_t *nrank)
{
    long *count = calloc(ds->nusers ? ds->nusers : 1, sizeof *count);
    size_t i, k, top = 0;

    *nrank = 0;
    if (!count)
        return -1;
    for (i = 0; i < ds->nusers; i++)
        colour[i] = TG_OTHER;
    for (i = 0; i < n; i++)
        if (ds->user[comments[i]] >= 0)
            count[ds->user[comments[i]]]++;
    /* the TG_PALETTE_N users with most comments; ties: byte order (index) */
    for (k = 0; k < TG_PALETTE_N; k++) {
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
        colour[who] = tg_palette[k];
        count[who] = 0;
    }
    *nrank = top;
    free(count);
    return 0;
}

tg_style tg_author_style(const tg_rgb *colour, int32_t user, double r)
{
    tg_style s;

    if (user < 0) {
        s = tg_fill(TG_ANON_FILL);
        s.stroke = TG_ANON;
        s.stroke_op = 1;
        s.width = r >= 2.5 ? 1.2 : 0.6;
    } else {
        s = tg_fill(colour[user]);
        if (r >= 2.5) {
            s.stroke = tg_rgb_darker(colour[user], 0.7);
            s.stroke_op = 1;
            s.width = 1;
        }
    }
    return s;
}
