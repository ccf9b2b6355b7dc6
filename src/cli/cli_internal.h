/* cli_internal.h - what the command files share: the output streams, the
 * option parser and error printing.  The CLI uses only the library's public
 * interface. */
#ifndef TG_CLI_INTERNAL_H
#define TG_CLI_INTERNAL_H

#include <stdio.h>

#include "threadgraph/threadgraph.h"

#define EXIT_USAGE 2
#define EXIT_DATAERR 65

typedef struct cli {
    FILE *out;
    FILE *err;
} cli;

/* One option of a command.  arg is the value's name, or NULL for a flag. */
typedef struct cli_option {
    const char *name;      /* long name without "--" */
    char short_name;       /* or 0 */
    const char *arg;
    int id;
    const char *help;
} cli_option;

/* A command: its usage line and options, and the function that runs it. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;     /* after "threadgraph NAME " */
    const cli_option *options; /* ends with a zero entry */
    int (*run)(cli *c, int argc, char **argv);
} cli_command;

/* Called for each option found; return 0, or -1 after cli_usage_error(). */
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
int cli_exit_status(tg_status_t code);
/* Parse a whole non-negative integer; -1 when it is not one. */
long cli_parse_count(const char *s);

extern const cli_command cmd_import;
extern const cli_command cmd_stats;

#endif
