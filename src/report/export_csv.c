/* export_csv.c - Gephi's spreadsheet layout through the project's CSV
 * writer: from a path STEM.csv, STEM-nodes.csv (Id, Label, the node
 * attributes) and STEM-edges.csv (Source, Target, Type, Weight, the edge
 * attributes).  Numbers as the exports write them (reals at full
 * precision), booleans true and false, times ISO 8601, a missing value an
 * empty cell; text cells keep the reports' formula guard unless it is off. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "report_internal.h"

static void cells(tg_csvw *w, const tg_xattr *xa, size_t na, size_t k)
{
    char buf[64];
    size_t j;

    for (j = 0; j < na; j++) {
        const char *v = tg_xvalue(&xa[j], k, buf, sizeof buf);

        if (xa[j].type == TG_XT_STRING)
            tg_csvw_text(w, v);
        else
            tg_csvw_raw(w, v);
    }
}

static void head(tg_csvw *w, const char *const *fixed, const tg_xattr *xa, size_t na)
{
    size_t j;

    for (; *fixed; fixed++)
        tg_csvw_text(w, *fixed);
    for (j = 0; j < na; j++)
        tg_csvw_text(w, xa[j].name);
    tg_csvw_row_end(w);
}

tg_status_t tg_export_csv(const tg_xgraph *g, const char *path, int guard, tg_error_t *err)
{
    static const char *const node_cols[] = { "Id", "Label", NULL };
    static const char *const edge_cols[] = { "Source", "Target", "Type", "Weight", NULL };
    size_t len = strlen(path), i;
    tg_buf stem = TG_BUF_INIT, name = TG_BUF_INIT;
    tg_csvw nodes, edges;
    tg_fileset set;
    tg_status_t rc;

    memset(&nodes, 0, sizeof nodes);
    memset(&edges, 0, sizeof edges);
    /* both files appear, or neither: renamed together once both are written */
    tg_fileset_begin(&set);
    if (len > 4 && strcasecmp(path + len - 4, ".csv") == 0)
        len -= 4;
    if (tg_buf_add(&stem, path, len) || tg_buf_addf(&name, "%s-nodes.csv", stem.data)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = tg_csvw_open(&nodes, NULL, name.data, guard, err)))
        goto out;
    tg_buf_reset(&name);
    if (tg_buf_addf(&name, "%s-edges.csv", stem.data)) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = tg_csvw_open(&edges, NULL, name.data, guard, err)))
        goto out;
    head(&nodes, node_cols, g->nattr, g->nnattr);
    for (i = 0; i < g->nnodes; i++) {
        tg_csvw_text(&nodes, g->node_id[i]);
        tg_csvw_text(&nodes, g->node_label[i]);
        cells(&nodes, g->nattr, g->nnattr, i);
        tg_csvw_row_end(&nodes);
    }
    head(&edges, edge_cols, g->eattr, g->neattr);
    for (i = 0; i < g->nedges; i++) {
        tg_csvw_text(&edges, g->node_id[g->src[i]]);
        tg_csvw_text(&edges, g->node_id[g->dst[i]]);
        tg_csvw_text(&edges, g->directed ? "Directed" : "Undirected");
        tg_csvw_int(&edges, g->weight[i]);
        cells(&edges, g->eattr, g->neattr, i);
        tg_csvw_row_end(&edges);
    }
    if ((rc = tg_csvw_close(&nodes, 1, err)))
        goto out;
    rc = tg_csvw_close(&edges, 1, err);
out:
    tg_csvw_close(&edges, 0, NULL);
    tg_csvw_close(&nodes, 0, NULL);
    if (rc)
        tg_fileset_end(&set, 0, NULL);
    else
        rc = tg_fileset_end(&set, 1, err);
    tg_buf_release(&stem);
    tg_buf_release(&name);
    return rc;
}
