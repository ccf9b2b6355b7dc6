/* export_values.c - what every export writer shares: an attribute value as
 * text, and strings made safe for XML 1.0.  (Its own file, so that the
 * writers call nothing in export.c, which calls them.) */
#include <stdio.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/store.h"

const char *tg_xvalue(const tg_xattr *x, size_t k, char *buf, size_t n)
{
    if (x->missing[k])
        return NULL;
    switch (x->type) {
    case TG_XT_INT:
        return tg_fmt_int((long long)x->i[k], buf, n);
    case TG_XT_REAL:
        tg_format_real_exact(buf, n, x->r[k]);
        return buf;
    case TG_XT_BOOL:
        return x->i[k] ? "true" : "false";
    case TG_XT_TIME:
        tg_time_format(x->i[k], buf, n);
        return buf;
    case TG_XT_STRING:
        return x->s[k] ? x->s[k] : "";
    }
    return NULL;
}

/* XML 1.0 allows tab, line feed and carriage return among the C0
 * controls; UTF-8 from the store is otherwise valid. */
const char *tg_xml_clean(const char *s, char **tofree)
{
    const unsigned char *p;
    tg_buf b = TG_BUF_INIT;

    *tofree = NULL;
    for (p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            break;
    if (!*p)
        return s;
    for (p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            tg_buf_addstr(&b, "\xEF\xBF\xBD");
        else
            tg_buf_addch(&b, (char)*p);
    }
    if (!b.data)
        return s;
    *tofree = tg_buf_detach(&b);
    return *tofree;
}

