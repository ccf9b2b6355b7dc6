/* provenance.c - the imported files as a record of an analysis (summary.json):
 * each file's name, format, content hash (XXH3, 128 bits), size, when it was
 * imported, its comments, and the comments its import reported missing
 * (Reddit `more` stubs and what they hide, tombstones of deleted comments,
 * children a parent lists that are absent), in import order. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "store_internal.h"

static char *dup_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);

    return strdup(s ? (const char *)s : "");
}

static long detail(yajl_val doc, const char *key)
{
    const char *path[] = { "missing_detail", key, NULL };
    yajl_val v = doc ? yajl_tree_get(doc, path, yajl_t_number) : NULL;

    return v && YAJL_IS_INTEGER(v) ? (long)YAJL_GET_INTEGER(v) : 0;
}

tg_status_t tg_store_inputs(tg_store_t *store, tg_input_file_t **files, size_t *n,
                            tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    tg_input_file_t *out = NULL;
    int64_t count;
    size_t k = 0;
    int s = SQLITE_DONE;

    *files = NULL;
    *n = 0;
    if ((rc = tg_db_int(store->db, "SELECT count(*) FROM sources", &count, err)))
        return rc;
    if ((rc = tg_db_prepare(store->db,
                            "SELECT path, format, hash, bytes, imported_at, comments, missing,"
                            " report FROM sources ORDER BY id",
                            &st, err)))
        return rc;
    out = calloc(count ? (size_t)count : 1, sizeof *out);
    if (!out) {
        sqlite3_finalize(st);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    while (k < (size_t)count && (s = sqlite3_step(st)) == SQLITE_ROW) {
        tg_input_file_t *f = &out[k++];
        const unsigned char *report = sqlite3_column_text(st, 7);
        yajl_val doc = report ? yajl_tree_parse((const char *)report, NULL, 0) : NULL;

        f->name = dup_text(st, 0);
        f->format = dup_text(st, 1);
        f->hash = dup_text(st, 2);
        f->bytes = sqlite3_column_int64(st, 3);
        f->imported_at = dup_text(st, 4);
        f->comments = (long)sqlite3_column_int64(st, 5);
        f->missing = (long)sqlite3_column_int64(st, 6);
        f->more_stubs = detail(doc, "more_stubs");
        f->more_ids = detail(doc, "more_ids");
        f->more_hidden = detail(doc, "more_hidden");
        f->tombstones = detail(doc, "tombstones");
        f->absent_kids = detail(doc, "absent_kids");
        if (!f->name || !f->format || !f->hash || !f->imported_at || (report && !doc)) {
            /* the import report is our own JSON: it does not parse only
             * when yajl could not allocate */
            yajl_tree_free(doc);
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            break;
        }
        yajl_tree_free(doc);
    }
    /* an error of SQLite (out of memory, I/O) ended the loop early: the
     * list would silently miss files */
    if (!rc && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = tg_db_error(err, store->db, "cannot read the imported files");
    sqlite3_finalize(st);
    if (rc) {
        tg_input_files_free(out, k);
        return rc;
    }
    *files = out;
    *n = k;
    return TG_OK;
}

void tg_input_files_free(tg_input_file_t *files, size_t n)
{
    size_t i;

    if (!files)
        return;
    for (i = 0; i < n; i++) {
        free(files[i].name);
        free(files[i].format);
        free(files[i].hash);
        free(files[i].imported_at);
    }
    free(files);
}
