/* export_json.c - networkx's node-link JSON through yajl's generator:
 * {"directed", "multigraph", "graph", "nodes": [{"id", "label", ...}],
 * "links": [{"source", "target", "weight", ...}]} with the explicit `links`
 * key networkx's node_link_graph reads.  Integers are JSON integers, reals
 * keep full precision, booleans are true and false, times are ISO 8601
 * strings; a missing value is left out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "report_internal.h"

static void print_cb(void *ctx, const char *s, size_t len)
{
    fwrite(s, 1, len, (FILE *)ctx);
}

static int str(yajl_gen y, const char *s)
{
    return yajl_gen_string(y, (const unsigned char *)s, strlen(s)) != yajl_gen_status_ok;
}

static int value(yajl_gen y, const tg_xattr *x, size_t k)
{
    char buf[64];
    const char *v = tg_xvalue(x, k, buf, sizeof buf);

    switch (x->type) {
    case TG_XT_INT:
        return yajl_gen_number(y, v, strlen(v)) != yajl_gen_status_ok;
    case TG_XT_REAL:
        if (!strpbrk(v, ".eEnN")) /* a real reads back as a real: 3.0, not 3 */
            strcat(buf, ".0");
        return yajl_gen_number(y, buf, strlen(buf)) != yajl_gen_status_ok;
    case TG_XT_BOOL:
        return yajl_gen_bool(y, x->i[k] != 0) != yajl_gen_status_ok;
    default:
        return str(y, v);
    }
}

static int attrs(yajl_gen y, const tg_xattr *xa, size_t na, size_t k)
{
    size_t j;
    int bad = 0;

    for (j = 0; j < na && !bad; j++)
        if (!xa[j].missing[k])
            bad = str(y, xa[j].name) || value(y, &xa[j], k);
    return bad;
}

tg_status_t tg_export_json(const tg_xgraph *g, const char *path, int guard, tg_error_t *err)
{
    char *tmp = tg_temp_name(path);
    FILE *f;
    yajl_gen y = NULL;
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
    y = yajl_gen_alloc(NULL);
    bad = !y || !yajl_gen_config(y, yajl_gen_print_callback, print_cb, (void *)f) ||
          !yajl_gen_config(y, yajl_gen_validate_utf8, 1);
    bad = bad || yajl_gen_map_open(y) != yajl_gen_status_ok || str(y, "directed") ||
          yajl_gen_bool(y, g->directed) != yajl_gen_status_ok || str(y, "multigraph") ||
          yajl_gen_bool(y, 0) != yajl_gen_status_ok || str(y, "graph") ||
          yajl_gen_map_open(y) != yajl_gen_status_ok || str(y, "name") || str(y, g->name) ||
          yajl_gen_map_close(y) != yajl_gen_status_ok || str(y, "nodes") ||
          yajl_gen_array_open(y) != yajl_gen_status_ok;
    for (i = 0; i < g->nnodes && !bad; i++)
        bad = yajl_gen_map_open(y) != yajl_gen_status_ok || str(y, "id") ||
              str(y, g->node_id[i]) || str(y, "label") ||
              str(y, g->node_label[i] ? g->node_label[i] : "") ||
              attrs(y, g->nattr, g->nnattr, i) || yajl_gen_map_close(y) != yajl_gen_status_ok;
    bad = bad || yajl_gen_array_close(y) != yajl_gen_status_ok || str(y, "links") ||
          yajl_gen_array_open(y) != yajl_gen_status_ok;
    for (i = 0; i < g->nedges && !bad; i++) {
        char w[32];

        snprintf(w, sizeof w, "%lld", (long long)g->weight[i]);
        bad = yajl_gen_map_open(y) != yajl_gen_status_ok || str(y, "source") ||
              str(y, g->node_id[g->src[i]]) || str(y, "target") ||
              str(y, g->node_id[g->dst[i]]) || str(y, "weight") ||
              yajl_gen_number(y, w, strlen(w)) != yajl_gen_status_ok ||
              attrs(y, g->eattr, g->neattr, i) || yajl_gen_map_close(y) != yajl_gen_status_ok;
    }
    bad = bad || yajl_gen_array_close(y) != yajl_gen_status_ok ||
          yajl_gen_map_close(y) != yajl_gen_status_ok;
    if (!bad)
        putc('\n', f);
    if (y)
        yajl_gen_free(y);
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
