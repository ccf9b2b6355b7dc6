/* import_report.c - the store's write path at commit: the import report
 * kept with its source, as columns and as JSON (docs/schema.md).  The JSON
 * goes through the core's JSON writer (yajl_gen). */
#include "write_internal.h"

static void key_int(tg_jsonw *w, const char *key, long v)
{
    tg_jsonw_key(w, key);
    tg_jsonw_int(w, v);
}

/* [{"<name>":..., "count":..., "first_line":...}, ...] */
static void reasons(tg_jsonw *w, const char *key, const char *name,
                    const tg_skip_reason_t *list, size_t n)
{
    size_t i;

    tg_jsonw_key(w, key);
    tg_jsonw_array_open(w);
    for (i = 0; i < n; i++) {
        tg_jsonw_map_open(w);
        tg_jsonw_key(w, name);
        tg_jsonw_string(w, list[i].reason);
        key_int(w, "count", list[i].count);
        key_int(w, "first_line", list[i].first_line);
        tg_jsonw_map_close(w);
    }
    tg_jsonw_array_close(w);
}

/* The report as JSON into json; -1 on out of memory. */
static int report_json(const tg_import_report_t *r, tg_buf *json)
{
    tg_jsonw w;
    size_t i, k;
    int rc;

    tg_jsonw_init_buf(&w, json, TG_JSONW_COMPACT);
    tg_jsonw_map_open(&w);
    key_int(&w, "comments", r->comments);
    key_int(&w, "posts", r->posts);
    key_int(&w, "threads", r->threads);
    for (k = 0; k < TG_TALLY_KINDS; k++)
        key_int(&w, tg_tally_name((tg_tally_kind_t)k), r->tally[k].count);
    reasons(&w, "skipped_reasons", "reason", r->skips, r->nskips);
    tg_jsonw_key(&w, "missing_detail");
    tg_jsonw_map_open(&w);
    key_int(&w, "more_stubs", r->missing.more_stubs);
    key_int(&w, "more_ids", r->missing.more_ids);
    key_int(&w, "more_hidden", r->missing.more_hidden);
    key_int(&w, "tombstones", r->missing.tombstones);
    key_int(&w, "absent_kids", r->missing.absent_kids);
    tg_jsonw_map_close(&w);
    tg_jsonw_key(&w, "missing_ids");
    tg_jsonw_array_open(&w);
    for (i = 0; i < r->missing.nids; i++)
        tg_jsonw_string(&w, r->missing.ids[i]);
    tg_jsonw_array_close(&w);
    if (r->nnotes)
        reasons(&w, "notes", "note", r->notes, r->nnotes);
    tg_jsonw_map_close(&w);
    rc = tg_jsonw_failed(&w) || tg_buf_failed(json) || !json->data ? -1 : 0;
    tg_jsonw_release(&w);
    return rc;
}

tg_status_t tg_store_import_report_save(tg_store_import_t *imp, tg_error_t *err)
{
    const tg_import_report_t *r = imp->report;
    tg_buf json = TG_BUF_INIT;
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    size_t k;

    /* a report cut short by a failed allocation is never stored */
    if (report_json(r, &json)) {
        rc = tg_nomem(err);
        goto out;
    }
    if ((rc = tg_db_prepare(imp->db,
                            "UPDATE sources SET comments = ?, posts = ?, threads = ?, orphans = ?,"
                            " duplicates = ?, cycles_broken = ?, missing = ?, bad_times = ?,"
                            " utf8_repaired = ?, skipped = ?, earlier_orphans_linked = ?,"
                            " report = ? WHERE id = ?", &st, err)))
        goto out;
    sqlite3_bind_int64(st, 1, r->comments);
    sqlite3_bind_int64(st, 2, r->posts);
    sqlite3_bind_int64(st, 3, r->threads);
    for (k = 0; k < TG_TALLY_KINDS; k++)
        sqlite3_bind_int64(st, 4 + (int)k, r->tally[k].count);
    sqlite3_bind_text(st, 12, json.data, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 13, imp->source_id);
    if (tg_db_step_done(st))
        rc = tg_db_error(err, imp->db, "cannot record the import report");
out:
    sqlite3_finalize(st);
    tg_buf_release(&json);
    return rc;
}
