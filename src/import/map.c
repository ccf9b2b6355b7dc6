/* map.c - field maps ("field=name,field=name"): the import options that name
 * a file's own column or key for one of our fields (csv, moodle, jsonl,
 * convokit).  Checked once by the import job, read by the importers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

static const char *const map_fields[] = {
    "id", "parent_id", "thread_id", "author", "location", "timestamp", "text", NULL
};

/* Walk the pairs of one spec; fn gets each field and name with lengths.
 * Stops at the first nonzero return. */
static int each_pair(const char *spec, int (*fn)(void *, const char *, size_t, const char *,
                                                 size_t), void *ctx)
{
    const char *p = spec;

    while (*p) {
        const char *end = strchr(p, ','), *eq;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int r;

        eq = memchr(p, '=', n);
        r = eq ? fn(ctx, p, (size_t)(eq - p), eq + 1, n - (size_t)(eq - p) - 1)
               : fn(ctx, p, n, NULL, 0);
        if (r)
            return r;
        p += n + (end != NULL);
    }
    return 0;
}

static int check_pair(void *ctx, const char *f, size_t fn, const char *v, size_t vn)
{
    tg_error_t *err = ctx;
    size_t i;

    if (!v)
        return tg_error_set(err, TG_ERR_USAGE, "expected FIELD=NAME pairs, not '%.*s'", (int)fn,
                            f), 1;
    for (i = 0; map_fields[i]; i++)
        if (strlen(map_fields[i]) == fn && memcmp(map_fields[i], f, fn) == 0)
            break;
    if (!map_fields[i])
        return tg_error_set(err, TG_ERR_USAGE,
                            "unknown field '%.*s' (fields: id, parent_id, thread_id, "
                            "author, location, timestamp, text)", (int)fn, f), 1;
    if (vn == 0)
        return tg_error_set(err, TG_ERR_USAGE, "no name for field '%.*s'", (int)fn, f), 1;
    return 0;
}

tg_status_t tg_import_map_check(const char *spec, tg_error_t *err)
{
    if (!spec || !*spec)
        tg_error_set(err, TG_ERR_USAGE, "expected FIELD=NAME pairs");
    else if (!each_pair(spec, check_pair, err))
        return TG_OK;
    tg_error_mark(err, TG_ERROR_KIND_MAP);
    return TG_ERR_USAGE;
}

typedef struct map_find {
    const char *field;
    const char *name;
    size_t n;
} map_find;

static int find_pair(void *ctx, const char *f, size_t fn, const char *v, size_t vn)
{
    map_find *m = ctx;

    if (v && strlen(m->field) == fn && memcmp(m->field, f, fn) == 0) {
        m->name = v;
        m->n = vn;  /* the last spec that names the field wins */
    }
    return 0;
}

const char *tg_import_mapped(const tg_import_options_t *opt, const char *field, size_t *n)
{
    map_find m = { field, NULL, 0 };
    size_t i;

    for (i = 0; opt && i < opt->nmaps; i++)
        each_pair(opt->maps[i], find_pair, &m);
    *n = m.n;
    return m.name;
}
