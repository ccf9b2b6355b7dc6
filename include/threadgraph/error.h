/* error.h - status codes and the error record every fallible call fills in.
 *
 * The library never prints and never exits: a failing function returns a
 * tg_status_t and, when the caller passed a tg_error_t, describes the failure
 * there (message, and the input file, line and column it concerns).
 *
 * Thread safety: a tg_error_t belongs to its caller; the calls here only
 * write into the one they are given. */
#ifndef THREADGRAPH_ERROR_H
#define THREADGRAPH_ERROR_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tg_status {
    TG_OK = 0,
    TG_ERR_FAIL,      /* anything not listed below */
    TG_ERR_USAGE,     /* the caller asked for something impossible */
    TG_ERR_NOMEM,     /* out of memory */
    TG_ERR_IO,        /* a file could not be read or written */
    TG_ERR_DATA,      /* the input data is malformed */
    TG_ERR_DB,        /* SQLite failed */
    TG_ERR_VERSION,   /* the database has another schema version */
    TG_ERR_GRAPH      /* igraph failed */
} tg_status_t;

/* What a failure is about, beyond its code, for a program that words its
 * own hint (the CLI names the option that answers it).  Messages never name
 * a program's options. */
typedef enum tg_error_kind {
    TG_ERROR_KIND_NONE = 0,
    TG_ERROR_KIND_FORMAT,   /* the format of an input could not be told: name it
                             * (tg_import_options_t.format) */
    TG_ERROR_KIND_MAP,      /* a field map (tg_import_options_t.maps) is malformed,
                             * or names a column the input does not have */
    TG_ERROR_KIND_STRICT,   /* a strict import (tg_import_options_t.strict) found
                             * problems in the input */
    TG_ERROR_KIND_NO_ANALYSIS,    /* the store holds no analysis: tg_analyze and
                                   * tg_store_save_analysis make one */
    TG_ERROR_KIND_STALE_ANALYSIS  /* files were imported after the stored analysis */
} tg_error_kind_t;

#define TG_ERROR_MSG_MAX 1024
#define TG_ERROR_FILE_MAX 1024

typedef struct tg_error {
    tg_status_t code;
    char message[TG_ERROR_MSG_MAX]; /* lowercase, no full stop */
    char file[TG_ERROR_FILE_MAX];   /* input file concerned, or "" */
    long line;                      /* 1-based line in file, or 0 */
    long column;                    /* 1-based column, or 0 */
    tg_error_kind_t kind;           /* what it is about; TG_ERROR_KIND_NONE for most */
} tg_error_t;

/* Reset err to TG_OK with empty fields.  err may be NULL. */
void tg_error_clear(tg_error_t *err);

/* Record a failure (of kind TG_ERROR_KIND_NONE); returns code so that
 * callers can write
 * `return tg_error_set(err, TG_ERR_IO, "cannot open '%s'", path);`.
 * err may be NULL. */
tg_status_t tg_error_set(tg_error_t *err, tg_status_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As tg_error_set, and also name the input place (file may be NULL). */
tg_status_t tg_error_set_at(tg_error_t *err, tg_status_t code, const char *file,
                            long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

tg_status_t tg_error_setv(tg_error_t *err, tg_status_t code, const char *fmt, va_list ap);

/* Say what the error recorded last is about.  err may be NULL. */
void tg_error_mark(tg_error_t *err, tg_error_kind_t kind);

/* Fill in the place of an error that has none yet (keeps a more precise one). */
void tg_error_locate(tg_error_t *err, const char *file, long line);

/* A short English name of a status code, e.g. "bad input data". */
const char *tg_status_name(tg_status_t code);

#ifdef __cplusplus
}
#endif
#endif
