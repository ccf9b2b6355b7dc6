/* core_internal.h - shared helpers of the library: growable buffers, arenas,
 * string hash maps, UTF-8 and name handling, time parsing, and numbers and
 * dates formatted for output with the one calendar.  No I/O policy
 * lives here.  Not part of the public interface. */
#ifndef TG_CORE_INTERNAL_H
#define TG_CORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "threadgraph/error.h"

/* ---- growable byte buffer (always NUL-terminated once used) ---- */
/* Failures stick (as in git's strbuf): once an append cannot get memory the
 * buffer remembers it, later appends do nothing and return -1, and the
 * owner checks tg_buf_failed() once before using the content, which may be
 * cut short.  tg_buf_reset and tg_buf_release clear the flag. */
typedef struct tg_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;            /* an append failed: the content is incomplete */
} tg_buf;

#define TG_BUF_INIT { NULL, 0, 0, 0 }

void tg_buf_init(tg_buf *b);
void tg_buf_release(tg_buf *b);
int tg_buf_grow(tg_buf *b, size_t extra);       /* 0 ok, -1 no memory (sticks) */
int tg_buf_add(tg_buf *b, const void *p, size_t n);
int tg_buf_addstr(tg_buf *b, const char *s);
int tg_buf_addch(tg_buf *b, char c);
int tg_buf_addf(tg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Did an append fail since the last init, reset or release? */
static inline int tg_buf_failed(const tg_buf *b)
{
    return b->failed;
}
void tg_buf_reset(tg_buf *b);
/* Hand the string over to the caller (who frees it); b is left empty.
 * NULL when an append had failed (the partial content is freed). */
char *tg_buf_detach(tg_buf *b);

/* ---- whole reads and writes on a file descriptor (fdio.c) ----
 * 0 when all n bytes moved; -1 on an error or (reading) an early end. */
int tg_fd_write_all(int fd, const void *p, size_t n);
int tg_fd_read_all(int fd, void *p, size_t n);

/* ---- arena: many small allocations freed together ---- */
typedef struct tg_arena_chunk tg_arena_chunk;
typedef struct tg_arena {
    tg_arena_chunk *head;
    size_t chunk_size;
    size_t total;          /* bytes handed out, for statistics */
} tg_arena;

void tg_arena_init(tg_arena *a, size_t chunk_size);
void tg_arena_release(tg_arena *a);
/* Forget every allocation but keep one chunk for reuse. */
void tg_arena_reset(tg_arena *a);
void *tg_arena_alloc(tg_arena *a, size_t n);   /* 8-byte aligned, NULL on OOM */
char *tg_arena_strndup(tg_arena *a, const char *s, size_t n);
char *tg_arena_strdup(tg_arena *a, const char *s); /* NULL stays NULL */

/* ---- hash map from byte strings to int64 values ----
 * Keys are copied into the map's own arena.  Open addressing, linear probing. */
typedef struct tg_hslot {
    const char *key;
    int64_t val;
    uint32_t hash;
    uint32_t klen;
} tg_hslot;

typedef struct tg_hmap {
    tg_hslot *slots;
    size_t cap;            /* power of two, or 0 */
    size_t n;
    tg_arena keys;
} tg_hmap;

int tg_hmap_init(tg_hmap *m, size_t expected);
void tg_hmap_release(tg_hmap *m);
/* The value slot for key, or NULL when absent. */
int64_t *tg_hmap_get(const tg_hmap *m, const void *key, size_t klen);
/* Insert key with val unless present.  *found says which; the slot of the
 * value (new or old) is returned, NULL on out-of-memory. */
int64_t *tg_hmap_put(tg_hmap *m, const void *key, size_t klen, int64_t val, int *found);
uint64_t tg_hash_bytes(const void *p, size_t n);
/* The same with the key's hash computed beforehand by tg_hmap_hash, so that
 * tg_hmap_prefetch can start loading its slot while the caller does other
 * work (a lookup in a big map is a cache miss). */
uint32_t tg_hmap_hash(const void *key, size_t klen);
void tg_hmap_prefetch(const tg_hmap *m, uint32_t h);
int64_t *tg_hmap_get_h(const tg_hmap *m, const void *key, size_t klen, uint32_t h);
int64_t *tg_hmap_put_h(tg_hmap *m, const void *key, size_t klen, uint32_t h, int64_t val,
                       int *found);

/* ---- text ---- */
/* Trim ASCII and Unicode no-break spaces around s[0..n); returns new start, sets *outn. */
const char *tg_trim(const char *s, size_t n, size_t *outn);
/* Is s (NUL-terminated) valid UTF-8? */
int tg_utf8_valid(const char *s, size_t n);
/* Append s to b replacing each invalid UTF-8 sequence by U+FFFD; returns the
 * number of replacements, -1 on out of memory. */
long tg_utf8_repair(tg_buf *b, const char *s, size_t n);
/* Case-folded, trimmed copy of s (the location key); caller frees. */
char *tg_casefold_key(const char *s, size_t n);
/* ASCII case-insensitive equality of s[0..n) and the NUL-terminated word. */
int tg_ascii_ieq(const char *s, size_t n, const char *word);

/* ---- time (timeparse.c) ----
 * All return 0 on success and store UTC seconds in *out. */
/* ISO 8601 date-time ("2014-12-10T17:14:00Z", "2014-12-10 17:14", offsets,
 * fractions, date only; zone-less = UTC) or Unix seconds ("1418231640",
 * "1418231640.5"). */
int tg_time_parse(const char *s, size_t n, int64_t *out);
/* "December 10, 2014 17:14" (full or 3-letter English month, 24-hour, UTC). */
int tg_time_parse_news(const char *s, size_t n, int64_t *out);
/* Any date form found in a page: "Tuesday, August 30, 2016", "August 30, 2016",
 * "30 August 2016", ISO, "December 10, 2014 17:14". */
int tg_time_parse_loose(const char *s, size_t n, int64_t *out);
/* A mail date: RFC 5322 ("Thu, 1 Nov 2001 09:14:20 -0800 (PST)", zone
 * names, two-digit years) or the asctime form of mbox "From " lines and
 * Pipermail ("Thu Nov  1 11:19:12 2001").  Without a zone the time is taken
 * as UTC and *zoneless is set. */
int tg_time_parse_mail(const char *s, size_t n, int64_t *out, int *zoneless);



/* ---- growable array of fixed-size elements ---- */
typedef struct tg_vec {
    void *data;
    size_t n;
    size_t cap;
    size_t elsize;
} tg_vec;

void tg_vec_init(tg_vec *v, size_t elsize);
void tg_vec_release(tg_vec *v);
/* Pointer to a new zeroed element at the end, NULL on out of memory. */
void *tg_vec_push(tg_vec *v);
int tg_vec_reserve(tg_vec *v, size_t n);
#define TG_VEC_AT(v, type, i) (((type *)(v)->data)[i])

/* ---- JSON output (jsonw.c): yajl_gen with the project's number format ----
 * Errors stick to the writer: check tg_jsonw_failed() once at the end
 * (and, for a buffer, nothing else: the buffer's own flag is included). */

typedef enum tg_jsonw_style {
    TG_JSONW_COMPACT,      /* {"a":1,"b":[1,2]} */
    TG_JSONW_SPACED,       /* {"a": 1, "b": [1, 2]} */
    TG_JSONW_PRETTY        /* two-space indent, one member a line, final newline */
} tg_jsonw_style;

typedef struct tg_jsonw {
    struct yajl_gen_t *g;
    tg_buf *buf;           /* output: a buffer (borrowed) ... */
    FILE *f;               /* ... or a stream (borrowed) */
    tg_jsonw_style style;
    int first_piece;
    int failed;
} tg_jsonw;

/* 0 ok, -1 out of memory (and the writer is failed); release either way. */
int tg_jsonw_init_buf(tg_jsonw *w, tg_buf *out, tg_jsonw_style style);
int tg_jsonw_init_file(tg_jsonw *w, FILE *f, tg_jsonw_style style);
void tg_jsonw_release(tg_jsonw *w);
/* Out of memory, a write error, or a call out of place (a value where a key
 * must be, an unclosed container is not detected). */
int tg_jsonw_failed(const tg_jsonw *w);
void tg_jsonw_map_open(tg_jsonw *w);
void tg_jsonw_map_close(tg_jsonw *w);
void tg_jsonw_array_open(tg_jsonw *w);
void tg_jsonw_array_close(tg_jsonw *w);
void tg_jsonw_key(tg_jsonw *w, const char *key);
/* NULL writes ""; invalid UTF-8 is repaired to U+FFFD. */
void tg_jsonw_string(tg_jsonw *w, const char *s);
void tg_jsonw_string_len(tg_jsonw *w, const char *s, size_t n);
void tg_jsonw_int(tg_jsonw *w, long long v);
void tg_jsonw_uint(tg_jsonw *w, unsigned long long v);
/* %.12g with a '.' whatever the locale, no "-0"; NaN and infinities as null. */
void tg_jsonw_real(tg_jsonw *w, double v);
void tg_jsonw_bool(tg_jsonw *w, int v);
void tg_jsonw_null(tg_jsonw *w);
/* A value that is JSON already (written as it is); NULL or "" writes null. */
void tg_jsonw_raw(tg_jsonw *w, const char *json);
/* ---- numbers and dates as outputs write them; the calendar (format.c) ----
 * The one calendar of the library: proleptic Gregorian, UTC. */
/* Days since 1970-01-01 of the date y-m-d (m 1..12, d 1..31). */
int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The date of a day counted from 1970-01-01. */
void tg_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/* The UTC date and time of t (seconds since the epoch). */
void tg_civil(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s);
/* Seconds since the epoch of a UTC date and time. */
int64_t tg_from_civil(int y, int mo, int d, int h, int mi, int s);
/* Write t as "2014-12-10T17:14:00Z" into out (at least 21 bytes). */
void tg_time_format(int64_t t, char *out, size_t outsz);
/* "10 Dec 2014" or, with_time, "10 Dec 2014 17:14" (UTC) into out. */
void tg_fmt_date(int64_t t, int with_time, char *out, size_t outsz);
/* "Jan" .. "Dec" for month 1..12 ("?" for others). */
const char *tg_month_abbr(int month);
/* v in decimal ("%lld") into out, without snprintf's cost (exports print
 * millions of these); returns out.  outsz below 21 may truncate, as
 * snprintf would. */
char *tg_fmt_int(long long v, char *out, size_t outsz);
/* "12,345" (thousands separated by commas) into out; returns out. */
const char *tg_fmt_count(long v, char *out, size_t outsz);
/* v as %.12g with '.' as the decimal point whatever the locale, and 0 for
 * -0 and for values within 1e-12 of 0 (the reports' real numbers) into out
 * (40 bytes hold any). */
void tg_fmt_real(double v, char *out, size_t outsz);
/* ---- Moodle's human-readable dates (tz.c) ----
 * "Monday, 5 February 2024, 10:00 AM" (English; weekday optional, month
 * whole or in three letters, 12- or 24-hour clock), a wall-clock time in
 * the zone tz (NULL: UTC).  0 on success. */
int tg_time_parse_moodle(const char *s, size_t n, const char *tz, int64_t *out);

/* ---- files written whole, and sets of them (fileset.c) ---- */
/* A temporary name beside path (".NAME.tmp" in its folder); caller frees. */
char *tg_temp_name(const char *path);
/* A set of files written together: between tg_fileset_begin and
 * tg_fileset_end, tg_finish_file on this thread (the reports' CSV writer,
 * the exports, report.html, every chart of tg_render_all) keeps each
 * finished file under its temporary name; tg_fileset_end renames them all
 * when ok (and every file was written), else removes them all, so that a
 * failure (a full disk) leaves the earlier set whole.  A set begun inside
 * another hands its files to the outer one when it ends well, so they are
 * renamed with the outer set. */
typedef struct tg_fileset {
    char **tmp, **path;
    size_t n, cap;
    int failed;
    struct tg_fileset *outer;
} tg_fileset;
void tg_fileset_begin(tg_fileset *set);
tg_status_t tg_fileset_end(tg_fileset *set, int ok, tg_error_t *err);
/* Rename tmp onto path when ok (or, inside a set, keep it for the set's
 * end), else remove tmp; an error names path. */
tg_status_t tg_finish_file(const char *tmp, const char *path, int ok, tg_error_t *err);

/* ---- yajl's allocation functions (yajl_mem.c) ----
 * Every yajl parser and generator of the library is made with
 * tg_yajl_alloc_funcs(): NULL (yajl's own malloc) unless a test build has
 * installed counting allocators with tg_yajl_set_alloc_funcs (NULL resets). */
#include <yajl/yajl_common.h>
void tg_yajl_set_alloc_funcs(const yajl_alloc_funcs *f);
yajl_alloc_funcs *tg_yajl_alloc_funcs(void);
/* yajl_alloc and yajl_gen_alloc with those functions, guarded against
 * yajl's unchecked allocations (yajl_mem.c); free with yajl_free and
 * yajl_gen_free as usual. */
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>
yajl_handle tg_yajl_alloc(const yajl_callbacks *callbacks, void *ctx);
yajl_gen tg_yajl_gen_alloc(void);

/* ---- bidirectional text (text.c) ---- */
/* Append s (UTF-8, NUL-terminated) to b as a unit that cannot change the
 * direction of the text around it: wrapped in FIRST STRONG ISOLATE (U+2068)
 * and POP DIRECTIONAL ISOLATE (U+2069), with every embedding, override or
 * isolate it opens (U+202A..U+202E, U+2066..U+2068) closed before the end,
 * and every closer without an opener (U+202C, U+2069) dropped.  For names
 * drawn among other text.  0 ok, -1 out of memory. */
int tg_bidi_isolate(tg_buf *b, const char *s);
/* Does s hold a bidirectional control character (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069)? */
int tg_bidi_has_controls(const char *s);

/* ---- sizes (text.c) ---- */
/* n bytes as "64 MiB", "1.5 GiB", "300 KiB" or "512 bytes" into out. */
void tg_size_format(size_t n, char *out, size_t outsz);

#endif
