/* export_json.c - networkx's node-link JSON through the project's JSON
 * writer (yajl_gen): {"directed", "multigraph", "graph", "nodes": [{"id",
 * "label", ...}], "links": [{"source", "target", "weight", ...}]} with the
 * explicit `links` key networkx's node_link_graph reads.  Integers are JSON
 * integers, reals keep full precision and always have a point (3.0, so
 * they read back as reals), booleans are true and false, times are ISO 8601
 * strings; a missing value is left out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "report_internal.h"

static void value(tg_jsonw *j, const tg_xattr *x, size_t k)
{
    char buf[64];
    const char *v = tg_xvalue(x, k, buf, sizeof buf);

    switch (x->type) {
    case TG_XT_INT:
        tg_jsonw_raw(j, v);
        break;
    case TG_XT_REAL:
        if (v == buf && !strpbrk(buf, ".eEnN"))
            strcat(buf, ".0");
        tg_jsonw_raw(j, v);
        break;
    case TG_XT_BOOL:
        tg_jsonw_bool(j, x->i[k] != 0);
        break;
    default:
        tg_jsonw_string(j, v);
    }
}

static void attrs(tg_jsonw *j, const tg_xattr *xa, size_t na, size_t k)
{
    size_t i;

    for (i = 0; i < na; i++)
        if (!xa[i].missing[k]) {
            tg_jsonw_key(j, xa[i].name);
            value(j, &xa[i], k);
        }
}

tg_status_t tg_export_json(const tg_xgraph *g, const char *path, int guard, tg_error_t *err)
{
    char *tmp = tg_temp_name(path);
    FILE *f;
    tg_jsonw j;
    size_t i;
    int bad;
    tg_status_t rc;

    (void)guard;
    if (!tmp)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if (!(f = fopen(tmp, "wb"))) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    tg_jsonw_init_file(&j, f, TG_JSONW_COMPACT);
    tg_jsonw_map_open(&j);
    tg_jsonw_key(&j, "directed");
    tg_jsonw_bool(&j, g->directed);
    tg_jsonw_key(&j, "multigraph");
    tg_jsonw_bool(&j, 0);
    tg_jsonw_key(&j, "graph");
    tg_jsonw_map_open(&j);
    tg_jsonw_key(&j, "name");
    tg_jsonw_string(&j, g->name);
    tg_jsonw_map_close(&j);
    tg_jsonw_key(&j, "nodes");
    tg_jsonw_array_open(&j);
    for (i = 0; i < g->nnodes && !tg_jsonw_failed(&j); i++) {
        tg_jsonw_map_open(&j);
        tg_jsonw_key(&j, "id");
        tg_jsonw_string(&j, g->node_id[i]);
        tg_jsonw_key(&j, "label");
        tg_jsonw_string(&j, g->node_label[i]);
        attrs(&j, g->nattr, g->nnattr, i);
        tg_jsonw_map_close(&j);
    }
    tg_jsonw_array_close(&j);
    tg_jsonw_key(&j, "links");
    tg_jsonw_array_open(&j);
    for (i = 0; i < g->nedges && !tg_jsonw_failed(&j); i++) {
        tg_jsonw_map_open(&j);
        tg_jsonw_key(&j, "source");
        tg_jsonw_string(&j, g->node_id[g->src[i]]);
        tg_jsonw_key(&j, "target");
        tg_jsonw_string(&j, g->node_id[g->dst[i]]);
        tg_jsonw_key(&j, "weight");
        tg_jsonw_int(&j, (long long)g->weight[i]);
        attrs(&j, g->eattr, g->neattr, i);
        tg_jsonw_map_close(&j);
    }
    tg_jsonw_array_close(&j);
    tg_jsonw_map_close(&j);
    bad = tg_jsonw_failed(&j);
    tg_jsonw_release(&j);
    if (!bad)
        putc('\n', f);
    bad = ferror(f) || bad;
    if (fclose(f) != 0 || bad) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot write '%s'", path);
        tg_finish_file(tmp, path, 0, NULL);
    } else {
        rc = tg_finish_file(tmp, path, 1, err);
    }
    free(tmp);
    return rc;
}
