/* import_reddit_ndjson.c - Reddit comment dumps (Pushshift, Arctic Shift)
 * and anything of that shape: one JSON object a line with id, parent_id
 * ("t1_..." a comment, "t3_..." the thread's post), link_id (the thread),
 * author, created_utc and body.  Streamed through yajl's event parser, one
 * line at a time, so memory does not grow with the file. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "import_internal.h"

enum { F_ID, F_NAME, F_PARENT, F_LINK, F_AUTHOR, F_CREATED, F_CREATED2, F_BODY, NF };

static const char *const field_names[NF] = {
    "id", "name", "parent_id", "link_id", "author", "created_utc", "created", "body"
};

typedef struct ndstate {
    int depth;          /* nesting depth of the current event */
    int field;          /* the key being read at depth 1, or -1 */
    int not_object;     /* the line's value is not an object */
    int complete;       /* an object closed at depth 0 */
    int nomem;          /* a value could not be kept */
    int repaired;       /* a decoded string was not UTF-8 (a lone surrogate escape) */
    tg_buf val[NF];
    int has[NF];
} ndstate;

/* Keep a value of a field read; 0 (stop) on out of memory.  The line is
 * valid UTF-8, but an escape such as "\udc4d" (a lone surrogate) decodes to
 * bytes that are not: those are repaired to U+FFFD. */
static int set_value(ndstate *st, const char *s, size_t n)
{
    if (st->depth == 1 && st->field >= 0) {
        tg_buf *b = &st->val[st->field];
        long bad = 0;

        tg_buf_reset(b);
        if (tg_utf8_valid(s, n) ? tg_buf_add(b, s, n) : (bad = tg_utf8_repair(b, s, n)) < 0 ||
                                                            tg_buf_grow(b, 0)) {
            st->nomem = 1;
            return 0;
        }
        st->repaired |= bad > 0;
        st->has[st->field] = 1;
    } else if (st->depth == 0) {
        st->not_object = 1;
    }
    if (st->depth == 1)
        st->field = -1;
    return 1;
}

static int cb_null(void *ctx)
{
    ndstate *st = ctx;

    if (st->depth == 0)
        st->not_object = 1;
    if (st->depth == 1)
        st->field = -1;
    return 1;
}

static int cb_bool(void *ctx, int v)
{
    (void)v;
    return cb_null(ctx);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
    return set_value(ctx, s, n);
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
    return set_value(ctx, (const char *)s, n);
}

static int cb_start_map(void *ctx)
{
    ndstate *st = ctx;

    st->depth++;
    return 1;
}

static int cb_key(void *ctx, const unsigned char *k, size_t n)
{
    ndstate *st = ctx;
    int i;

    if (st->depth != 1)
        return 1;
    st->field = -1;
    for (i = 0; i < NF; i++)
        if (strlen(field_names[i]) == n && memcmp(field_names[i], k, n) == 0) {
            st->field = i;
            break;
        }
    return 1;
}

static int cb_end_map(void *ctx)
{
    ndstate *st = ctx;

    st->depth--;
    if (st->depth == 0)
        st->complete = 1;
    if (st->depth == 1)
        st->field = -1;
    return 1;
}

static int cb_start_array(void *ctx)
{
    ndstate *st = ctx;

    if (st->depth == 0)
        st->not_object = 1;
    st->depth++;
    return 1;
}

static int cb_end_array(void *ctx)
{
    ndstate *st = ctx;

    st->depth--;
    if (st->depth == 1)
        st->field = -1;
    return 1;
}

static const yajl_callbacks callbacks = {
    cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array
};

static const char *strip(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);

    return strncmp(s, prefix, n) == 0 ? s + n : s;
}

static const char *val(ndstate *st, int f)
{
    return st->has[f] && st->val[f].data ? st->val[f].data : NULL;
}

/* Turn one parsed object into a comment, or count why not. */
static tg_status_t take(ndstate *st, tg_sink_t *sink, long line, tg_error_t *err)
{
    tg_comment_rec_t c;
    const char *id = val(st, F_ID), *parent = val(st, F_PARENT), *link = val(st, F_LINK);
    const char *created = val(st, F_CREATED) ? val(st, F_CREATED) : val(st, F_CREATED2);
    int64_t when;

    if (!id || !*id)
        id = val(st, F_NAME);
    if (!id || !*id)
        return tg_import_report_skip(sink->report, line, "record without an id");
    memset(&c, 0, sizeof c);
    c.id = strip(id, "t1_");
    if (!*c.id)   /* "t1_" alone (found by fuzz_reddit_ndjson) */
        return tg_import_report_skip(sink->report, line, "record without an id");
    if (parent && strncmp(parent, "t1_", 3) == 0)
        c.parent_id = parent + 3;
    else if (parent && strncmp(parent, "t3_", 3) == 0)
        c.parent_id = NULL;
    else
        c.parent_id = parent;
    if (link && *link)
        c.thread_id = strip(link, "t3_");
    else if (parent && strncmp(parent, "t3_", 3) == 0)
        c.thread_id = parent + 3;
    else
        return tg_import_report_skip(sink->report, line, "record without a link_id");
    if (!*c.thread_id)
        return tg_import_report_skip(sink->report, line, "record without a link_id");
    c.author = val(st, F_AUTHOR) ? val(st, F_AUTHOR) : "";
    c.text = val(st, F_BODY);
    c.line = line;
    if (created && *created) {
        c.time_text = created;
        if (tg_time_parse(created, strlen(created), &when) == 0) {
            c.time = when;
            c.has_time = 1;
        } else {
            tg_import_report_tally(sink->report, TG_TALLY_BAD_TIME, line);
        }
    }
    return sink->comment(sink, &c, err);
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    ndstate st;
    yajl_handle h = NULL;
    char *s;
    size_t n, fn;
    int nl, r, repaired, i;
    tg_buf scratch = TG_BUF_INIT;
    tg_status_t rc = TG_OK;

    (void)opt;
    memset(&st, 0, sizeof st);
    while ((r = tg_input_getline(in, &s, &n, &nl, err)) == 1) {
        long line = tg_input_lineno(in);
        const char *f;
        size_t tn;
        int ok;

        tg_trim(s, n, &tn);
        if (!tn)
            continue;
        if (!(f = tg_utf8_fix(&scratch, s, n, &fn, &repaired))) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            break;
        }
        if (repaired)
            tg_import_report_tally(sink->report, TG_TALLY_BAD_UTF8, line);
        if (!h) {
            h = tg_yajl_alloc(&callbacks, &st);
            if (!h) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                break;
            }
            yajl_config(h, yajl_allow_multiple_values, 1);
            /* each line is valid UTF-8 already (tg_utf8_fix above) */
            yajl_config(h, yajl_dont_validate_strings, 1);
        }
        for (i = 0; i < NF; i++)
            st.has[i] = 0;
        st.depth = 0;
        st.field = -1;
        st.not_object = st.complete = st.repaired = 0;
        ok = yajl_parse(h, (const unsigned char *)f, fn) == yajl_status_ok &&
             yajl_complete_parse(h) == yajl_status_ok && st.complete && !st.not_object;
        if (st.nomem) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            break;
        }
        if (st.repaired && !repaired)
            tg_import_report_tally(sink->report, TG_TALLY_BAD_UTF8, line);
        if (!ok) {
            const char *why = st.not_object ? "not a JSON object"
                              : !nl        ? "truncated last line"
                                           : "malformed JSON";

            yajl_free(h);
            h = NULL;
            if ((rc = tg_import_report_skip(sink->report, line, why)))
                break;
            continue;
        }
        if ((rc = take(&st, sink, line, err)))
            break;
    }
    if (r < 0)
        rc = err ? err->code : TG_ERR_IO;
    if (h)
        yajl_free(h);
    for (i = 0; i < NF; i++)
        tg_buf_release(&st.val[i]);
    tg_buf_release(&scratch);
    return rc;
}

static int object_line(const char *line, size_t n)
{
    return n > 1 && line[0] == '{' &&
           (memmem(line, n, "\"link_id\"", 9) || memmem(line, n, "\"parent_id\"", 11));
}

static int detect(const char *path, const char *head, size_t len)
{
    size_t n = strlen(path);

    if (tg_first_line_is(head, len, object_line))
        return 90;
    if ((n > 7 && strcmp(path + n - 7, ".ndjson") == 0) && len && head[0] == '{')
        return 30;
    return 0;
}

const tg_importer_t tg_importer_reddit_ndjson = {
    "reddit-ndjson",
    "reddit",
    "Reddit comment dumps (Pushshift, Arctic Shift): one JSON object a line",
    detect,
    run,
};
