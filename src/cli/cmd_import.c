/* cmd_import.c - `threadgraph import`: files (or ConvoKit corpus
 * directories) into the database, one transaction each, with a summary per
 * file on stderr. */
#include <stdlib.h>
#include <unistd.h>

#include "cli_internal.h"

static int run(cli *c, int argc, char **argv)
{
    cli_settings s;
    char **files = NULL;
    int nfiles = 0, help = 0, rc, existed;
    tg_store_t *store = NULL;
    tg_error_t err;
    long imported = 0;

    cli_settings_init(&s, &cmd_import);
    rc = cli_parse(c, &cmd_import, argc, argv, cli_settings_option, &s, &files, &nfiles, &help);
    if (rc || help)
        goto out;
    if (nfiles == 0) {
        rc = cli_usage_error(c, &cmd_import, "no file to import");
        goto out;
    }
    if ((rc = cli_people_read(c, &s)))
        goto out;
    tg_error_clear(&err);
    existed = access(s.db, F_OK) == 0;
    if (tg_store_open(s.db, TG_STORE_CREATE, &store, &err)) {
        rc = cli_report_error(c, &err);
        goto out;
    }
    rc = cli_import_files(c, store, files, nfiles, &s, &imported);
    if (!rc)
        rc = cli_people_store(c, store, &s);
    tg_store_close(store);
    /* a database this command created for nothing is removed again */
    if (rc && !existed && imported == 0)
        unlink(s.db);
out:
    free(files);
    cli_settings_release(&s);
    return rc;
}

const cli_command cmd_import = {
    "import",
    "Import comment files into the database (one transaction per file).",
    "[--db PATH] [--format FORMAT] [--map FIELD=NAME,...] [--reply-model chain|root] [--title T]"
    " [--strict] [--roster FILE] [--teacher NAME] [--tz ZONE] FILE...",
    { cli_db_options, cli_import_options, cli_people_options, cli_tz_options, cli_timing_options,
      NULL },
    run,
};
