/* html_text.c - plain text out of the HTML that platforms put in comment
 * bodies (Reddit body_html, HN text, Canvas and Moodle messages, Disqus),
 * through libxml2's HTML parser and a walk of the tree it builds: character
 * references are decoded by the parser, runs of white space collapse as a
 * browser shows them (except inside <pre>), block elements become line
 * breaks and blank lines, <br> a line break, and scripts and styles vanish.
 * Shared by every importer that reads HTML; nothing here is done by hand
 * that libxml2 does. */
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "import_internal.h"

/* The parser is lenient (it never fails on bad markup), quiet (the library
 * never prints) and never touches the network. */
#define HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                      HTML_PARSE_NONET | HTML_PARSE_NOBLANKS)

typedef struct text_out {
    tg_buf *b;
    size_t start;   /* where this call's text begins in b */
    int space;      /* a collapsed space is due before the next word */
    int brk;        /* line breaks due before the next word: 1 newline, 2 blank line */
    int pre;        /* inside <pre>: white space kept */
    int failed;     /* out of memory */
} text_out;

static int name_in(const xmlChar *name, const char *const *list)
{
    for (; *list; list++)
        if (xmlStrcasecmp(name, (const xmlChar *)*list) == 0)
            return 1;
    return 0;
}

/* elements whose content is not text */
static const char *const hidden[] = {
    "script", "style", "head", "title", "noscript", "template", "iframe", "object", NULL
};
/* elements that stand apart as paragraphs (a blank line around them) */
static const char *const paragraphs[] = {
    "p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "section", "article", "header", "footer", "aside", "figure", "address",
    "details", "main", "nav", "form", "fieldset", NULL
};
/* elements that start a line of their own */
static const char *const lines[] = {
    "li", "tr", "dt", "dd", "figcaption", "caption", "summary", "option", NULL
};

static void emit(text_out *o, const char *s, size_t n)
{
    if (!n || o->failed)
        return;
    if (o->b->len > o->start) {
        if (o->brk)
            o->failed |= tg_buf_add(o->b, o->brk > 1 ? "\n\n" : "\n", (size_t)(o->brk > 1) + 1);
        else if (o->space && o->b->data[o->b->len - 1] != '\n')
            o->failed |= tg_buf_addch(o->b, ' ');
    }
    o->brk = 0;
    o->space = 0;
    o->failed |= tg_buf_add(o->b, s, n);
}

static void want_break(text_out *o, int level)
{
    if (level > o->brk)
        o->brk = level;
    o->space = 0;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void text(text_out *o, const char *s)
{
    size_t i = 0, n = strlen(s);

    if (o->pre) {
        /* kept as written, line by line, so that breaks due are honoured */
        while (i < n) {
            const char *nl = memchr(s + i, '\n', n - i);
            size_t k = nl ? (size_t)(nl - (s + i)) : n - i;

            emit(o, s + i, k);
            if (nl) {
                if (o->b->len > o->start && !o->brk)
                    o->failed |= tg_buf_addch(o->b, '\n');
                i += k + 1;
            } else {
                i += k;
            }
        }
        return;
    }
    while (i < n) {
        size_t j;

        if (is_ws((unsigned char)s[i])) {
            while (i < n && is_ws((unsigned char)s[i]))
                i++;
            if (!o->brk)
                o->space = 1;
            continue;
        }
        for (j = i; j < n && !is_ws((unsigned char)s[j]); j++)
            ;
        emit(o, s + i, j - i);
        i = j;
    }
}

static void walk(text_out *o, xmlNode *node)
{
    for (; node && !o->failed; node = node->next) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content)
                text(o, (const char *)node->content);
        } else if (node->type == XML_ELEMENT_NODE) {
            int level = 0, is_pre;

            if (name_in(node->name, hidden))
                continue;
            if (xmlStrcasecmp(node->name, (const xmlChar *)"br") == 0) {
                if (o->b->len > o->start && o->brk < 1) {
                    /* a <br> is a line break even after another one */
                    o->failed |= tg_buf_addch(o->b, '\n');
                    o->space = 0;
                }
                continue;
            }
            if (name_in(node->name, paragraphs))
                level = 2;
            else if (name_in(node->name, lines))
                level = 1;
            is_pre = xmlStrcasecmp(node->name, (const xmlChar *)"pre") == 0;
            if (level)
                want_break(o, level);
            o->pre += is_pre;
            walk(o, node->children);
            o->pre -= is_pre;
            if (level)
                want_break(o, level);
        }
    }
}

static void quiet(void *ctx, const char *msg, ...)
{
}

/* The parse under way on this thread (for on_xml_error). */
typedef struct html_parse {
    htmlParserCtxtPtr ctxt;
    int nomem;
} html_parse;

/* libxml2 2.9.14's HTML parser does not stop after a failed allocation: in
 * recover mode it goes on, and some of its loops then never advance (a
 * start tag whose node could not be made is met again and again: the fault
 * sweep hung in a Reddit body's <div>).  Every failed allocation is raised
 * as XML_ERR_NO_MEMORY through the structured error handler, which stops
 * the parser there (xmlStopParser empties its input, so every loop ends). */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    html_parse *hp = ctx;

    if (e && e->code == XML_ERR_NO_MEMORY) {
        hp->nomem = 1;
        xmlStopParser(hp->ctxt);
    }
}

/* Parse HTML from memory; NULL when libxml2 could not allocate.
 * - The context is made from the memory and the input declared UTF-8 here,
 *   not by htmlCtxtReadMemory's encoding argument: in 2.9.14 that switches
 *   the input's encoding without checking the allocations it makes, and a
 *   failed one left an input that htmlParseDocument read through NULL (a
 *   segfault).  Declaring the encoding keeps a <meta charset> in a comment
 *   from changing it, as before.
 * - In recover mode libxml2 goes on after a failed allocation and hands
 *   back a tree with text missing: the parser is stopped at the first one
 *   (on_xml_error) and the tree dropped (the fault-injection sweep found
 *   such silent losses).
 * - libxml2's generic error handler is silenced meanwhile: a failed
 *   allocation is reported there (on stderr by default) whatever the
 *   options say, and the library never prints.  The handlers are per
 *   thread in libxml2; the caller's are put back.
 * - libxml2 2.9.14 leaks a few blocks when an allocation inside
 *   htmlNewParserCtxt fails (docs/reliability.md). */
static htmlDocPtr read_html(const char *s, size_t n, int options)
{
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_s = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    html_parse hp = { NULL, 0 };
    htmlDocPtr doc = NULL;

    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(&hp, on_xml_error);
    hp.ctxt = htmlCreateMemoryParserCtxt(s, (int)(n > (size_t)0x7fffffff ? 0x7fffffff : n));
    if (hp.ctxt && hp.ctxt->input && !hp.nomem) {
        htmlCtxtUseOptions(hp.ctxt, options);
        xmlSwitchEncoding(hp.ctxt, XML_CHAR_ENCODING_UTF8);
        if (!hp.ctxt->input->encoding)
            hp.ctxt->input->encoding = xmlStrdup(BAD_CAST "UTF-8");
        if (hp.ctxt->input->encoding && !hp.nomem) {
            htmlParseDocument(hp.ctxt);
            doc = hp.ctxt->myDoc;
            hp.ctxt->myDoc = NULL;
        }
        if (doc && (hp.nomem || hp.ctxt->errNo == XML_ERR_NO_MEMORY)) {
            xmlFreeDoc(doc);
            doc = NULL;
        }
    }
    if (hp.ctxt)
        htmlFreeParserCtxt(hp.ctxt);
    xmlSetStructuredErrorFunc(old_sctx, old_s);
    xmlSetGenericErrorFunc(old_ctx, old);
    xmlResetLastError();
    return doc;
}
static tg_status_t keep_utf8(tg_buf *out, size_t start, tg_error_t *err);

tg_status_t tg_html_to_text(tg_buf *out, const char *html, size_t n, tg_error_t *err)
{
    htmlDocPtr doc;
    text_out o;

    memset(&o, 0, sizeof o);
    o.b = out;
    o.start = out->len;
    if (tg_buf_grow(out, 0))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    out->data[out->len] = '\0';
    if (n == 0)
        return TG_OK;
    doc = read_html(html, n, HTML_OPTIONS);
    if (!doc) {
        /* libxml2 gives up only when it cannot allocate */
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory (parsing HTML)");
    }
    walk(&o, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    if (o.failed)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    /* a trailing <br> leaves a line break */
    while (out->len > o.start && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == ' '))
        out->data[--out->len] = '\0';
    return keep_utf8(out, o.start, err);
}

/* The text appended to out from start on is UTF-8: libxml2's HTML parser
 * can hand out bytes that are not (found by fuzz_wordpress), which are
 * replaced by U+FFFD. */
static tg_status_t keep_utf8(tg_buf *out, size_t start, tg_error_t *err)
{
    tg_buf fixed = TG_BUF_INIT;

    if (tg_utf8_valid(out->data + start, out->len - start))
        return TG_OK;
    if (tg_utf8_repair(&fixed, out->data + start, out->len - start) < 0) {
        tg_buf_release(&fixed);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    out->len = start;
    if (tg_buf_add(out, fixed.data ? fixed.data : "", fixed.len)) {
        tg_buf_release(&fixed);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    tg_buf_release(&fixed);
    return TG_OK;
}

/* Every text node, as it is (the decoded text of markup-free HTML). */
static void gather(text_out *o, xmlNode *node)
{
    for (; node && !o->failed; node = node->next) {
        if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
            node->content)
            o->failed |= tg_buf_addstr(o->b, (const char *)node->content);
        else if (node->type == XML_ELEMENT_NODE)
            gather(o, node->children);
    }
}

tg_status_t tg_html_unescape(tg_buf *out, const char *s, size_t n, tg_error_t *err)
{
    htmlDocPtr doc = NULL;
    tg_buf src = TG_BUF_INIT;
    tg_status_t rc = TG_OK;
    text_out o;
    size_t i;

    memset(&o, 0, sizeof o);
    o.b = out;
    if (tg_buf_grow(out, 0))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    out->data[out->len] = '\0';
    /* nothing to decode: no parse */
    if (!memchr(s, '&', n))
        return tg_buf_add(out, s, n) ? tg_error_set(err, TG_ERR_NOMEM, "out of memory") : TG_OK;
    /* the text holds no markup: a stray '<' is text, not a tag */
    for (i = 0; i < n && !o.failed; i++)
        o.failed |= s[i] == '<' ? tg_buf_addstr(&src, "&lt;") : tg_buf_addch(&src, s[i]);
    if (o.failed) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    doc = read_html(src.data, src.len, HTML_OPTIONS & ~HTML_PARSE_NOBLANKS);
    if (!doc) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory (parsing HTML)");
        goto out;
    }
    gather(&o, xmlDocGetRootElement(doc));
    if (o.failed)
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    xmlFreeDoc(doc);
    tg_buf_release(&src);
    return rc;
}
