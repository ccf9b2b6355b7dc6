/* export_gexf.c - GEXF 1.2 through libxml2's xmlTextWriter: the
 * http://www.gexf.net/1.2draft namespace, a dynamic graph with
 * timeformat="date" and ISO 8601 times (the only kind networkx 2.8 reads),
 * a spell per node (its first to last comment) and per edge (its first to
 * last reply), so that Gephi's timeline plays the discussion; typed static
 * attvalues (long, double, boolean, string); the weight in the edge's
 * weight attribute, where Gephi and networkx look for it. */
#include <libxml/xmlwriter.h>
#include <stdlib.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/store.h"
#include "threadgraph/version.h"

static const char *gexf_type(tg_xtype t)
{
    switch (t) {
    case TG_XT_INT: return "long";
    case TG_XT_REAL: return "double";
    case TG_XT_BOOL: return "boolean";
    default: return "string";
    }
}

static int attr_clean(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *tofree;
    const char *v = tg_xml_clean(value ? value : "", &tofree);
    int bad = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v) < 0;

    free(tofree);
    return bad;
}

static int declare(xmlTextWriterPtr w, const char *cls, const tg_xattr *xa, size_t na)
{
    char id[24];
    size_t j;
    int bad = xmlTextWriterStartElement(w, BAD_CAST "attributes") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "class", BAD_CAST cls) < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "mode", BAD_CAST "static") < 0;

    for (j = 0; j < na && !bad; j++) {
        snprintf(id, sizeof id, "%zu", j);
        bad = xmlTextWriterStartElement(w, BAD_CAST "attribute") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id) < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST xa[j].name) < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST gexf_type(xa[j].type)) < 0 ||
              xmlTextWriterEndElement(w) < 0;
    }
    return bad || xmlTextWriterEndElement(w) < 0;
}

static int attvalues(xmlTextWriterPtr w, const tg_xattr *xa, size_t na, size_t k)
{
    char id[24], buf[64];
    size_t j;
    int bad = 0, open = 0;

    for (j = 0; j < na && !bad; j++) {
        const char *v = tg_xvalue(&xa[j], k, buf, sizeof buf);

        if (!v)
            continue;
        if (!open) {
            bad = xmlTextWriterStartElement(w, BAD_CAST "attvalues") < 0;
            open = 1;
        }
        tg_fmt_int((long long)j, id, sizeof id);
        bad = bad || xmlTextWriterStartElement(w, BAD_CAST "attvalue") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST id) < 0 ||
              attr_clean(w, "value", v) || xmlTextWriterEndElement(w) < 0;
    }
    if (open && !bad)
        bad = xmlTextWriterEndElement(w) < 0;
    return bad;
}

static int spell(xmlTextWriterPtr w, int64_t start, int64_t end)
{
    char a[32], b[32];

    if (start == TG_TIME_NONE || end == TG_TIME_NONE)
        return 0;
    tg_time_format(start, a, sizeof a);
    tg_time_format(end, b, sizeof b);
    return xmlTextWriterStartElement(w, BAD_CAST "spells") < 0 ||
           xmlTextWriterStartElement(w, BAD_CAST "spell") < 0 ||
           xmlTextWriterWriteAttribute(w, BAD_CAST "start", BAD_CAST a) < 0 ||
           xmlTextWriterWriteAttribute(w, BAD_CAST "end", BAD_CAST b) < 0 ||
           xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0;
}

tg_status_t tg_export_gexf(const tg_xgraph *g, const char *path, int guard, tg_error_t *err)
{
    char *tmp = tg_temp_name(path);
    xmlTextWriterPtr w;
    char buf[32];
    size_t i;
    int bad = 0;
    tg_status_t rc;

    (void)guard;
    if (!tmp)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    w = xmlNewTextWriterFilename(tmp, 0);
    if (!w) {
        tg_finish_file(tmp, path, 0, NULL);
        free(tmp);
        return tg_error_set(err, TG_ERR_IO, "cannot write '%s'", path);
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    bad = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
          xmlTextWriterStartElement(w, BAD_CAST "gexf") < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.gexf.net/1.2draft") <
              0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1.2") < 0 ||
          xmlTextWriterStartElement(w, BAD_CAST "meta") < 0 ||
          xmlTextWriterWriteFormatElement(w, BAD_CAST "creator", "threadgraph %s", tg_version()) <
              0 ||
          xmlTextWriterWriteElement(w, BAD_CAST "description", BAD_CAST g->name) < 0 ||
          xmlTextWriterEndElement(w) < 0 ||
          xmlTextWriterStartElement(w, BAD_CAST "graph") < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "mode", BAD_CAST "dynamic") < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "defaultedgetype",
                                      BAD_CAST(g->directed ? "directed" : "undirected")) < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "timeformat", BAD_CAST "date") < 0 ||
          declare(w, "node", g->nattr, g->nnattr) || declare(w, "edge", g->eattr, g->neattr) ||
          xmlTextWriterStartElement(w, BAD_CAST "nodes") < 0;
    for (i = 0; i < g->nnodes && !bad; i++)
        bad = xmlTextWriterStartElement(w, BAD_CAST "node") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST g->node_id[i]) < 0 ||
              attr_clean(w, "label", g->node_label[i]) ||
              attvalues(w, g->nattr, g->nnattr, i) ||
              spell(w, g->node_start[i], g->node_end[i]) || xmlTextWriterEndElement(w) < 0;
    bad = bad || xmlTextWriterEndElement(w) < 0 ||
          xmlTextWriterStartElement(w, BAD_CAST "edges") < 0;
    for (i = 0; i < g->nedges && !bad; i++) {
        tg_fmt_int((long long)i, buf, sizeof buf);
        bad = xmlTextWriterStartElement(w, BAD_CAST "edge") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST buf) < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "source", BAD_CAST g->node_id[g->src[i]]) <
                  0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "target", BAD_CAST g->node_id[g->dst[i]]) <
                  0;
        tg_fmt_int((long long)g->weight[i], buf, sizeof buf);
        bad = bad || xmlTextWriterWriteAttribute(w, BAD_CAST "weight", BAD_CAST buf) < 0 ||
              attvalues(w, g->eattr, g->neattr, i) ||
              spell(w, g->edge_start[i], g->edge_end[i]) || xmlTextWriterEndElement(w) < 0;
    }
    bad = bad || xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    if (bad) {
        tg_finish_file(tmp, path, 0, NULL);
        free(tmp);
        return tg_error_set(err, TG_ERR_IO, "cannot write '%s'", path);
    }
    rc = tg_finish_file(tmp, path, 1, err);
    free(tmp);
    return rc;
}
