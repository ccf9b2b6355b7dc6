/* chart_top_users.c - stub. */
#include "render_internal.h"

static tg_status_t draw(const tg_chart_job *job, tg_error_t *err)
{
    (void)job;
    return tg_error_set(err, TG_ERR_FAIL, "not yet");
}

const tg_chart_def tg_chart_top_users_def = { TG_CHART_TOP_USERS, "top-users", 0, 1, draw };
