/* people_files.c - the two small CSV files of a class forum's people: the
 * roster (name, role, group) a teacher gives, and the pseudonym key
 * (pseudonym, name, user_id) threadgraph writes with mode 0600 and reads
 * back with --key.  Both are parsed by libcsv, whole (they are small). */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_internal.h"
#include "store_internal.h"
#include "threadgraph/people.h"

#define MAX_FIELDS 8
#define FILE_MAX (64u << 20)

/* ---- the list types ---- */

void tg_people_init(tg_people_t *p)
{
    memset(p, 0, sizeof *p);
}

void tg_people_destroy(tg_people_t *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; i < p->n; i++) {
        free(p->v[i].name);
        free(p->v[i].group);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

tg_status_t tg_people_add(tg_people_t *p, const char *name, int role, const char *group,
                          long line, tg_error_t *err)
{
    tg_person_t *x;

    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        tg_person_t *v = realloc(p->v, cap * sizeof *v);

        if (!v)
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        p->v = v;
        p->cap = cap;
    }
    x = &p->v[p->n];
    x->name = strdup(name);
    x->group = group && *group ? strdup(group) : NULL;
    x->role = role;
    x->line = line;
    if (!x->name || (group && *group && !x->group)) {
        free(x->name);
        free(x->group);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    p->n++;
    return TG_OK;
}

void tg_key_init(tg_key_t *k)
{
    memset(k, 0, sizeof *k);
}

void tg_key_destroy(tg_key_t *k)
{
    size_t i;

    if (!k)
        return;
    for (i = 0; i < k->n; i++) {
        free(k->v[i].pseudonym);
        free(k->v[i].name);
        free(k->v[i].user_id);
    }
    free(k->v);
    memset(k, 0, sizeof *k);
}

static tg_status_t key_add(tg_key_t *k, const char *ps, const char *name, const char *uid,
                           tg_error_t *err)
{
    tg_key_entry_t *e;

    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 16;
        tg_key_entry_t *v = realloc(k->v, cap * sizeof *v);

        if (!v)
            return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
        k->v = v;
        k->cap = cap;
    }
    e = &k->v[k->n];
    e->pseudonym = strdup(ps);
    e->name = strdup(name);
    e->user_id = uid && *uid ? strdup(uid) : NULL;
    if (!e->pseudonym || !e->name || (uid && *uid && !e->user_id)) {
        free(e->pseudonym);
        free(e->name);
        free(e->user_id);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    k->n++;
    return TG_OK;
}

/* ---- reading a small CSV file into rows ---- */

typedef struct row {
    char *f[MAX_FIELDS];
    size_t nf;
    long line;
    int too_many;
} row;

typedef struct table {
    row *rows;
    size_t n, cap;
    row cur;
    long line;          /* the line the current record started on */
    long next_line;     /* the line after what was parsed */
    int nomem;
} table;

static void on_field(void *s, size_t len, void *ctx)
{
    table *t = ctx;

    if (t->cur.nf == 0 && !t->cur.line)
        t->cur.line = t->line;
    if (t->cur.nf >= MAX_FIELDS) {
        t->cur.too_many = 1;
        return;
    }
    if (!(t->cur.f[t->cur.nf] = malloc(len + 1))) {
        t->nomem = 1;
        return;
    }
    memcpy(t->cur.f[t->cur.nf], s, len);
    t->cur.f[t->cur.nf][len] = '\0';
    t->cur.nf++;
}

static void on_record(int c, void *ctx)
{
    table *t = ctx;

    (void)c;
    if (!t->cur.line)
        t->cur.line = t->line;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 32;
        row *v = realloc(t->rows, cap * sizeof *v);

        if (!v) {
            t->nomem = 1;
            return;
        }
        t->rows = v;
        t->cap = cap;
    }
    t->rows[t->n++] = t->cur;
    memset(&t->cur, 0, sizeof t->cur);
}

static void table_release(table *t)
{
    size_t i, j;

    for (i = 0; i < t->n; i++)
        for (j = 0; j < t->rows[i].nf; j++)
            free(t->rows[i].f[j]);
    for (j = 0; j < t->cur.nf; j++)
        free(t->cur.f[j]);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Is the row empty (a blank line)? */
static int blank(const row *r)
{
    return r->nf == 0 || (r->nf == 1 && r->f[0][0] == '\0');
}

/* Parse the file at path into t, line by line so each record knows the
 * line it starts on.  The text must be UTF-8. */
static tg_status_t read_table(const char *path, const char *what, table *t, tg_error_t *err)
{
    FILE *f = fopen(path, "rb");
    struct csv_parser p;
    char *line = NULL;
    size_t cap = 0, total = 0;
    ssize_t len;
    tg_status_t rc = TG_OK;

    memset(t, 0, sizeof *t);
    if (!f)
        return tg_error_set(err, TG_ERR_IO, "cannot open %s '%s': %s", what, path,
                            strerror(errno));
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fclose(f);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    csv_set_space_func(&p, no_space);
    t->line = 1;
    while ((len = getline(&line, &cap, f)) > 0) {
        size_t n = (size_t)len;

        total += n;
        if (total > FILE_MAX) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, t->line, 0, "the %s is too large", what);
            goto out;
        }
        if (!tg_utf8_valid(line, n)) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, t->line, 0,
                                 "the %s is not UTF-8 text", what);
            goto out;
        }
        /* the first line may start with a byte order mark */
        if (t->line == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
            memmove(line, line + 3, n - 3);
            n -= 3;
        }
        if (csv_parse(&p, line, n, on_field, on_record, t) != n) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, t->cur.line ? t->cur.line : t->line, 0,
                                 "the %s is not valid CSV (%s)", what,
                                 csv_strerror(csv_error(&p)));
            goto out;
        }
        t->line++;
    }
    if (ferror(f)) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot read %s '%s': %s", what, path, strerror(errno));
        goto out;
    }
    if (csv_fini(&p, on_field, on_record, t) != 0) {
        rc = tg_error_set_at(err, TG_ERR_DATA, path, t->cur.line ? t->cur.line : t->line, 0,
                             "the %s is not valid CSV (a quote is not closed)", what);
        goto out;
    }
    if (t->nomem)
        rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    csv_free(&p);
    free(line);
    fclose(f);
    return rc;
}

/* ---- roster ---- */

enum { R_NAME, R_ROLE, R_GROUP, R_NCOLS };

tg_status_t tg_roster_read(const char *path, tg_people_t *out, tg_error_t *err)
{
    static const char *const names[R_NCOLS] = { "name", "role", "group" };
    table t;
    tg_people_t got;
    tg_hmap seen;
    int col[R_NCOLS] = { -1, -1, -1 };
    size_t i, j;
    tg_status_t rc;

    tg_people_init(&got);
    if (tg_hmap_init(&seen, 64))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    if ((rc = read_table(path, "roster", &t, err)))
        goto out;
    if (t.n == 0 || blank(&t.rows[0])) {
        rc = tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                             "the roster has no header (it needs a 'name' column; 'role' and "
                             "'group' may follow)");
        goto out;
    }
    if (t.rows[0].too_many) {
        rc = tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                             "the roster has more than %d columns (name, role, group)",
                             MAX_FIELDS);
        goto out;
    }
    for (j = 0; j < t.rows[0].nf; j++) {
        size_t tn;
        const char *h = tg_trim(t.rows[0].f[j], strlen(t.rows[0].f[j]), &tn);
        int k, found = -1;

        for (k = 0; k < R_NCOLS; k++)
            if (tg_ascii_ieq(h, tn, names[k]))
                found = k;
        if (found < 0) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                                 "the roster has an unknown column '%.*s' (its columns are name, "
                                 "role and group)", (int)tn, h);
            goto out;
        }
        if (col[found] >= 0) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                                 "the roster has the column '%s' twice", names[found]);
            goto out;
        }
        col[found] = (int)j;
    }
    if (col[R_NAME] < 0) {
        rc = tg_error_set_at(err, TG_ERR_DATA, path, 1, 0, "the roster has no 'name' column");
        goto out;
    }
    for (i = 1; i < t.n; i++) {
        const row *r = &t.rows[i];
        const char *name, *role = "", *group = NULL;
        size_t nn, rn;
        int rv;
        int64_t *line;
        int found;

        if (blank(r))
            continue;
        if (r->too_many || r->nf != t.rows[0].nf) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                 "the row has %zu fields; the header has %zu", r->nf,
                                 t.rows[0].nf);
            goto out;
        }
        name = tg_trim(r->f[col[R_NAME]], strlen(r->f[col[R_NAME]]), &nn);
        if (nn == 0) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0, "the row has no name");
            goto out;
        }
        if (col[R_ROLE] >= 0)
            role = tg_trim(r->f[col[R_ROLE]], strlen(r->f[col[R_ROLE]]), &rn);
        else
            rn = 0;
        if (rn == 0 || tg_ascii_ieq(role, rn, "student"))
            rv = TG_ROLE_STUDENT;
        else if (tg_ascii_ieq(role, rn, "teacher"))
            rv = TG_ROLE_TEACHER;
        else {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                 "unknown role '%.*s' (teacher or student)", (int)rn, role);
            goto out;
        }
        if (col[R_GROUP] >= 0)
            group = r->f[col[R_GROUP]];
        /* names are matched as written, without the spaces around them */
        r->f[col[R_NAME]][(size_t)(name - r->f[col[R_NAME]]) + nn] = '\0';
        if (!(line = tg_hmap_put(&seen, name, nn, r->line, &found))) {
            rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            goto out;
        }
        if (found) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                 "'%s' is in the roster twice (first on line %lld)", name,
                                 (long long)*line);
            goto out;
        }
        if ((rc = tg_people_add(&got, name, rv, group, r->line, err)))
            goto out;
    }
    for (i = 0; i < got.n; i++) {
        tg_person_t *x = &got.v[i];

        if ((rc = tg_people_add(out, x->name, x->role, x->group, x->line, err)))
            goto out;
    }
out:
    table_release(&t);
    tg_people_destroy(&got);
    tg_hmap_release(&seen);
    return rc;
}

/* ---- key file ---- */

static tg_status_t key_read(const char *path, tg_key_t *out, int *missing, tg_error_t *err);

tg_status_t tg_key_read(const char *path, tg_key_t *out, int *missing, tg_error_t *err)
{
    tg_key_t got;
    tg_status_t rc;
    size_t i;

    tg_key_init(&got);
    rc = key_read(path, &got, missing, err);
    for (i = 0; !rc && i < got.n; i++)
        rc = key_add(out, got.v[i].pseudonym, got.v[i].name, got.v[i].user_id, err);
    tg_key_destroy(&got);
    return rc;
}

static tg_status_t key_read(const char *path, tg_key_t *out, int *missing, tg_error_t *err)
{
    table t;
    struct stat st;
    size_t i;
    tg_hmap names, pseudonyms;
    tg_status_t rc;

    *missing = 0;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT) {
            *missing = 1;
            return tg_error_set(err, TG_ERR_IO, "no key file '%s'", path);
        }
        return tg_error_set(err, TG_ERR_IO, "cannot open key file '%s': %s", path,
                            strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return tg_error_set(err, TG_ERR_DATA, "the key file '%s' is not a file", path);
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        return tg_error_set(err, TG_ERR_DATA,
                            "others can read the key file '%s' (mode %03o), which maps "
                            "pseudonyms to real names: chmod 600 it first", path,
                            (unsigned)(st.st_mode & 0777));
    if (tg_hmap_init(&names, 64) || tg_hmap_init(&pseudonyms, 64)) {
        tg_hmap_release(&names);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    if ((rc = read_table(path, "key file", &t, err)))
        goto out;
    if (t.n == 0 || t.rows[0].nf != 3 || strcmp(t.rows[0].f[0], "pseudonym") != 0 ||
        strcmp(t.rows[0].f[1], "name") != 0 || strcmp(t.rows[0].f[2], "user_id") != 0) {
        rc = tg_error_set_at(err, TG_ERR_DATA, path, 1, 0,
                             "not a threadgraph key file (its header must be "
                             "pseudonym,name,user_id)");
        goto out;
    }
    for (i = 1; i < t.n; i++) {
        const row *r = &t.rows[i];
        int role, found;
        long num;
        int64_t *v;

        if (blank(r))
            continue;
        if (r->nf != 3) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                 "not a threadgraph key file (the row has %zu fields, not 3)",
                                 r->nf);
            goto out;
        }
        if (!tg_pseudonym_parse(r->f[0], &role, &num)) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                 "not a threadgraph key file ('%s' is not a pseudonym such as "
                                 "'Teacher 1' or 'Student 01')", r->f[0]);
            goto out;
        }
        if (!r->f[1][0]) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0, "the row has no name");
            goto out;
        }
        if (!(v = tg_hmap_put(&pseudonyms, r->f[0], strlen(r->f[0]), r->line, &found)))
            goto nomem;
        if (found) {
            rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                 "'%s' is in the key twice (first on line %lld)", r->f[0],
                                 (long long)*v);
            goto out;
        }
        /* a name twice is fine when user ids tell them apart */
        if (!r->f[2][0]) {
            if (!(v = tg_hmap_put(&names, r->f[1], strlen(r->f[1]), r->line, &found)))
                goto nomem;
            if (found) {
                rc = tg_error_set_at(err, TG_ERR_DATA, path, r->line, 0,
                                     "'%s' is in the key twice without a user id (first on line "
                                     "%lld)", r->f[1], (long long)*v);
                goto out;
            }
        }
        if ((rc = key_add(out, r->f[0], r->f[1], r->f[2], err)))
            goto out;
    }
    goto out;
nomem:
    rc = tg_error_set(err, TG_ERR_NOMEM, "out of memory");
out:
    table_release(&t);
    tg_hmap_release(&names);
    tg_hmap_release(&pseudonyms);
    return rc;
}

static int put_cell(FILE *f, const char *s, int first)
{
    if (!first && putc(',', f) == EOF)
        return -1;
    return s && *s ? csv_fwrite(f, s, strlen(s)) : 0;
}

tg_status_t tg_key_write(tg_store_t *store, const char *path, tg_error_t *err)
{
    sqlite3_stmt *st = NULL;
    tg_buf tmp = TG_BUF_INIT;
    FILE *f = NULL;
    int fd, s, bad = 0;
    tg_status_t rc;

    if ((rc = tg_people_table(store->db, 0, err)))
        return rc;
    if (tg_buf_addf(&tmp, "%s.tmp%ld", path, (long)getpid()))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "w"))) {
        rc = tg_error_set(err, TG_ERR_IO, "cannot write key file '%s': %s", path,
                          strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    fputs("pseudonym,name,user_id\n", f);
    if ((rc = tg_db_prepare(store->db,
                            "SELECT p.pseudonym, u.name, p.ext_user_id FROM people p"
                            " JOIN users u ON u.id = p.user_id WHERE p.pseudonym IS NOT NULL"
                            " ORDER BY substr(p.pseudonym, 1, 7) DESC, length(p.pseudonym), p.pseudonym", &st, err)))
        goto out;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (put_cell(f, (const char *)sqlite3_column_text(st, 0), 1) ||
            put_cell(f, (const char *)sqlite3_column_text(st, 1), 0) ||
            put_cell(f, (const char *)sqlite3_column_text(st, 2), 0) || putc('\n', f) == EOF)
            bad = 1;
    }
    if (s != SQLITE_DONE) {
        rc = tg_db_error(err, store->db, "cannot read the pseudonyms");
        goto out;
    }
    bad |= ferror(f);
    if (fclose(f) != 0 || bad) {
        f = NULL;
        rc = tg_error_set(err, TG_ERR_IO, "cannot write key file '%s': %s", path,
                          strerror(errno));
        goto out;
    }
    f = NULL;
    if (rename(tmp.data, path) != 0)
        rc = tg_error_set(err, TG_ERR_IO, "cannot write key file '%s': %s", path,
                          strerror(errno));
out:
    sqlite3_finalize(st);
    if (f)
        fclose(f);
    if (rc && tmp.data)
        unlink(tmp.data);
    tg_buf_release(&tmp);
    return rc;
}
