/* json_walk.c - the JSON reading shared by the JSON importers (reddit, hn,
 * canvas, jsonl, convokit): yajl's event parser with the path to the
 * current value kept beside it (the key or index at every level) and the
 * line and byte where each container opens.  Importers pick their records
 * out of the stream by where they sit and name the place of anything wrong.
 *
 * Why the event parser everywhere, and not yajl_tree for the small nested
 * documents (a Reddit thread, a Canvas view, an Algolia item): yajl_tree's
 * nodes carry no position, so an error in a record could name neither its
 * line nor its byte; and some of these documents are not small (an Algolia
 * story with its comments, an HN or ConvoKit dump).  The walker costs a
 * stack of keys; importers that must see a whole document before they emit
 * (Canvas joins participants, Reddit emits parents first) keep only the
 * fields they use, not a tree.
 *
 * Strings are not validated by yajl: each value is repaired (invalid UTF-8
 * becomes U+FFFD) and the repair counted by the importer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "import_internal.h"

#define MAX_DEPTH 10000
#define BLOCK (128u * 1024u)

typedef struct level {
    int is_map;
    tg_buf key;        /* maps: the key of the value being read */
    long index;        /* arrays: the index of the value being read, -1 before the first */
    long line, byte;   /* where the container opens */
} level;

struct tg_jwalk {
    const tg_jwalk_cb *cb;
    void *ctx;
    const char *name;  /* for messages (borrowed) */
    yajl_handle h;
    level *lv;
    size_t depth, cap;
    tg_buf scratch, value;
    tg_status_t rc;    /* a callback's failure */
    tg_error_t *err;
    long values;       /* top-level values seen */
    int top_is_map;    /* the first top-level value is an object */
    int repaired;      /* strings repaired since the last take */
    /* positions */
    int bytes_known;   /* document mode: bytes are counted; line mode: only the line */
    const char *chunk; /* the block being parsed */
    long chunk_base;   /* bytes before it */
    long counted;      /* newlines are counted up to this byte (0-based, exclusive) */
    long line;         /* line of byte `counted` */
    long line_start;   /* 0-based byte where that line starts */
    long base_line;    /* line mode: the line being parsed */
    /* strings are handed to yajl whole: yajl lexes a string cut by a chunk
     * end again from its start with every chunk, which is quadratic */
    tg_buf hold;       /* a string not closed yet, from its opening quote */
    int in_str, esc;   /* where the bytes fed so far end */
    long str_open;     /* 0-based byte of the open string's quote */
    size_t max_string; /* the record size limit for one string */
};

/* ---- positions ---- */

/* Count newlines up to the 0-based byte pos (exclusive) of the current chunk. */
static void count_to(tg_jwalk *w, long pos)
{
    long i;

    if (!w->bytes_known || pos <= w->counted)
        return;
    for (i = w->counted; i < pos; i++)
        if (w->chunk[i - w->chunk_base] == '\n') {
            w->line++;
            w->line_start = i + 1;
        }
    w->counted = pos;
}

void tg_jwalk_here(tg_jwalk *w, long *line, long *byte)
{
    long pos;

    if (!w->bytes_known) {
        *line = w->base_line;
        *byte = 0;
        return;
    }
    /* the last byte of the current token, 1-based */
    pos = w->chunk_base + (long)yajl_get_bytes_consumed(w->h);
    count_to(w, pos > 0 ? pos - 1 : 0);
    *line = w->line;
    *byte = pos;
}

void tg_jwalk_where(const tg_jwalk *w, size_t lvl, long *line, long *byte)
{
    *line = lvl < w->depth ? w->lv[lvl].line : 0;
    *byte = lvl < w->depth ? w->lv[lvl].byte : 0;
}

size_t tg_jwalk_depth(const tg_jwalk *w)
{
    return w->depth;
}

int tg_jwalk_is_map(const tg_jwalk *w, size_t lvl)
{
    return lvl < w->depth && w->lv[lvl].is_map;
}

const char *tg_jwalk_key(const tg_jwalk *w, size_t lvl)
{
    if (lvl >= w->depth || !w->lv[lvl].is_map || !w->lv[lvl].key.data)
        return "";
    return w->lv[lvl].key.data;
}

int tg_jwalk_key_is(const tg_jwalk *w, size_t lvl, const char *key)
{
    return lvl < w->depth && w->lv[lvl].is_map && strcmp(tg_jwalk_key(w, lvl), key) == 0;
}

long tg_jwalk_index(const tg_jwalk *w, size_t lvl)
{
    return lvl < w->depth && !w->lv[lvl].is_map ? w->lv[lvl].index : -1;
}

int tg_jwalk_take_repaired(tg_jwalk *w)
{
    int r = w->repaired;

    w->repaired = 0;
    return r;
}

int tg_jwalk_path(const tg_jwalk *w, size_t upto, tg_buf *out)
{
    size_t i;

    tg_buf_reset(out);
    if (tg_buf_addch(out, '$'))
        return -1;
    for (i = 0; i < upto && i < w->depth; i++)
        if (w->lv[i].is_map ? tg_buf_addf(out, ".%s", tg_jwalk_key(w, i))
                            : tg_buf_addf(out, "[%ld]", w->lv[i].index))
            return -1;
    return 0;
}

/* ---- yajl callbacks ---- */

#define FAIL(w, code) ((w)->rc = (code), 0)

/* A value starts inside the top container (or at the top level). */
static void value_starts(tg_jwalk *w, int is_map_value)
{
    if (w->depth == 0) {
        if (w->values++ == 0)
            w->top_is_map = is_map_value;
    } else if (!w->lv[w->depth - 1].is_map) {
        w->lv[w->depth - 1].index++;
    }
}

static int scalar(tg_jwalk *w, tg_jtype t, const char *s, size_t n)
{
    size_t fn;
    int repaired = 0;
    const char *f;

    value_starts(w, 0);
    if (!w->cb->scalar)
        return 1;
    if (t == TG_J_STRING) {
        f = tg_utf8_fix(&w->scratch, s, n, &fn, &repaired);
        if (!f)
            return FAIL(w, tg_error_set(w->err, TG_ERR_NOMEM, "out of memory"));
        w->repaired |= repaired;
    } else {
        f = s;
        fn = n;
    }
    /* a NUL-terminated copy (yajl's buffers are not) */
    tg_buf_reset(&w->value);
    if (tg_buf_add(&w->value, f, fn))
        return FAIL(w, tg_error_set(w->err, TG_ERR_NOMEM, "out of memory"));
    if ((w->rc = w->cb->scalar(w->ctx, w, t, w->value.data, fn)))
        return 0;
    return 1;
}

static int cb_null(void *c)
{
    return scalar(c, TG_J_NULL, "null", 4);
}

static int cb_bool(void *c, int v)
{
    return scalar(c, TG_J_BOOL, v ? "true" : "false", v ? 4 : 5);
}

static int cb_number(void *c, const char *s, size_t n)
{
    return scalar(c, TG_J_NUMBER, s, n);
}

static int cb_string(void *c, const unsigned char *s, size_t n)
{
    return scalar(c, TG_J_STRING, (const char *)s, n);
}

static int open_level(tg_jwalk *w, int is_map)
{
    level *l;

    value_starts(w, is_map);
    if (w->depth >= MAX_DEPTH)
        return FAIL(w, tg_error_set_at(w->err, TG_ERR_DATA, w->name, w->base_line, 0,
                                       "JSON nested deeper than %d levels", MAX_DEPTH));
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 32;
        level *p = realloc(w->lv, cap * sizeof *p);

        if (!p)
            return FAIL(w, tg_error_set(w->err, TG_ERR_NOMEM, "out of memory"));
        memset(p + w->cap, 0, (cap - w->cap) * sizeof *p);
        w->lv = p;
        w->cap = cap;
    }
    l = &w->lv[w->depth];
    l->is_map = is_map;
    l->index = -1;
    tg_buf_reset(&l->key);
    tg_jwalk_here(w, &l->line, &l->byte);
    w->depth++;
    if (w->cb->open && (w->rc = w->cb->open(w->ctx, w, is_map)))
        return 0;
    return 1;
}

static int close_level(tg_jwalk *w, int is_map)
{
    if (w->cb->close && (w->rc = w->cb->close(w->ctx, w, is_map)))
        return 0;
    w->depth--;
    return 1;
}

static int cb_start_map(void *c)
{
    return open_level(c, 1);
}

static int cb_end_map(void *c)
{
    return close_level(c, 1);
}

static int cb_start_array(void *c)
{
    return open_level(c, 0);
}

static int cb_end_array(void *c)
{
    return close_level(c, 0);
}

static int cb_key(void *c, const unsigned char *k, size_t n)
{
    tg_jwalk *w = c;
    level *l = &w->lv[w->depth - 1];

    tg_buf_reset(&l->key);
    if (tg_buf_add(&l->key, k, n))
        return FAIL(w, tg_error_set(w->err, TG_ERR_NOMEM, "out of memory"));
    return 1;
}

static const yajl_callbacks callbacks = {
    cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array
};

/* ---- life cycle ---- */

tg_status_t tg_jwalk_new(const tg_jwalk_cb *cb, void *ctx, const char *name, tg_jwalk **out,
                         tg_error_t *err)
{
    tg_jwalk *w = calloc(1, sizeof *w);

    *out = NULL;
    if (!w)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    w->cb = cb;
    w->ctx = ctx;
    w->name = name;
    w->max_string = TG_MAX_RECORD_DEFAULT;
    tg_jwalk_reset(w, 1, 1);
    *out = w;
    return TG_OK;
}

void tg_jwalk_free(tg_jwalk *w)
{
    size_t i;

    if (!w)
        return;
    if (w->h)
        yajl_free(w->h);
    for (i = 0; i < w->cap; i++)
        tg_buf_release(&w->lv[i].key);
    free(w->lv);
    tg_buf_release(&w->scratch);
    tg_buf_release(&w->value);
    tg_buf_release(&w->hold);
    free(w);
}

void tg_jwalk_reset(tg_jwalk *w, long line, int count_bytes)
{
    if (w->h)
        yajl_free(w->h);
    w->h = NULL;
    w->depth = 0;
    w->values = 0;
    w->top_is_map = 0;
    w->rc = TG_OK;
    w->bytes_known = count_bytes;
    w->chunk = NULL;
    w->chunk_base = 0;
    w->counted = 0;
    w->line = line;
    w->line_start = 0;
    w->base_line = line;
    tg_buf_reset(&w->hold);
    w->in_str = w->esc = 0;
    w->str_open = 0;
}

long tg_jwalk_values(const tg_jwalk *w, int *first_is_map)
{
    if (first_is_map)
        *first_is_map = w->top_is_map;
    return w->values;
}

/* The yajl message, without its trailing newline. */
static void yajl_message(tg_jwalk *w, const unsigned char *p, size_t n, char *out, size_t outsz)
{
    unsigned char *m = yajl_get_error(w->h, 0, p, n);
    size_t k;

    snprintf(out, outsz, "%s", m ? (const char *)m : "parse error");
    if (m)
        yajl_free_error(w->h, m);
    k = strlen(out);
    while (k && (out[k - 1] == '\n' || out[k - 1] == '.' || out[k - 1] == ' '))
        out[--k] = '\0';
}

/* A yajl failure: the callback's own error, or where the JSON is malformed. */
static tg_status_t parse_failed(tg_jwalk *w, yajl_status st, const char *p, size_t n,
                                tg_error_t *err)
{
    char msg[256];
    long line, byte;

    if (st == yajl_status_client_canceled)
        return w->rc ? w->rc : tg_error_set(err, TG_ERR_FAIL, "JSON reading stopped");
    yajl_message(w, (const unsigned char *)p, n, msg, sizeof msg);
    if (!w->bytes_known)
        return tg_error_set_at(err, TG_ERR_DATA, w->name, w->base_line, 0, "malformed JSON: %s",
                               msg);
    tg_jwalk_here(w, &line, &byte);
    return tg_error_set_at(err, TG_ERR_DATA, w->name, line, byte - w->line_start,
                           "malformed JSON at byte %ld (line %ld, column %ld): %s", byte, line,
                           byte - w->line_start, msg);
}

/* A string longer than the record size limit. */
static tg_status_t string_too_long(tg_jwalk *w, tg_error_t *err)
{
    char size[32];
    long line = w->base_line;

    if (w->bytes_known) {
        count_to(w, w->chunk_base);
        line = w->line;
    }
    tg_size_format(w->max_string, size, sizeof size);
    return tg_error_set_at(err, TG_ERR_DATA, w->name, line, 0,
                           "a JSON string longer than the record size limit of %s: "
                           "--max-record-size raises it", size);
}

static tg_status_t feed_yajl(tg_jwalk *w, const char *p, size_t n, tg_error_t *err)
{
    yajl_status st;

    if (!n)
        return TG_OK;
    if (!w->h) {
        w->h = tg_yajl_alloc(&callbacks, w);
        if (!w->h)
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        yajl_config(w->h, yajl_allow_multiple_values, 1);
        yajl_config(w->h, yajl_dont_validate_strings, 1);
    }
    w->chunk = p;
    st = yajl_parse(w->h, (const unsigned char *)p, n);
    if (st != yajl_status_ok)
        return parse_failed(w, st, p, n, err);
    count_to(w, w->chunk_base + (long)n);
    w->chunk_base += (long)n;
    return TG_OK;
}

tg_status_t tg_jwalk_feed(tg_jwalk *w, const char *p, size_t n, tg_error_t *err)
{
    long base = w->chunk_base + (long)w->hold.len;  /* the stream offset of p[0] */
    long open = -1;                                 /* p[open]: the open string's quote */
    size_t i, cut;
    tg_status_t rc;

    w->err = err;
    for (i = 0; i < n; i++) {
        char c = p[i];

        if (!w->in_str) {
            if (c == '"') {
                w->in_str = 1;
                w->str_open = base + (long)i;
                open = (long)i;
            }
        } else if (w->esc) {
            w->esc = 0;
        } else if (c == '\\') {
            w->esc = 1;
        } else if (c == '"') {
            w->in_str = 0;
            if ((size_t)(base + (long)i - w->str_open) > w->max_string)
                return string_too_long(w, err);
        }
    }
    if (w->in_str && (size_t)(base + (long)n - w->str_open) > w->max_string)
        return string_too_long(w, err);
    if (w->in_str && open < 0) {
        /* the held string goes on */
        if (tg_buf_add(&w->hold, p, n))
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        return TG_OK;
    }
    /* what yajl may have now: up to the quote of a string still open */
    cut = w->in_str ? (size_t)open : n;
    if (w->hold.len) {
        if (tg_buf_add(&w->hold, p, cut))
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        rc = feed_yajl(w, w->hold.data, w->hold.len, err);
        tg_buf_reset(&w->hold);
    } else {
        rc = feed_yajl(w, p, cut, err);
    }
    if (!rc && cut < n && tg_buf_add(&w->hold, p + cut, n - cut))
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    return rc;
}

void tg_jwalk_set_max_string(tg_jwalk *w, size_t max)
{
    w->max_string = max ? max : TG_MAX_RECORD_DEFAULT;
}

tg_status_t tg_jwalk_finish(tg_jwalk *w, tg_error_t *err)
{
    yajl_status st;

    w->err = err;
    if (w->hold.len) {
        /* a string the text ends in: yajl says where */
        tg_status_t rc = feed_yajl(w, w->hold.data, w->hold.len, err);

        tg_buf_reset(&w->hold);
        if (rc)
            return rc;
    }
    if (!w->h || w->values == 0)
        return tg_error_set_at(err, TG_ERR_DATA, w->name, w->base_line, 0, "no JSON value found");
    w->chunk = NULL;
    st = yajl_complete_parse(w->h);
    if (st == yajl_status_ok)
        return TG_OK;
    if (st == yajl_status_client_canceled)
        return w->rc;
    if (w->depth > 0) {
        tg_buf path = TG_BUF_INIT;
        level *l = &w->lv[w->depth - 1];
        tg_status_t rc;

        if (tg_jwalk_path(w, w->depth - 1, &path)) {
            tg_buf_release(&path);
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        }
        if (!w->bytes_known)
            rc = tg_error_set_at(err, TG_ERR_DATA, w->name, w->base_line, 0,
                                 "truncated JSON: the line ends inside the %s at %s",
                                 l->is_map ? "object" : "array", path.data ? path.data : "$");
        else
            rc = tg_error_set_at(err, TG_ERR_DATA, w->name, w->line, 0,
                                 "truncated JSON: the file ends (byte %ld) inside the %s at %s, "
                                 "opened at line %ld, byte %ld", w->chunk_base,
                                 l->is_map ? "object" : "array", path.data ? path.data : "$",
                                 l->line, l->byte);
        tg_buf_release(&path);
        return rc;
    }
    return tg_error_set_at(err, TG_ERR_DATA, w->name, w->bytes_known ? w->line : w->base_line, 0,
                           "truncated JSON: the file ends inside a value");
}

/* ---- reading a whole input ---- */

/* Is s[0..n) one complete JSON value (spaces around allowed)? */
static int complete_value(const char *s, size_t n)
{
    yajl_handle h = tg_yajl_alloc(NULL, NULL);
    int ok;

    if (!h)
        return 0;
    yajl_config(h, yajl_dont_validate_strings, 1);
    ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
         yajl_complete_parse(h) == yajl_status_ok;
    yajl_free(h);
    return ok;
}

int tg_json_lines_like(const char *head, size_t len)
{
    size_t i = 0;
    const char *nl;

    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i >= len || head[i] != '{')
        return 0;
    nl = memchr(head + i, '\n', len - i);
    if (!nl || !complete_value(head + i, (size_t)(nl - (head + i))))
        return 0;
    /* another value follows on a later line */
    for (i = (size_t)(nl - head) + 1; i < len; i++)
        if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r' && head[i] != '\n')
            return head[i] == '{';
    return 0;
}

/* One value a line.  A line is checked whole before the importer sees it
 * (a second, callback-free parse), so that a line cut short or followed by
 * junk never yields half a record: it is skipped and counted instead. */
static tg_status_t read_lines(tg_input_t *in, tg_jwalk *w, tg_sink_t *sink, tg_error_t *err)
{
    char *s;
    size_t n;
    int nl, r;
    tg_status_t rc = TG_OK;

    while ((r = tg_input_getline(in, &s, &n, &nl, err)) == 1) {
        long line = tg_input_lineno(in);
        size_t tn, skip = 0;
        const char *t;
        const char *why = NULL;

        if (line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            skip = 3;
        t = tg_trim(s + skip, n - skip, &tn);
        if (!tn)
            continue;
        if (!complete_value(t, tn))
            why = !nl ? "truncated last line" : "malformed JSON";
        else if (t[0] != '{')
            why = "not a JSON object";
        if (why) {
            if (tg_import_report_skip(sink->report, line, why))
                return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            continue;
        }
        tg_jwalk_reset(w, line, 0);
        if ((rc = tg_jwalk_feed(w, t, tn, err)) || (rc = tg_jwalk_finish(w, err)))
            return rc;
    }
    if (r < 0)
        return err ? err->code : TG_ERR_IO;
    return TG_OK;
}

static tg_status_t read_document(tg_input_t *in, tg_jwalk *w, tg_error_t *err)
{
    char *buf = malloc(BLOCK);
    long n;
    int first = 1;
    tg_status_t rc = TG_OK;

    if (!buf)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    tg_jwalk_reset(w, 1, 1);
    while ((n = tg_input_read(in, buf, BLOCK, err)) > 0) {
        size_t skip = 0;

        /* a UTF-8 byte order mark is not JSON; it still counts as bytes */
        if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            skip = 3;
            w->chunk_base = w->counted = 3;
        }
        first = 0;
        if ((rc = tg_jwalk_feed(w, buf + skip, (size_t)n - skip, err)))
            break;
    }
    if (n < 0)
        rc = err ? err->code : TG_ERR_IO;
    if (!rc)
        rc = tg_jwalk_finish(w, err);
    free(buf);
    return rc;
}

tg_status_t tg_json_read(tg_input_t *in, tg_json_mode mode, tg_jwalk *w, tg_sink_t *sink,
                         tg_error_t *err)
{
    if (mode == TG_JSON_AUTO) {
        const char *head;
        size_t len = tg_input_peek(in, &head, 64u * 1024u, err);

        if (!head)
            return err ? err->code : TG_ERR_IO;
        mode = tg_json_lines_like(head, len) ? TG_JSON_LINES : TG_JSON_DOCUMENT;
    }
    tg_jwalk_set_max_string(w, tg_input_max_record(in));
    return mode == TG_JSON_LINES ? read_lines(in, w, sink, err) : read_document(in, w, err);
}

/* ---- detection help ---- */

int tg_json_head_has_key(const char *head, size_t len, const char *key)
{
    size_t k = strlen(key);
    const char *p = head, *end = head + len;

    while (p < end && (p = memchr(p, '"', (size_t)(end - p))) != NULL) {
        const char *q = p + 1;

        if ((size_t)(end - q) > k && memcmp(q, key, k) == 0 && q[k] == '"') {
            const char *r = q + k + 1;

            while (r < end && (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n'))
                r++;
            if (r < end && *r == ':')
                return 1;
        }
        p = q;
    }
    return 0;
}

int tg_json_head_starts(const char *head, size_t len, char c)
{
    size_t i = 0;

    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    return i < len && head[i] == c;
}
