/* chart_depths.c - stub. */
#include "render_internal.h"

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    (void)job;
    return tg_error_set(err, TG_ERR_FAIL, "not yet");
}

const tg_chart_def tg_chart_depths_def = { TG_CHART_DEPTHS, "depths", 0, 0, draw };
