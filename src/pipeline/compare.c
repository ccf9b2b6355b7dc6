/* compare.c - `threadgraph compare`: load each database, compute the
 * measures of each thread, week or month (tg_compare_add in analysis),
 * and write compare.csv (report) and the two compare charts (render). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "threadgraph/people.h"
#include "threadgraph/timezone.h"

#include "core_internal.h"
#include "pipeline_internal.h"

void tg_compare_options_init(tg_compare_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->by = TG_BY_WEEK;
    opt->charts = 1;
    tg_report_options_init(&opt->report);
    tg_render_options_init(&opt->render);
}

static tg_status_t check_zone(const char *tz, tg_error_t *err)
{
    return tz ? tg_tz_check(tz, err) : TG_OK;
}

/* the zone's offset from UTC at t (ctx: the zone's name) */
static int64_t zone_offset(int64_t t, void *ctx)
{
    return tg_tz_offset(ctx, t);
}

static tg_status_t write_out(const tg_compare_t *cmp, const char *out_dir, int charts,
                             const tg_report_options_t *report,
                             const tg_render_options_t *render, tg_error_t *err)
{
    tg_status_t rc = tg_report_compare_csv(cmp, out_dir, report, err);

    if (!rc && charts)
        rc = tg_render_compare_all(cmp, out_dir, render, err);
    return rc;
}

tg_status_t tg_compare_into(const tg_dataset_t *ds, const char *database, tg_period_by_t by,
                            const char *tz, const char *out_dir, int charts,
                            const tg_report_options_t *report, const tg_render_options_t *render,
                            tg_error_t *err)
{
    tg_compare_t cmp;
    tg_status_t rc;

    if ((rc = check_zone(tz, err)))
        return rc;
    tg_compare_init(&cmp, by);
    rc = tg_compare_add(&cmp, ds, database, tz ? zone_offset : NULL, (void *)(uintptr_t)tz, err);
    if (!rc)
        rc = write_out(&cmp, out_dir, charts, report, render, err);
    tg_compare_destroy(&cmp);
    return rc;
}

tg_status_t tg_compare_run(const tg_compare_options_t *opt, tg_compare_t *out, tg_error_t *err)
{
    tg_compare_t local;
    tg_compare_t *cmp = out ? out : &local;
    tg_render_options_t ro = opt->render;
    tg_buf names = TG_BUF_INIT;
    tg_status_t rc = TG_OK;
    size_t i;

    if (!out)
        tg_compare_init(&local, opt->by);
    cmp->by = opt->by;
    if (!opt->ndbs || !opt->out_dir)
        rc = tg_error_set(err, TG_ERR_USAGE, !opt->ndbs ? "no database to compare"
                                                        : "no folder for the comparison");
    else
        rc = check_zone(opt->tz, err);
    for (i = 0; i < opt->ndbs && !rc; i++) {
        tg_store_t *store = NULL;
        tg_dataset_t ds;

        tg_dataset_init(&ds);
        if (!(rc = tg_store_open(opt->dbs[i], TG_STORE_READONLY, &store, err)) &&
            !(rc = tg_store_load(store, TG_LOAD_IDS, &ds, err)) &&
            !(rc = opt->pseudonymize ? tg_dataset_pseudonymize(&ds, 0, err) : TG_OK))
            rc = tg_compare_add(cmp, &ds, opt->dbs[i], opt->tz ? zone_offset : NULL,
                                (void *)(uintptr_t)opt->tz, err);
        tg_dataset_destroy(&ds);
        tg_store_close(store);
        if (i)
            tg_buf_addf(&names, i + 1 == opt->ndbs ? " and " : ", ");
        tg_buf_addf(&names, "%s", opt->dbs[i]);
    }
    if (!rc && !ro.source && names.data && !names.failed)
        ro.source = names.data;
    if (!rc)
        rc = write_out(cmp, opt->out_dir, opt->charts, &opt->report, &ro, err);
    tg_buf_release(&names);
    if (!out)
        tg_compare_destroy(&local);
    return rc;
}
