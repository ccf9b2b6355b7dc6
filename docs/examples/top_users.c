/* top_users.c - a second program on libthreadgraph: import one discussion
 * file into a fresh database, analyse it, and print the most-replied
 * commenters.
 *
 *   cc top_users.c $(pkg-config --cflags --libs threadgraph) -o top_users
 *   ./top_users discussion.txt [N]
 *
 * (a static-only install: pkg-config --static --cflags --libs threadgraph) */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <threadgraph/threadgraph.h>

typedef struct ranked {
    int32_t user;
    long replies;
} ranked;

static int by_replies(const void *x, const void *y)
{
    const ranked *a = x, *b = y;

    if (a->replies != b->replies)
        return a->replies > b->replies ? -1 : 1;
    return a->user < b->user ? -1 : a->user > b->user;
}

int main(int argc, char **argv)
{
    char db[] = "/tmp/top_users-XXXXXX";
    tg_store_t *store = NULL;
    tg_import_report_t report;
    tg_dataset_t ds;
    tg_analysis_t an;
    tg_analysis_options_t opt;
    tg_error_t err;
    ranked *r = NULL;
    size_t i, n = 0, top = argc > 2 ? (size_t)atol(argv[2]) : 5;
    int fd, status = 1;

    if (argc < 2) {
        fprintf(stderr, "usage: top_users FILE [N]\n");
        return 2;
    }
    tg_error_clear(&err);
    tg_import_report_init(&report);
    tg_dataset_init(&ds);
    tg_analysis_init(&an);
    tg_analysis_options_init(&opt);
    if ((fd = mkstemp(db)) < 0) {
        perror("mkstemp");
        return 1;
    }
    close(fd);
    unlink(db);
    if (tg_store_open(db, TG_STORE_CREATE, &store, &err) ||
        tg_import_file(store, argv[1], NULL, &report, &err) ||
        tg_store_load(store, TG_LOAD_IDS, &ds, &err) || tg_analyze(&ds, &opt, &an, &err)) {
        fprintf(stderr, "top_users: %s\n", err.message);
        goto out;
    }
    printf("%s: %ld comments in %ld threads (%s, threadgraph %s)\n", argv[1], report.comments,
           report.threads, report.format, tg_version());
    if (!(r = calloc(ds.nusers ? ds.nusers : 1, sizeof *r)))
        goto out;
    for (i = 0; i < ds.nusers; i++)
        if (an.users[i].in_network) {
            r[n].user = (int32_t)i;
            r[n].replies = an.users[i].replies_received;
            n++;
        }
    qsort(r, n, sizeof *r, by_replies);
    for (i = 0; i < n && i < top; i++)
        printf("%2zu. %-30s %4ld replies received, pagerank %.4f\n", i + 1,
               ds.user_name[r[i].user], r[i].replies, an.users[r[i].user].pagerank);
    status = 0;
out:
    free(r);
    tg_analysis_destroy(&an);
    tg_dataset_destroy(&ds);
    tg_import_report_destroy(&report);
    tg_store_close(store);
    unlink(db);
    return status;
}
