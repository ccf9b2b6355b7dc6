/* html_text.c - HTML fragments (Disqus messages, WordPress posts) as plain
 * text, through libxml2's HTML parser: text as a browser would lay it out,
 * without the markup.  Written for issue 6; issue 5 brings a helper of the
 * same name and purpose, to be unified with this one. */
#include <libxml/HTMLparser.h>
#include <string.h>

#include "import_internal.h"

typedef struct walker {
    tg_buf *out;
    size_t start;     /* out->len when the walk began */
    int nl;           /* line breaks waiting to be written before the next text (0..2) */
    int space;        /* a space waiting, when no break is */
    int pre;          /* inside <pre>: white space kept as written */
    int failed;
} walker;

static int is_block(const char *name)
{
    static const char *const blocks[] = {
        "p", "div", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl",
        "table", "section", "article", "header", "footer", "aside", "nav", "figure",
        "figcaption", "hr", "address", "details", "summary", "main", "form", "fieldset", NULL
    };
    size_t i;

    for (i = 0; blocks[i]; i++)
        if (strcmp(name, blocks[i]) == 0)
            return 1;
    return 0;
}

static int is_line(const char *name)
{
    return strcmp(name, "li") == 0 || strcmp(name, "tr") == 0 ||
           strcmp(name, "dt") == 0 || strcmp(name, "dd") == 0;
}

static int is_hidden(const char *name)
{
    return strcmp(name, "script") == 0 || strcmp(name, "style") == 0 ||
           strcmp(name, "head") == 0 || strcmp(name, "template") == 0 ||
           strcmp(name, "noscript") == 0;
}

static void breaks(walker *w, int nl)
{
    if (nl > w->nl)
        w->nl = nl;
}

/* Write s[0..n) after what waits before it; nothing waits at the start. */
static void put(walker *w, const char *s, size_t n)
{
    if (w->out->len > w->start) {
        if (w->nl)
            w->failed |= tg_buf_add(w->out, "\n\n", (size_t)w->nl) != 0;
        else if (w->space)
            w->failed |= tg_buf_addch(w->out, ' ') != 0;
    }
    w->nl = w->space = 0;
    w->failed |= tg_buf_add(w->out, s, n) != 0;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void text(walker *w, const char *s)
{
    const char *p = s, *run;

    if (w->pre) {
        if (*s)
            put(w, s, strlen(s));
        return;
    }
    while (*p) {
        if (blank(*p)) {
            w->space = 1;
            p++;
            continue;
        }
        run = p;
        while (*p && !blank(*p))
            p++;
        put(w, run, (size_t)(p - run));
    }
}

static void walk(walker *w, xmlNode *n)
{
    for (; n && !w->failed; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                text(w, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            int sep = is_block(name) ? 2 : is_line(name) ? 1 : 0;

            if (is_hidden(name))
                continue;
            if (strcmp(name, "br") == 0) {
                /* each <br> is one more line break, up to a blank line */
                w->nl = w->nl < 2 ? w->nl + 1 : 2;
                continue;
            }
            if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
                w->space = 1;
            breaks(w, sep);
            w->pre += strcmp(name, "pre") == 0;
            walk(w, n->children);
            w->pre -= strcmp(name, "pre") == 0;
            breaks(w, sep);
        } else if (n->children && n->type != XML_COMMENT_NODE) {
            walk(w, n->children);
        }
    }
}

tg_status_t tg_html_to_text(tg_buf *out, const char *html, size_t n, tg_error_t *err)
{
    htmlDocPtr doc;
    walker w;

    if (n == 0)
        return tg_buf_add(out, "", 0) ? tg_error_set(err, TG_ERR_NOMEM, "out of memory") : TG_OK;
    /* no error output (the library never prints), no network.  The
     * implied <html><body> stay: without them libxml2 wraps text that
     * follows an inline element in an implied <p>. */
    doc = htmlReadMemory(html, (int)(n > 0x7fffffff ? 0x7fffffff : n), NULL, "UTF-8",
                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    memset(&w, 0, sizeof w);
    w.out = out;
    w.start = out->len;
    if (!doc) {
        /* nothing libxml2 can read as HTML: keep the text as written */
        if (tg_buf_add(out, html, n))
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        return TG_OK;
    }
    walk(&w, doc->children);
    xmlFreeDoc(doc);
    /* no break or space at the end (a <pre> may leave some) */
    while (out->len > w.start && blank(out->data[out->len - 1]))
        out->data[--out->len] = '\0';
    if (w.failed || tg_buf_add(out, "", 0))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return TG_OK;
}
