/* people.c - roles, roster groups and pseudonyms in the database (the
 * table `people`, one row per user that has any of them), loaded into
 * tg_dataset_t by the read path; and the names that look like a name, for
 * the warning about a --teacher that names nobody. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "store_internal.h"
#include "threadgraph/people.h"

/* The table is created the first time people are stored (a database
 * without it has no roles and no pseudonyms). */
static const char people_sql[] =
    "CREATE TABLE IF NOT EXISTS people ("
    " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
    " role INTEGER NOT NULL DEFAULT 0,"
    " group_name TEXT,"
    " roster INTEGER NOT NULL DEFAULT 0,"
    " pseudonym TEXT UNIQUE,"
    " ext_user_id TEXT)";

tg_status_t tg_people_table(sqlite3 *db, int *exists, tg_error_t *err)
{
    int64_t n = 0;
    tg_status_t rc;

    if (exists) {
        rc = tg_db_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND"
                           " name = 'people'", &n, err);
        *exists = n > 0;
        return rc;
    }
    return tg_db_exec(db, people_sql, err);
}

void tg_people_result_destroy(tg_people_result_t *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nunknown; i++)
        free(r->unknown[i]);
    free(r->unknown);
    memset(r, 0, sizeof *r);
}

static tg_status_t user_id_of(sqlite3_stmt *find, const char *name, int64_t *id)
{
    int s;

    sqlite3_reset(find);
    sqlite3_bind_text(find, 1, name, -1, SQLITE_STATIC);
    s = sqlite3_step(find);
    *id = s == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
    return s == SQLITE_ROW || s == SQLITE_DONE ? TG_OK : TG_ERR_DB;
}

tg_status_t tg_store_set_people(tg_store_t *store, const tg_people_t *people,
                                tg_people_result_t *result, tg_error_t *err)
{
    sqlite3 *db = store->db;
    sqlite3_stmt *find = NULL, *add = NULL, *set = NULL;
    tg_status_t rc;
    size_t i;

    memset(result, 0, sizeof *result);
    if ((rc = tg_db_exec(db, "BEGIN IMMEDIATE", err)))
        return rc;
    if ((rc = tg_people_table(db, NULL, err)) ||
        (rc = tg_db_prepare(db, "SELECT id FROM users WHERE name = ?", &find, err)) ||
        (rc = tg_db_prepare(db, "INSERT INTO users(name) VALUES (?)", &add, err)) ||
        (rc = tg_db_prepare(db,
                            "INSERT INTO people(user_id, role, group_name, roster) VALUES (?,?,?,?)"
                            " ON CONFLICT(user_id) DO UPDATE SET role = excluded.role,"
                            " group_name = coalesce(excluded.group_name, group_name),"
                            " roster = max(roster, excluded.roster)", &set, err)))
        goto out;
    for (i = 0; i < people->n; i++) {
        const tg_person_t *p = &people->v[i];
        int64_t id;

        if (user_id_of(find, p->name, &id)) {
            rc = tg_db_error(err, db, "cannot look a user up");
            goto out;
        }
        if (!id && p->line == 0) {
            char **u = realloc(result->unknown, (result->nunknown + 1) * sizeof *u);

            if (!u || !(u[result->nunknown] = strdup(p->name))) {
                if (u)
                    result->unknown = u;
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            result->unknown = u;
            result->nunknown++;
            continue;
        }
        if (!id) {
            sqlite3_reset(add);
            sqlite3_bind_text(add, 1, p->name, -1, SQLITE_STATIC);
            if (sqlite3_step(add) != SQLITE_DONE) {
                rc = tg_db_error(err, db, "cannot add a roster person");
                goto out;
            }
            id = sqlite3_last_insert_rowid(db);
            result->added++;
        } else {
            result->marked++;
        }
        sqlite3_reset(set);
        sqlite3_bind_int64(set, 1, id);
        sqlite3_bind_int(set, 2, p->role);
        tg_db_bind_text(set, 3, p->group);
        sqlite3_bind_int(set, 4, p->line > 0);
        if (sqlite3_step(set) != SQLITE_DONE) {
            rc = tg_db_error(err, db, "cannot store a role");
            goto out;
        }
    }
out:
    sqlite3_finalize(find);
    sqlite3_finalize(add);
    sqlite3_finalize(set);
    if (rc)
        tg_db_exec(db, "ROLLBACK", NULL);
    else
        rc = tg_db_exec(db, "COMMIT", err);
    if (rc)
        tg_people_result_destroy(result);
    return rc;
}

/* ---- near names ---- */

/* Edit distance of two short strings (bytes), capped at cap + 1. */
static size_t distance(const char *a, const char *b, size_t cap)
{
    size_t na = strlen(a), nb = strlen(b), i, j, best;
    size_t row[129];

    if (na > 128 || nb > 128)
        return cap + 1;
    if ((na > nb ? na - nb : nb - na) > cap)
        return cap + 1;
    for (j = 0; j <= nb; j++)
        row[j] = j;
    for (i = 1; i <= na; i++) {
        size_t diag = row[0];

        row[0] = i;
        best = row[0];
        for (j = 1; j <= nb; j++) {
            size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);

            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (up + 1 < v)
                v = up + 1;
            diag = up;
            row[j] = v;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[nb];
}

typedef struct near {
    char *name;
    size_t score;
} near;

static int cmp_near(const void *x, const void *y)
{
    const near *a = x, *b = y;

    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return strcmp(a->name, b->name);
}

tg_status_t tg_store_near_names(tg_store_t *store, const char *name, size_t max, char ***out,
                                size_t *n, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    char *want = tg_casefold_key(name, strlen(name));
    near *v = NULL;
    size_t nv = 0, cap = 0, i, k;
    tg_status_t rc;
    int s = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    if (!want)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((rc = tg_db_prepare(store->db, "SELECT name FROM users ORDER BY name", &st, err)))
        goto out;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *u = (const char *)sqlite3_column_text(st, 0);
        char *have = u ? tg_casefold_key(u, strlen(u)) : NULL;
        size_t score, limit = strlen(want) / 4 + 1;

        if (!u)
            continue;
        if (!have) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        if (strcmp(have, want) == 0)
            score = 0;
        else if (*want && *have && (strstr(have, want) || strstr(want, have)))
            score = 1;
        else if ((score = distance(have, want, limit)) <= limit)
            score += 1;
        else
            score = (size_t)-1;
        free(have);
        if (score == (size_t)-1)
            continue;
        if (nv == cap) {
            near *p = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *p);

            if (!p) {
                rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                goto out;
            }
            v = p;
        }
        if (!(v[nv].name = strdup(u))) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        v[nv++].score = score;
    }
    if (s != SQLITE_DONE) {
        rc = tg_db_error(err, store->db, "cannot read the database");
        goto out;
    }
    if (nv)
        qsort(v, nv, sizeof *v, cmp_near);
    k = nv < max ? nv : max;
    if (k && !(*out = calloc(k, sizeof **out))) {
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < k; i++) {
        (*out)[i] = v[i].name;
        v[i].name = NULL;
    }
    *n = k;
out:
    for (i = 0; i < nv; i++)
        free(v[i].name);
    free(v);
    free(want);
    sqlite3_finalize(st);
    return rc;
}

/* ---- pseudonyms ---- */

/* "Teacher 3" or "Student 012": the role and the number, or 0. */
int tg_pseudonym_parse(const char *s, int *role, long *number)
{
    const char *p;
    long v = 0;

    if (strncmp(s, "Teacher ", 8) == 0) {
        *role = TG_ROLE_TEACHER;
        p = s + 8;
    } else if (strncmp(s, "Student ", 8) == 0) {
        *role = TG_ROLE_STUDENT;
        p = s + 8;
    } else {
        return 0;
    }
    if (!*p)
        return 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > 100000000)
            return 0;
        v = v * 10 + (*p - '0');
    }
    if (v < 1)
        return 0;
    *number = v;
    return 1;
}


typedef struct person {
    int64_t id;
    char *name, *pseudonym, *ext;
    int role;                           /* the counter: teacher, else student */
    int dbrole;                         /* as stored: TG_ROLE_NONE when not given */
    int64_t first_time, first_comment;  /* INT64_MAX when none */
} person;

static int cmp_first(const void *x, const void *y)
{
    const person *a = x, *b = y;

    if (a->first_time != b->first_time)
        return a->first_time < b->first_time ? -1 : 1;
    if (a->first_comment != b->first_comment)
        return a->first_comment < b->first_comment ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int digits(long v)
{
    int d = 1;

    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

/* Update first_time / first_comment of the people (sorted by id) from a
 * query giving (user id, time, comment id). */
static tg_status_t firsts(sqlite3 *db, const char *sql, person *p, size_t n, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc = tg_db_prepare(db, sql, &st, err);
    size_t lo, hi, mid;
    int s;

    if (rc)
        return rc;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);

        lo = 0;
        hi = n;
        while (lo < hi) {
            mid = (lo + hi) / 2;
            if (p[mid].id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == n || p[lo].id != id)
            continue;
        if (sqlite3_column_type(st, 1) != SQLITE_NULL &&
            sqlite3_column_int64(st, 1) < p[lo].first_time)
            p[lo].first_time = sqlite3_column_int64(st, 1);
        if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
            sqlite3_column_int64(st, 2) < p[lo].first_comment)
            p[lo].first_comment = sqlite3_column_int64(st, 2);
    }
    if (s != SQLITE_DONE)
        rc = tg_db_error(err, db, "cannot read the database");
    sqlite3_finalize(st);
    return rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);

    return s ? strdup(s) : NULL;
}

tg_status_t tg_store_assign_pseudonyms(tg_store_t *store, const tg_key_t *key, size_t *assigned,
                                       tg_error_t *err)
{
    sqlite3 *db = store->db;
    sqlite3_stmt *st = NULL;
    person *p = NULL;
    size_t n = 0, cap = 0, i, k;
    long next[3] = { 0, 0, 0 }, count[3] = { 0, 0, 0 };
    tg_hmap used, by_name, by_uid;
    tg_status_t rc;
    int width[3], given_w[3] = { 0, 0, 0 };
    int sr;

    *assigned = 0;
    if (tg_hmap_init(&used, 64) || tg_hmap_init(&by_name, 64) || tg_hmap_init(&by_uid, 64)) {
        tg_hmap_release(&used);
        tg_hmap_release(&by_name);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    if ((rc = tg_db_exec(db, "BEGIN IMMEDIATE", err)))
        goto release;
    if ((rc = tg_people_table(db, NULL, err)) ||
        (rc = tg_db_prepare(db,
                            "SELECT u.id, u.name, coalesce(p.role, 0), p.pseudonym, p.ext_user_id"
                            " FROM users u LEFT JOIN people p ON p.user_id = u.id ORDER BY u.id",
                            &st, err)))
        goto out;
    while ((sr = sqlite3_step(st)) == SQLITE_ROW) {
        person *x;

        if (n == cap) {
            person *q = realloc(p, (cap = cap ? 2 * cap : 64) * sizeof *q);

            if (!q)
                goto nomem;
            p = q;
        }
        x = &p[n++];
        x->id = sqlite3_column_int64(st, 0);
        x->name = col_dup(st, 1);
        x->dbrole = sqlite3_column_int(st, 2);
        x->role = x->dbrole == TG_ROLE_TEACHER ? TG_ROLE_TEACHER : TG_ROLE_STUDENT;
        x->pseudonym = col_dup(st, 3);
        x->ext = col_dup(st, 4);
        x->first_time = x->first_comment = INT64_MAX;
        if (!x->name || (!x->pseudonym && sqlite3_column_type(st, 3) != SQLITE_NULL) ||
            (!x->ext && sqlite3_column_type(st, 4) != SQLITE_NULL))
            goto nomem;
    }
    if (sr != SQLITE_DONE) {
        rc = tg_db_error(err, db, "cannot read the database");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = firsts(db, "SELECT user_id, min(time), min(id) FROM comments"
                         " WHERE user_id IS NOT NULL GROUP BY user_id", p, n, err)) ||
        (rc = firsts(db, "SELECT post_user_id, min(post_time), NULL FROM threads"
                         " WHERE post_user_id IS NOT NULL GROUP BY post_user_id", p, n, err)))
        goto out;

    /* numbers already taken: in the database and in the key */
    for (i = 0; i < n; i++) {
        int role;
        long num;

        count[p[i].role]++;
        /* a pseudonym of the other role (the role was given later) is
         * given again: a teacher is never shown as a student */
        if (p[i].pseudonym && (!tg_pseudonym_parse(p[i].pseudonym, &role, &num) ||
                               role != p[i].role)) {
            free(p[i].pseudonym);
            p[i].pseudonym = NULL;
        }
        if (p[i].pseudonym && tg_pseudonym_parse(p[i].pseudonym, &role, &num)) {
            if (num > next[role])
                next[role] = num;
            if ((int)strlen(p[i].pseudonym + 8) > given_w[role])
                given_w[role] = (int)strlen(p[i].pseudonym + 8);
            if (!tg_hmap_put(&used, p[i].pseudonym, strlen(p[i].pseudonym), 1, NULL))
                goto nomem;
        }
    }
    for (k = 0; key && k < key->n; k++) {
        int role, found;
        long num;

        if (tg_pseudonym_parse(key->v[k].pseudonym, &role, &num)) {
            if (num > next[role])
                next[role] = num;
            if ((int)strlen(key->v[k].pseudonym + 8) > given_w[role])
                given_w[role] = (int)strlen(key->v[k].pseudonym + 8);
        }
        if (!tg_hmap_put(&by_name, key->v[k].name, strlen(key->v[k].name), (int64_t)k, &found))
            goto nomem;
        if (key->v[k].user_id &&
            !tg_hmap_put(&by_uid, key->v[k].user_id, strlen(key->v[k].user_id), (int64_t)k,
                         &found))
            goto nomem;
    }
    for (i = 1; i < 3; i++) {
        long total = count[i] > next[i] ? count[i] : next[i];

        width[i] = digits(total);
    }
    width[TG_ROLE_TEACHER] = 1; /* "Teacher 1": teachers are few; not padded */
    if (count[TG_ROLE_TEACHER] > 9)
        width[TG_ROLE_TEACHER] = digits(count[TG_ROLE_TEACHER]);
    /* the width the pseudonyms already given have (a key of a larger class) */
    for (i = 1; i < 3; i++)
        if (given_w[i] > width[i])
            width[i] = given_w[i];

    if (n)
        qsort(p, n, sizeof *p, cmp_first);
    if ((rc = tg_db_prepare(db,
                            "INSERT INTO people(user_id, pseudonym, role) VALUES (?, ?, ?)"
                            " ON CONFLICT(user_id) DO UPDATE SET pseudonym = excluded.pseudonym,"
                            " role = excluded.role",
                            &st, err)))
        goto out;
    for (i = 0; i < n; i++) {
        person *x = &p[i];
        char buf[48];
        const char *ps = NULL;
        int64_t *hit = NULL;

        if (x->pseudonym)
            continue;
        if (x->ext)
            hit = tg_hmap_get(&by_uid, x->ext, strlen(x->ext));
        /* by name only when the key's line has no other person's id */
        if (!hit && (hit = tg_hmap_get(&by_name, x->name, strlen(x->name))) && x->ext &&
            key->v[*hit].user_id && strcmp(key->v[*hit].user_id, x->ext) != 0)
            hit = NULL;
        if (hit && !tg_hmap_get(&used, key->v[*hit].pseudonym, strlen(key->v[*hit].pseudonym))) {
            int role;
            long num;

            /* the key's pseudonym, unless the database gives the other
             * role; a role not given is the key's */
            if (tg_pseudonym_parse(key->v[*hit].pseudonym, &role, &num) &&
                (role == x->role || x->dbrole == TG_ROLE_NONE)) {
                ps = key->v[*hit].pseudonym;
                if (role != x->role) {
                    x->role = role;
                    x->dbrole = role;
                }
            }
        }
        while (!ps) {
            snprintf(buf, sizeof buf, "%s %0*ld", x->role == TG_ROLE_TEACHER ? "Teacher" : "Student",
                     width[x->role], ++next[x->role]);
            if (!tg_hmap_get(&used, buf, strlen(buf)))
                ps = buf;
        }
        if (!tg_hmap_put(&used, ps, strlen(ps), 1, NULL))
            goto nomem;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, x->id);
        sqlite3_bind_text(st, 2, ps, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, x->dbrole);
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = tg_db_error(err, db, "cannot store a pseudonym");
            goto out;
        }
        (*assigned)++;
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    sqlite3_finalize(st);
    if (rc)
        tg_db_exec(db, "ROLLBACK", NULL);
    else
        rc = tg_db_exec(db, "COMMIT", err);
    for (i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].pseudonym);
        free(p[i].ext);
    }
    free(p);
release:
    tg_hmap_release(&used);
    tg_hmap_release(&by_name);
    tg_hmap_release(&by_uid);
    return rc;
}

/* ---- the read path ---- */

tg_status_t tg_people_load(sqlite3 *db, tg_dataset_t *ds, tg_arena *a, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_status_t rc;
    int exists, any_role = 0, any_group = 0, any_ps = 0, s;
    size_t i;
    int64_t maxid = 0;
    int32_t *at;

    if ((rc = tg_people_table(db, &exists, err)) || !exists || !ds->nusers)
        return rc;
    ds->user_role = calloc(ds->nusers, sizeof *ds->user_role);
    ds->user_group = calloc(ds->nusers, sizeof *ds->user_group);
    ds->user_pseudonym = calloc(ds->nusers, sizeof *ds->user_pseudonym);
    if (!ds->user_role || !ds->user_group || !ds->user_pseudonym)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((rc = tg_db_prepare(db, "SELECT user_id, role, group_name, pseudonym FROM people", &st,
                            err)))
        return rc;
    for (i = 0; i < ds->nusers; i++)
        if (ds->user_rowid[i] > maxid)
            maxid = ds->user_rowid[i];
    if (!(at = malloc((size_t)(maxid + 1) * sizeof *at))) {
        sqlite3_finalize(st);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i <= (size_t)maxid; i++)
        at[i] = -1;
    for (i = 0; i < ds->nusers; i++)
        at[ds->user_rowid[i]] = (int32_t)i;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);

        if (id < 1 || id > maxid || at[id] < 0)
            continue;
        i = (size_t)at[id];
        ds->user_role[i] = (uint8_t)sqlite3_column_int(st, 1);
        any_role |= ds->user_role[i] != TG_ROLE_NONE;
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
            ds->user_group[i] = tg_arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
            any_group = 1;
        }
        if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
            ds->user_pseudonym[i] = tg_arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
            any_ps = 1;
            if (!ds->user_pseudonym[i])
                break;
        }
        if (ds->user_group[i] == NULL && sqlite3_column_type(st, 2) != SQLITE_NULL)
            break;
    }
    /* a loop ended early by an error would leave roles, groups or
     * pseudonyms silently missing */
    if (s == SQLITE_ROW)
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    else if (s != SQLITE_DONE)
        rc = tg_db_error(err, db, "cannot read the database");
    sqlite3_finalize(st);
    free(at);
    if (rc)
        return rc;
    if (!any_role) {
        free(ds->user_role);
        ds->user_role = NULL;
    }
    if (!any_group) {
        free(ds->user_group);
        ds->user_group = NULL;
    }
    if (!any_ps) {
        free(ds->user_pseudonym);
        ds->user_pseudonym = NULL;
    }
    return TG_OK;
}
