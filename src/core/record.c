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
    for (i = 0; i < r->missing.nids; i++)
        free(r->missing.ids[i]);
    free(r->missing.ids);
    for (i = 0; i < r->nnotes; i++)
        free(r->notes[i].reason);
    free(r->notes);
    free(r->path);
    free(r->format);
    memset(r, 0, sizeof *r);
}

/* Add n events at line/byte to t, keeping the place of the earliest. */
static void add(tg_tally_t *t, long n, long line, long byte)
{
    int first = t->count == 0 && t->first_line == 0 && t->first_byte == 0;

    if (first || (line > 0 && (t->first_line == 0 || line < t->first_line)) ||
        (line == t->first_line && byte > 0 && (t->first_byte == 0 || byte < t->first_byte))) {
        t->first_line = line;
        t->first_byte = byte;
    }
    t->count += n;
}

void tg_import_report_tally(tg_import_report_t *r, tg_tally_kind_t kind, long line)
{
    add(&r->tally[kind], 1, line, 0);
}

void tg_import_report_tally_at(tg_import_report_t *r, tg_tally_kind_t kind, long line, long byte)
{
    add(&r->tally[kind], 1, line, byte);
}

tg_status_t tg_import_report_skip(tg_import_report_t *r, long line, const char *reason)
{
    return tg_import_report_skip_at(r, line, 0, reason);
}

static tg_status_t push_id(tg_missing_info_t *m, const char *id)
{
    char **p = realloc(m->ids, (m->nids + 1) * sizeof *p);

    if (!p)
        return TG_ERR_NOMEM;
    m->ids = p;
    if (!(p[m->nids] = strdup(id)))
        return TG_ERR_NOMEM;
    m->nids++;
    return TG_OK;
}

tg_status_t tg_import_report_stub(tg_import_report_t *r, long line, long byte, long hidden,
                                  const char *const *ids, size_t nids)
{
    size_t i;

    r->missing.more_stubs++;
    r->missing.more_ids += (long)nids;
    r->missing.more_hidden += hidden;
    add(&r->tally[TG_TALLY_MISSING], hidden, line, byte);
    for (i = 0; i < nids; i++)
        if (push_id(&r->missing, ids[i]))
            return TG_ERR_NOMEM;
    return TG_OK;
}

void tg_import_report_tombstone(tg_import_report_t *r, long line, long byte)
{
    r->missing.tombstones++;
    add(&r->tally[TG_TALLY_MISSING], 1, line, byte);
}

tg_status_t tg_import_report_absent(tg_import_report_t *r, const char *id)
{
    r->missing.absent_kids++;
    add(&r->tally[TG_TALLY_MISSING], 1, 0, 0);
    return push_id(&r->missing, id);
}

tg_status_t tg_import_report_skip_at(tg_import_report_t *r, long line, long byte,
                                     const char *reason)
{
    size_t i;
    tg_skip_reason_t *s;

    tg_import_report_tally_at(r, TG_TALLY_SKIPPED, line, byte);
    if (r->nskips >= MAX_REASONS)
        reason = "other reasons";
    for (i = 0; i < r->nskips; i++) {
        if (strcmp(r->skips[i].reason, reason) == 0) {
            r->skips[i].count++;
            return TG_OK;
        }
    }
    s = realloc(r->skips, (r->nskips + 1) * sizeof *s);
    if (!s)
        return TG_ERR_NOMEM;
    r->skips = s;
    s = &r->skips[r->nskips];
    s->reason = strdup(reason);
    if (!s->reason)
        return TG_ERR_NOMEM;
    s->count = 1;
    s->first_line = line;
    s->first_byte = byte;
    r->nskips++;
    return TG_OK;
}

tg_status_t tg_import_report_note(tg_import_report_t *r, long line, const char *what)
{
    size_t i;
    tg_skip_reason_t *s;

    if (r->nnotes >= MAX_REASONS)
        what = "other notes";
    for (i = 0; i < r->nnotes; i++)
        if (strcmp(r->notes[i].reason, what) == 0) {
            r->notes[i].count++;
            return TG_OK;
        }
    s = realloc(r->notes, (r->nnotes + 1) * sizeof *s);
    if (!s)
        return TG_ERR_NOMEM;
    r->notes = s;
    s = &r->notes[r->nnotes];
    memset(s, 0, sizeof *s);
    if (!(s->reason = strdup(what)))
        return TG_ERR_NOMEM;
    s->count = 1;
    s->first_line = line;
    r->nnotes++;
    return TG_OK;
}

const char *tg_tally_name(tg_tally_kind_t kind)
{
    static const char *const names[TG_TALLY_KINDS] = {
        "orphans", "duplicates", "cycles_broken", "missing", "bad_times",
        "utf8_repaired", "skipped", "earlier_orphans_linked"
    };

    return (unsigned)kind < TG_TALLY_KINDS ? names[kind] : "unknown";
}
