/* xml_internal.h - what the XML importers (Disqus, WordPress) share: a
 * streaming libxml2 reader over a tg_input_t that hands out one record
 * element at a time as a small tree, and helpers to read those trees. */
#ifndef TG_XML_INTERNAL_H
#define TG_XML_INTERNAL_H

#include <libxml/tree.h>

#include "import_internal.h"

typedef struct tg_xml tg_xml_t;

/* Start reading the XML document in in. */
tg_status_t tg_xml_open(tg_input_t *in, tg_xml_t **out, tg_error_t *err);
void tg_xml_close(tg_xml_t *x);
/* The next element at depth (0 = the root, 1 its children ...), expanded
 * with its subtree: *node is valid until the next call, which skips what is
 * left of it.  Returns 1, 0 at the end of the document, or -1 with err
 * naming the file, the line and libxml2's message. */
int tg_xml_next(tg_xml_t *x, int depth, xmlNode **node, tg_error_t *err);
/* The root element's local name, once tg_xml_next has passed it ("" before). */
const char *tg_xml_root(const tg_xml_t *x);

/* The first child element of n named local whose namespace URI contains
 * ns_part (NULL: any namespace, "" : none), or NULL. */
xmlNode *tg_xml_child(const xmlNode *n, const char *ns_part, const char *local);
/* Is n an element named local in a namespace containing ns_part (as above)? */
int tg_xml_is(const xmlNode *n, const char *ns_part, const char *local);
/* The text of n (its text and CDATA, nested elements included; entity
 * references are not expanded), appended to out.  Returns 0, -1 on out of
 * memory.  n may be NULL (nothing is appended). */
int tg_xml_text(const xmlNode *n, tg_buf *out);
/* The value of n's attribute local in a namespace containing ns_part (NULL:
 * any, "": none), appended to out (NUL-terminated even when absent); 1 when
 * present, 0 absent, -1 out of memory.  n may be NULL. */
int tg_xml_attr(const xmlNode *n, const char *ns_part, const char *local, tg_buf *out);
/* 1-based line of n in the input. */
long tg_xml_line(const xmlNode *n);

#endif
