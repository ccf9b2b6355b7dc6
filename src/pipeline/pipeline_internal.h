/* pipeline_internal.h - what the pipeline's files share: the comparison's
 * writing step, which `compare` and `run --by` both take. */
#ifndef TG_PIPELINE_INTERNAL_H
#define TG_PIPELINE_INTERNAL_H

#include "threadgraph/pipeline.h"

/* The rows of ds (labelled database) by `by` in zone tz (NULL: UTC), written
 * as out_dir/compare.csv and, with charts, the two compare charts. */
tg_status_t tg_compare_into(const tg_dataset_t *ds, const char *database, tg_period_by_t by,
                            const char *tz, const char *out_dir, int charts,
                            const tg_report_options_t *report, const tg_render_options_t *render,
                            tg_error_t *err);

#endif
