/* xml_read.c - streaming XML for the Disqus and WordPress importers:
 * libxml2's xmlTextReader over a tg_input_t (so compressed files work too),
 * one record element at a time expanded into a small tree.  Memory stays
 * that of one record whatever the size of the file.  libxml2's errors are
 * caught (the library never prints) and become errors that name the file
 * and the line. */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#include "xml_internal.h"

struct tg_xml {
    tg_input_t *in;
    xmlTextReaderPtr reader;
    int pending;             /* the last element handed out is still current */
    int read_failed;         /* the input failed: in_err says why */
    tg_error_t in_err;
    int at_eof;              /* the input has been read to its end */
    int first;               /* the first byte that is not white space or a BOM, or -1 */
    long nread;              /* bytes handed to libxml2 */
    long newlines;           /* line breaks in them */
    int xml_failed;          /* libxml2 reported an error: msg, line */
    char msg[512];
    long line;
    char root[64];
};

static int read_cb(void *ctx, char *buf, int len)
{
    tg_xml_t *x = ctx;
    long n = tg_input_read(x->in, buf, (size_t)len, &x->in_err);

    long i;

    if (n < 0) {
        x->read_failed = 1;
        return -1;
    }
    x->at_eof |= n == 0;
    for (i = 0; i < n && x->first < 0; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
              (x->nread + i < 3 && (c == 0xEF || c == 0xBB || c == 0xBF))))
            x->first = c;
    }
    for (i = 0; i < n; i++)
        x->newlines += buf[i] == '\n';
    x->nread += n;
    return (int)n;
}

static int close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    tg_xml_t *x = ctx;
    size_t n;

    if (!e || e->level < XML_ERR_ERROR || x->xml_failed)
        return;
    x->xml_failed = 1;
    snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "malformed XML");
    n = strlen(x->msg);
    while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
        x->msg[--n] = '\0';
    x->line = e->line;
}

tg_status_t tg_xml_open(tg_input_t *in, tg_xml_t **out, tg_error_t *err)
{
    tg_xml_t *x = calloc(1, sizeof *x);

    *out = NULL;
    if (!x)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    xmlInitParser();
    x->in = in;
    x->first = -1;
    /* no network, CDATA as text, line numbers past 65535; entities are
     * neither loaded nor substituted */
    x->reader = xmlReaderForIO(read_cb, close_cb, x, tg_input_name(in), NULL,
                               XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
    if (!x->reader) {
        free(x);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
    *out = x;
    return TG_OK;
}

void tg_xml_close(tg_xml_t *x)
{
    if (!x)
        return;
    xmlFreeTextReader(x->reader);
    free(x);
}

const char *tg_xml_root(const tg_xml_t *x)
{
    return x->root;
}

static int fail(tg_xml_t *x, tg_error_t *err)
{
    const char *name = tg_input_name(x->in);

    if (x->read_failed) {
        /* the input failed (a damaged compressed file): at the XML line reached */
        if (err) {
            *err = x->in_err;
            if (!err->line)
                err->line = xmlTextReaderGetParserLineNumber(x->reader);
        }
        return -1;
    }
    /* libxml2's reader words some errors obscurely: name the cause first */
    if (x->xml_failed && x->first >= 0 && x->first != '<')
        tg_error_set_at(err, TG_ERR_DATA, name, x->line, 0,
                        "malformed XML: the document starts with '%c', not with '<' (%s)",
                        x->first >= ' ' && x->first < 127 ? x->first : '?', x->msg);
    else if (x->xml_failed && x->at_eof && x->line >= x->newlines)
        tg_error_set_at(err, TG_ERR_DATA, name, x->line, 0,
                        "malformed XML: the file ends before the document does; is it cut "
                        "short? (%s)", x->msg);
    else if (x->xml_failed && strstr(x->msg, "huge text node"))
        tg_error_set_at(err, TG_ERR_DATA, name, x->line, 0,
                        "a text longer than the XML limit of 10 MB (libxml2: %s)", x->msg);
    else if (x->xml_failed)
        tg_error_set_at(err, TG_ERR_DATA, name, x->line, 0, "malformed XML: %s", x->msg);
    else
        tg_error_set_at(err, TG_ERR_DATA, name, 0, 0, "malformed XML in '%s'", name);
    return -1;
}

int tg_xml_next(tg_xml_t *x, int depth, xmlNode **node, tg_error_t *err)
{
    int r;

    *node = NULL;
    if (x->pending) {
        x->pending = 0;
        r = xmlTextReaderNext(x->reader);
    } else {
        r = xmlTextReaderRead(x->reader);
    }
    for (;;) {
        int d;

        if (r < 0 || x->xml_failed || x->read_failed)
            return fail(x, err);
        if (r == 0)
            return 0;
        d = xmlTextReaderDepth(x->reader);
        if (xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_ELEMENT) {
            if (d == 0) {
                const xmlChar *local = xmlTextReaderConstLocalName(x->reader);

                snprintf(x->root, sizeof x->root, "%s", local ? (const char *)local : "");
            }
            if (d == depth) {
                *node = xmlTextReaderExpand(x->reader);
                if (!*node || x->xml_failed || x->read_failed)
                    return fail(x, err);
                x->pending = 1;
                return 1;
            }
            if (d > depth) {
                r = xmlTextReaderNext(x->reader);
                continue;
            }
        }
        r = xmlTextReaderRead(x->reader);
    }
}

static int ns_matches(const xmlNode *n, const char *ns_part)
{
    const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;

    if (!ns_part)
        return 1;
    if (!*ns_part)
        return href == NULL || !*href;
    return href && strstr(href, ns_part) != NULL;
}

int tg_xml_is(const xmlNode *n, const char *ns_part, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           ns_matches(n, ns_part);
}

xmlNode *tg_xml_child(const xmlNode *n, const char *ns_part, const char *local)
{
    xmlNode *c;

    if (!n)
        return NULL;
    for (c = n->children; c; c = c->next)
        if (tg_xml_is(c, ns_part, local))
            return c;
    return NULL;
}

int tg_xml_text(const xmlNode *n, tg_buf *out)
{
    const xmlNode *c;

    if (tg_buf_add(out, "", 0))
        return -1;
    if (!n)
        return 0;
    for (c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            if (tg_buf_addstr(out, (const char *)c->content))
                return -1;
        } else if (c->type == XML_ELEMENT_NODE && tg_xml_text(c, out)) {
            return -1;
        }
    }
    return 0;
}

int tg_xml_attr(const xmlNode *n, const char *ns_part, const char *local, tg_buf *out)
{
    const xmlAttr *a;

    if (tg_buf_add(out, "", 0))
        return -1;
    if (!n)
        return 0;
    for (a = n->properties; a; a = a->next) {
        const char *href = a->ns && a->ns->href ? (const char *)a->ns->href : NULL;

        if (strcmp((const char *)a->name, local) != 0)
            continue;
        if (ns_part && (*ns_part ? !href || !strstr(href, ns_part) : href && *href))
            continue;
        return tg_xml_text((const xmlNode *)a, out) ? -1 : 1;
    }
    return 0;
}

long tg_xml_line(const xmlNode *n)
{
    long l = n ? xmlGetLineNo(n) : 0;

    return l > 0 ? l : 0;
}
