/* people_view.c - views of a loaded dataset that every output is written
 * from: pseudonyms in place of names (also inside comment texts and
 * thread titles), locations dropped, or one thread alone.  Reports and
 * charts then need no option of their own to honour them. */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "store_internal.h"
#include "threadgraph/people.h"

int tg_dataset_has_locations(const tg_dataset_t *ds)
{
    size_t i;

    for (i = 0; i < ds->ncomments; i++)
        if (ds->location[i] >= 0)
            return 1;
    return 0;
}

/* A byte of a word: ASCII letters and digits, and every byte of a
 * multi-byte UTF-8 character (names are in any script). */
static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The first token of s: a run of word bytes, or one other byte. */
static size_t token(const char *s)
{
    size_t n = 0;

    if (!s[0])
        return 0;
    if (!word_byte((unsigned char)s[0]))
        return 1;
    while (s[n] && word_byte((unsigned char)s[n]))
        n++;
    return n;
}

typedef struct names {
    const tg_dataset_t *ds;
    const char **real;     /* the real names, by user */
    tg_hmap first;         /* first token -> 1 + the longest name's user */
    int32_t *next;         /* the next (shorter) name with that first token, -1 */
} names;

/* qsort has no context argument: the names cmp_len reads */
static const char **sort_real;

/* by length, then by index: the same lists whatever qsort does with ties */
static int cmp_len(const void *x, const void *y)
{
    int32_t i = *(const int32_t *)x, j = *(const int32_t *)y;
    size_t a = strlen(sort_real[i]), b = strlen(sort_real[j]);

    if (a != b)
        return a < b ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Replace every whole-word occurrence of a real name in s by its
 * pseudonym; *out is s itself when there is none, else a copy in a. */
static int replace_names(const names *nm, tg_arena *a, const char *s, const char **out)
{
    tg_buf b = TG_BUF_INIT;
    size_t i = 0, done = 0, len = strlen(s);
    int changed = 0;

    *out = s;
    while (i < len) {
        size_t tk = token(s + i);
        int64_t *head;
        int prev_word = i > 0 && word_byte((unsigned char)s[i - 1]) && word_byte((unsigned char)s[i]);

        if (!prev_word && (head = tg_hmap_get(&nm->first, s + i, tk))) {
            int32_t u;

            for (u = (int32_t)(*head - 1); u >= 0; u = nm->next[u]) {
                const char *name = nm->real[u];
                size_t nl = strlen(name);

                if (nl <= len - i && memcmp(s + i, name, nl) == 0 &&
                    !(word_byte((unsigned char)name[nl - 1]) &&
                      word_byte((unsigned char)s[i + nl]))) {
                    if (tg_buf_add(&b, s + done, i - done) ||
                        tg_buf_addstr(&b, nm->ds->user_pseudonym[u])) {
                        tg_buf_release(&b);
                        return -1;
                    }
                    changed = 1;
                    i += nl;
                    done = i;
                    break;
                }
            }
            if (u >= 0)
                continue;
        }
        i += tk ? tk : 1;
    }
    if (changed) {
        if (tg_buf_add(&b, s + done, len - done) ||
            !(*out = tg_arena_strndup(a, b.data, b.len))) {
            tg_buf_release(&b);
            return -1;
        }
    }
    tg_buf_release(&b);
    return 0;
}

tg_status_t tg_dataset_pseudonymize(tg_dataset_t *ds, unsigned flags, tg_error_t *err)
{
    names nm;
    tg_arena *a = tg_dataset_strings(ds);
    int32_t *order = NULL;
    size_t i;
    tg_status_t rc = TG_OK;

    memset(&nm, 0, sizeof nm);
    nm.ds = ds;
    for (i = 0; i < ds->nusers; i++)
        if (!ds->user_pseudonym || !ds->user_pseudonym[i])
            return tg_error_set(err, TG_ERR_USAGE, "'%s' has no pseudonym in the database",
                                ds->user_name[i]);
    if (!ds->nusers)
        goto locations;
    nm.real = malloc(ds->nusers * sizeof *nm.real);
    nm.next = malloc(ds->nusers * sizeof *nm.next);
    order = malloc(ds->nusers * sizeof *order);
    if (!nm.real || !nm.next || !order || tg_hmap_init(&nm.first, ds->nusers) || !a)
        goto nomem;
    memcpy(nm.real, ds->user_name, ds->nusers * sizeof *nm.real);
    /* shorter names first, so each list starts with the longest */
    for (i = 0; i < ds->nusers; i++)
        order[i] = (int32_t)i;
    sort_real = nm.real;
    qsort(order, ds->nusers, sizeof *order, cmp_len);
    for (i = 0; i < ds->nusers; i++) {
        int32_t u = order[i];
        size_t tk = token(nm.real[u]);
        int found;
        int64_t *head;

        nm.next[u] = -1;
        if (!tk || strlen(nm.real[u]) < 2)
            continue;
        if (!(head = tg_hmap_put(&nm.first, nm.real[u], tk, 0, &found)))
            goto nomem;
        nm.next[u] = (int32_t)(*head - 1);
        *head = u + 1;
    }
    if (ds->text)
        for (i = 0; i < ds->ncomments; i++)
            if (ds->text[i] && replace_names(&nm, a, ds->text[i], &ds->text[i]))
                goto nomem;
    for (i = 0; i < ds->nthreads; i++)
        if (ds->thread_title[i] && replace_names(&nm, a, ds->thread_title[i], &ds->thread_title[i]))
            goto nomem;
    for (i = 0; i < ds->nusers; i++)
        ds->user_name[i] = ds->user_pseudonym[i];
    if (ds->author)
        for (i = 0; i < ds->ncomments; i++)
            if (ds->user[i] >= 0)
                ds->author[i] = ds->user_name[ds->user[i]];
locations:
    if (!(flags & TG_VIEW_KEEP_LOCATIONS)) {
        for (i = 0; i < ds->ncomments; i++)
            ds->location[i] = -1;
        ds->nlocations = 0;
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    tg_hmap_release(&nm.first);
    free(nm.real);
    free(nm.next);
    free(order);
    return rc;
}

tg_status_t tg_dataset_keep_thread(tg_dataset_t *ds, int32_t t, tg_error_t *err)
{
    int32_t *newi;
    size_t i, k = 0, n;

    if (t < 0 || (size_t)t >= ds->nthreads)
        return tg_error_set(err, TG_ERR_USAGE, "no thread %ld", (long)t);
    n = ds->ncomments > ds->nlocations ? ds->ncomments : ds->nlocations;
    if (!(newi = malloc((n ? n : 1) * sizeof *newi)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    for (i = 0; i < ds->ncomments; i++)
        newi[i] = ds->thread[i] == t ? (int32_t)k++ : -1;
    for (i = 0, k = 0; i < ds->ncomments; i++) {
        if (newi[i] < 0)
            continue;
        ds->rowid[k] = ds->rowid[i];
        ds->parent[k] = ds->parent[i] >= 0 ? newi[ds->parent[i]] : -1;
        ds->thread[k] = ds->thread[i];
        ds->user[k] = ds->user[i];
        ds->location[k] = ds->location[i];
        ds->time[k] = ds->time[i];
        ds->flags[k] = ds->flags[i];
        if (ds->id) {
            ds->id[k] = ds->id[i];
            ds->parent_id[k] = ds->parent_id[i];
            ds->author[k] = ds->author[i];
        }
        if (ds->text)
            ds->text[k] = ds->text[i];
        k++;
    }
    ds->ncomments = k;
    /* the thread alone: its post counts, no other thread is listed */
    ds->thread_rowid[0] = ds->thread_rowid[t];
    ds->thread_id[0] = ds->thread_id[t];
    ds->thread_title[0] = ds->thread_title[t];
    ds->thread_post_user[0] = ds->thread_post_user[t];
    ds->thread_post_time[0] = ds->thread_post_time[t];
    ds->nthreads = 1;
    for (i = 0; i < k; i++)
        ds->thread[i] = 0;
    /* and the locations its comments have, in the same order */
    for (i = 0; i < ds->nlocations; i++)
        newi[i] = -1;
    for (i = 0; i < k; i++)
        if (ds->location[i] >= 0)
            newi[ds->location[i]] = 0;
    for (i = 0, k = 0; i < ds->nlocations; i++)
        if (newi[i] == 0) {
            newi[i] = (int32_t)k;
            ds->location_name[k] = ds->location_name[i];
            ds->location_key[k] = ds->location_key[i];
            k++;
        }
    for (i = 0; i < ds->ncomments; i++)
        if (ds->location[i] >= 0)
            ds->location[i] = newi[ds->location[i]];
    ds->nlocations = k;
    free(newi);
    return TG_OK;
}
