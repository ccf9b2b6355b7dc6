/* people.h - the people of a class forum: roles (teacher, student), roster
 * groups and pseudonyms, stored in the database beside the data (table
 * `people`, docs/schema.md) so that every later command sees them; the
 * roster and the pseudonym key files; and the views of a loaded dataset
 * that every output is written from (pseudonyms, one thread). */
#ifndef THREADGRAPH_PEOPLE_H
#define THREADGRAPH_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/error.h"
#include "threadgraph/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One person named by a roster line or by --teacher. */
typedef struct tg_person {
    char *name;           /* owned */
    int role;             /* TG_ROLE_* */
    char *group;          /* owned, or NULL */
    long line;            /* roster line (1-based), 0 for --teacher */
} tg_person_t;

typedef struct tg_people {
    tg_person_t *v;       /* owned, n entries */
    size_t n, cap;
} tg_people_t;

void tg_people_init(tg_people_t *p);
void tg_people_destroy(tg_people_t *p);
/* Add one person (name and group copied). */
tg_status_t tg_people_add(tg_people_t *p, const char *name, int role, const char *group,
                          long line, tg_error_t *err);

/* Read a roster: CSV (RFC 4180, UTF-8) with a header of the columns name
 * (required), role (teacher or student, any case; empty: student) and
 * group, in any order.  An unknown column, a role that is neither, an
 * empty name or a name given twice is TG_ERR_DATA naming the file and line;
 * nothing is added then. */
tg_status_t tg_roster_read(const char *path, tg_people_t *out, tg_error_t *err);

/* What tg_store_set_people found. */
typedef struct tg_people_result {
    size_t marked;        /* people found in the data */
    size_t added;         /* roster people who never posted, added as users */
    char **unknown;       /* owned: --teacher names that name nobody */
    size_t nunknown;
} tg_people_result_t;

void tg_people_result_destroy(tg_people_result_t *r);

/* Store the roles and groups of people (one transaction).  A person whose
 * name is a user of the store gets the role and group; a roster person
 * (line > 0) who is not is added as a user without comments (flagged in
 * the reports as never posted); a --teacher name (line 0) that names
 * nobody is left out and listed in result->unknown. */
tg_status_t tg_store_set_people(tg_store_t *store, const tg_people_t *people,
                                tg_people_result_t *result, tg_error_t *err);

/* Up to max names of users that look like name (same letters in another
 * case, one contains the other, or a few letters apart), best first, into
 * out (owned strings; free each and the array). */
tg_status_t tg_store_near_names(tg_store_t *store, const char *name, size_t max, char ***out,
                                size_t *n, tg_error_t *err);

/* ---- pseudonyms ---- */

/* One line of a key file: the pseudonym, the real name and the platform's
 * user id (NULL where the format has none). */
typedef struct tg_key_entry {
    char *pseudonym, *name, *user_id; /* owned */
} tg_key_entry_t;

typedef struct tg_key {
    tg_key_entry_t *v;
    size_t n, cap;
} tg_key_t;

void tg_key_init(tg_key_t *k);
void tg_key_destroy(tg_key_t *k);

/* Read a key file (CSV with the header pseudonym,name,user_id).  A file
 * others can read (group or world bits), one that is not a key (another
 * header, a pseudonym that is not "Teacher N" or "Student N", a name or a
 * pseudonym given twice) is TG_ERR_DATA naming the file and line.  A
 * missing file is TG_ERR_IO with errno ENOENT kept in *missing = 1 (the
 * caller creates it). */
tg_status_t tg_key_read(const char *path, tg_key_t *out, int *missing, tg_error_t *err);

/* Write the store's pseudonyms as a key file, created with mode 0600 (a
 * temporary file beside it, then renamed). */
tg_status_t tg_key_write(tg_store_t *store, const char *path, tg_error_t *err);

/* Give every user of the store a pseudonym and store it.  Users that have
 * one keep it; a user the key names (by user id where there is one, else
 * by name) gets the key's; the others get the next free number of their
 * role ("Teacher 1", "Student 01"; students and people without a role
 * share the student counter), in the order of their first comment or post
 * (roster people who never posted last, by name), zero-padded to the width
 * of the role's count.  *assigned counts the new ones. */
tg_status_t tg_store_assign_pseudonyms(tg_store_t *store, const tg_key_t *key, size_t *assigned,
                                       tg_error_t *err);

/* ---- views of a loaded dataset ---- */

#define TG_VIEW_KEEP_LOCATIONS 0x1u  /* tg_dataset_pseudonymize: keep locations */

/* Show pseudonyms in place of names in ds (loaded from a store whose
 * users all have pseudonyms): user_name, author and, when loaded, every
 * real name quoted in a comment text (whole words) become pseudonyms;
 * locations are dropped unless TG_VIEW_KEEP_LOCATIONS.  Anonymous authors
 * stay as they are.  TG_ERR_USAGE when a user has no pseudonym. */
tg_status_t tg_dataset_pseudonymize(tg_dataset_t *ds, unsigned flags, tg_error_t *err);

/* Keep only the comments of thread t in ds (users, threads and locations
 * stay, so indexes keep their meaning; other threads are left empty). */
tg_status_t tg_dataset_keep_thread(tg_dataset_t *ds, int32_t t, tg_error_t *err);

/* Does any comment of ds have a location? */
int tg_dataset_has_locations(const tg_dataset_t *ds);

#ifdef __cplusplus
}
#endif
#endif
