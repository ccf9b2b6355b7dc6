/* record.c - the integrity report that travels with one import. */
#include <stdlib.h>
#include <string.h>

#include "threadgraph/record.h"

/* Beyond this many distinct reasons, further ones are counted under "other". */
#define MAX_REASONS 64

void tg_import_report_init(tg_import_report_t *r)
{
    memset(r, 0, sizeof *r);
}

void tg_import_report_destroy(tg_import_report_t *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nskips; i++)
        free(r->skips[i].reason);
    free(r->skips);
    for (i = 0; i < r->nnotes; i++)
        free(r->notes[i].reason);
    free(r->notes);
    free(r->path);
    free(r->format);
    memset(r, 0, sizeof *r);
}

void tg_import_report_tally(tg_import_report_t *r, tg_tally_kind_t kind, long line)
{
    tg_tally_t *t = &r->tally[kind];

    if (t->count++ == 0 || (line > 0 && (t->first_line == 0 || line < t->first_line)))
        t->first_line = line;
}

/* Count reason in the list *list of *n entries. */
static tg_status_t count_reason(tg_skip_reason_t **list, size_t *n, long line, const char *reason)
{
    size_t i;
    tg_skip_reason_t *s;

    if (*n >= MAX_REASONS)
        reason = "other reasons";
    for (i = 0; i < *n; i++) {
        if (strcmp((*list)[i].reason, reason) == 0) {
            (*list)[i].count++;
            return TG_OK;
        }
    }
    s = realloc(*list, (*n + 1) * sizeof *s);
    if (!s)
        return TG_ERR_NOMEM;
    *list = s;
    s = &s[*n];
    s->reason = strdup(reason);
    if (!s->reason)
        return TG_ERR_NOMEM;
    s->count = 1;
    s->first_line = line;
    (*n)++;
    return TG_OK;
}

tg_status_t tg_import_report_skip(tg_import_report_t *r, long line, const char *reason)
{
    tg_import_report_tally(r, TG_TALLY_SKIPPED, line);
    return count_reason(&r->skips, &r->nskips, line, reason);
}

tg_status_t tg_import_report_note(tg_import_report_t *r, long line, const char *what)
{
    return count_reason(&r->notes, &r->nnotes, line, what);
}

const char *tg_tally_name(tg_tally_kind_t kind)
{
    static const char *const names[TG_TALLY_KINDS] = {
        "orphans", "duplicates", "cycles_broken", "missing", "bad_times",
        "utf8_repaired", "skipped", "earlier_orphans_linked"
    };

    return (unsigned)kind < TG_TALLY_KINDS ? names[kind] : "unknown";
}
