/* cli_internal.h - what the command files share: the output streams, the
 * option parser and error printing.  The CLI uses only the library's public
 * interface. */
#ifndef TG_CLI_INTERNAL_H
#define TG_CLI_INTERNAL_H

#include <stdio.h>

#include "threadgraph/threadgraph.h"
#include "threadgraph/people.h"
#include "threadgraph/timezone.h"
#include "cli.h"

#define EXIT_USAGE 2
#define EXIT_DATAERR 65

typedef struct cli {
    FILE *out;
    FILE *err;
    int timing;            /* --timing: print each phase's wall time */
    char phase[64];        /* the phase running, for --timing */
    double phase_start;
    double phase_cpu;      /* CPU seconds at the phase's start */
} cli;

/* One option of a command.  arg is the value's name, or NULL for a flag. */
/* In a help text, CLI_FORMAT_NAMES stands for the importers' names, which
 * the help printer fills in from tg_formats(): a new format needs no change
 * here. */
#define CLI_FORMAT_NAMES "\001formats"

typedef struct cli_option {
    const char *name;      /* long name without "--" */
    char short_name;       /* or 0 */
    const char *arg;
    int id;
    const char *help;
} cli_option;

#define CLI_MAX_GROUPS 12

/* A command: its usage line and options, and the function that runs it.
 * Options come in groups shared between commands (groups.c). */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;     /* after "threadgraph NAME " */
    const cli_option *options[CLI_MAX_GROUPS]; /* tables ending with a zero entry; NULL ends */
    int (*run)(cli *c, int argc, char **argv);
} cli_command;

/* Called for each option found; return 0, -1 after cli_usage_error(), or
 * an exit status (1 after cli_nomem()). */
typedef int (*cli_option_fn)(cli *c, void *ctx, int id, const char *value);

/* Parse argv[1..argc) (argv[0] is the command name).  Options may come
 * before or after operands; "--" ends them.  "--help" prints the command's
 * help and sets *help.  Operands are gathered into *pos (argv's own
 * pointers; free the array).  Returns 0, or EXIT_USAGE after a message. */
int cli_parse(cli *c, const cli_command *cmd, int argc, char **argv, cli_option_fn fn,
              void *ctx, char ***pos, int *npos, int *help);
void cli_command_help(cli *c, const cli_command *cmd);
/* Print "threadgraph: message" and a hint; returns EXIT_USAGE. */
int cli_usage_error(cli *c, const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Print a library error as "threadgraph: FILE:LINE: message"; returns the
 * exit status for its code. */
int cli_report_error(cli *c, const tg_error_t *err);
/* The same with a hint for the user appended to the message: the library's
 * messages name no command or option, the CLI adds them. */
int cli_report_error_hint(cli *c, const tg_error_t *err, const char *hint);
int cli_exit_status(tg_status_t code);
/* Print "threadgraph: out of memory"; returns 1. */
int cli_nomem(cli *c);
/* Parse a whole non-negative integer; -1 when it is not one. */
long cli_parse_count(const char *s);
/* "1048576", "64M", "64MiB", "64 MB", "2G", "512k": bytes (K, M, G, T are
 * powers of 1024, with or without "iB" or "B").  0 ok, -1 not a size or
 * too large. */
int cli_parse_size(const char *s, size_t *out);

/* ---- option groups shared by commands (groups.c) ---- */
enum {
    OPT_DB = 1, OPT_OUT, OPT_JSON,
    OPT_ANONYMOUS = 100, OPT_FOOTER, OPT_FORMAT, OPT_REPLY_MODEL, OPT_STRICT, OPT_TIMING, OPT_TITLE,
    OPT_MAP, OPT_MAX_RECORD_SIZE,
    OPT_BETWEENNESS = 200, OPT_BC_SAMPLES, OPT_SEED,
    OPT_TOP = 300, OPT_NO_FORMULA_GUARD,
    OPT_ROSTER = 500, OPT_TEACHER, OPT_EXCLUDE_TEACHERS, OPT_POST_REPLIES_AS_EDGES,
    OPT_PSEUDONYMIZE, OPT_KEY, OPT_KEEP_LOCATIONS, OPT_TZ, OPT_THREAD
};

extern const cli_option cli_db_options[];
extern const cli_option cli_out_options[];
extern const cli_option cli_import_options[];
extern const cli_option cli_analysis_options[];
extern const cli_option cli_report_options[];
extern const cli_option cli_timing_options[];
extern const cli_option cli_people_options[];   /* --roster, --teacher */
extern const cli_option cli_privacy_options[];  /* --keep-locations, --key, --pseudonymize */
extern const cli_option cli_tz_options[];       /* --tz */
extern const cli_option cli_thread_options[];   /* --thread (report) */

/* Everything the shared options set. */
typedef struct cli_settings {
    const cli_command *cmd;   /* for usage messages */
    const char *db;
    int db_given;             /* --db was given */
    const char *out;
    int json;
    tg_import_options_t import;
    const char **footers;     /* owned array, NULL-terminated */
    size_t nfooters;
    const char **anonymous;   /* owned array: the defaults and --anonymous */
    size_t nanonymous;
    const char **maps;        /* owned array: the --map specs */
    size_t nmaps;
    int timing;
    tg_analysis_options_t analysis;
    tg_report_options_t report;
    /* the people of a class forum (people.c) */
    const char *roster;       /* --roster FILE */
    const char **teachers;    /* owned array: --teacher names */
    size_t nteachers;
    tg_people_t people;       /* read by cli_people_read */
    int pseudonymize;
    const char *key;          /* --key FILE, or NULL */
    tg_key_t keyfile;         /* read by cli_people_read */
    int key_missing;          /* --key FILE does not exist yet */
    int keep_locations;
    const char *tz;           /* --tz ZONE, or NULL (UTC) */
    const char *thread;       /* --thread ID, or NULL */
} cli_settings;

void cli_settings_init(cli_settings *s, const cli_command *cmd);
void cli_settings_release(cli_settings *s);
/* The option callback for every shared option (ctx is a cli_settings). */
int cli_settings_option(cli *c, void *ctx, int id, const char *value);

/* Import files into an open store, printing each file's report on stderr;
 * stops at the first file that fails.  Returns the exit status; *imported
 * counts the files that changed the database. */
int cli_import_files(cli *c, tg_store_t *store, char **files, int nfiles, const cli_settings *s,
                     long *imported);
/* One file's import report on stderr (and its timing with --timing). */
void cli_print_import(cli *c, const tg_import_report_t *report);
/* The error of a file that failed to import, and that it was not imported. */
void cli_import_failed(cli *c, const char *path, const tg_error_t *err);
/* A progress callback (ctx: the cli) that prints on stderr when it is a
 * terminal, and starts a new phase for --timing at 0%. */
void cli_progress(const char *what, double percent, void *ctx);
/* Start a named phase (NULL or "": end the last); with --timing the
 * previous phase's wall time is printed. */
void cli_phase(cli *c, const char *what);

/* ---- people (people.c) ---- */
/* Read --roster and --key before anything is changed: a bad file is an
 * error naming it, and the database stays as it was.  Returns the exit
 * status. */
int cli_people_read(cli *c, cli_settings *s);
/* Store the --roster and --teacher people in the open store; a --teacher
 * that names nobody is a warning listing near matches.  Returns the exit
 * status. */
int cli_people_store(cli *c, tg_store_t *store, const cli_settings *s);
/* The warnings of storing people: each --teacher that names nobody, with
 * the names of the database at db_path that look like it, and the roster
 * people who never posted. */
void cli_people_warnings(cli *c, const char *db_path, const tg_people_result_t *res);
/* With --pseudonymize: give every person of the (writable) store a
 * pseudonym and write the key (key_path: --key, or a default, or NULL). */
int cli_people_pseudonyms(cli *c, tg_store_t *store, const cli_settings *s, const char *key_path);
/* The views the options ask for on a loaded dataset: --pseudonymize
 * (--keep-locations), and --thread (only when restrict_thread). */
int cli_people_view(cli *c, tg_dataset_t *ds, const cli_settings *s, int restrict_thread);
/* The same for an analysis loaded before the view: no location flows when
 * the locations are hidden. */
void cli_people_view_analysis(const tg_dataset_t *ds, tg_analysis_t *a, const cli_settings *s);
/* Where `run` keeps the database and the key: DIR/threadgraph.db, or with
 * --pseudonymize DIR.private/threadgraph.db and DIR.private/key.csv (the
 * folder made with mode 0700), unless --db (db_given) and --key name other
 * places.  *db and *key are new strings or NULL (then the option's path
 * is meant).  Returns the exit status. */
int cli_people_run_paths(cli *c, const cli_settings *s, const char *out, int db_given,
                         char **db, char **key);

/* Write report.html to path for a loaded dataset (its views applied) and
 * its analysis, naming the store's imported files; --pseudonymize,
 * --keep-locations, --post-replies-as-edges and --tz from s.  Prints the
 * error; returns the exit status. */
int cli_write_page(cli *c, tg_store_t *store, const tg_dataset_t *ds, const tg_analysis_t *a,
                   const cli_settings *s, const char *path);

extern const cli_command cmd_analyze;
extern const cli_command cmd_import;
extern const cli_command cmd_render;
extern const cli_command cmd_report;
extern const cli_command cmd_run;
extern const cli_command cmd_stats;
extern const cli_command cmd_export;
extern const cli_command cmd_compare;

#endif
