/* text.c - human-readable summaries: the import report and `stats`. */
#include <string.h>

#include "threadgraph/report.h"

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "line 12" or "line 1, byte 5234" (JSON documents name the byte too) */
static const char *place(char *buf, size_t n, long line, long byte)
{
    if (byte > 0)
        snprintf(buf, n, "line %ld, byte %ld", line, byte);
    else
        snprintf(buf, n, "line %ld", line);
    return buf;
}

void tg_report_import_text(FILE *f, const tg_import_report_t *r)
{
    const tg_tally_t *t = r->tally;
    const tg_missing_info_t *m = &r->missing;
    char at[64];
    size_t i;

    if (r->already_imported) {
        fprintf(f, "%s: already imported (same content); nothing changed\n", r->path);
        return;
    }
    fprintf(f, "%s: %s, %ld %s in %ld %s", r->path, r->format ? r->format : "?", r->comments,
            plural(r->comments, "comment", "comments"), r->threads,
            plural(r->threads, "thread", "threads"));
    if (r->posts)
        fprintf(f, ", %ld %s", r->posts, plural(r->posts, "post", "posts"));
    fprintf(f, "; %ld %s, %ld %s, %ld %s broken, %ld %s skipped\n",
            t[TG_TALLY_ORPHAN].count, plural(t[TG_TALLY_ORPHAN].count, "orphan", "orphans"),
            t[TG_TALLY_DUPLICATE].count,
            plural(t[TG_TALLY_DUPLICATE].count, "duplicate", "duplicates"),
            t[TG_TALLY_CYCLE].count, plural(t[TG_TALLY_CYCLE].count, "cycle", "cycles"),
            t[TG_TALLY_SKIPPED].count, plural(t[TG_TALLY_SKIPPED].count, "record", "records"));
    if (t[TG_TALLY_ORPHAN].count)
        fprintf(f, "  orphans (parent absent, kept at depth 0): %ld, first at line %ld\n",
                t[TG_TALLY_ORPHAN].count, t[TG_TALLY_ORPHAN].first_line);
    if (t[TG_TALLY_DUPLICATE].count)
        fprintf(f, "  duplicate ids (first record kept): %ld, first at line %ld\n",
                t[TG_TALLY_DUPLICATE].count, t[TG_TALLY_DUPLICATE].first_line);
    if (t[TG_TALLY_CYCLE].count)
        fprintf(f, "  parent links dropped to break cycles: %ld, first at line %ld\n",
                t[TG_TALLY_CYCLE].count, t[TG_TALLY_CYCLE].first_line);
    for (i = 0; i < r->nskips; i++)
        fprintf(f, "  skipped %ld %s: %s (first at %s)\n", r->skips[i].count,
                plural(r->skips[i].count, "record", "records"), r->skips[i].reason,
                place(at, sizeof at, r->skips[i].first_line, r->skips[i].first_byte));
    if (t[TG_TALLY_BAD_TIME].count)
        fprintf(f, "  timestamps that could not be parsed (kept without a time): %ld, first at %s\n",
                t[TG_TALLY_BAD_TIME].count,
                place(at, sizeof at, t[TG_TALLY_BAD_TIME].first_line, t[TG_TALLY_BAD_TIME].first_byte));
    if (t[TG_TALLY_BAD_UTF8].count)
        fprintf(f, "  invalid UTF-8 replaced by U+FFFD in %ld lines or records, first at %s\n",
                t[TG_TALLY_BAD_UTF8].count,
                place(at, sizeof at, t[TG_TALLY_BAD_UTF8].first_line, t[TG_TALLY_BAD_UTF8].first_byte));
    if (t[TG_TALLY_MISSING].count || m->more_stubs)
        fprintf(f, "  comments known to exist but missing from the file: %ld, first at %s\n",
                t[TG_TALLY_MISSING].count,
                place(at, sizeof at, t[TG_TALLY_MISSING].first_line, t[TG_TALLY_MISSING].first_byte));
    if (m->more_stubs)
        fprintf(f, "    %ld \"more\" %s %ld comment %s and %s %ld %s by Reddit's count "
                   "(the ids are in the stored report)\n",
                m->more_stubs, plural(m->more_stubs, "stub lists", "stubs list"), m->more_ids,
                plural(m->more_ids, "id", "ids"), plural(m->more_stubs, "hides", "hide"),
                m->more_hidden, plural(m->more_hidden, "comment", "comments"));
    if (m->tombstones)
        fprintf(f, "    %ld deleted or removed %s kept as %s (no text)\n", m->tombstones,
                plural(m->tombstones, "comment", "comments"),
                plural(m->tombstones, "a tombstone", "tombstones"));
    if (m->absent_kids)
        fprintf(f, "    %ld %s listed as replies (kids) but absent from the file\n", m->absent_kids,
                plural(m->absent_kids, "item", "items"));
    if (t[TG_TALLY_LINKED].count)
        fprintf(f, "  earlier orphans whose parent arrived in this file: %ld\n",
                t[TG_TALLY_LINKED].count);
    for (i = 0; i < r->nnotes; i++)
        fprintf(f, "  noted %ld: %s (first at line %ld)\n", r->notes[i].count, r->notes[i].reason,
                r->notes[i].first_line);
}

/* The stored report, with a long "missing_ids" array shown as its size. */
static void print_report_json(FILE *f, const char *json)
{
    static const char key[] = "\"missing_ids\":[";
    const char *k = json ? strstr(json, key) : NULL, *p;
    long n = 0;
    int in_str = 0;

    if (!k) {
        fputs(json ? json : "", f);
        return;
    }
    p = k + sizeof key - 1;
    if (*p == ']') {
        fputs(json, f);
        return;
    }
    for (n = 1; *p && (in_str || *p != ']'); p++) {
        if (in_str && *p == '\\' && p[1])
            p++;
        else if (*p == '"')
            in_str = !in_str;
        else if (!in_str && *p == ',')
            n++;
    }
    fwrite(json, 1, (size_t)(k - json), f);
    fprintf(f, "\"missing_ids\":[%ld %s]%s", n, plural(n, "id", "ids"), *p ? p + 1 : "");
}

void tg_report_stats_text(FILE *f, const tg_stats_t *st, const tg_source_row_t *imports,
                          size_t nimports)
{
    size_t d, i;

    fprintf(f, "threads             %zu\n", st->threads);
    fprintf(f, "comments            %zu\n", st->comments);
    fprintf(f, "named commenters    %zu\n", st->named_commenters);
    fprintf(f, "anonymous comments  %zu\n", st->anonymous_comments);
    fprintf(f, "locations           %zu\n", st->locations);
    fprintf(f, "max depth           %d\n", st->max_depth);
    fprintf(f, "comments by depth  ");
    for (d = 0; d < st->ndepths; d++)
        fprintf(f, "%s %zu: %zu", d ? "," : "", d, st->depth_counts[d]);
    fprintf(f, "\n");
    if (nimports) {
        fprintf(f, "last imports (newest first):\n");
        for (i = 0; i < nimports; i++) {
            fprintf(f, "  %s  %s (%s): %ld comments in %ld thread(s); report ",
                    imports[i].imported_at, imports[i].path, imports[i].format,
                    imports[i].comments, imports[i].threads);
            print_report_json(f, imports[i].report_json);
            fputc('\n', f);
        }
    }
}
