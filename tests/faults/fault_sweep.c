/* fault_sweep.c - out-of-memory and I/O fault injection over the CLI.
 *
 * Runs import (the seed into a new database, then a small Reddit thread into
 * that database), analyze, report and render in-process through tg_cli_main,
 * and for each command fails its Nth allocation (fault_alloc.c) for every N
 * up to 2,000 and every 50th after, until a run counts fewer allocations than
 * N.  Each run with a failure must end with status 1 and a message (or, where
 * the failure was absorbed, with the same result as a clean run), leave the
 * database as it was and free everything it allocated.  Then the same
 * commands meet write errors: a file size limit (the full disk), a
 * read-only folder, and the database deleted in the middle of the run.
 *
 * usage: fault_sweep [--thin K] [--alloc] [--io] WORKDIR
 *   --thin K  try every Kth N (and every 50*Kth past 2,000), every Kth size
 *   --alloc / --io  only that half (default both)
 *   --skip STEP     leave one command out (see docs/reliability.md)
 *   --only STEP --at N  one command, allocation N only (FAULT_BT=1 in the
 *             environment prints where that allocation is made)
 *   --every K every Kth N, past 2,000 as well (a denser sweep; with
 *             --at N, from N on)
 *   (FAULT_PROGRESS=1 prints each N before its run)
 *   --thread main|other  only the allocations of the command's own thread,
 *             or only those of the threads it starts
 * Exit 0 when every run behaved, 1 otherwise (each failure is printed). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "fault.h"

#ifndef TG_FAULT_SEED
#error "TG_FAULT_SEED (the seed file) must be defined"
#endif

enum { OUT_NONE, OUT_DIR, OUT_FILE };

typedef struct {
    const char *name;
    const char *fixture; /* database the command starts from (NULL: none) */
    int out_kind;
    int writes_db;
    const char *argv[16];
    /* filled by prepare() */
    char *before; /* database rows before (what a failed run must leave) */
    char *after;  /* database rows after a clean run */
    char *out;    /* outputs of a clean run */
} step;

static char work[4096];
static char run_db[4200], run_out[4200], run_err[4200];
static int failures;
static long runs_total, injected_total, absorbed_total;
/* runs that met libxml2 2.9.14's own leak: an allocation inside
 * htmlNewParserCtxt failed, and it does not free what it had made */
static long known_xml_leaks;

/* ---- small file helpers (run with counting off) ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    size_t n = 0, cap = 0, got;

    if (!f)
        return NULL;
    for (;;) {
        if (cap - n < 65536) {
            char *t = realloc(s, cap + 65536 + 1);
            if (!t)
                abort();
            s = t;
            cap += 65536;
        }
        got = fread(s + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    s[n] = 0;
    if (len)
        *len = n;
    return s;
}

static void copy_file(const char *from, const char *to)
{
    size_t n;
    char *s = slurp(from, &n);
    FILE *f;

    if (!s) {
        fprintf(stderr, "fault_sweep: cannot read '%s'\n", from);
        exit(2);
    }
    f = fopen(to, "wb");
    if (!f || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "fault_sweep: cannot write '%s'\n", to);
        exit(2);
    }
    free(s);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[8192];

    if (!d) {
        unlink(path);
        return;
    }
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        remove_tree(sub);
    }
    closedir(d);
    rmdir(path);
}

typedef struct {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const void *p, size_t n)
{
    if (t->cap - t->n < n + 1) {
        size_t cap = (t->cap + n + 1) * 2;
        char *s = realloc(t->s, cap);
        if (!s)
            abort();
        t->s = s;
        t->cap = cap;
    }
    memcpy(t->s + t->n, p, n);
    t->n += n;
    t->s[t->n] = 0;
}

static void puts_t(text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* Every row of every table, in rowid order: what "unchanged" compares.  A
 * database that does not exist reads as "". */
static char *db_rows(const char *path)
{
    text t = {0};
    sqlite3 *db = NULL;
    sqlite3_stmt *tabs = NULL, *rows = NULL;
    struct stat st;

    puts_t(&t, "");
    if (stat(path, &st) != 0)
        return t.s;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                           -1, &tabs, NULL) != SQLITE_OK) {
        puts_t(&t, "unreadable: ");
        puts_t(&t, sqlite3_errmsg(db));
        sqlite3_close(db);
        return t.s;
    }
    while (sqlite3_step(tabs) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tabs, 0);
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
        int i, nc;

        if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) {
            puts_t(&t, "unreadable table\n");
            sqlite3_free(sql);
            continue;
        }
        sqlite3_free(sql);
        nc = sqlite3_column_count(rows);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            puts_t(&t, name);
            for (i = 0; i < nc; i++) {
                const void *b = sqlite3_column_blob(rows, i);
                put(&t, "\x1f", 1);
                if (sqlite3_column_type(rows, i) == SQLITE_NULL)
                    put(&t, "\x1e", 1);
                else if (b)
                    put(&t, b, (size_t)sqlite3_column_bytes(rows, i));
            }
            put(&t, "\n", 1);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tabs);
    sqlite3_close(db);
    return t.s;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The outputs of a run: the file, or every file of the folder by name. */
static char *outputs(int kind)
{
    text t = {0};
    struct dirent **list;
    int i, n;
    char path[8192];
    char *s;

    puts_t(&t, "");
    if (kind == OUT_FILE) {
        s = slurp(run_out, NULL);
        if (s) {
            puts_t(&t, s);
            free(s);
        }
    } else if (kind == OUT_DIR) {
        n = scandir(run_out, &list, NULL, by_name);
        for (i = 0; i < n; i++) {
            if (list[i]->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", run_out, list[i]->d_name);
                s = slurp(path, NULL);
                puts_t(&t, list[i]->d_name);
                puts_t(&t, "\n");
                if (s) {
                    puts_t(&t, s);
                    free(s);
                }
            }
            free(list[i]);
        }
        if (n >= 0)
            free(list);
    }
    return t.s;
}

/* ---- one run of a command ---- */

typedef struct {
    int rc;
    int injected;
    long count;
    int leaked;
    char *err; /* what the command wrote on its error stream */
} result;

static void reset_run(const step *s)
{
    char journal[4300];

    snprintf(journal, sizeof journal, "%s-journal", run_db);
    unlink(run_db);
    unlink(journal);
    remove_tree(run_out);
    if (s->fixture)
        copy_file(s->fixture, run_db);
}

/* When set, the command's error stream (the file size limit applies to
 * the run's own err file too: a pipe carries the messages instead). */
static FILE *err_stream;
/* When set, only allocations inside this function are counted. */
static const char *run_within;

/* A run that takes a minute has hung (libxml2 2.9.14 can loop forever
 * after a failed allocation): say where, and stop. */
static const char *watch_step;
static long watch_at;

static void on_alarm(int sig)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "FAIL %s, allocation %ld: the run hung\n",
                     watch_step ? watch_step : "?", watch_at);

    if (write(2, msg, (size_t)n) < 0)
        _exit(3);
    _exit(3);
}

/* Run s with allocation `at` failing (0: none) or calling h. */
static result run_once(const step *s, long at, fault_hook h)
{
    result r = {0};
    fault_counts c0, c1;
    FILE *out = fopen("/dev/null", "w");
    FILE *err = err_stream ? err_stream : fopen(run_err, "w");
    int argc = 0;

    if (!out || !err) {
        fprintf(stderr, "fault_sweep: cannot open the run's streams\n");
        exit(2);
    }
    while (s->argv[argc])
        argc++;
    watch_step = s->name;
    watch_at = at;
    signal(SIGALRM, on_alarm);
    alarm(60);
    fault_live(&c0);
    if (run_within) {
        if (fault_arm_within(run_within, at, h) != 0) {
            fprintf(stderr, "fault_sweep: no exported function '%s'\n", run_within);
            exit(2);
        }
    } else
        fault_arm(at, h);
    r.rc = tg_cli_main(argc, (char **)s->argv, out, err);
    r.count = fault_disarm(&r.injected);
    alarm(0);
    fault_live(&c1);
    fclose(out);
    fclose(err);
    if (err_stream) {
        r.err = strdup("");
        return r;
    }
    r.err = slurp(run_err, NULL);
    if (!r.err)
        r.err = strdup("");
    /* fewer blocks than before is no leak: a block made before the run
     * (libxml2's global state) was freed in it */
    if (c1.own <= c0.own && c1.sqlite <= c0.sqlite && c1.yajl <= c0.yajl && c1.xml > c0.xml &&
        r.rc == 1 && strstr(r.err, "out of memory")) {
        /* libxml2's own, when its HTML parser context could not be made,
         * or when xmlTextWriterStartElement could not push its element
         * (2.9.14 then keeps the element's name and list entry; see
         * docs/reliability.md) */
        r.leaked = 2;
        fault_forget_all(NULL);
    } else if (c1.own > c0.own || c1.sqlite > c0.sqlite || c1.yajl > c0.yajl || c1.xml > c0.xml) {
        r.leaked = 1;
        fprintf(stderr, "%s, allocation %ld: not freed: %ld own, %ld sqlite, %ld yajl, %ld xml blocks\n",
                s->name, at, c1.own - c0.own, c1.sqlite - c0.sqlite, c1.yajl - c0.yajl,
                c1.xml - c0.xml);
        fault_forget_all(stderr);
    } else {
        fault_forget_all(NULL);
    }
    return r;
}

static void fail(const step *s, const char *what, long at, const result *r)
{
    failures++;
    fprintf(stderr, "FAIL %s, %s %ld: %s (status %d)\n%s", s->name, what, at, r ? "" : "",
            r ? r->rc : -1, r && r->err ? r->err : "");
}

/* Keep a differing dump as WORKDIR/NAME.WHAT for a look. */
static void keep(const char *name, const char *what, const char *rows)
{
    char path[8400];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s.%s", work, name, what);
    f = fopen(path, "w");
    if (f) {
        fputs(rows, f);
        fclose(f);
    }
}

/* The checks every faulty run must pass.  absorbed: a failure the library
 * (or SQLite) recovered from and finished. */
static void check(const step *s, const char *what, long at, result *r, int faulted)
{
    char *rows, *outs;

    runs_total++;
    if (r->leaked == 2)
        known_xml_leaks++;
    else if (r->leaked)
        fail(s, "leak at", at, r);
    if (r->rc == 0) {
        rows = db_rows(run_db);
        outs = outputs(s->out_kind);
        if (strcmp(rows, s->after) != 0) {
            fail(s, "succeeded with a different database at", at, r);
            keep(s->name, "want", s->after);
            keep(s->name, "got", rows);
        } else if (strcmp(outs, s->out) != 0) {
            fail(s, "succeeded with different outputs at", at, r);
            keep(s->name, "want-out", s->out);
            keep(s->name, "got-out", outs);
        } else if (faulted) {
            absorbed_total++;
        }
        free(rows);
        free(outs);
        return;
    }
    if (!faulted) {
        fail(s, "failed with no fault at", at, r);
        return;
    }
    if (r->rc != 1) {
        fail(s, "exit status is not 1 at", at, r);
    } else if (strncmp(r->err, "threadgraph: ", 13) != 0 || strlen(r->err) < 20) {
        fail(s, "no clear error message at", at, r);
    }
    rows = db_rows(run_db);
    if (strcmp(rows, s->before) != 0) {
        fail(s, "database changed by a failed run at", at, r);
        keep(s->name, "before", s->before);
        keep(s->name, "after-failure", rows);
    }
    free(rows);
}

/* ---- out of memory ---- */

static long every; /* --every K: every Kth N, past 2,000 too */

static long next_at(long at, long thin)
{
    if (every)
        return at + every;
    return at < 2000 ? at + thin : at + 50 * thin;
}

static long only_at; /* --at N: that allocation only */
static int only_others = -1; /* --thread main|other: that thread's only */

/* The allocations of the command's own thread fail in turn, then those of
 * the other threads it starts (the import's writer), each counted apart so
 * that allocation N is the same allocation in every run (fault_alloc.c). */
static void sweep_alloc(step *s, long thin)
{
    long at, last, tried, inj;
    int others;
    result r;

    for (others = 0; others < 2; others++) {
        if (only_others >= 0 && others != only_others)
            continue;
        fault_count_threads(others);
        last = tried = inj = 0;
        for (at = only_at ? only_at : 1;; at = next_at(at, thin)) {
            reset_run(s);
            if (getenv("FAULT_PROGRESS"))
                fprintf(stderr, "at %ld\n", at);
            r = run_once(s, at, NULL);
            check(s, others ? "other thread's allocation" : "allocation", at, &r, r.injected);
            tried++;
            if (r.injected)
                inj++;
            last = r.count;
            free(r.err);
            if (!r.injected || (only_at && !every))
                break;
        }
        fault_count_threads(0);
        injected_total += inj;
        if (others && last == 0 && inj == 0)
            continue; /* no other thread */
        printf("alloc %-16s %6ld allocations per run%s, %5ld runs, %5ld failed an allocation\n",
               s->name, last, others ? " (other threads)" : "", tried, inj);
        fflush(stdout);
    }
}

/* ---- write errors ---- */

/* Run s in a child under a file size limit; the child's status carries the
 * run's (100 for a leak). */
static result run_limited(const step *s, rlim_t limit)
{
    result r = {0};
    pid_t pid;
    int st, p[2];
    text msg = {0};
    char buf[4096];
    ssize_t got;

    if (pipe(p) != 0) {
        perror("pipe");
        exit(2);
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        struct rlimit rl = {limit, limit};
        result cr;

        close(p[0]);
        err_stream = fdopen(p[1], "w");
        if (!err_stream)
            _exit(101);
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(101);
        cr = run_once(s, 0, NULL);
        _exit(cr.leaked == 1 ? 100 : cr.rc);
    }
    close(p[1]);
    puts_t(&msg, "");
    while ((got = read(p[0], buf, sizeof buf)) > 0)
        put(&msg, buf, (size_t)got);
    close(p[0]);
    if (waitpid(pid, &st, 0) < 0) {
        perror("waitpid");
        exit(2);
    }
    r.err = msg.s;
    if (WIFSIGNALED(st)) {
        r.rc = 128 + WTERMSIG(st);
    } else {
        r.rc = WEXITSTATUS(st);
        if (r.rc == 100) {
            r.leaked = 1;
            r.rc = 1;
        }
    }
    return r;
}

static long io_runs, io_errors;

static void sweep_fsize(step *s, long thin)
{
    rlim_t limit;
    result r;
    long tried = 0, errors = 0;

    for (limit = 0;; limit += (rlim_t)(4096 * thin)) {
        reset_run(s);
        r = run_limited(s, limit);
        tried++;
        if (r.rc != 0)
            errors++;
        check(s, "file size limit", (long)limit, &r, 1);
        free(r.err);
        if (r.rc == 0 || limit > ((rlim_t)64 << 20))
            break;
    }
    io_runs += tried;
    io_errors += errors;
    printf("fsize %-16s %5ld limits, %5ld ended in a write error\n", s->name, tried, errors);
    fflush(stdout);
}

/* As root, permissions do not hold: the child gives up the capabilities
 * that override them (it stays root, so it can still reach the build tree
 * however its folders are locked, but a folder of mode 0555 and a database
 * owned by nobody are read-only to it, as to anyone). */
static int drop_dac(void)
{
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    unsigned k;
    const unsigned caps[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER };

    if (syscall(SYS_capget, &h, d) != 0)
        return -1;
    for (k = 0; k < sizeof caps / sizeof caps[0]; k++) {
        d[caps[k] / 32].effective &= ~(1u << (caps[k] % 32));
        d[caps[k] / 32].permitted &= ~(1u << (caps[k] % 32));
        d[caps[k] / 32].inheritable &= ~(1u << (caps[k] % 32));
    }
    return (int)syscall(SYS_capset, &h, d);
}

static result run_readonly(const step *s, const char *dir)
{
    result r = {0};
    pid_t pid;
    int st;

    /* the child writes the command's messages there */
    {
        int fd = open(run_err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        if (fd < 0) {
            perror(run_err);
            exit(2);
        }
        close(fd);
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        exit(2);
    if (pid == 0) {
        result cr;

        if (geteuid() == 0 && drop_dac() != 0)
            _exit(101);
        cr = run_once(s, 0, NULL);
        _exit(cr.leaked == 1 ? 100 : cr.rc);
    }
    waitpid(pid, &st, 0);
    r.err = slurp(run_err, NULL);
    if (!r.err)
        r.err = strdup("");
    r.rc = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
    if (r.rc == 100) {
        r.leaked = 1;
        r.rc = 1;
    }
    (void)dir;
    return r;
}

/* ---- the database deleted mid-run ---- */

static void delete_db(void)
{
    unlink(run_db);
}

static void sweep_delete(step *s, long thin)
{
    long at, tried = 0, errors = 0;
    result r;

    for (at = 1;; at = next_at(at, thin * 10)) {
        reset_run(s);
        r = run_once(s, at, delete_db);
        tried++;
        runs_total++;
        if (r.leaked)
            fail(s, "leak with the database deleted at allocation", at, &r);
        if (r.rc != 0 && r.rc != 1)
            fail(s, "exit status with the database deleted at allocation", at, &r);
        if (r.rc == 1) {
            errors++;
            if (strncmp(r.err, "threadgraph: ", 13) != 0)
                fail(s, "no clear error with the database deleted at allocation", at, &r);
        } else if (r.injected && s->writes_db && access(run_db, F_OK) != 0) {
            fail(s, "reported success into a deleted database at allocation", at, &r);
        }
        free(r.err);
        if (!r.injected)
            break;
    }
    io_runs += tried;
    io_errors += errors;
    printf("delete %-15s %5ld runs, %5ld ended in an error\n", s->name, tried, errors);
    fflush(stdout);
}

/* ---- regressions: the failures the sweep found, aimed at directly ----
 * Every allocation made inside the named function fails in turn (or, for
 * the deleted database, the database goes at the first of them); the
 * process's own stderr must stay empty (the library never prints). */

enum { T_FAIL, T_DELETE };

static long target_runs;

static void target(step *s, const char *fn, int mode, long thin)
{
    char path[8400];
    long at, n = 0;
    int saved, fd;
    result r;
    struct stat st;

    snprintf(path, sizeof path, "%s/stderr", work);
    for (at = 1;; at += thin) {
        reset_run(s);
        fflush(stderr);
        saved = dup(2);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (saved < 0 || fd < 0 || dup2(fd, 2) < 0) {
            perror(path);
            exit(2);
        }
        close(fd);
        run_within = fn;
        r = run_once(s, at, mode == T_DELETE ? delete_db : NULL);
        run_within = NULL;
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        target_runs++;
        if (stat(path, &st) == 0 && st.st_size > 0) {
            char *printed = slurp(path, NULL);

            fail(s, "printed on stderr, inside", at, &r);
            fprintf(stderr, "(inside %s)\n%s", fn, printed ? printed : "");
            free(printed);
        }
        if (mode == T_DELETE) {
            runs_total++;
            if (!r.injected || r.rc != 1 || strncmp(r.err, "threadgraph: ", 13) != 0)
                fail(s, "no error for the database deleted, inside", at, &r);
            free(r.err);
            n = 1;
            break;
        }
        check(s, fn, at, &r, r.injected);
        free(r.err);
        if (!r.injected || at >= 1000)
            break;
        n++;
    }
    if (n == 0)
        fail(s, "no allocation made inside", 0, NULL);
    printf("target %-14s %-24s %4ld allocation%s failed in turn%s\n", s->name, fn, n,
           n == 1 ? "" : "s", mode == T_DELETE ? " (the database deleted)" : "");
    fflush(stdout);
}

/* ---- the commands ---- */

static char seed_db[4200], reddit_db[4200], analyzed_db[4200];

static void prepare(step *s, const char *save_db)
{
    result r;

    reset_run(s);
    s->before = db_rows(run_db);
    r = run_once(s, 0, NULL);
    if (r.rc != 0 || r.leaked) {
        fprintf(stderr, "fault_sweep: %s fails without faults (status %d):\n%s", s->name, r.rc, r.err);
        exit(2);
    }
    free(r.err);
    s->after = db_rows(run_db);
    s->out = outputs(s->out_kind);
    if (save_db)
        copy_file(run_db, save_db);
}

int main(int argc, char **argv)
{
    long thin = 1;
    const char *only = NULL, *skip = NULL;
    int do_alloc = 1, do_io = 1, i;
    const char *dir = NULL;
    char ro[4200], ro_db[4200], ro_out[4200];

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--thin") && i + 1 < argc)
            thin = atol(argv[++i]);
        else if (!strcmp(argv[i], "--every") && i + 1 < argc)
            every = atol(argv[++i]);
        else if (!strcmp(argv[i], "--at") && i + 1 < argc)
            only_at = atol(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--thread") && i + 1 < argc)
            only_others = !strcmp(argv[++i], "other");
        else if (!strcmp(argv[i], "--skip") && i + 1 < argc)
            skip = argv[++i];
        else if (!strcmp(argv[i], "--alloc"))
            do_io = 0;
        else if (!strcmp(argv[i], "--io"))
            do_alloc = 0;
        else
            dir = argv[i];
    }
    if (!dir || thin < 1) {
        fprintf(stderr, "usage: fault_sweep [--thin K] [--alloc] [--io] WORKDIR\n");
        return 2;
    }
    if (fault_install() != 0) {
        fprintf(stderr, "fault_sweep: cannot install the counting allocators\n");
        return 2;
    }
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    setenv("TZ", "UTC", 1);
    remove_tree(dir);
    if (mkdir(dir, 0755) != 0) {
        perror(dir);
        return 2;
    }
    chmod(dir, 0755);
    snprintf(work, sizeof work, "%s", dir);
    snprintf(run_db, sizeof run_db, "%s/run.db", work);
    snprintf(run_out, sizeof run_out, "%s/out", work);
    snprintf(run_err, sizeof run_err, "%s/err", work);
    snprintf(seed_db, sizeof seed_db, "%s/seed.db", work);
    snprintf(reddit_db, sizeof reddit_db, "%s/reddit.db", work);
    snprintf(analyzed_db, sizeof analyzed_db, "%s/analyzed.db", work);

    {
        step steps[] = {
            {"import-seed", NULL, OUT_NONE, 1,
             {"threadgraph", "import", "--db", run_db, TG_FAULT_SEED, NULL}, 0, 0, 0},
            {"import-reddit", seed_db, OUT_NONE, 1,
             {"threadgraph", "import", "--db", run_db, TG_FAULT_REDDIT, NULL}, 0, 0, 0},
            {"analyze", reddit_db, OUT_NONE, 1, {"threadgraph", "analyze", "--db", run_db, NULL}, 0, 0, 0},
            {"report", analyzed_db, OUT_DIR, 0,
             {"threadgraph", "report", "--db", run_db, "--out", run_out, NULL}, 0, 0, 0},
            {"render-tree", analyzed_db, OUT_FILE, 0,
             {"threadgraph", "render", "tree", "--db", run_db, "-o", run_out, NULL}, 0, 0, 0},
            {"render-network", analyzed_db, OUT_FILE, 0,
             {"threadgraph", "render", "network", "--db", run_db, "-o", run_out, NULL}, 0, 0, 0},
        };
        size_t n = sizeof steps / sizeof steps[0], k;

        /* the render steps write SVG: run_out gets the suffix */
        snprintf(run_out, sizeof run_out, "%s/out.svg", work);
        prepare(&steps[0], seed_db);
        prepare(&steps[1], reddit_db);
        prepare(&steps[2], analyzed_db);
        for (k = 3; k < n; k++)
            prepare(&steps[k], NULL);

        if (do_alloc && (!only || !strcmp(only, "targets"))) {
            target(&steps[2], "tg_store_load", T_FAIL, thin);
            target(&steps[4], "tg_source_names", T_FAIL, thin);
            target(&steps[1], "tg_store_import_commit", T_DELETE, thin);
            target(&steps[2], "tg_store_save_analysis", T_DELETE, thin);
        }
        if (do_alloc)
            for (k = 0; k < n; k++)
                if ((!only || !strcmp(only, steps[k].name)) &&
                    (!skip || strcmp(skip, steps[k].name) != 0))
                    sweep_alloc(&steps[k], thin);
        if (do_io) {
            for (k = 0; k < n; k++)
                sweep_fsize(&steps[k], thin);
            for (k = 0; k < n; k++)
                sweep_delete(&steps[k], thin);

            /* read-only folders: the database's (its journal cannot be
             * made) and the outputs' */
            snprintf(ro, sizeof ro, "%.4000s/ro", work);
            snprintf(ro_db, sizeof ro_db, "%.4000s/ro/run.db", work);
            snprintf(ro_out, sizeof ro_out, "%.4000s/ro/out.svg", work);
            mkdir(ro, 0755);
            for (k = 1; k < n; k++) {
                step t = steps[k];
                char saved_db[4200], saved_out[4200];
                result r;

                /* argv points at run_db and run_out: move them into ro/ */
                memcpy(saved_db, run_db, sizeof run_db);
                memcpy(saved_out, run_out, sizeof run_out);
                chmod(ro, 0755);
                if (t.writes_db)
                    snprintf(run_db, sizeof run_db, "%s", ro_db);
                else
                    snprintf(run_out, sizeof run_out, "%s", ro_out);
                reset_run(&t);
                if (t.writes_db && chown(run_db, 65534, 65534) != 0)
                    perror("chown");
                chmod(ro, 0555);
                r = run_readonly(&t, ro);
                io_runs++;
                if (r.rc == 0)
                    fail(&t, "succeeded in a read-only folder", 0, &r);
                else
                    io_errors++;
                check(&t, "read-only folder", 0, &r, 1);
                printf("rofs  %-16s status %d: %s", t.name, r.rc, r.err);
                free(r.err);
                chmod(ro, 0755);
                memcpy(run_db, saved_db, sizeof run_db);
                memcpy(run_out, saved_out, sizeof run_out);
            }
        }
        for (k = 0; k < n; k++) {
            free(steps[k].before);
            free(steps[k].after);
            free(steps[k].out);
        }
    }
    printf("%ld runs, %ld with a failed allocation (%ld of them absorbed, %ld met libxml2's leak), "
           "%ld I/O fault runs (%ld ended in an error), %d failures\n",
           runs_total, injected_total, absorbed_total, known_xml_leaks, io_runs, io_errors, failures);
    if (!failures)
        remove_tree(dir);
    return failures ? 1 : 0;
}
