/* export_dot.c - Graphviz DOT.  Every id, attribute name and value is a
 * quoted string: `"` and `\` are escaped with a backslash, and line breaks
 * become the label escapes \n and \r, so a label reads as it was written.
 * Numbers keep full precision (the shortest of 15 to 17 digits that reads
 * back the same double; igraph 0.10's writer prints %g, which turns an
 * epoch of 1700000100 into 1.7e+09); times are ISO 8601 strings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static void quoted(FILE *f, const char *s)
{
    putc('"', f);
    for (; s && *s; s++) {
        switch (*s) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default: putc(*s, f);
        }
    }
    putc('"', f);
}

static void attrs(FILE *f, const tg_xattr *xa, size_t na, size_t k, int first)
{
    char buf[64];
    size_t j;

    for (j = 0; j < na; j++) {
        const char *v = tg_xvalue(&xa[j], k, buf, sizeof buf);

        if (!v)
            continue;
        if (!first)
            fputs(", ", f);
        first = 0;
        quoted(f, xa[j].name);
        putc('=', f);
        quoted(f, v);
    }
}

tg_status_t tg_export_dot(const tg_xgraph *g, const char *path, int guard, tg_error_t *err)
{
    char *tmp = tg_temp_name(path);
    FILE *f;
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
    fputs(g->directed ? "digraph " : "graph ", f);
    quoted(f, g->name);
    fputs(" {\n", f);
    for (i = 0; i < g->nnodes; i++) {
        fputs("  ", f);
        quoted(f, g->node_id[i]);
        fputs(" [label=", f);
        quoted(f, g->node_label[i]);
        attrs(f, g->nattr, g->nnattr, i, 0);
        fputs("];\n", f);
    }
    for (i = 0; i < g->nedges; i++) {
        fputs("  ", f);
        quoted(f, g->node_id[g->src[i]]);
        fputs(g->directed ? " -> " : " -- ", f);
        quoted(f, g->node_id[g->dst[i]]);
        fprintf(f, " [weight=\"%lld\"", (long long)g->weight[i]);
        attrs(f, g->eattr, g->neattr, i, 0);
        fputs("];\n", f);
    }
    fputs("}\n", f);
    bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
        tg_finish_file(tmp, path, 0, NULL);
    } else {
        rc = tg_finish_file(tmp, path, 1, err);
    }
    free(tmp);
    return rc;
}
