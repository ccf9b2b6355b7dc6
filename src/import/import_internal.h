/* import_internal.h - the importer interface and the input layer they read
 * through.  A new format is one import_<name>.c defining a tg_importer_t and
 * one entry in the table in import.c.  Importers never touch SQLite: they
 * send records to a sink and count what they skip in sink->report. */
#ifndef TG_IMPORT_INTERNAL_H
#define TG_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core_internal.h"
#include "threadgraph/import.h"

/* ---- input: a buffered byte stream over one file ---- */
typedef struct tg_input tg_input_t;

/* Open path for reading; a gzip, zstd or bzip2 file (told by its magic
 * bytes) is decompressed as it is read. */
tg_status_t tg_input_open(const char *path, tg_input_t **out, tg_error_t *err);
/* Open path for reading its bytes as they are (for hashing the file). */
tg_status_t tg_input_open_raw(const char *path, tg_input_t **out, tg_error_t *err);
/* Open path but name it `name` in errors and reports; unpack: decompress
 * (as tg_input_open) or not (as tg_input_open_raw). */
tg_status_t tg_input_open_as(const char *path, const char *name, int unpack, tg_input_t **out,
                             tg_error_t *err);
/* "gzip", "zstd" or "bzip2" when the input is decompressed, else NULL. */
const char *tg_input_codec(const tg_input_t *in);
void tg_input_close(tg_input_t *in);
/* The file name used in messages (borrowed). */
const char *tg_input_name(const tg_input_t *in);
/* Up to want bytes from the start of the stream without consuming them.
 * Returns the count available (fewer at end of file). */
size_t tg_input_peek(tg_input_t *in, const char **p, size_t want, tg_error_t *err);
/* Read up to n bytes; returns the count, 0 at end of file, -1 on error. */
long tg_input_read(tg_input_t *in, void *buf, size_t n, tg_error_t *err);
/* The next line without its line ending ("\n" or "\r\n").  *line stays valid
 * until the next call.  *had_newline is 0 only for a last line that has no
 * newline.  Returns 1 for a line, 0 at end of file, -1 on error. */
int tg_input_getline(tg_input_t *in, char **line, size_t *len, int *had_newline,
                     tg_error_t *err);
/* 1-based number of the line last returned by tg_input_getline. */
long tg_input_lineno(const tg_input_t *in);
/* The record size limit: the longest line tg_input_getline returns (a
 * longer one is an error), and what importers hold as one record (a JSON
 * string, a mail).  0: the default, TG_MAX_RECORD_DEFAULT. */
void tg_input_set_max_record(tg_input_t *in, size_t max);
size_t tg_input_max_record(const tg_input_t *in);
/* The error for a record (`what`: "a line", "a JSON string", "a message")
 * at line that passes the limit: names the file, the line, the limit and
 * the option that raises it.  Returns TG_ERR_DATA. */
tg_status_t tg_input_too_long(const tg_input_t *in, long line, const char *what,
                              tg_error_t *err);
/* Compressed input that expands to more than TG_BOMB_RATIO times its size,
 * past TG_BOMB_MIN_BYTES, is refused as a likely decompression bomb. */
#define TG_BOMB_RATIO 200
#define TG_BOMB_MIN_BYTES (256LL << 20)

/* Return s itself when it is valid UTF-8, otherwise a copy in scratch (valid
 * until scratch changes) with each invalid sequence replaced by U+FFFD;
 * *repaired is set to 1 then.  NULL on out of memory. */
const char *tg_utf8_fix(tg_buf *scratch, const char *s, size_t n, size_t *outn, int *repaired);

/* ---- decompression (codec.c), used by the input layer ---- */
typedef struct tg_codec tg_codec_t;

/* The codec whose magic bytes start p[0..n): "gzip", "zstd", "bzip2" or NULL. */
const char *tg_codec_sniff(const unsigned char *p, size_t n);
/* A decoder for the codec named name; NULL on out of memory. */
tg_codec_t *tg_codec_new(const char *name);
void tg_codec_free(tg_codec_t *c);
const char *tg_codec_name(const tg_codec_t *c);
/* Decode from src[0..*srclen) into dst[0..cap).  *srclen becomes the bytes
 * consumed; returns the bytes written, or -1 for corrupt data (*why says
 * what, valid until the next call).  at_eof says no input follows src.
 * Nothing consumed and nothing written means: give more input. */
long tg_codec_step(tg_codec_t *c, const void *src, size_t *srclen, int at_eof, void *dst,
                   size_t cap, const char **why);
/* Did the last stream end (so that the input may end here)? */
int tg_codec_ended(const tg_codec_t *c);

/* ---- importers ---- */
typedef struct tg_importer {
    const char *name;
    /* The id space of its threads: threads of importers with the same space
     * and the same id are one thread ("reddit" for Reddit dumps and Reddit
     * thread files); other spaces never meet, so that HN story 1 and Moodle
     * discussion 1 stay apart. */
    const char *space;
    const char *summary;
    /* How likely (0..100) it is that a file starting with head[0..len) is in
     * this format; path gives the file name for hints. */
    int (*detect)(const char *path, const char *head, size_t len);
    /* Read the whole input into sink.  Data errors name the file and line. */
    tg_status_t (*run)(tg_input_t *in, const tg_import_options_t *opt, tg_sink_t *sink,
                       tg_error_t *err);
} tg_importer_t;

extern const tg_importer_t tg_importer_newspage;
extern const tg_importer_t tg_importer_csv;
extern const tg_importer_t tg_importer_reddit_ndjson;
extern const tg_importer_t tg_importer_moodle;     /* import_csv.c */
extern const tg_importer_t tg_importer_jsonl;      /* import_jsonl.c */
extern const tg_importer_t tg_importer_convokit;   /* import_jsonl.c */
extern const tg_importer_t tg_importer_reddit;     /* import_reddit.c */
extern const tg_importer_t tg_importer_hn;         /* import_hn.c */
extern const tg_importer_t tg_importer_canvas;     /* import_canvas.c */
extern const tg_importer_t tg_importer_disqus;     /* import_disqus.c */
extern const tg_importer_t tg_importer_wordpress;  /* import_wordpress.c */
extern const tg_importer_t tg_importer_mbox;       /* import_mbox.c */

/* Helpers shared by importers. */
/* The file name without directories and without its last extension; caller frees. */
char *tg_path_stem(const char *path);
/* Does head contain a first non-blank line for which pred(line, len) holds? */
int tg_first_line_is(const char *head, size_t len, int (*pred)(const char *, size_t));

/* Field maps: the file's name for our field (id, parent_id, ...), or NULL
 * when no map names it.  *n gets its length (the name is not NUL-terminated). */
const char *tg_import_mapped(const tg_import_options_t *opt, const char *field, size_t *n);

/* ---- html_text.c: HTML bodies as plain text, through libxml2 ---- */
/* Append the text of the HTML fragment html[0..n) to out: character
 * references decoded, white space collapsed (kept in <pre>), paragraphs and
 * blocks separated by a blank line, list items and <br> by a line break,
 * scripts and styles dropped, no space or break at the ends. */
tg_status_t tg_html_to_text(tg_buf *out, const char *html, size_t n, tg_error_t *err);
/* Append s[0..n), text without markup, with its character references
 * (&amp; &lt; &#39; ...) decoded and nothing else changed. */
tg_status_t tg_html_unescape(tg_buf *out, const char *s, size_t n, tg_error_t *err);

/* ---- json_walk.c: yajl's event parser with the path to each value ---- */
typedef enum tg_jtype { TG_J_NULL, TG_J_BOOL, TG_J_NUMBER, TG_J_STRING } tg_jtype;
typedef struct tg_jwalk tg_jwalk;
typedef struct tg_jwalk_cb {
    /* a map (is_map) or an array opened; it is level tg_jwalk_depth(w) - 1 */
    tg_status_t (*open)(void *ctx, tg_jwalk *w, int is_map);
    /* the container at level tg_jwalk_depth(w) - 1 is closing */
    tg_status_t (*close)(void *ctx, tg_jwalk *w, int is_map);
    /* a scalar value inside the container at level tg_jwalk_depth(w) - 1 (at
     * the top when the depth is 0): numbers as written, strings decoded and
     * valid UTF-8, NUL-terminated (n excludes the NUL) */
    tg_status_t (*scalar)(void *ctx, tg_jwalk *w, tg_jtype t, const char *s, size_t n);
} tg_jwalk_cb;

/* name: the file, for messages (borrowed). */
tg_status_t tg_jwalk_new(const tg_jwalk_cb *cb, void *ctx, const char *name, tg_jwalk **out,
                         tg_error_t *err);
void tg_jwalk_free(tg_jwalk *w);
/* Start a new text whose first byte is on `line`; count_bytes: positions are
 * known as bytes too (a whole file), else only the line. */
void tg_jwalk_reset(tg_jwalk *w, long line, int count_bytes);
tg_status_t tg_jwalk_feed(tg_jwalk *w, const char *p, size_t n, tg_error_t *err);
/* The longest string fed (default TG_MAX_RECORD_DEFAULT; tg_json_read sets
 * the input's): a longer one is an error naming the limit and the option. */
void tg_jwalk_set_max_string(tg_jwalk *w, size_t max);
/* The text ended: a value cut short is an error naming where it opened. */
tg_status_t tg_jwalk_finish(tg_jwalk *w, tg_error_t *err);
size_t tg_jwalk_depth(const tg_jwalk *w);
int tg_jwalk_is_map(const tg_jwalk *w, size_t level);
/* The key being read in the map at level ("" for arrays). */
const char *tg_jwalk_key(const tg_jwalk *w, size_t level);
int tg_jwalk_key_is(const tg_jwalk *w, size_t level, const char *key);
/* The index being read in the array at level (-1 for maps). */
long tg_jwalk_index(const tg_jwalk *w, size_t level);
/* Where the container at level opened: its line and byte (1-based; byte 0
 * when unknown). */
void tg_jwalk_where(const tg_jwalk *w, size_t level, long *line, long *byte);
/* Where the current event is. */
void tg_jwalk_here(tg_jwalk *w, long *line, long *byte);
/* The path to the container at level `upto` ("$[1].data.children[3]").
 * 0, or -1 out of memory. */
int tg_jwalk_path(const tg_jwalk *w, size_t upto, tg_buf *out);
/* Were strings repaired (invalid UTF-8) since the last call? */
int tg_jwalk_take_repaired(tg_jwalk *w);
/* Top-level values seen; *first_is_map: the first is an object. */
long tg_jwalk_values(const tg_jwalk *w, int *first_is_map);

/* ---- json_stack.c: the records open in a JSON document ---- */
/* An importer picks its records out of the walk (objects at places it
 * knows), and records nest (replies inside comments).  The stack keeps the
 * fields of each open record and, when its object closes, copies them into
 * the record list, which is in the order the records opened (parents
 * first). */
typedef struct tg_jrec {
    char **f;           /* nfields values (in the stack's arena), NULL when absent */
    size_t *len;        /* their lengths */
    long line, byte;    /* where its object opened */
    long enclosing;     /* index of the record open around it, -1 for none */
    int repaired;       /* a string in it had invalid UTF-8 */
    unsigned flags;     /* the importer's own, 0 when it opens */
} tg_jrec;

typedef struct tg_jframe tg_jframe;
typedef struct tg_jstack {
    int nfields;
    tg_jframe *fr;      /* the open records, innermost last */
    size_t nfr, capfr;
    tg_vec recs;        /* tg_jrec, in the order they opened */
    tg_arena arena;     /* their values */
} tg_jstack;

void tg_jstack_init(tg_jstack *s, int nfields);
void tg_jstack_release(tg_jstack *s);
/* The object at level tg_jwalk_depth(w) - 1 just opened and is a record:
 * push it (the strings read before it belong to the record around it).
 * 0, or -1 out of memory. */
int tg_jstack_open(tg_jstack *s, tg_jwalk *w);
/* Is a record open?  *level (may be NULL) gets its object's level. */
int tg_jstack_top(const tg_jstack *s, size_t *level);
/* Field k of the innermost record becomes v[0..n) (replacing what it held);
 * tg_jstack_append adds v and a NUL after what it holds, so that a field can
 * hold a list.  0, or -1 out of memory. */
int tg_jstack_set(tg_jstack *s, int k, const char *v, size_t n);
int tg_jstack_append(tg_jstack *s, int k, const char *v, size_t n);
/* The same as tg_jstack_set for the field whose name, keys[k] for k in
 * [from, to), is the key being read in the map at level (nothing when none
 * is).  0, or -1 out of memory. */
int tg_jstack_keep(tg_jstack *s, const tg_jwalk *w, size_t level, const char *const *keys,
                   int from, int to, const char *v, size_t n);
/* The container at level tg_jwalk_depth(w) - 1 closes: when it is the
 * innermost record's object, its fields go to its record and it is popped.
 * 1 when a record closed, 0 when not, -1 out of memory. */
int tg_jstack_close(tg_jstack *s, tg_jwalk *w);
size_t tg_jstack_count(const tg_jstack *s);
/* Record i (borrowed, valid until the next tg_jstack_open). */
tg_jrec *tg_jstack_rec(tg_jstack *s, size_t i);
/* Forget the records and their values (when none is open). */
void tg_jstack_clear(tg_jstack *s);

typedef enum tg_json_mode {
    TG_JSON_AUTO,       /* lines when the first line is a whole object and more follow */
    TG_JSON_DOCUMENT,   /* one JSON text: any error is fatal, naming line and byte */
    TG_JSON_LINES       /* one object a line: bad lines are skipped and counted */
} tg_json_mode;
/* Read the whole input through w. */
tg_status_t tg_json_read(tg_input_t *in, tg_json_mode mode, tg_jwalk *w, tg_sink_t *sink,
                         tg_error_t *err);
/* Detection help: does head name "key" as an object key?  Does its first
 * non-blank byte equal c?  Is it one object a line? */
int tg_json_head_has_key(const char *head, size_t len, const char *key);
int tg_json_head_starts(const char *head, size_t len, char c);
int tg_json_lines_like(const char *head, size_t len);

/* ---- threads.c: threads of records that do not name one ---- */
typedef enum tg_orphan_rule {
    TG_ORPHAN_THREAD_IS_SELF,   /* a record whose chain ends at an absent parent is a
                                 * root of its own thread (CSV, JSONL) */
    TG_ORPHAN_THREAD_IS_PARENT  /* ... lives in the thread named by the absent parent
                                 * (HN: the story that is not in the file) */
} tg_orphan_rule_t;
typedef struct tg_threader tg_threader;

tg_status_t tg_threader_new(tg_orphan_rule_t rule, tg_threader **out, tg_error_t *err);
void tg_threader_free(tg_threader *t);
/* id is the post of thread id: comments replying to it are top-level. */
tg_status_t tg_threader_post(tg_threader *t, const char *id, tg_error_t *err);
/* Send c to the sink when its thread is known (its own thread_id, its
 * parent's, or its own id when it has no parent); keep it otherwise. */
tg_status_t tg_threader_comment(tg_threader *t, const tg_comment_rec_t *c, tg_sink_t *sink,
                                tg_error_t *err);
/* The thread of an id seen so far, or NULL. */
const char *tg_threader_thread_of(tg_threader *t, const char *id);
size_t tg_threader_waiting(const tg_threader *t);
/* Settle and send the records kept. */
tg_status_t tg_threader_finish(tg_threader *t, tg_sink_t *sink, tg_error_t *err);

#endif
