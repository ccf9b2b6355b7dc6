/* people.c - what the commands share for the people of a class forum:
 * reading --roster and --key before anything changes, storing roles,
 * giving pseudonyms and writing the key, and the views (--pseudonymize,
 * --thread) every report and chart is written from. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_internal.h"

int cli_people_read(cli *c, cli_settings *s)
{
    tg_error_t err;
    size_t i;

    tg_error_clear(&err);
    if (s->key && !s->pseudonymize)
        return cli_usage_error(c, s->cmd, "--key goes with --pseudonymize");
    if (s->keep_locations && !s->pseudonymize)
        return cli_usage_error(c, s->cmd, "--keep-locations goes with --pseudonymize");
    if (s->roster && tg_roster_read(s->roster, &s->people, &err))
        return cli_report_error(c, &err);
    for (i = 0; i < s->nteachers; i++) {
        size_t k;
        int dup = 0;

        /* --teacher overrides the roster's role */
        for (k = 0; k < s->people.n; k++)
            if (strcmp(s->people.v[k].name, s->teachers[i]) == 0) {
                s->people.v[k].role = TG_ROLE_TEACHER;
                dup = 1;
            }
        if (!dup && tg_people_add(&s->people, s->teachers[i], TG_ROLE_TEACHER, NULL, 0, &err))
            return cli_report_error(c, &err);
    }
    if (s->key) {
        tg_error_clear(&err);
        if (tg_key_read(s->key, &s->keyfile, &s->key_missing, &err) && !s->key_missing)
            return cli_report_error(c, &err);
    }
    return 0;
}

int cli_people_store(cli *c, tg_store_t *store, const cli_settings *s)
{
    tg_people_result_t res;
    tg_error_t err;
    size_t i, k;

    if (!s->people.n)
        return 0;
    tg_error_clear(&err);
    if (tg_store_set_people(store, &s->people, &res, &err))
        return cli_report_error(c, &err);
    for (i = 0; i < res.nunknown; i++) {
        char **near = NULL;
        size_t nn = 0;

        fprintf(c->err, "threadgraph: warning: --teacher '%s' names nobody in the database",
                res.unknown[i]);
        if (tg_store_near_names(store, res.unknown[i], 5, &near, &nn, NULL) == TG_OK && nn) {
            fputs("; did you mean ", c->err);
            for (k = 0; k < nn; k++)
                fprintf(c->err, "%s'%s'", k == 0 ? "" : k + 1 == nn ? " or " : ", ", near[k]);
            fputs("?", c->err);
        }
        fputc('\n', c->err);
        for (k = 0; k < nn; k++)
            free(near[k]);
        free(near);
    }
    if (res.added)
        fprintf(c->err, "roster: %zu %s never posted (listed with zeros)\n", res.added,
                res.added == 1 ? "person" : "people");
    tg_people_result_destroy(&res);
    return 0;
}

int cli_people_pseudonyms(cli *c, tg_store_t *store, const cli_settings *s, const char *key_path)
{
    tg_error_t err;
    size_t assigned = 0;

    if (!s->pseudonymize)
        return 0;
    tg_error_clear(&err);
    if (tg_store_assign_pseudonyms(store, s->keyfile.n ? &s->keyfile : NULL, &assigned, &err))
        return cli_report_error(c, &err);
    if (key_path) {
        if (tg_key_write(store, key_path, &err))
            return cli_report_error(c, &err);
        fprintf(c->err, "pseudonyms: %zu new; key in %s\n", assigned, key_path);
    } else if (assigned) {
        fprintf(c->err, "pseudonyms: %zu new, stored in the database (no key file: --key FILE "
                        "writes one)\n", assigned);
    }
    return 0;
}

int cli_people_view(cli *c, tg_dataset_t *ds, const cli_settings *s, int restrict_thread)
{
    tg_error_t err;

    tg_error_clear(&err);
    if (restrict_thread && s->thread) {
        int32_t t;

        if (tg_render_find_thread(ds, s->thread, &t, &err) ||
            tg_dataset_keep_thread(ds, t, &err))
            return cli_report_error(c, &err);
    }
    if (s->pseudonymize &&
        tg_dataset_pseudonymize(ds, s->keep_locations ? TG_VIEW_KEEP_LOCATIONS : 0, &err))
        return cli_report_error(c, &err);
    return 0;
}

void cli_people_view_analysis(const tg_dataset_t *ds, tg_analysis_t *a, const cli_settings *s)
{
    if (s->pseudonymize && !s->keep_locations && ds->nlocations == 0)
        a->nflows = 0;
}

int cli_people_run_paths(cli *c, const cli_settings *s, const char *out, int db_given,
                         char **db, char **key)
{
    size_t n = strlen(out) + sizeof ".private/threadgraph.db";
    char *dir = NULL;
    struct stat st;

    *db = *key = NULL;
    if (!s->pseudonymize) {
        if (!db_given && (*db = malloc(n)))
            snprintf(*db, n, "%s/threadgraph.db", out);
        return db_given || *db ? 0 : 1;
    }
    /* the database, its journal and the key hold real names: beside DIR,
     * in DIR.private (0700), unless --db and --key name other places */
    if (!db_given || !s->key) {
        if (!(dir = malloc(n)))
            return 1;
        snprintf(dir, n, "%s.private", out);
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            fprintf(c->err, "threadgraph: cannot create '%s': %s\n", dir, strerror(errno));
            free(dir);
            return 1;
        }
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || chmod(dir, 0700) != 0) {
            fprintf(c->err, "threadgraph: '%s' is not a private folder\n", dir);
            free(dir);
            return 1;
        }
    }
    if (!db_given && !(*db = malloc(n)))
        goto nomem;
    if (*db)
        snprintf(*db, n, "%s/threadgraph.db", dir);
    if (!s->key) {
        if (!(*key = malloc(n)))
            goto nomem;
        snprintf(*key, n, "%s/key.csv", dir);
    }
    free(dir);
    return 0;
nomem:
    free(dir);
    free(*db);
    *db = NULL;
    return 1;
}
