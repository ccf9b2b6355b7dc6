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
