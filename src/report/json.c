/* json.c - small JSON output: strings and the stats object. */
#include "threadgraph/report.h"

void tg_json_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    fputc('"', f);
    for (; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void tg_report_stats_json(FILE *f, const tg_stats_t *st, const tg_source_row_t *imports,
                          size_t nimports)
{
    size_t d, i;

    fprintf(f, "{\"threads\": %zu, \"comments\": %zu, \"named_commenters\": %zu, "
               "\"anonymous_comments\": %zu, \"locations\": %zu, \"max_depth\": %d, "
               "\"depth_counts\": [",
            st->threads, st->comments, st->named_commenters, st->anonymous_comments,
            st->locations, st->max_depth);
    for (d = 0; d < st->ndepths; d++)
        fprintf(f, "%s%zu", d ? ", " : "", st->depth_counts[d]);
    fprintf(f, "], \"imports\": [");
    for (i = 0; i < nimports; i++) {
        fprintf(f, "%s{\"path\": ", i ? ", " : "");
        tg_json_string(f, imports[i].path);
        fprintf(f, ", \"format\": ");
        tg_json_string(f, imports[i].format);
        fprintf(f, ", \"imported_at\": ");
        tg_json_string(f, imports[i].imported_at);
        /* the stored report is JSON written by the store */
        fprintf(f, ", \"report\": %s}", imports[i].report_json[0] ? imports[i].report_json : "null");
    }
    fprintf(f, "]}\n");
}
