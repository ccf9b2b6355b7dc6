/* import_mbox.c - mailing-list archives: mbox files (mboxo, mboxrd,
 * Pipermail's monthly .txt archives) and single messages.  Messages are
 * split at their "From " lines and parsed with GMime (headers, MIME,
 * quoted-printable and base64 bodies, charsets).  A message replies to its
 * In-Reply-To, or else to the last of its References.  A thread is one
 * connected reply tree; its id is the Message-ID of the tree's root and its
 * title the root's Subject.  The tree is only known once every message is
 * read, so messages are kept (not their raw text) until the end.  The rules
 * are in docs/formats.md. */
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

typedef struct mmsg {
    const char *id;          /* Message-ID without <>, or line-N */
    const char *parent;      /* the id it replies to, or NULL */
    const char **refs;       /* References, oldest first */
    size_t nrefs;
    const char *subject, *author, *date, *text;
    long line;
    int64_t node;            /* index of its id in the id table */
    int first;               /* the first message with this id (not a duplicate) */
} mmsg;

typedef struct node {
    const char *id;          /* the Message-ID (in the arena) */
    int64_t parent;          /* node it replies to, or -1 */
    int64_t msg;             /* first message with this id, or -1: absent from the file */
    int64_t up;              /* union-find */
} node;

typedef struct mstate {
    tg_input_t *in;
    tg_sink_t *sink;
    tg_error_t *err;
    tg_vec msgs;             /* mmsg */
    tg_hmap ids;             /* id -> node index */
    tg_vec nodes;            /* node */
    tg_arena arena;
    tg_buf raw;              /* the message being read */
    long raw_line;           /* line of its "From " line (or first line) */
    const char *envelope;    /* its "From " line, in arena, or NULL */
    tg_buf scratch, fix;
    tg_vec mid, irt, refs;   /* const char *: the ids of the message being read */
} mstate;

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    g_mime_init();
}

static tg_status_t nomem(mstate *st)
{
    return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
}

/* ---- "From " separator lines ---- */

/* "From SENDER DATE[ remote from HOST]": the offset of DATE in s, or 0
 * when s is no such line.  Pipermail writes "From jjl at pobox.com  Thu Nov
 * 1 11:19:12 2001", so the date is looked for after each word. */
static size_t envelope_date(const char *s, size_t n)
{
    size_t i;
    int64_t t;
    int zl, words = 0;

    if (n < 5 || memcmp(s, "From ", 5) != 0)
        return 0;
    for (i = 5; i < n && words < 8; i++) {
        const char *r;

        if (s[i - 1] != ' ' || s[i] == ' ' || ++words == 1)
            continue; /* inside a word, or the sender's first word */
        r = memmem(s + i, n - i, " remote from ", 13);
        if (tg_time_parse_mail(s + i, (r ? (size_t)(r - s) : n) - i, &t, &zl) == 0)
            return i;
    }
    return 0;
}

static int is_envelope(const char *s, size_t n)
{
    return envelope_date(s, n) != 0;
}

/* Does the line look like a header ("Name: value" or a From_ line)? */
static int header_like(const char *s, size_t n)
{
    size_t i;

    if (is_envelope(s, n))
        return 1;
    /* field names are letters, digits and '-' in practice (RFC 5322 allows
     * more, which would make any "word:" line a header) */
    for (i = 0; i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                          (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_');
         i++)
        ;
    return i > 0 && i < n && s[i] == ':';
}

/* ---- ids ---- */

/* The ids in a Message-ID, In-Reply-To or References value, appended to
 * out (const char *, copies in the arena): each <...>, and, where there is
 * none, bare words with an '@' (ids without angle brackets).  Returns the
 * count, or -1 on out of memory. */
static long ids_in(mstate *st, const char *v, tg_vec *out)
{
    const char *p = v;
    int bracketed = v && strchr(v, '<') != NULL;

    out->n = 0;
    while (p && *p) {
        const char *a, *b, *t;
        size_t tn;

        if (bracketed) {
            if (!(a = strchr(p, '<')) || !(b = strchr(a + 1, '>')))
                break;
            a++;
            p = b + 1;
        } else {
            while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r' || *p == '\n')
                p++;
            a = p;
            while (*p && *p != ' ' && *p != '\t' && *p != ',' && *p != '\r' && *p != '\n')
                p++;
            b = p;
            if (a == b || !memchr(a, '@', (size_t)(b - a)))
                continue;
        }
        t = tg_trim(a, (size_t)(b - a), &tn);
        if (tn && !memchr(t, ' ', tn)) {
            const char **slot = tg_vec_push(out);

            if (!slot || !(*slot = tg_arena_strndup(&st->arena, t, tn)))
                return -1;
        }
    }
    return (long)out->n;
}

/* ---- one message ---- */

/* A copy of s in the arena, valid UTF-8 (*repaired set when it was not). */
static const char *keep_text(mstate *st, const char *s, size_t n, int *repaired)
{
    size_t fn;
    int r;
    const char *f = tg_utf8_fix(&st->fix, s, n, &fn, &r);

    *repaired |= r;
    return f ? tg_arena_strndup(&st->arena, f, fn) : NULL;
}

/* The sender's address (lowercased), or their name when no address. */
static const char *sender(mstate *st, const char *from, int *repaired)
{
    InternetAddressList *l;
    const char *at, *who = NULL;
    char *fixed = NULL, *p;
    tg_buf *b = &st->scratch;

    if (!from)
        return "";
    /* Pipermail hides addresses as "jjl at pobox.com (John J. Lee)" */
    tg_buf_reset(b);
    if ((at = strstr(from, " at ")) && !memchr(from, '@', (size_t)(at - from)) &&
        !memchr(from, '<', (size_t)(at - from))) {
        if (tg_buf_add(b, from, (size_t)(at - from)) || tg_buf_addch(b, '@') ||
            tg_buf_addstr(b, at + 4))
            return NULL;
        from = b->data;
    }
    l = internet_address_list_parse(NULL, from);
    if (l && internet_address_list_length(l) > 0) {
        InternetAddress *a = internet_address_list_get_address(l, 0);

        if (INTERNET_ADDRESS_IS_MAILBOX(a))
            who = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
        if (who && *who && (fixed = strdup(who))) {
            /* addresses are compared without letter case */
            for (p = fixed; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
        } else if ((who = internet_address_get_name(a)) && *who) {
            fixed = strdup(who);
        }
    }
    who = fixed ? fixed : from;
    who = keep_text(st, who, strlen(who), repaired);
    free(fixed);
    if (l)
        g_object_unref(l);
    return who;
}

/* The first text/<subtype> part that is not an attachment, depth first. */
static GMimeObject *text_part(GMimeObject *o, const char *subtype)
{
    if (GMIME_IS_MULTIPART(o)) {
        int i, n = g_mime_multipart_get_count(GMIME_MULTIPART(o));

        for (i = 0; i < n; i++) {
            GMimeObject *r = text_part(g_mime_multipart_get_part(GMIME_MULTIPART(o), i), subtype);

            if (r)
                return r;
        }
        return NULL;
    }
    if (GMIME_IS_TEXT_PART(o)) {
        GMimeContentType *ct = g_mime_object_get_content_type(o);
        GMimeContentDisposition *cd = g_mime_object_get_content_disposition(o);

        if (ct && g_mime_content_type_is_type(ct, "text", subtype) &&
            !(cd && g_mime_content_disposition_is_attachment(cd)))
            return o;
    }
    return NULL;
}

/* The body as text: the first text/plain part, else the first text/html
 * part as plain text, else nothing. */
static const char *body_text(mstate *st, GMimeMessage *msg, int *repaired)
{
    GMimeObject *body = g_mime_message_get_body(msg), *part;
    char *t;
    const char *kept;

    if (!body)
        return "";
    if ((part = text_part(body, "plain"))) {
        size_t n;

        if (!(t = g_mime_text_part_get_text(GMIME_TEXT_PART(part))))
            return "";
        /* the blank lines that end a message in an mbox are not its text */
        for (n = strlen(t); n && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' ' ||
                                  t[n - 1] == '\t');)
            n--;
        kept = keep_text(st, t, n, repaired);
        g_free(t);
        return kept;
    }
    if ((part = text_part(body, "html"))) {
        if (!(t = g_mime_text_part_get_text(GMIME_TEXT_PART(part))))
            return "";
        tg_buf_reset(&st->scratch);
        if (tg_html_to_text(&st->scratch, t, strlen(t), NULL)) {
            g_free(t);
            return NULL;
        }
        g_free(t);
        return keep_text(st, st->scratch.data, st->scratch.len, repaired);
    }
    return "";
}

static int64_t node_of(mstate *st, const char *id, tg_status_t *rc)
{
    int found;
    int64_t *slot = tg_hmap_put(&st->ids, id, strlen(id), (int64_t)st->nodes.n, &found);
    node *nd;

    *rc = TG_OK;
    if (!slot) {
        *rc = TG_ERR_NOMEM;
        return -1;
    }
    if (!found) {
        if (!(nd = tg_vec_push(&st->nodes))) {
            *rc = TG_ERR_NOMEM;
            return -1;
        }
        nd->parent = -1;
        nd->msg = -1;
        nd->up = *slot;
        if (!(nd->id = tg_arena_strdup(&st->arena, id))) {
            *rc = TG_ERR_NOMEM;
            return -1;
        }
    }
    return *slot;
}

/* Parse the message in st->raw and keep what the import needs. */
static tg_status_t finish_message(mstate *st)
{
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *msg;
    GMimeObject *o;
    mmsg *m;
    const char *v;
    long nrefs, nirt, nmid, line = st->raw_line;
    int repaired = 0;
    tg_status_t rc = TG_OK;
    size_t i;

    if (!st->raw.len)
        return TG_OK;
    stream = g_mime_stream_mem_new_with_buffer(st->raw.data, st->raw.len);
    parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(stream);
    tg_buf_reset(&st->raw);
    if (!msg)
        return tg_import_report_skip(st->sink->report, line, "message GMime cannot parse")
                   ? nomem(st)
                   : TG_OK;
    o = GMIME_OBJECT(msg);
    if (!(m = tg_vec_push(&st->msgs))) {
        rc = nomem(st);
        goto out;
    }
    m->line = line;
    if ((nmid = ids_in(st, g_mime_object_get_header(o, "Message-ID"), &st->mid)) < 0 ||
        (nirt = ids_in(st, g_mime_object_get_header(o, "In-Reply-To"), &st->irt)) < 0 ||
        (nrefs = ids_in(st, g_mime_object_get_header(o, "References"), &st->refs)) < 0) {
        rc = nomem(st);
        goto out;
    }
    if (nmid) {
        m->id = TG_VEC_AT(&st->mid, const char *, 0);
    } else {
        char pos[48];

        snprintf(pos, sizeof pos, "line-%ld", line);
        if (!(m->id = tg_arena_strdup(&st->arena, pos))) {
            rc = nomem(st);
            goto out;
        }
        if (tg_import_report_note(st->sink->report, line,
                                  "messages without a Message-ID (kept under the id line-N, "
                                  "N their line)")) {
            rc = nomem(st);
            goto out;
        }
    }
    m->parent = nirt    ? TG_VEC_AT(&st->irt, const char *, 0)
                : nrefs ? TG_VEC_AT(&st->refs, const char *, nrefs - 1)
                        : NULL;
    if (m->parent && strcmp(m->parent, m->id) == 0)
        m->parent = NULL; /* a message naming itself */
    if (nrefs) {
        if (!(m->refs = tg_arena_alloc(&st->arena, (size_t)nrefs * sizeof *m->refs))) {
            rc = nomem(st);
            goto out;
        }
        for (i = 0; i < (size_t)nrefs; i++)
            m->refs[i] = TG_VEC_AT(&st->refs, const char *, i);
        m->nrefs = (size_t)nrefs;
    }
    v = g_mime_message_get_subject(msg);
    m->subject = v ? keep_text(st, v, strlen(v), &repaired) : NULL;
    v = g_mime_object_get_header(o, "Date");
    if (!v && st->envelope)
        v = st->envelope; /* the date of the "From " line */
    m->date = v ? keep_text(st, v, strlen(v), &repaired) : NULL;
    v = g_mime_object_get_header(o, "From");
    m->author = sender(st, v, &repaired);
    m->text = body_text(st, msg, &repaired);
    if (!m->author || !m->text || (m->subject == NULL && g_mime_message_get_subject(msg))) {
        rc = nomem(st);
        goto out;
    }
    if (repaired)
        tg_import_report_tally(st->sink->report, TG_TALLY_BAD_UTF8, line);
    if ((m->node = node_of(st, m->id, &rc)) < 0) {
        rc = nomem(st);
        goto out;
    }
    {
        node *nd = &TG_VEC_AT(&st->nodes, node, m->node);

        m->first = nd->msg < 0;
        if (m->first)
            nd->msg = (int64_t)(st->msgs.n - 1);
    }
out:
    g_object_unref(msg);
    return rc;
}

/* ---- threads: connected reply trees ---- */

static int64_t find(mstate *st, int64_t x)
{
    node *n = (node *)st->nodes.data;

    while (n[x].up != x) {
        n[x].up = n[n[x].up].up;
        x = n[x].up;
    }
    return x;
}

static void unite(mstate *st, int64_t a, int64_t b)
{
    node *n = (node *)st->nodes.data;

    a = find(st, a);
    b = find(st, b);
    if (a != b)
        n[a > b ? a : b].up = a < b ? a : b;
}

/* "Re: Re: [list] Re: subject" -> "[list] subject" */
static const char *strip_re(mstate *st, const char *s)
{
    const char *p = s, *tag = NULL;
    size_t tagn = 0;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '[' && strchr(p, ']')) {
            const char *e = strchr(p, ']') + 1;

            if (!tag) {
                tag = p;
                tagn = (size_t)(e - p);
            }
            p = e;
            continue;
        }
        if ((tg_ascii_ieq(p, 2, "re") || tg_ascii_ieq(p, 2, "aw") || tg_ascii_ieq(p, 2, "sv")) &&
            p[2] == ':') {
            p += 3;
            continue;
        }
        break;
    }
    tg_buf_reset(&st->scratch);
    if ((tag && (tg_buf_add(&st->scratch, tag, tagn) || tg_buf_addch(&st->scratch, ' '))) ||
        tg_buf_addstr(&st->scratch, p))
        return NULL;
    return tg_arena_strdup(&st->arena, st->scratch.data);
}

static tg_status_t emit_all(mstate *st)
{
    size_t i, k, nn;
    mmsg *msgs = (mmsg *)st->msgs.data;
    node *nodes;
    int64_t *root = NULL;    /* per component (by find()): the root node */
    int64_t *first = NULL;   /* per component: its first message */
    unsigned char *titled = NULL;
    tg_status_t rc = TG_OK;

    /* parent links, from the first message of each id */
    for (i = 0; i < st->msgs.n; i++) {
        mmsg *m = &msgs[i];

        if (!m->first || !m->parent)
            continue;
        {
            int64_t p = node_of(st, m->parent, &rc);

            if (p < 0)
                return nomem(st);
            nodes = (node *)st->nodes.data;
            nodes[m->node].parent = p;
        }
    }
    /* ancestors absent from the file, from References: a reply whose
     * parent is not here still joins the tree of its parent's parents */
    for (i = 0; i < st->msgs.n; i++) {
        mmsg *m = &msgs[i];
        int64_t cur;

        if (!m->first || !m->parent || !m->nrefs || strcmp(m->refs[m->nrefs - 1], m->parent))
            continue;
        cur = TG_VEC_AT(&st->nodes, node, m->node).parent;
        for (k = m->nrefs - 1; k > 0; k--) {
            int64_t up;

            nodes = (node *)st->nodes.data;
            if (nodes[cur].msg >= 0 || nodes[cur].parent >= 0)
                break;
            if ((up = node_of(st, m->refs[k - 1], &rc)) < 0)
                return nomem(st);
            nodes = (node *)st->nodes.data;
            if (up == cur)
                break;
            nodes[cur].parent = up;
            cur = up;
        }
    }
    nn = st->nodes.n;
    nodes = (node *)st->nodes.data;
    for (i = 0; i < nn; i++)
        if (nodes[i].parent >= 0)
            unite(st, (int64_t)i, nodes[i].parent);
    root = malloc((nn ? nn : 1) * sizeof *root);
    first = malloc((nn ? nn : 1) * sizeof *first);
    titled = calloc(nn ? nn : 1, 1);
    if (!root || !first || !titled) {
        rc = nomem(st);
        goto out;
    }
    for (i = 0; i < nn; i++)
        root[i] = first[i] = -1;
    for (i = 0; i < nn; i++)
        if (nodes[i].parent < 0)
            root[find(st, (int64_t)i)] = (int64_t)i;
    for (i = 0; i < st->msgs.n; i++) {
        int64_t c = find(st, msgs[i].node);

        if (first[c] < 0)
            first[c] = (int64_t)i;
        /* a tree whose links form a cycle has no root: its first message */
        if (root[c] < 0)
            root[c] = msgs[i].node;
    }
    for (i = 0; i < st->msgs.n && !rc; i++) {
        mmsg *m = &msgs[i];
        int64_t c = find(st, m->node), r = root[c];
        const char *thread;
        tg_comment_rec_t rec;
        int64_t when;
        int zl;

        /* the thread's id is the root's Message-ID (absent or not) */
        thread = nodes[r].id;
        if (!titled[c]) {
            tg_post_rec_t p;
            const char *title = nodes[r].msg >= 0 ? msgs[nodes[r].msg].subject
                                                  : msgs[first[c]].subject
                                                        ? strip_re(st, msgs[first[c]].subject)
                                                        : NULL;

            titled[c] = 1;
            if (title && *title) {
                memset(&p, 0, sizeof p);
                p.thread_id = thread;
                p.title = title;
                p.title_only = 1;
                p.line = m->line;
                if ((rc = st->sink->post(st->sink, &p, st->err)))
                    break;
            }
        }
        memset(&rec, 0, sizeof rec);
        rec.thread_id = thread;
        rec.id = m->id;
        rec.parent_id = m->parent;
        rec.author = m->author;
        rec.text = m->text && *m->text ? m->text : NULL;
        rec.line = m->line;
        if (m->date) {
            rec.time_text = m->date;
            if (tg_time_parse_mail(m->date, strlen(m->date), &when, &zl) == 0) {
                rec.time = when;
                rec.has_time = 1;
                if (zl && tg_import_report_note(st->sink->report, m->line,
                                                "dates without a time zone (taken as UTC)")) {
                    rc = nomem(st);
                    break;
                }
            } else {
                tg_import_report_tally(st->sink->report, TG_TALLY_BAD_TIME, m->line);
            }
        }
        rc = st->sink->comment(st->sink, &rec, st->err);
    }
out:
    free(root);
    free(first);
    free(titled);
    return rc;
}

/* ---- reading ---- */

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    mstate st;
    char *s;
    size_t n;
    int nl, r, prev_blank = 1, started = 0;
    tg_status_t rc = TG_OK;

    (void)opt;
    pthread_once(&gmime_once, gmime_start);
    memset(&st, 0, sizeof st);
    st.in = in;
    st.sink = sink;
    st.err = err;
    tg_vec_init(&st.msgs, sizeof(mmsg));
    tg_vec_init(&st.nodes, sizeof(node));
    tg_vec_init(&st.mid, sizeof(const char *));
    tg_vec_init(&st.irt, sizeof(const char *));
    tg_vec_init(&st.refs, sizeof(const char *));
    tg_arena_init(&st.arena, 1u << 20);
    if (tg_hmap_init(&st.ids, 1024)) {
        rc = nomem(&st);
        goto out;
    }
    while ((r = tg_input_getline(in, &s, &n, &nl, err)) == 1) {
        long line = tg_input_lineno(in);

        if (prev_blank && is_envelope(s, n)) {
            if ((rc = finish_message(&st)))
                goto out;
            started = 1;
            st.raw_line = line;
            /* the date of the "From " line, for a message without Date: */
            st.envelope = tg_arena_strdup(&st.arena, s + envelope_date(s, n));
            if (!st.envelope) {
                rc = nomem(&st);
                goto out;
            }
            prev_blank = 0;
            continue;
        }
        prev_blank = n == 0;
        if (!started) {
            if (n == 0)
                continue;
            if (!header_like(s, n)) {
                if ((rc = tg_import_report_skip(sink->report, line,
                                                "text before the first message")))
                    goto out;
                continue;
            }
            /* a single message, or an archive without "From " lines */
            started = 1;
            st.raw_line = line;
            st.envelope = NULL;
        }
        /* mboxrd and mboxo quote body lines that start with "From " */
        if (n > 5 && s[0] == '>') {
            size_t k = 0;

            while (k < n && s[k] == '>')
                k++;
            if (n - k >= 5 && memcmp(s + k, "From ", 5) == 0) {
                s++;
                n--;
            }
        }
        if (tg_buf_add(&st.raw, s, n) || tg_buf_addch(&st.raw, '\n')) {
            rc = nomem(&st);
            goto out;
        }
    }
    if (r < 0) {
        rc = err ? err->code : TG_ERR_IO;
        goto out;
    }
    if ((rc = finish_message(&st)) || (rc = emit_all(&st)))
        goto out;
out:
    tg_vec_release(&st.msgs);
    tg_vec_release(&st.nodes);
    tg_vec_release(&st.mid);
    tg_vec_release(&st.irt);
    tg_vec_release(&st.refs);
    tg_hmap_release(&st.ids);
    tg_arena_release(&st.arena);
    tg_buf_release(&st.raw);
    tg_buf_release(&st.scratch);
    tg_buf_release(&st.fix);
    return rc;
}

static int detect(const char *path, const char *head, size_t len)
{
    size_t i = 0, n;
    const char *nl;
    int headers = 0, msgid = 0;

    (void)path;
    /* the first non-blank line is a "From " line; or a message's headers */
    while (i < len && (head[i] == '\n' || head[i] == '\r'))
        i++;
    nl = memchr(head + i, '\n', len - i);
    n = nl ? (size_t)(nl - (head + i)) : len - i;
    if (n && head[i + n - 1] == '\r')
        n--;
    if (is_envelope(head + i, n))
        return 90;
    while (i < len) {
        size_t next;

        nl = memchr(head + i, '\n', len - i);
        next = nl ? (size_t)(nl - head) + 1 : len;
        n = next - i - (nl != NULL);
        if (n && head[i + n - 1] == '\r')
            n--;
        if (n == 0)
            break;
        if (head[i] != ' ' && head[i] != '\t') {
            if (!header_like(head + i, n))
                return 0;
            headers++;
            msgid |= n >= 11 && tg_ascii_ieq(head + i, 11, "message-id:");
        }
        i = next;
    }
    return headers >= 3 && msgid ? 70 : 0;
}

const tg_importer_t tg_importer_mbox = {
    "mbox",
    "mbox",
    "mailing-list archives: mbox files (Pipermail .txt archives too) and single messages",
    detect,
    run,
};
