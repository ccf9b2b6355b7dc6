/* chart_locations.c - stub. */
#include "render_internal.h"

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    (void)job;
    return tg_error_set(err, TG_ERR_FAIL, "not yet");
}

const tg_chart_def tg_chart_locations_def = { TG_CHART_LOCATIONS, "locations", 0, 1, draw };
