/* import_internal.h - the importer interface and the input layer they read
 * through.  A new format is one import_<name>.c defining a tg_importer_t and
 * one entry in the table in import.c.  Importers never touch SQLite: they
 * send records to a sink and count what they skip in sink->report. */
#ifndef TG_IMPORT_INTERNAL_H
#define TG_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../core/core_internal.h"
#include "threadgraph/import.h"

/* ---- input: a buffered byte stream over one file ---- */
typedef struct tg_input tg_input_t;

/* Open path for reading; a gzip, zstd or bzip2 file (told by its magic
 * bytes) is decompressed as it is read. */
tg_status_t tg_input_open(const char *path, tg_input_t **out, tg_error_t *err);
/* Open path for reading its bytes as they are (for hashing the file). */
tg_status_t tg_input_open_raw(const char *path, tg_input_t **out, tg_error_t *err);
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

/* ---- html_text.c: HTML as plain text, through libxml2's HTML parser ---- */
/* Append the text of the HTML fragment html[0..n) to out (NUL-terminated):
 * character references decoded, white space collapsed (kept in <pre>),
 * blocks separated by a blank line, list items, rows and <br> by a line
 * break, scripts and styles dropped, nothing blank at either end. */
tg_status_t tg_html_to_text(tg_buf *out, const char *html, size_t n, tg_error_t *err);

/* ---- importers ---- */
typedef struct tg_importer {
    const char *name;
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
extern const tg_importer_t tg_importer_disqus;
extern const tg_importer_t tg_importer_wordpress;
extern const tg_importer_t tg_importer_mbox;

/* Helpers shared by importers. */
/* The file name without directories and without its last extension; caller frees. */
char *tg_path_stem(const char *path);
/* Does head contain a first non-blank line for which pred(line, len) holds? */
int tg_first_line_is(const char *head, size_t len, int (*pred)(const char *, size_t));

#endif
