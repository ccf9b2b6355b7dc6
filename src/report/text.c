/* text.c - human-readable summaries: the import report and `stats`. */
#include <string.h>

#include "threadgraph/report.h"

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void tg_report_import_text(FILE *f, const tg_import_report_t *r)
{
    const tg_tally_t *t = r->tally;
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
        fprintf(f, "  skipped %ld %s: %s (first at line %ld)\n", r->skips[i].count,
                plural(r->skips[i].count, "record", "records"), r->skips[i].reason,
                r->skips[i].first_line);
    if (t[TG_TALLY_BAD_TIME].count)
        fprintf(f, "  timestamps that could not be parsed (kept without a time): %ld, first at line %ld\n",
                t[TG_TALLY_BAD_TIME].count, t[TG_TALLY_BAD_TIME].first_line);
    if (t[TG_TALLY_BAD_UTF8].count)
        fprintf(f, "  invalid UTF-8 replaced by U+FFFD in %ld lines or records, first at line %ld\n",
                t[TG_TALLY_BAD_UTF8].count, t[TG_TALLY_BAD_UTF8].first_line);
    if (t[TG_TALLY_MISSING].count)
        fprintf(f, "  comments known to exist but missing from the file: %ld\n",
                t[TG_TALLY_MISSING].count);
    if (t[TG_TALLY_LINKED].count)
        fprintf(f, "  earlier orphans whose parent arrived in this file: %ld\n",
                t[TG_TALLY_LINKED].count);
    for (i = 0; i < r->nnotes; i++)
        fprintf(f, "  noted %ld: %s (first at line %ld)\n", r->notes[i].count, r->notes[i].reason,
                r->notes[i].first_line);
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
        for (i = 0; i < nimports; i++)
            fprintf(f, "  %s  %s (%s): %ld comments in %ld thread(s); report %s\n",
                    imports[i].imported_at, imports[i].path, imports[i].format,
                    imports[i].comments, imports[i].threads, imports[i].report_json);
    }
}
