/* render_svg.c - a chart as SVG in memory, for pages that inline their
 * charts (report.html).  The SVG canvas writes files, so the chart is drawn
 * into a private temporary folder and read back; the bytes are exactly
 * those `threadgraph render` writes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render_internal.h"

static tg_status_t slurp(const char *path, char **out, size_t *len, tg_error_t *err)
{
    FILE *f = fopen(path, "rb");
    tg_buf b = TG_BUF_INIT;
    char chunk[65536];
    size_t n;
    int bad = 0;

    if (!f)
        return tg_error_set(err, TG_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        bad |= tg_buf_add(&b, chunk, n) != 0;
    bad |= ferror(f) != 0;
    fclose(f);
    if (!bad && !b.data)
        bad = tg_buf_addstr(&b, "") != 0;
    if (bad) {
        tg_buf_release(&b);
        return tg_error_set(err, TG_ERR_IO, "cannot read '%s'", path);
    }
    *len = b.len;
    *out = tg_buf_detach(&b);
    return TG_OK;
}

tg_status_t tg_render_chart_svg(tg_chart_t chart, const tg_dataset_t *ds, const tg_analysis_t *an,
                                const tg_render_options_t *opt, char **svg, size_t *len,
                                tg_error_t *err)
{
    const char *tmp = getenv("TMPDIR");
    tg_buf dir = TG_BUF_INIT, path = TG_BUF_INIT;
    tg_status_t rc;

    *svg = NULL;
    *len = 0;
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (tg_buf_addf(&dir, "%s/threadgraph-svg-XXXXXX", tmp)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (!mkdtemp(dir.data)) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot create a temporary folder in '%s': %s", tmp,
                          strerror(errno));
        goto out;
    }
    if (tg_buf_addf(&path, "%s/chart.svg", dir.data)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        rmdir(dir.data);
        goto out;
    }
    rc = tg_render_chart(chart, ds, an, opt, path.data, err);
    if (!rc)
        rc = slurp(path.data, svg, len, err);
    unlink(path.data);
    rmdir(dir.data);
out:
    tg_buf_release(&dir);
    tg_buf_release(&path);
    return rc;
}
