/* import_newspage.c - a news page or blog post copied as plain text, with
 * its comment section at the end:
 *
 *     by: NAME from: LOCATION        (or just "by: NAME")
 *     December 10, 2014 17:14        (the comment's date, UTC)
 *     body lines ...
 *     In Response                    (optional: the next comment replies)
 *
 * Everything before the first comment is the article (the thread's post);
 * a footer line such as "About This Blog" ends the comment section.  The
 * rules are in docs/formats.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

static const char *const default_footers[] = { "About This Blog", NULL };
/* page chrome between the article and the comments, left out of the post */
static const char *const chrome[] = { "This forum has been closed.", "Comment Sorting", NULL };

typedef struct line {
    char *s;       /* NUL-terminated, line ending removed */
    size_t n;
} line;

typedef struct page {
    line *lines;
    size_t n, cap;
    tg_arena arena;
} page;

static int starts_by(const char *s, size_t n)
{
    size_t tn;
    const char *t = tg_trim(s, n, &tn);

    return tn >= 3 && (t[0] == 'b' || t[0] == 'B') && (t[1] == 'y' || t[1] == 'Y') && t[2] == ':';
}

/* "Month D, YYYY H:MM" in shape, whatever the values: a bad date in a
 * header is reported, not mistaken for body text. */
static int looks_like_news_date(const char *s, size_t n)
{
    size_t tn, i = 0, k;
    const char *t = tg_trim(s, n, &tn);

    for (k = 0; i < tn && ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z'); i++, k++)
        ;
    if (k < 3)
        return 0;
    if (i < tn && t[i] == '.')
        i++;
    if (i >= tn || t[i] != ' ')
        return 0;
    while (i < tn && t[i] == ' ')
        i++;
    for (k = 0; i < tn && t[i] >= '0' && t[i] <= '9'; i++, k++)
        ;
    if (k < 1 || k > 2 || i >= tn || t[i] != ',')
        return 0;
    i++;
    while (i < tn && t[i] == ' ')
        i++;
    for (k = 0; i < tn && t[i] >= '0' && t[i] <= '9'; i++, k++)
        ;
    if (k != 4)
        return 0;
    return i == tn || t[i] == ' ';
}

static int in_list(const char *s, size_t n, const char *const *list, size_t nlist)
{
    size_t tn, i;
    const char *t = tg_trim(s, n, &tn);

    for (i = 0; list[i] && (nlist == 0 || i < nlist); i++)
        if (strlen(list[i]) == tn && memcmp(list[i], t, tn) == 0)
            return 1;
    return 0;
}

static int is_in_response(const char *s, size_t n)
{
    size_t tn;
    const char *t = tg_trim(s, n, &tn);

    return tn == 11 && tg_ascii_ieq(t, tn, "in response");
}

static int count_words(const char *s, size_t n)
{
    int words = 0, in = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        int sp = s[i] == ' ' || s[i] == '\t';

        if (!sp && !in)
            words++;
        in = !sp;
    }
    return words;
}

static int is_blank(const line *l)
{
    size_t tn;

    tg_trim(l->s, l->n, &tn);
    return tn == 0;
}

/* A header at lines[i]: "by:" followed at once by a date line. */
static int is_header(const page *pg, size_t i)
{
    return i + 1 < pg->n && starts_by(pg->lines[i].s, pg->lines[i].n) &&
           looks_like_news_date(pg->lines[i + 1].s, pg->lines[i + 1].n);
}

static tg_status_t read_page(tg_input_t *in, page *pg, tg_import_report_t *report,
                             tg_error_t *err)
{
    char *s;
    size_t n, fn;
    int nl, rc, repaired;
    tg_buf scratch = TG_BUF_INIT;

    while ((rc = tg_input_getline(in, &s, &n, &nl, err)) == 1) {
        const char *f = tg_utf8_fix(&scratch, s, n, &fn, &repaired);
        line *l;

        if (!f)
            goto nomem;
        if (repaired)
            tg_import_report_tally(report, TG_TALLY_BAD_UTF8, tg_input_lineno(in));
        if (pg->n == pg->cap) {
            size_t cap = pg->cap ? pg->cap * 2 : 256;
            line *p = realloc(pg->lines, cap * sizeof *p);

            if (!p)
                goto nomem;
            pg->lines = p;
            pg->cap = cap;
        }
        l = &pg->lines[pg->n++];
        l->n = fn;
        if (!(l->s = tg_arena_strndup(&pg->arena, f, fn)))
            goto nomem;
    }
    tg_buf_release(&scratch);
    return rc < 0 ? (err ? err->code : TG_ERR_IO) : TG_OK;
nomem:
    tg_buf_release(&scratch);
    return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
}

/* Join lines[from..to) with newlines, without blank lines at either end. */
static int join(tg_buf *b, const page *pg, size_t from, size_t to, const char *const *skip)
{
    size_t i;

    tg_buf_reset(b);
    while (from < to && is_blank(&pg->lines[from]))
        from++;
    while (to > from && is_blank(&pg->lines[to - 1]))
        to--;
    for (i = from; i < to; i++) {
        const line *l = &pg->lines[i];

        if (skip && in_list(l->s, l->n, skip, 0))
            continue;
        if ((b->len && tg_buf_addch(b, '\n')) || tg_buf_add(b, l->s, l->n))
            return -1;
    }
    /* an empty body is "": the buffer may never have been written */
    if (tg_buf_grow(b, 0))
        return -1;
    b->data[b->len] = '\0';
    return 0;
}

static tg_status_t send_post(const page *pg, size_t end, const char *thread,
                             tg_sink_t *sink, tg_error_t *err)
{
    tg_post_rec_t post;
    tg_buf text = TG_BUF_INIT, when_text = TG_BUF_INIT;
    char *title = NULL;
    size_t i;
    tg_status_t rc;

    memset(&post, 0, sizeof post);
    post.thread_id = thread;
    post.line = 1;
    for (i = 0; i < end; i++) {
        const line *l = &pg->lines[i];
        size_t tn;
        const char *t = tg_trim(l->s, l->n, &tn);
        int64_t when;

        if (!tn || in_list(t, tn, chrome, 0))
            continue;
        if (tg_time_parse_loose(t, tn, &when) == 0) {
            if (!post.has_time) {
                post.has_time = 1;
                post.time = when;
                post.time_text = l->s;
            }
            continue;
        }
        if (!title && count_words(t, tn) >= 4) {
            title = malloc(tn + 1);
            if (!title)
                return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            memcpy(title, t, tn);
            title[tn] = '\0';
        }
    }
    if (post.time_text) {
        /* keep the date as written, without surrounding spaces */
        size_t tn;
        const char *t = tg_trim(post.time_text, strlen(post.time_text), &tn);

        /* whole: a cut could split a UTF-8 sequence */
        if (tg_buf_add(&when_text, t, tn)) {
            free(title);
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        }
        post.time_text = when_text.data;
    }
    if (join(&text, pg, 0, end, chrome)) {
        free(title);
        tg_buf_release(&when_text);
        tg_buf_release(&text); /* what join wrote before it failed */
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    post.title = title;
    post.text = text.len ? text.data : NULL;
    rc = sink->post(sink, &post, err);
    free(title);
    tg_buf_release(&text);
    tg_buf_release(&when_text);
    return rc;
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    page pg;
    const char *const *footers = opt->footers ? opt->footers : default_footers;
    size_t nfooters = opt->footers ? opt->nfooters : 0;
    char *thread = NULL;
    tg_buf body = TG_BUF_INIT, author = TG_BUF_INIT, location = TG_BUF_INIT, date = TG_BUF_INIT;
    size_t i, first = (size_t)-1;
    tg_status_t rc;
    long number = 0, prev = 0, group_root = 0;
    int reply_next = 0;
    char idbuf[32], parentbuf[32];

    memset(&pg, 0, sizeof pg);
    tg_arena_init(&pg.arena, 1u << 20);
    if ((rc = read_page(in, &pg, sink->report, err)))
        goto out;
    thread = tg_path_stem(tg_input_name(in));
    if (!thread) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < pg.n; i++)
        if (is_header(&pg, i)) {
            first = i;
            break;
        }
    if (first == (size_t)-1) {
        rc = tg_error_set_at(err, TG_ERR_DATA, tg_input_name(in), 0, 0,
                             "no comment found in '%s': no 'by: NAME' line followed by a date "
                             "line such as 'December 10, 2014 17:14'", tg_input_name(in));
        goto out;
    }
    if ((rc = send_post(&pg, first, thread, sink, err)))
        goto out;

    i = first;
    while (i < pg.n) {
        const line *h = &pg.lines[i], *d = &pg.lines[i + 1];
        tg_comment_rec_t c;
        size_t tn, start, end, bn;
        const char *t = tg_trim(h->s, h->n, &tn), *name, *from;
        int64_t when;
        int stop_reply = 0, footer = 0;

        /* header: by: NAME [from: LOCATION] */
        t += 3;
        tn -= 3;
        name = t;
        from = NULL;
        for (bn = 0; bn + 5 <= tn; bn++)
            if ((bn == 0 || t[bn - 1] == ' ' || t[bn - 1] == '\t') && memcmp(t + bn, "from:", 5) == 0) {
                from = t + bn;
                break;
            }
        tg_buf_reset(&author);
        tg_buf_reset(&location);
        {
            size_t nn, ln;
            const char *nm = tg_trim(name, from ? (size_t)(from - name) : tn, &nn);

            if (tg_buf_add(&author, nm, nn)) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            if (from) {
                const char *lc = tg_trim(from + 5, tn - (size_t)(from + 5 - t), &ln);

                if (tg_buf_add(&location, lc, ln)) {
                    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                    goto out;
                }
            }
        }
        /* body: up to the next header, "In Response" or a footer line */
        start = i + 2;
        for (end = start; end < pg.n; end++) {
            const line *l = &pg.lines[end];

            if (is_header(&pg, end))
                break;
            if (is_in_response(l->s, l->n)) {
                stop_reply = 1;
                break;
            }
            if (in_list(l->s, l->n, footers, nfooters)) {
                footer = 1;
                break;
            }
        }
        if (join(&body, &pg, start, end, NULL)) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }

        number++;
        snprintf(idbuf, sizeof idbuf, "%ld", number);
        memset(&c, 0, sizeof c);
        c.thread_id = thread;
        c.id = idbuf;
        if (reply_next) {
            snprintf(parentbuf, sizeof parentbuf, "%ld",
                     opt->reply_model == TG_REPLY_ROOT ? group_root : prev);
            c.parent_id = parentbuf;
        } else {
            group_root = number;
        }
        c.author = author.data ? author.data : "";
        c.location = location.len ? location.data : NULL;
        {
            size_t dn;
            const char *dt = tg_trim(d->s, d->n, &dn);

            /* the date line whole: a cut could split a UTF-8 sequence */
            tg_buf_reset(&date);
            if (tg_buf_add(&date, dt, dn)) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            c.time_text = date.data;
            if (tg_time_parse_news(dt, dn, &when) == 0) {
                c.time = when;
                c.has_time = 1;
            } else {
                tg_import_report_tally(sink->report, TG_TALLY_BAD_TIME, (long)i + 2);
            }
        }
        c.text = body.data ? body.data : "";
        c.line = (long)i + 1;
        if ((rc = sink->comment(sink, &c, err)))
            goto out;
        prev = number;
        reply_next = stop_reply;

        if (footer)
            break;
        i = end;
        if (stop_reply) {
            /* after "In Response": blank lines, then the next header */
            for (i = end + 1; i < pg.n && !is_header(&pg, i); i++) {
                const line *l = &pg.lines[i];

                if (in_list(l->s, l->n, footers, nfooters)) {
                    footer = 1;
                    break;
                }
                if (!is_blank(l) &&
                    (rc = tg_import_report_skip(sink->report, (long)i + 1,
                                                "text between 'In Response' and the next comment")))
                    goto out;
            }
            if (footer)
                break;
        }
    }
out:
    free(thread);
    free(pg.lines);
    tg_arena_release(&pg.arena);
    tg_buf_release(&body);
    tg_buf_release(&author);
    tg_buf_release(&location);
    tg_buf_release(&date);
    return rc;
}

/* detection: a "by:" line followed by a news date within the first bytes */
static int detect(const char *path, const char *head, size_t len)
{
    size_t i = 0;
    const char *prev = NULL;
    size_t prevn = 0, n;

    while (i < len) {
        const char *nl = memchr(head + i, '\n', len - i);

        n = nl ? (size_t)(nl - (head + i)) : len - i;
        if (!nl)
            break; /* the last line may be cut */
        if (prev && starts_by(prev, prevn) && looks_like_news_date(head + i, n))
            return 90;
        prev = head + i;
        prevn = n;
        i += n + 1;
    }
    /* a plain text file may still hold a page whose comments start later */
    n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".txt") == 0 ? 10 : 0;
}

const tg_importer_t tg_importer_newspage = {
    "newspage",
    "newspage",
    "a news page or blog post copied as text: 'by: NAME from: LOCATION', a date line, the body",
    detect,
    run,
};
