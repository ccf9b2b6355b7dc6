/* fileset.c - files that appear whole or not at all: each is written under
 * a temporary name in its folder and renamed into place when complete, and
 * a set of them (the reports, run's reports with its charts and page, the
 * two files of the CSV export) is renamed only once every file of it is
 * written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"

char *tg_temp_name(const char *path)
{
    tg_buf b = TG_BUF_INIT;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;

    tg_buf_add(&b, path, dirlen);
    tg_buf_addch(&b, '.');
    tg_buf_addstr(&b, path + dirlen);
    if (tg_buf_addstr(&b, ".tmp")) {
        tg_buf_release(&b);
        return NULL;
    }
    return tg_buf_detach(&b);
}

/* The set of files being written together (tg_fileset_begin), on this
 * thread: their renames wait until every file of the set is written. */
static __thread tg_fileset *current_set;

void tg_fileset_begin(tg_fileset *set)
{
    memset(set, 0, sizeof *set);
    set->outer = current_set;
    current_set = set;
}

/* Keep tmp (renamed later to path) in set; takes both strings.  -1 when out
 * of memory (the set has then failed, and tmp is removed). */
static int keep(tg_fileset *set, char *tmp, char *path)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 16;
        char **t = realloc(set->tmp, cap * sizeof *t), **p;

        if (t)
            set->tmp = t;
        p = t ? realloc(set->path, cap * sizeof *p) : NULL;
        if (p)
            set->path = p;
        if (!t || !p) {
            remove(tmp);
            free(tmp);
            free(path);
            set->failed = 1;
            return -1;
        }
        set->cap = cap;
    }
    set->tmp[set->n] = tmp;
    set->path[set->n] = path;
    set->n++;
    return 0;
}

tg_status_t tg_fileset_end(tg_fileset *set, int ok, tg_error_t *err)
{
    tg_status_t rc = TG_OK;
    tg_fileset *outer = set->outer;
    size_t i;

    current_set = outer;
    if (set->failed && ok) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        ok = 0;
    }
    for (i = 0; i < set->n; i++) {
        if (ok && rc == TG_OK && outer) {
            /* the outer set renames it */
            if (keep(outer, set->tmp[i], set->path[i]))
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            continue;
        }
        if (ok && rc == TG_OK && rename(set->tmp[i], set->path[i]) != 0)
            rc = tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", set->path[i],
                              strerror(errno));
        if (!ok || rc != TG_OK)
            remove(set->tmp[i]);
        free(set->tmp[i]);
        free(set->path[i]);
    }
    if (outer && (!ok || rc != TG_OK))
        outer->failed = 1;
    free(set->tmp);
    free(set->path);
    memset(set, 0, sizeof *set);
    return rc;
}

tg_status_t tg_finish_file(const char *tmp, const char *path, int ok, tg_error_t *err)
{
    if (ok && current_set) {
        char *t = strdup(tmp), *p = strdup(path);

        if (!t || !p) {
            free(t);
            free(p);
            remove(tmp);
            current_set->failed = 1;
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        }
        if (keep(current_set, t, p))
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        return TG_OK;
    }
    if (ok && rename(tmp, path) != 0) {
        tg_error_set(err, TG_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
        remove(tmp);
        return TG_ERR_IO;
    }
    if (!ok)
        remove(tmp);
    return TG_OK;
}
