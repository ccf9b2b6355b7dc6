/* export_graphml.c - GraphML through libxml2's xmlTextWriter.  Every key has
 * for= and a typed attr.type (long, double, boolean, string; times are ISO
 * 8601 strings); the node label is an explicit `label` key, which Gephi
 * shows (it ignores `name`); node ids are the stable ids of the model; a
 * missing value is left out. */
#include <libxml/xmlwriter.h>
#include <stdlib.h>

#include "core_internal.h"
#include "report_internal.h"

static const char *graphml_type(tg_xtype t)
{
    switch (t) {
    case TG_XT_INT: return "long";
    case TG_XT_REAL: return "double";
    case TG_XT_BOOL: return "boolean";
    default: return "string";
    }
}

/* Element <data key="key">value</data>, the value cleaned for XML. */
static int data(xmlTextWriterPtr w, const char *key, const char *value)
{
    char *tofree;
    const char *v = tg_xml_clean(value, &tofree);
    int bad = xmlTextWriterStartElement(w, BAD_CAST "data") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST key) < 0 ||
              xmlTextWriterWriteString(w, BAD_CAST v) < 0 ||
              xmlTextWriterEndElement(w) < 0;

    free(tofree);
    return bad;
}

static int key(xmlTextWriterPtr w, const char *id, const char *what, const char *name,
               const char *type)
{
    return xmlTextWriterStartElement(w, BAD_CAST "key") < 0 ||
           xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id) < 0 ||
           xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST what) < 0 ||
           xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST name) < 0 ||
           xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type", BAD_CAST type) < 0 ||
           xmlTextWriterEndElement(w) < 0;
}

static int attrs(xmlTextWriterPtr w, const tg_xattr *xa, size_t na, char prefix, size_t k)
{
    char id[24], buf[64];
    size_t j;
    int bad = 0;

    for (j = 0; j < na && !bad; j++) {
        const char *v = tg_xvalue(&xa[j], k, buf, sizeof buf);

        if (!v)
            continue;
        id[0] = prefix;
        tg_fmt_int((long long)j, id + 1, sizeof id - 1);
        bad = data(w, id, v);
    }
    return bad;
}

tg_status_t tg_export_graphml(const tg_xgraph *g, const char *path, int guard, tg_error_t *err)
{
    char *tmp = tg_temp_name(path);
    xmlTextWriterPtr w;
    char id[24], buf[32];
    size_t i, j;
    int bad = 0;

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
          xmlTextWriterStartElement(w, BAD_CAST "graphml") < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
                                      BAD_CAST "http://graphml.graphdrawing.org/xmlns") < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
                                      BAD_CAST "http://www.w3.org/2001/XMLSchema-instance") < 0 ||
          xmlTextWriterWriteAttribute(
              w, BAD_CAST "xsi:schemaLocation",
              BAD_CAST "http://graphml.graphdrawing.org/xmlns "
                       "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd") < 0 ||
          key(w, "label", "node", "label", "string");
    for (j = 0; j < g->nnattr && !bad; j++) {
        snprintf(id, sizeof id, "n%zu", j);
        bad = key(w, id, "node", g->nattr[j].name, graphml_type(g->nattr[j].type));
    }
    if (!bad)
        bad = key(w, "weight", "edge", "weight", "long");
    for (j = 0; j < g->neattr && !bad; j++) {
        snprintf(id, sizeof id, "e%zu", j);
        bad = key(w, id, "edge", g->eattr[j].name, graphml_type(g->eattr[j].type));
    }
    bad = bad || xmlTextWriterStartElement(w, BAD_CAST "graph") < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST g->name) < 0 ||
          xmlTextWriterWriteAttribute(w, BAD_CAST "edgedefault",
                                      BAD_CAST(g->directed ? "directed" : "undirected")) < 0;
    for (i = 0; i < g->nnodes && !bad; i++)
        bad = xmlTextWriterStartElement(w, BAD_CAST "node") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST g->node_id[i]) < 0 ||
              data(w, "label", g->node_label[i] ? g->node_label[i] : "") ||
              attrs(w, g->nattr, g->nnattr, 'n', i) || xmlTextWriterEndElement(w) < 0;
    for (i = 0; i < g->nedges && !bad; i++) {
        tg_fmt_int((long long)g->weight[i], buf, sizeof buf);
        bad = xmlTextWriterStartElement(w, BAD_CAST "edge") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "source", BAD_CAST g->node_id[g->src[i]]) <
                  0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "target", BAD_CAST g->node_id[g->dst[i]]) <
                  0 ||
              data(w, "weight", buf) || attrs(w, g->eattr, g->neattr, 'e', i) ||
              xmlTextWriterEndElement(w) < 0;
    }
    bad = bad || xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w); /* flushes and closes the file */
    if (bad) {
        tg_finish_file(tmp, path, 0, NULL);
        free(tmp);
        return tg_error_set(err, TG_ERR_IO, "cannot write '%s'", path);
    }
    {
        tg_status_t rc = tg_finish_file(tmp, path, 1, err);

        free(tmp);
        return rc;
    }
}
