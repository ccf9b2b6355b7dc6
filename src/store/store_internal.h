/* store_internal.h - what the store's files share: the handle and small
 * SQLite helpers that turn SQLite failures into tg_error_t (schema.c, which
 * calls no other file of the store). */
#ifndef TG_STORE_INTERNAL_H
#define TG_STORE_INTERNAL_H

#include <sqlite3.h>

#include "threadgraph/store.h"

struct tg_store {
    sqlite3 *db;
    char *path;
    unsigned flags;
    int in_import;          /* an import transaction is open */
};

/* Record SQLite's current message for db (copied at once). */
tg_status_t tg_db_error(tg_error_t *err, sqlite3 *db, const char *what);
tg_status_t tg_db_exec(sqlite3 *db, const char *sql, tg_error_t *err);
tg_status_t tg_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, tg_error_t *err);
/* Run a one-row integer query; *out gets the value (0 for NULL). */
tg_status_t tg_db_int(sqlite3 *db, const char *sql, int64_t *out, tg_error_t *err);
/* Bind a string or NULL. */
int tg_db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Bind v, or NULL for 0. */
void tg_db_bind_opt_int(sqlite3_stmt *st, int i, int64_t v);
/* Step a statement that returns no row and reset it: 0 done, -1 failed. */
int tg_db_step_done(sqlite3_stmt *st);

/* ---- people (people.c, people_files.c, people_view.c) ---- */
struct tg_arena;
/* Create the people table when missing; with exists, only say whether it
 * is there. */
tg_status_t tg_people_table(sqlite3 *db, int *exists, tg_error_t *err);
/* Fill ds's user_role, user_group and user_pseudonym (read path). */
tg_status_t tg_people_load(sqlite3 *db, tg_dataset_t *ds, struct tg_arena *a, tg_error_t *err);
/* "Teacher 3", "Student 012": 1 with the role and number, else 0. */
int tg_pseudonym_parse(const char *s, int *role, long *number);
/* The arena that owns a loaded dataset's strings (read.c). */
struct tg_arena *tg_dataset_strings(tg_dataset_t *ds);

#endif
