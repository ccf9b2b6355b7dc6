/* error.c - filling in tg_error_t. */
#include <stdio.h>
#include <string.h>

#include "threadgraph/error.h"

void tg_error_clear(tg_error_t *err)
{
    if (!err)
        return;
    err->code = TG_OK;
    err->message[0] = '\0';
    err->file[0] = '\0';
    err->line = 0;
    err->column = 0;
    err->kind = TG_ERROR_KIND_NONE;
}

tg_status_t tg_error_setv(tg_error_t *err, tg_status_t code, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->kind = TG_ERROR_KIND_NONE;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

void tg_error_mark(tg_error_t *err, tg_error_kind_t kind)
{
    if (err)
        err->kind = kind;
}

tg_status_t tg_error_set(tg_error_t *err, tg_status_t code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tg_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

tg_status_t tg_error_set_at(tg_error_t *err, tg_status_t code, const char *file,
                            long line, long column, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tg_error_setv(err, code, fmt, ap);
    va_end(ap);
    if (err) {
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
        err->column = column;
    }
    return code;
}

void tg_error_locate(tg_error_t *err, const char *file, long line)
{
    if (!err || err->file[0])
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    if (!err->line)
        err->line = line;
}

const char *tg_status_name(tg_status_t code)
{
    switch (code) {
    case TG_OK: return "success";
    case TG_ERR_FAIL: return "failure";
    case TG_ERR_USAGE: return "usage error";
    case TG_ERR_NOMEM: return "out of memory";
    case TG_ERR_IO: return "input/output error";
    case TG_ERR_DATA: return "bad input data";
    case TG_ERR_DB: return "database error";
    case TG_ERR_VERSION: return "database version mismatch";
    case TG_ERR_GRAPH: return "graph library error";
    }
    return "unknown error";
}
