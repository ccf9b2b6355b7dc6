/* versions.c - the versions of cairo and pango in use (for --version and
 * summary.json's record of the analysis). */
#include <cairo.h>
#include <pango/pango.h>

#include "threadgraph/render.h"

const char *tg_render_cairo_version(void)
{
    return cairo_version_string();
}

const char *tg_render_pango_version(void)
{
    return pango_version_string();
}
