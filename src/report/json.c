/* json.c - the stats object as JSON, through the core's JSON writer
 * (yajl_gen): built whole in memory, then written. */
#include <stdlib.h>

#include "core_internal.h"
#include "threadgraph/report.h"

static void key_size(tg_jsonw *w, const char *key, size_t v)
{
    tg_jsonw_key(w, key);
    tg_jsonw_uint(w, v);
}

static void key_string(tg_jsonw *w, const char *key, const char *s)
{
    tg_jsonw_key(w, key);
    tg_jsonw_string(w, s);
}

tg_status_t tg_report_stats_json(FILE *f, const tg_stats_t *st, const tg_source_row_t *imports,
                                 size_t nimports, tg_error_t *err)
{
    tg_buf out = TG_BUF_INIT;
    tg_jsonw w;
    tg_status_t rc = TG_OK;
    size_t d, i;

    tg_jsonw_init_buf(&w, &out, TG_JSONW_SPACED);
    tg_jsonw_map_open(&w);
    key_size(&w, "threads", st->threads);
    key_size(&w, "comments", st->comments);
    key_size(&w, "named_commenters", st->named_commenters);
    key_size(&w, "anonymous_comments", st->anonymous_comments);
    key_size(&w, "locations", st->locations);
    tg_jsonw_key(&w, "max_depth");
    tg_jsonw_int(&w, st->max_depth);
    tg_jsonw_key(&w, "depth_counts");
    tg_jsonw_array_open(&w);
    for (d = 0; d < st->ndepths; d++)
        tg_jsonw_uint(&w, st->depth_counts[d]);
    tg_jsonw_array_close(&w);
    tg_jsonw_key(&w, "imports");
    tg_jsonw_array_open(&w);
    for (i = 0; i < nimports; i++) {
        tg_jsonw_map_open(&w);
        key_string(&w, "path", imports[i].path);
        key_string(&w, "format", imports[i].format);
        key_string(&w, "imported_at", imports[i].imported_at);
        /* the stored report is JSON written by the store */
        tg_jsonw_key(&w, "report");
        tg_jsonw_raw(&w, imports[i].report_json);
        tg_jsonw_map_close(&w);
    }
    tg_jsonw_array_close(&w);
    tg_jsonw_map_close(&w);
    tg_buf_addch(&out, '\n');
    if (tg_jsonw_failed(&w) || tg_buf_failed(&out))
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    else if (fwrite(out.data, 1, out.len, f) != out.len)
        rc = tg_error_set(err, TG_ERR_IO, "cannot write the statistics");
    tg_jsonw_release(&w);
    tg_buf_release(&out);
    return rc;
}
