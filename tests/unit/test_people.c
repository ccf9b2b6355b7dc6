/* test_people.c - roles, rosters, pseudonyms and their key file, the
 * views of a dataset (pseudonyms, one thread), time zones and Moodle's
 * human-readable dates.  Expected times were computed with Python's
 * zoneinfo (the same tz database, another implementation). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "threadgraph/threadgraph.h"
#include "threadgraph/people.h"
#include "threadgraph/timezone.h"
#include "core/core_internal.h"

static char dbpath[256], db2path[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dbpath, sizeof dbpath, "/tmp/tg-people-test-%d.db", (int)getpid());
    snprintf(db2path, sizeof db2path, "/tmp/tg-people-test2-%d.db", (int)getpid());
    unlink(dbpath);
    unlink(db2path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(dbpath);
    unlink(db2path);
    return 0;
}

static const char *temp_file(const char *name, const char *s, mode_t mode)
{
    static char path[4][256];
    static int k;
    FILE *f;

    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/tg-people-%d-%s", (int)getpid(), name);
    f = fopen(path[k], "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
    chmod(path[k], mode);
    return path[k];
}

/* a class forum: Teacher Tess posts first at 09:00 of thread t1; twelve
 * students answer later, one anonymous comment; thread t2 has two */
static const char forum_csv[] =
    "id,parent_id,thread_id,author,location,timestamp,text\n"
    "c1,,t1,Tess Teacher,Room 1,2024-02-01T09:00:00Z,Welcome\n"
    "c2,c1,t1,Stu Twelve,,2024-02-01T10:12:00Z,hi\n"
    "c3,c1,t1,Stu One,Room 2,2024-02-01T10:01:00Z,I agree with Stu Twelve and not Stu Twelvefold\n"
    "c4,c1,t1,Stu Two,,2024-02-01T10:02:00Z,x\n"
    "c5,c1,t1,Stu Three,,2024-02-01T10:03:00Z,x\n"
    "c6,c1,t1,Stu Four,,2024-02-01T10:04:00Z,x\n"
    "c7,c1,t1,Stu Five,,2024-02-01T10:05:00Z,x\n"
    "c8,c1,t1,Stu Six,,2024-02-01T10:06:00Z,x\n"
    "c9,c1,t1,Stu Seven,,2024-02-01T10:07:00Z,x\n"
    "c10,c1,t1,Stu Eight,,2024-02-01T10:08:00Z,x\n"
    "c11,c1,t1,Stu Nine,,2024-02-01T10:09:00Z,x\n"
    "c12,c1,t1,Stu Ten,,2024-02-01T10:10:00Z,x\n"
    "c13,c1,t1,Anonymous,,2024-02-01T10:11:00Z,anon\n"
    "d1,,t2,Stu One,,2024-02-02T09:00:00Z,Tess Teacher said so\n"
    "d2,d1,t2,Tess Teacher,Room 1,2024-02-02T09:30:00Z,yes\n";

static tg_store_t *forum(const char *path)
{
    tg_store_t *s = NULL;
    tg_import_options_t opt;
    tg_import_report_t r;
    tg_error_t err;

    assert_int_equal(tg_store_open(path, TG_STORE_CREATE, &s, &err), TG_OK);
    tg_import_options_init(&opt);
    opt.format = "csv";
    tg_import_report_init(&r);
    assert_int_equal(tg_import_file(s, temp_file("forum.csv", forum_csv, 0644), &opt, &r, &err),
                     TG_OK);
    tg_import_report_destroy(&r);
    return s;
}

static int32_t user_named(const tg_dataset_t *ds, const char *name)
{
    size_t i;

    for (i = 0; i < ds->nusers; i++)
        if (strcmp(ds->user_name[i], name) == 0)
            return (int32_t)i;
    return -1;
}

static void test_roster(void **state)
{
    tg_people_t p;
    tg_error_t err;
    const char *path;

    (void)state;
    tg_people_init(&p);
    path = temp_file("roster.csv",
                     "\xEF\xBB\xBFname,Role,group\n"
                     "Tess Teacher,teacher,\n"
                     "\n"
                     " Stu One ,student,A\n"
                     "Nora Never,,B\n", 0644);
    assert_int_equal(tg_roster_read(path, &p, &err), TG_OK);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.v[0].name, "Tess Teacher");
    assert_int_equal(p.v[0].role, TG_ROLE_TEACHER);
    assert_null(p.v[0].group);
    assert_string_equal(p.v[1].name, "Stu One");
    assert_int_equal(p.v[1].role, TG_ROLE_STUDENT);
    assert_string_equal(p.v[1].group, "A");
    assert_int_equal(p.v[1].line, 4);
    assert_int_equal(p.v[2].role, TG_ROLE_STUDENT);
    tg_people_destroy(&p);

    tg_people_init(&p);
    path = temp_file("roster.csv", "name,email\nA,a@x\n", 0644);
    assert_int_equal(tg_roster_read(path, &p, &err), TG_ERR_DATA);
    assert_non_null(strstr(err.message, "unknown column 'email'"));
    assert_int_equal(err.line, 1);
    assert_string_equal(err.file, path);
    path = temp_file("roster.csv", "name,group\nA,1\nB,1\nA,2\n", 0644);
    assert_int_equal(tg_roster_read(path, &p, &err), TG_ERR_DATA);
    assert_non_null(strstr(err.message, "'A' is in the roster twice (first on line 2)"));
    assert_int_equal(err.line, 4);
    path = temp_file("roster.csv", "name,role\nA,tutor\n", 0644);
    assert_int_equal(tg_roster_read(path, &p, &err), TG_ERR_DATA);
    assert_non_null(strstr(err.message, "unknown role 'tutor'"));
    path = temp_file("roster.csv", "role\nteacher\n", 0644);
    assert_int_equal(tg_roster_read(path, &p, &err), TG_ERR_DATA);
    assert_non_null(strstr(err.message, "no 'name' column"));
    assert_int_equal(p.n, 0); /* nothing added by a bad roster */
    tg_people_destroy(&p);
}

static void test_roles_and_near_names(void **state)
{
    tg_store_t *s = forum(dbpath);
    tg_people_t p;
    tg_people_result_t res;
    tg_dataset_t ds;
    tg_error_t err;
    char **near;
    size_t n, i;

    (void)state;
    tg_people_init(&p);
    assert_int_equal(tg_people_add(&p, "Tess Teacher", TG_ROLE_TEACHER, NULL, 0, &err), TG_OK);
    assert_int_equal(tg_people_add(&p, "Tes Teacher", TG_ROLE_TEACHER, NULL, 0, &err), TG_OK);
    assert_int_equal(tg_people_add(&p, "Stu One", TG_ROLE_STUDENT, "A", 3, &err), TG_OK);
    assert_int_equal(tg_people_add(&p, "Nora Never", TG_ROLE_STUDENT, "B", 4, &err), TG_OK);
    assert_int_equal(tg_store_set_people(s, &p, &res, &err), TG_OK);
    assert_int_equal(res.marked, 2);
    assert_int_equal(res.added, 1);
    assert_int_equal(res.nunknown, 1);
    assert_string_equal(res.unknown[0], "Tes Teacher");
    tg_people_result_destroy(&res);
    tg_people_destroy(&p);

    assert_int_equal(tg_store_near_names(s, "Tes Teacher", 3, &near, &n, &err), TG_OK);
    assert_true(n >= 1);
    assert_string_equal(near[0], "Tess Teacher");
    for (i = 0; i < n; i++)
        free(near[i]);
    free(near);
    assert_int_equal(tg_store_near_names(s, "stu one", 3, &near, &n, &err), TG_OK);
    assert_true(n >= 1);
    assert_string_equal(near[0], "Stu One");
    for (i = 0; i < n; i++)
        free(near[i]);
    free(near);

    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, &ds, &err), TG_OK);
    assert_non_null(ds.user_role);
    assert_non_null(ds.user_group);
    assert_null(ds.user_pseudonym);
    assert_int_equal(ds.user_role[user_named(&ds, "Tess Teacher")], TG_ROLE_TEACHER);
    assert_int_equal(ds.user_role[user_named(&ds, "Stu One")], TG_ROLE_STUDENT);
    assert_int_equal(ds.user_role[user_named(&ds, "Stu Two")], TG_ROLE_NONE);
    assert_string_equal(ds.user_group[user_named(&ds, "Nora Never")], "B");
    /* the roster person who never posted is a user without comments */
    {
        int32_t u = user_named(&ds, "Nora Never");

        assert_true(u >= 0);
        for (i = 0; i < ds.ncomments; i++)
            assert_int_not_equal(ds.user[i], u);
    }
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_pseudonyms_and_key(void **state)
{
    tg_store_t *s = forum(dbpath), *s2;
    tg_people_t p;
    tg_people_result_t res;
    tg_dataset_t ds;
    tg_error_t err;
    tg_key_t key;
    size_t assigned;
    int missing;
    struct stat st;
    char keypath[256];
    const char *tess, *one, *twelve, *nora;

    (void)state;
    snprintf(keypath, sizeof keypath, "/tmp/tg-people-%d-key.csv", (int)getpid());
    unlink(keypath);
    tg_people_init(&p);
    assert_int_equal(tg_people_add(&p, "Tess Teacher", TG_ROLE_TEACHER, NULL, 0, &err), TG_OK);
    assert_int_equal(tg_people_add(&p, "Nora Never", TG_ROLE_STUDENT, NULL, 2, &err), TG_OK);
    assert_int_equal(tg_store_set_people(s, &p, &res, &err), TG_OK);
    tg_people_result_destroy(&res);
    tg_people_destroy(&p);
    assert_int_equal(tg_store_assign_pseudonyms(s, NULL, &assigned, &err), TG_OK);
    assert_int_equal(assigned, 13); /* 1 teacher, 11 students who posted, 1 who did not */
    assert_int_equal(tg_store_assign_pseudonyms(s, NULL, &assigned, &err), TG_OK);
    assert_int_equal(assigned, 0); /* stable */
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, &ds, &err), TG_OK);
    assert_non_null(ds.user_pseudonym);
    tess = ds.user_pseudonym[user_named(&ds, "Tess Teacher")];
    one = ds.user_pseudonym[user_named(&ds, "Stu One")];
    twelve = ds.user_pseudonym[user_named(&ds, "Stu Twelve")];
    nora = ds.user_pseudonym[user_named(&ds, "Nora Never")];
    /* counters per role, padded to the width of the count (12 students),
     * numbered by first post (Stu Twelve wrote first in the file but at
     * 10:12), people who never posted last */
    assert_string_equal(tess, "Teacher 1");
    assert_string_equal(one, "Student 01");
    assert_string_equal(ds.user_pseudonym[user_named(&ds, "Stu Ten")], "Student 10");
    assert_string_equal(twelve, "Student 11");
    assert_string_equal(nora, "Student 12");
    assert_string_equal(tg_dataset_user_label(&ds, user_named(&ds, "Stu One"), 1), "Student 01");
    assert_string_equal(tg_dataset_user_label(&ds, user_named(&ds, "Stu One"), 0), "Stu One");
    tg_dataset_destroy(&ds);

    /* the key: mode 0600, read back whole */
    assert_int_equal(tg_key_write(s, keypath, &err), TG_OK);
    assert_int_equal(stat(keypath, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    tg_key_init(&key);
    assert_int_equal(tg_key_read(keypath, &key, &missing, &err), TG_OK);
    assert_int_equal(key.n, 13);
    assert_string_equal(key.v[0].pseudonym, "Teacher 1");
    assert_string_equal(key.v[0].name, "Tess Teacher");
    tg_store_close(s);

    /* another database of the same class reuses the key: known people keep
     * their pseudonyms, a newcomer gets the next number */
    assert_int_equal(tg_store_open(db2path, TG_STORE_CREATE, &s2, &err), TG_OK);
    {
        tg_import_options_t opt;
        tg_import_report_t r;

        tg_import_options_init(&opt);
        opt.format = "csv";
        tg_import_report_init(&r);
        assert_int_equal(tg_import_file(s2, temp_file("week2.csv",
                                                      "id,parent_id,thread_id,author,timestamp\n"
                                                      "e1,,t9,Newt Comer,2024-01-01T00:00:00Z\n"
                                                      "e2,e1,t9,Stu Ten,2024-01-02T00:00:00Z\n",
                                                      0644),
                                        &opt, &r, &err),
                         TG_OK);
        tg_import_report_destroy(&r);
    }
    assert_int_equal(tg_store_assign_pseudonyms(s2, &key, &assigned, &err), TG_OK);
    assert_int_equal(assigned, 2);
    assert_int_equal(tg_store_load(s2, TG_LOAD_IDS, &ds, &err), TG_OK);
    assert_string_equal(ds.user_pseudonym[user_named(&ds, "Stu Ten")], "Student 10");
    assert_string_equal(ds.user_pseudonym[user_named(&ds, "Newt Comer")], "Student 13");
    tg_dataset_destroy(&ds);
    tg_store_close(s2);
    tg_key_destroy(&key);

    /* keys that are not keys, or that others can read */
    tg_key_init(&key);
    chmod(keypath, 0644);
    assert_int_equal(tg_key_read(keypath, &key, &missing, &err), TG_ERR_DATA);
    assert_non_null(strstr(err.message, "(mode 644)"));
    assert_int_equal(tg_key_read(temp_file("k1", "name,pseudonym\n", 0600), &key, &missing, &err),
                     TG_ERR_DATA);
    assert_non_null(strstr(err.message, "not a threadgraph key file"));
    assert_int_equal(tg_key_read(temp_file("k2", "pseudonym,name,user_id\nPupil 1,A,\n", 0600),
                                 &key, &missing, &err),
                     TG_ERR_DATA);
    assert_non_null(strstr(err.message, "'Pupil 1' is not a pseudonym"));
    assert_int_equal(err.line, 2);
    assert_int_equal(tg_key_read(temp_file("k3", "pseudonym,name,user_id\nStudent 1,A,\n"
                                                 "Student 2,A,\n", 0600),
                                 &key, &missing, &err),
                     TG_ERR_DATA);
    assert_non_null(strstr(err.message, "'A' is in the key twice"));
    unlink(keypath);
    assert_int_not_equal(tg_key_read(keypath, &key, &missing, &err), TG_OK);
    assert_int_equal(missing, 1);
    assert_int_equal(key.n, 0);
    tg_key_destroy(&key);
}

static void test_views(void **state)
{
    tg_store_t *s = forum(dbpath);
    tg_dataset_t ds;
    tg_error_t err;
    size_t assigned, i;
    int32_t anon_comment = -1;

    (void)state;
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS | TG_LOAD_TEXT, &ds, &err), TG_OK);
    /* no pseudonyms stored: refused, nothing changed */
    assert_int_equal(tg_dataset_pseudonymize(&ds, 0, &err), TG_ERR_USAGE);
    assert_true(tg_dataset_has_locations(&ds));
    tg_dataset_destroy(&ds);
    assert_int_equal(tg_store_assign_pseudonyms(s, NULL, &assigned, &err), TG_OK);
    /* without roles, everyone counts as a student: Tess wrote first */
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS | TG_LOAD_TEXT, &ds, &err), TG_OK);
    assert_int_equal(tg_dataset_pseudonymize(&ds, 0, &err), TG_OK);
    for (i = 0; i < ds.nusers; i++)
        assert_true(strncmp(ds.user_name[i], "Student ", 8) == 0);
    for (i = 0; i < ds.ncomments; i++) {
        if (strcmp(ds.id[i], "c3") == 0)
            /* whole names only: "Stu Twelvefold" is no one */
            assert_string_equal(ds.text[i], "I agree with Student 12 and not Stu Twelvefold");
        if (strcmp(ds.id[i], "d1") == 0)
            assert_string_equal(ds.text[i], "Student 01 said so");
        if (ds.user[i] >= 0)
            assert_string_equal(ds.author[i], ds.user_name[ds.user[i]]);
        else
            anon_comment = (int32_t)i;
    }
    assert_true(anon_comment >= 0);
    assert_string_equal(ds.author[anon_comment], "Anonymous");
    assert_false(tg_dataset_has_locations(&ds));
    assert_int_equal(ds.nlocations, 0);
    tg_dataset_destroy(&ds);

    /* --keep-locations, and one thread alone */
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, &ds, &err), TG_OK);
    assert_int_equal(tg_dataset_pseudonymize(&ds, TG_VIEW_KEEP_LOCATIONS, &err), TG_OK);
    assert_true(tg_dataset_has_locations(&ds));
    {
        int32_t t2 = strcmp(ds.thread_id[0], "t2") == 0 ? 0 : 1;

        assert_int_equal(tg_dataset_keep_thread(&ds, t2, &err), TG_OK);
    }
    assert_int_equal(ds.ncomments, 2);
    assert_int_equal(ds.nthreads, 1);
    assert_string_equal(ds.thread_id[0], "t2");
    assert_string_equal(ds.id[0], "d1");
    assert_int_equal(ds.parent[0], -1);
    assert_int_equal(ds.parent[1], 0);
    assert_int_equal(ds.thread[1], 0);
    assert_int_equal(ds.nlocations, 1);
    assert_string_equal(ds.location_name[ds.location[1]], "Room 1");
    assert_int_equal(tg_dataset_keep_thread(&ds, 5, &err), TG_ERR_USAGE);
    tg_dataset_destroy(&ds);

    /* a teacher named after the pseudonyms were given is never shown as a
     * student: only her pseudonym changes */
    {
        tg_people_t p;
        tg_people_result_t res;

        tg_people_init(&p);
        assert_int_equal(tg_people_add(&p, "Tess Teacher", TG_ROLE_TEACHER, NULL, 0, &err),
                         TG_OK);
        assert_int_equal(tg_store_set_people(s, &p, &res, &err), TG_OK);
        tg_people_result_destroy(&res);
        tg_people_destroy(&p);
    }
    assert_int_equal(tg_store_assign_pseudonyms(s, NULL, &assigned, &err), TG_OK);
    assert_int_equal(assigned, 1);
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, &ds, &err), TG_OK);
    assert_string_equal(ds.user_pseudonym[user_named(&ds, "Tess Teacher")], "Teacher 1");
    assert_string_equal(ds.user_pseudonym[user_named(&ds, "Stu One")], "Student 02");
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_network_options(void **state)
{
    tg_store_t *s = forum(dbpath);
    tg_people_t p;
    tg_people_result_t res;
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_analysis_options_t opt;
    tg_error_t err;
    int32_t tess;
    size_t i;

    (void)state;
    tg_people_init(&p);
    assert_int_equal(tg_people_add(&p, "Tess Teacher", TG_ROLE_TEACHER, NULL, 0, &err), TG_OK);
    assert_int_equal(tg_store_set_people(s, &p, &res, &err), TG_OK);
    tg_people_result_destroy(&res);
    tg_people_destroy(&p);
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, &ds, &err), TG_OK);
    tess = user_named(&ds, "Tess Teacher");
    tg_analysis_options_init(&opt);
    tg_analysis_init(&a);
    assert_int_equal(tg_analyze(&ds, &opt, &a, &err), TG_OK);
    /* eleven students reply to Tess's c1; Tess replies to Stu One in t2 */
    assert_int_equal(a.nedges, 12);
    assert_int_equal(a.npairs, 1);
    tg_analysis_destroy(&a);
    opt.network = TG_NET_EXCLUDE_TEACHERS;
    tg_analysis_init(&a);
    assert_int_equal(tg_analyze(&ds, &opt, &a, &err), TG_OK);
    assert_int_equal(a.nedges, 0);
    assert_int_equal(a.npairs, 0);
    assert_false(a.users[tess].in_network);
    assert_int_equal(a.users[tess].comments, 2); /* her comments stay */
    for (i = 0; i < ds.ncomments; i++)
        assert_true(a.depth[i] >= 0);
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_post_replies_as_edges(void **state)
{
    tg_store_t *s = NULL;
    tg_import_options_t io;
    tg_import_report_t r;
    tg_dataset_t ds;
    tg_analysis_t a;
    tg_analysis_options_t opt;
    tg_error_t err;

    (void)state;
    /* a newspage with a post author would do; the Canvas topic is one */
    assert_int_equal(tg_store_open(dbpath, TG_STORE_CREATE, &s, &err), TG_OK);
    tg_import_options_init(&io);
    tg_import_report_init(&r);
    assert_int_equal(tg_import_file(s, TG_TEST_DATA "/classroom/topic-77.json", &io, &r, &err),
                     TG_OK);
    tg_import_report_destroy(&r);
    tg_import_report_init(&r);
    assert_int_equal(tg_import_file(s, TG_TEST_DATA "/classroom/view-77.json", &io, &r, &err),
                     TG_OK);
    tg_import_report_destroy(&r);
    assert_int_equal(tg_store_load(s, TG_LOAD_IDS, &ds, &err), TG_OK);
    tg_analysis_options_init(&opt);
    tg_analysis_init(&a);
    assert_int_equal(tg_analyze(&ds, &opt, &a, &err), TG_OK);
    /* Ada->Ben, Ben->Ada, Ada->Cy, Cy->Ada, Cy->Dee */
    assert_int_equal(a.nedges, 5);
    tg_analysis_destroy(&a);
    opt.network = TG_NET_POST_REPLIES;
    tg_analysis_init(&a);
    assert_int_equal(tg_analyze(&ds, &opt, &a, &err), TG_OK);
    /* and the three answers to Ben's prompt: Ada->Ben grows, Cy->Ben and
     * Dee->Ben are new */
    assert_int_equal(a.nedges, 7);
    assert_int_equal(a.npairs, 2);
    tg_analysis_destroy(&a);
    tg_dataset_destroy(&ds);
    tg_store_close(s);
}

static void test_zones_and_moodle_dates(void **state)
{
    tg_error_t err;
    int64_t t;
    const char *s;

    (void)state;
    assert_int_equal(tg_tz_check("UTC", &err), TG_OK);
    assert_int_equal(tg_tz_check("Europe/Berlin", &err), TG_OK);
    assert_int_equal(tg_tz_check("Mars/Olympus_Mons", &err), TG_ERR_USAGE);
    assert_non_null(strstr(err.message, "unknown time zone 'Mars/Olympus_Mons'"));
    assert_int_equal(tg_tz_check("../../etc/passwd", &err), TG_ERR_USAGE);
    assert_int_equal(tg_tz_check("/usr/share/zoneinfo/UTC", &err), TG_ERR_USAGE);
    assert_int_equal(tg_tz_check("zone.tab", &err), TG_ERR_USAGE); /* not a TZif file */

    s = "Monday, 5 February 2024, 10:00 AM";
    assert_int_equal(tg_time_parse_moodle(s, strlen(s), NULL, &t), 0);
    assert_int_equal(t, 1707127200);
    assert_int_equal(tg_time_parse_moodle(s, strlen(s), "Europe/Berlin", &t), 0);
    assert_int_equal(t, 1707123600);
    s = "Monday, 1 July 2024, 12:00 PM"; /* summer time */
    assert_int_equal(tg_time_parse_moodle(s, strlen(s), "Europe/Berlin", &t), 0);
    assert_int_equal(t, 1719828000);
    s = "Mon, 5 Feb 2024, 12:00 AM"; /* midnight */
    assert_int_equal(tg_time_parse_moodle(s, strlen(s), "America/New_York", &t), 0);
    assert_int_equal(t, 1707109200);
    s = "5 February 2024, 22:15"; /* no weekday, 24-hour clock */
    assert_int_equal(tg_time_parse_moodle(s, strlen(s), "Australia/Adelaide", &t), 0);
    assert_int_equal(t, 1707133500);
    s = "Sunday, 31 March 2024, 2:30 AM"; /* skipped by the clock change */
    assert_int_equal(tg_time_parse_moodle(s, strlen(s), "Europe/Berlin", &t), 0);
    assert_int_equal(t, 1711848600);
    s = "Thursday, 31 February 2024, 10:00 AM";
    assert_int_not_equal(tg_time_parse_moodle(s, strlen(s), NULL, &t), 0);
    s = "Monday, 5 Febtember 2024, 10:00 AM";
    assert_int_not_equal(tg_time_parse_moodle(s, strlen(s), NULL, &t), 0);
    s = "Monday, 5 February 2024, 13:00 PM";
    assert_int_not_equal(tg_time_parse_moodle(s, strlen(s), NULL, &t), 0);
    s = "Monday, 5 February 2024, 10:00 AM and more";
    assert_int_not_equal(tg_time_parse_moodle(s, strlen(s), NULL, &t), 0);
    assert_int_equal(tg_tz_offset("Europe/Berlin", 1719828000), 7200);
    assert_int_equal(tg_tz_offset(NULL, 1719828000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roster),
        cmocka_unit_test_setup_teardown(test_roles_and_near_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pseudonyms_and_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_network_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_post_replies_as_edges, setup, teardown),
        cmocka_unit_test(test_zones_and_moodle_dates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
