/* import_csv.c - one comment a row, with a header row naming the columns
 * id, parent_id, thread_id, author, location, timestamp, text (RFC 4180,
 * parsed by libcsv); --map names other columns for them.  A row without a
 * thread takes its parent's thread, and a root's thread is its own id.
 *
 * The same reader takes a Moodle forum's CSV export (moodle): id,
 * discussion (the thread), parent (0: the discussion's opening post, which
 * is the thread's post, as a Canvas topic is; a reply to it is a top-level
 * comment), userfullname, created (Unix seconds, or Moodle's human-readable
 * English date in the zone of --tz), subject (the opening post's is the
 * thread's title), message (HTML unless messageformat says plain text or
 * Markdown), deleted.  The rules are in docs/formats.md. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

enum {
    COL_ID, COL_PARENT, COL_THREAD, COL_AUTHOR, COL_LOCATION, COL_TIME, COL_TEXT,
    COL_SUBJECT, COL_FORMAT, COL_DELETED, COL_USERID, NCOLS
};

/* our field names (what a field map names); the first NMAPPED columns */
#define NMAPPED 7
static const char *const field_names[NMAPPED] = {
    "id", "parent_id", "thread_id", "author", "location", "timestamp", "text"
};

typedef struct csv_profile {
    const char *names[NCOLS];  /* the column of each field, NULL: not read */
    unsigned required;         /* bit c: the header must have column c */
    int moodle;
} csv_profile;

static const csv_profile plain_profile = {
    { "id", "parent_id", "thread_id", "author", "location", "timestamp", "text" },
    1u << COL_ID | 1u << COL_PARENT | 1u << COL_AUTHOR,
    0
};

/* mod/forum/export.php: id, discussion, parent, userid, userfullname,
 * created, modified, mailed, subject, message, messageformat, messagetrust,
 * attachment, totalscore, mailnow, deleted, privatereplyto,
 * privatereplytofullname, wordcount, charcount */
static const csv_profile moodle_profile = {
    { "id", "parent", "discussion", "userfullname", NULL, "created", "message", "subject",
      "messageformat", "deleted", "userid" },
    1u << COL_ID | 1u << COL_PARENT | 1u << COL_THREAD | 1u << COL_AUTHOR,
    1
};

/* Strict quoting (a stray quote is an error, so the record is skipped and
 * reported), and an open quote at the end of the file is an error too. */
#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

/* The most columns a header may have (a spreadsheet's 16,384): each keeps
 * a buffer, so a header row of nothing but commas would otherwise cost
 * about a hundred bytes of memory per byte of input (found by fuzz_csv). */
#define MAX_COLUMNS 16384

/* libcsv trims spaces and tabs around unquoted fields unless told that no
 * character is a space: cells are kept exactly as written. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

typedef struct csvstate {
    const csv_profile *pf;
    char *names[NCOLS];        /* the column names in use (the map applied), owned */
    int mapped[NCOLS];         /* ... named by the field map */
    tg_hmap opening;           /* moodle: ids of the opening posts (parent 0) */
    const char *tz;            /* moodle: zone of human-readable dates, or NULL */
    tg_buf html;               /* moodle: a message as text */
    tg_input_t *in;
    tg_sink_t *sink;
    tg_error_t *err;
    tg_status_t rc;
    int header_done;
    int ncols_file;            /* fields in the header */
    int col[NCOLS];            /* field index of each known column, -1 absent */
    tg_buf *fields;            /* one buffer per header field */
    int fields_cap;            /* room in fields */
    int nfields;               /* fields seen in the current record */
    long line;                 /* physical line being fed */
    long rec_line;             /* line where the current record started */
    int rec_repaired;
    tg_threader *thr;          /* the thread of rows that name none (threads.c) */
    char err_reason[160];
} csvstate;

static void field_cb(void *s, size_t n, void *data)
{
    csvstate *st = data;

    if (st->nfields == 0) {
        /* the record starts on this line, less the newlines in its first field */
        size_t i;
        long nls = 0;

        for (i = 0; i < n; i++)
            nls += ((const char *)s)[i] == '\n';
        st->rec_line = st->line - nls;
    }
    if (st->nfields < st->ncols_file || !st->header_done) {
        if (!st->header_done && st->nfields >= st->ncols_file) {
            if (st->nfields >= MAX_COLUMNS) {
                if (!st->rc)
                    st->rc = tg_error_set_at(st->err, TG_ERR_DATA, tg_input_name(st->in),
                                             st->rec_line, 0,
                                             "the header has more than %d columns",
                                             MAX_COLUMNS);
                return;
            }
            if (st->nfields >= st->fields_cap) {
                /* doubled, not one more each time: growing by one field
                 * made a wide header quadratic */
                int cap = st->fields_cap ? st->fields_cap * 2 : 16;
                tg_buf *f = realloc(st->fields, (size_t)cap * sizeof *f);

                if (!f) {
                    st->rc = TG_ERR_NOMEM;
                    return;
                }
                st->fields = f;
                st->fields_cap = cap;
            }
            tg_buf_init(&st->fields[st->nfields]);
            st->ncols_file = st->nfields + 1;
        }
        tg_buf_reset(&st->fields[st->nfields]);
        if (tg_buf_add(&st->fields[st->nfields], s ? s : "", s ? n : 0))
            st->rc = TG_ERR_NOMEM;
    }
    st->nfields++;
}

static const char *field(csvstate *st, int c)
{
    int k = st->col[c];

    return k >= 0 && st->fields[k].data ? st->fields[k].data : "";
}

static tg_status_t take_header(csvstate *st)
{
    int i, c;

    for (c = 0; c < NCOLS; c++)
        st->col[c] = -1;
    for (i = 0; i < st->nfields; i++) {
        const char *name = st->fields[i].data ? st->fields[i].data : "";
        size_t n = st->fields[i].len, tn;
        const char *t;

        if (i == 0 && n >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
            name += 3;
            n -= 3;
        }
        t = tg_trim(name, n, &tn);
        for (c = 0; c < NCOLS; c++)
            if (st->col[c] < 0 && st->names[c] && tg_ascii_ieq(t, tn, st->names[c]))
                st->col[c] = i;
    }
    for (c = 0; c < NCOLS; c++) {
        if (!(st->pf->required & 1u << c) || st->col[c] >= 0)
            continue;
        if (st->mapped[c]) {
            tg_error_set_at(st->err, TG_ERR_DATA, tg_input_name(st->in), st->rec_line, 0,
                            "the header has no '%s' column (the map's name for %s)",
                            st->names[c], field_names[c]);
            tg_error_mark(st->err, TG_ERROR_KIND_MAP);
            return TG_ERR_DATA;
        }
        return tg_error_set_at(st->err, TG_ERR_DATA, tg_input_name(st->in), st->rec_line, 0,
                               st->pf->moodle ? "the header has no '%s' column (a Moodle forum "
                                                "export has id, discussion, parent and "
                                                "userfullname)"
                                              : "the header has no '%s' column (it needs id, "
                                                "parent_id and author)",
                               st->names[c]);
    }
    st->header_done = 1;
    return TG_OK;
}

/* Moodle: the message as text: HTML unless messageformat is 2 (plain) or
 * 4 (Markdown); NULL for a deleted post. */
static tg_status_t moodle_text(csvstate *st, char *const *f, const char **text)
{
    tg_status_t rc;

    if (*f[COL_DELETED] && strcmp(f[COL_DELETED], "0") != 0) {
        *text = NULL;
        return TG_OK;
    }
    if (*text && strcmp(f[COL_FORMAT], "2") != 0 && strcmp(f[COL_FORMAT], "4") != 0) {
        tg_buf_reset(&st->html);
        if ((rc = tg_html_to_text(&st->html, *text, strlen(*text), st->err)))
            return rc;
        *text = st->html.data;
    }
    return TG_OK;
}

/* A time as Unix seconds or ISO 8601, or (moodle) a human-readable date. */
static int row_time(csvstate *st, const char *s, int64_t *when)
{
    if (tg_time_parse(s, strlen(s), when) == 0)
        return 0;
    return st->pf->moodle ? tg_time_parse_moodle(s, strlen(s), st->tz, when) : -1;
}

/* Moodle: a discussion's opening post (parent 0) is the thread's post,
 * with its subject as the thread's title; its replies are top-level
 * comments.  A second opening post of a discussion is counted as a
 * duplicate post by the store. */
static tg_status_t moodle_opening(csvstate *st, char *const *f, long line)
{
    tg_post_rec_t p;
    int64_t when;
    tg_status_t rc;

    memset(&p, 0, sizeof p);
    p.thread_id = *f[COL_THREAD] ? f[COL_THREAD] : f[COL_ID];
    p.title = *f[COL_SUBJECT] ? f[COL_SUBJECT] : NULL;
    p.author = *f[COL_AUTHOR] ? f[COL_AUTHOR] : NULL;
    p.author_id = *f[COL_USERID] ? f[COL_USERID] : NULL;
    p.line = line;
    p.text = st->col[COL_TEXT] >= 0 ? f[COL_TEXT] : NULL;
    if ((rc = moodle_text(st, f, &p.text)))
        return rc;
    if (*f[COL_TIME]) {
        p.time_text = f[COL_TIME];
        if (row_time(st, f[COL_TIME], &when) == 0) {
            p.time = when;
            p.has_time = 1;
        } else {
            tg_import_report_tally(st->sink->report, TG_TALLY_BAD_TIME, line);
        }
    }
    if (!tg_hmap_put(&st->opening, f[COL_ID], strlen(f[COL_ID]), 0, NULL))
        return tg_error_set(st->err, TG_ERR_NOMEM, "out of memory");
    return st->sink->post(st->sink, &p, st->err);
}

/* The row as a comment, to the threader: it goes to the sink once its
 * thread is known (the thread column, its parent's, or its own id). */
static tg_status_t emit(csvstate *st, char *const *f, long line)
{
    tg_comment_rec_t c;
    int64_t when;
    tg_status_t rc;
    int root = strcmp(f[COL_PARENT], "0") == 0;

    memset(&c, 0, sizeof c);
    c.thread_id = f[COL_THREAD];
    c.id = f[COL_ID];
    c.parent_id = root ? NULL : f[COL_PARENT];
    c.author = f[COL_AUTHOR];
    c.location = f[COL_LOCATION];
    c.text = st->col[COL_TEXT] >= 0 ? f[COL_TEXT] : NULL;
    c.line = line;
    if (st->pf->moodle) {
        if (root)
            return moodle_opening(st, f, line);
        c.author_id = *f[COL_USERID] ? f[COL_USERID] : NULL;
        /* a reply to the opening post replies to the thread's post */
        if (tg_hmap_get(&st->opening, f[COL_PARENT], strlen(f[COL_PARENT])))
            c.parent_id = NULL;
        if (*f[COL_DELETED] && strcmp(f[COL_DELETED], "0") != 0) {
            c.flags |= TG_COMMENT_DELETED | TG_COMMENT_TOMBSTONE;
            tg_import_report_tombstone(st->sink->report, line, 0);
        }
        if ((rc = moodle_text(st, f, &c.text)))
            return rc;
    }
    if (*f[COL_TIME]) {
        c.time_text = f[COL_TIME];
        if (row_time(st, f[COL_TIME], &when) == 0) {
            c.time = when;
            c.has_time = 1;
        } else {
            tg_import_report_tally(st->sink->report, TG_TALLY_BAD_TIME, line);
        }
    }
    return tg_threader_comment(st->thr, &c, st->sink, st->err);
}

static void record_cb(int term, void *data)
{
    csvstate *st = data;
    char *f[NCOLS];
    int c;
    long line = st->rec_line;

    (void)term;
    if (st->rc)
        return;
    if (!st->header_done) {
        st->rc = take_header(st);
        st->nfields = 0;
        return;
    }
    if (st->nfields != st->ncols_file) {
        snprintf(st->err_reason, sizeof st->err_reason, "row has %d fields, the header %d",
                 st->nfields, st->ncols_file);
        st->rc = tg_import_report_skip(st->sink->report, line, st->err_reason);
        st->nfields = 0;
        return;
    }
    st->nfields = 0;
    if (st->rec_repaired) {
        tg_import_report_tally(st->sink->report, TG_TALLY_BAD_UTF8, line);
        st->rec_repaired = 0;
    }
    for (c = 0; c < NCOLS; c++)
        f[c] = (char *)field(st, c);
    if (!*f[COL_ID]) {
        st->rc = tg_import_report_skip(st->sink->report, line, "row without an id");
        return;
    }
    st->rc = emit(st, f, line);
}

/* Hand libcsv a line in pieces of at most 64 KiB, setting its growth step
 * to the size of its field buffer before each: libcsv grows a field by a
 * fixed step (128 bytes unless told), so a long field cost time quadratic
 * in its length (found by fuzz_csv: 84 s for a 9.5 MB field under ASan),
 * and a fixed step of 1 MiB still copied 18 GB for a field at the record
 * size limit and cost every file a 1 MiB buffer.  Doubling keeps it linear.
 * 0, or -1 at a syntax error. */
static int parse_line(struct csv_parser *p, const char *s, size_t n, csvstate *st)
{
    size_t off = 0;

    while (off < n) {
        size_t k = n - off < 65536 ? n - off : 65536;
        size_t have = csv_get_buffer_size(p);

        csv_set_blk_size(p, have > 128 ? have : 128);
        if (csv_parse(p, s + off, k, field_cb, record_cb, st) != k)
            return -1;
        off += k;
    }
    return 0;
}

static tg_status_t run_profile(const csv_profile *pf, tg_input_t *in,
                               const tg_import_options_t *opt, tg_sink_t *sink, tg_error_t *err)
{
    struct csv_parser p;
    csvstate st;
    char *s;
    size_t n, fn;
    int nl, r = 0, repaired, c;
    tg_buf scratch = TG_BUF_INIT, withnl = TG_BUF_INIT;
    tg_status_t rc = TG_OK;

    memset(&st, 0, sizeof st);
    st.pf = pf;
    st.in = in;
    st.sink = sink;
    st.err = err;
    for (c = 0; c < NCOLS; c++)
        st.col[c] = -1;
    if (tg_threader_new(TG_ORPHAN_THREAD_IS_SELF, &st.thr, err))
        return TG_ERR_NOMEM;
    st.tz = opt->tz;
    if (csv_init(&p, CSV_OPTIONS) != 0 || tg_hmap_init(&st.opening, 64)) {
        tg_threader_free(st.thr);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    csv_set_space_func(&p, no_space);
    for (c = 0; c < NCOLS; c++) {
        size_t mn;
        const char *m = c < NMAPPED ? tg_import_mapped(opt, field_names[c], &mn) : NULL;

        st.mapped[c] = m != NULL;
        st.names[c] = m ? strndup(m, mn) : pf->names[c] ? strdup(pf->names[c]) : NULL;
        if ((m || pf->names[c]) && !st.names[c])
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }

    while (!rc && (r = tg_input_getline(in, &s, &n, &nl, err)) == 1) {
        const char *f = tg_utf8_fix(&scratch, s, n, &fn, &repaired);

        if (!f) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            break;
        }
        st.rec_repaired |= repaired;
        st.line = tg_input_lineno(in);
        /* hand libcsv the line with a newline (quoted fields keep theirs) */
        tg_buf_reset(&withnl);
        if (tg_buf_add(&withnl, f, fn) || (nl && tg_buf_addch(&withnl, '\n'))) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            break;
        }
        if (parse_line(&p, withnl.data, withnl.len, &st)) {
            /* a stray quote: skip the record, start afresh on the next line */
            if (!st.header_done) {
                rc = tg_error_set_at(err, TG_ERR_DATA, tg_input_name(in), st.line, 0,
                                     "malformed header row: %s", csv_strerror(csv_error(&p)));
                break;
            }
            if ((rc = tg_import_report_skip(sink->report, st.nfields ? st.rec_line : st.line,
                                            "malformed quoting")))
                break;
            csv_free(&p);
            if (csv_init(&p, CSV_OPTIONS) != 0) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                break;
            }
            csv_set_space_func(&p, no_space);
            st.nfields = 0;
            st.rec_repaired = 0;
        }
        if (st.rc)
            break;
    }
    if (r < 0)
        rc = err ? err->code : TG_ERR_IO;
    if (!rc && !st.rc) {
        if (csv_fini(&p, field_cb, record_cb, &st) != 0) {
            /* a quoted field still open at the end: the file was cut */
            rc = tg_import_report_skip(sink->report, st.rec_line ? st.rec_line : st.line,
                                       "truncated row: a quoted field is not closed at the end "
                                       "of the file");
        }
    }
    if (!rc && st.rc) {
        rc = st.rc;
        if (rc == TG_ERR_NOMEM)
            tg_error_set(err, rc, "out of memory");
    }
    if (!rc && !st.header_done)
        rc = tg_error_set_at(err, TG_ERR_DATA, tg_input_name(in), 1, 0, "no header row");
    if (!rc)
        rc = tg_threader_finish(st.thr, sink, err);

    csv_free(&p);
    for (c = 0; c < st.ncols_file; c++)
        tg_buf_release(&st.fields[c]);
    for (c = 0; c < NCOLS; c++)
        free(st.names[c]);
    tg_hmap_release(&st.opening);
    tg_buf_release(&st.html);
    free(st.fields);
    tg_threader_free(st.thr);
    tg_buf_release(&scratch);
    tg_buf_release(&withnl);
    return rc;
}

static int header_like(const char *line, size_t n)
{
    /* the first line names id and parent_id among comma-separated columns */
    char buf[1024];
    char *tok, *save = NULL;
    int has_id = 0, has_parent = 0;

    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, line, n);
    buf[n] = '\0';
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t tn;
        const char *t = tg_trim(tok, strlen(tok), &tn);

        if (tn >= 2 && t[0] == '"' && t[tn - 1] == '"') {
            t++;
            tn -= 2;
        }
        if (tg_ascii_ieq(t, tn, "id"))
            has_id = 1;
        else if (tg_ascii_ieq(t, tn, "parent_id"))
            has_parent = 1;
    }
    return has_id && has_parent;
}

static int detect(const char *path, const char *head, size_t len)
{
    size_t n = strlen(path);

    if (tg_first_line_is(head, len, header_like))
        return 90;
    return n > 4 && tg_ascii_ieq(path + n - 4, 4, ".csv") ? 20 : 0;
}

/* the first line names Moodle's columns: id, discussion, parent, userfullname */
static int moodle_header(const char *line, size_t n)
{
    static const char *const need[] = { "id", "discussion", "parent", "userfullname" };
    char buf[1024];
    char *tok, *save = NULL;
    unsigned found = 0;
    size_t k;

    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, line, n);
    buf[n] = '\0';
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t tn;
        const char *t = tg_trim(tok, strlen(tok), &tn);

        if (tn >= 2 && t[0] == '"' && t[tn - 1] == '"') {
            t++;
            tn -= 2;
        }
        for (k = 0; k < 4; k++)
            if (tg_ascii_ieq(t, tn, need[k]))
                found |= 1u << k;
    }
    return found == 15u;
}

static int detect_moodle(const char *path, const char *head, size_t len)
{
    (void)path;
    return tg_first_line_is(head, len, moodle_header) ? 95 : 0;
}

static tg_status_t run(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err)
{
    return run_profile(&plain_profile, in, opt, sink, err);
}

static tg_status_t run_moodle(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                              tg_error_t *err)
{
    return run_profile(&moodle_profile, in, opt, sink, err);
}

const tg_importer_t tg_importer_csv = {
    "csv",
    "csv",
    "comma-separated values with a header: id, parent_id, thread_id, author, location, "
    "timestamp, text (a field map names other columns)",
    detect,
    run,
};

const tg_importer_t tg_importer_moodle = {
    "moodle",
    "moodle",
    "a Moodle forum's CSV export: id, discussion, parent, userfullname, created, subject, "
    "message, ...",
    detect_moodle,
    run_moodle,
};
