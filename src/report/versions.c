/* versions.c - the versions of the libraries the reports and exports are
 * written with: libxml2 (GraphML, GEXF) and yajl (JSON). */
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <stdio.h>
#include <yajl/yajl_version.h>

#include "threadgraph/report.h"

const char *tg_report_libxml2_version(void)
{
    static char buf[32];
    int v = 0;

    /* the library's own number (e.g. "20914"), not the header's */
    if (sscanf(xmlParserVersion, "%d", &v) != 1)
        return LIBXML_DOTTED_VERSION;
    snprintf(buf, sizeof buf, "%d.%d.%d", v / 10000, v / 100 % 100, v % 100);
    return buf;
}

const char *tg_report_yajl_version(void)
{
    static char buf[32];
    int v = yajl_version();

    snprintf(buf, sizeof buf, "%d.%d.%d", v / 10000, v / 100 % 100, v % 100);
    return buf;
}
