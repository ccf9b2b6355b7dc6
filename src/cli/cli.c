/* cli.c - the command table and dispatch.  A new command is one
 * cmd_<name>.c and one entry below. */
#include <string.h>

#include "cli_internal.h"

static const cli_command *const commands[] = {
    &cmd_run,
    &cmd_import,
    &cmd_analyze,
    &cmd_report,
    &cmd_render,
    &cmd_stats,
    &cmd_export,
    &cmd_compare,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void main_help(cli *c)
{
    size_t i;

    fprintf(c->out,
            "usage: threadgraph [--version] [--help] COMMAND [ARGS]\n\n"
            "Conversation-graph analytics: import comment threads, find who replies to whom.\n\n"
            "commands:\n");
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(c->out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(c->out, "\nSee 'threadgraph COMMAND --help' for a command's options.\n");
}

int tg_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    cli c;
    size_t i;

    memset(&c, 0, sizeof c);
    c.out = out;
    c.err = err;
    if (argc < 2) {
        main_help(&c);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && strcmp(argv[1], "help") == 0)
            for (i = 0; i < NCOMMANDS; i++)
                if (strcmp(commands[i]->name, argv[2]) == 0) {
                    cli_command_help(&c, commands[i]);
                    return 0;
                }
        main_help(&c);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        fprintf(out, "threadgraph %s\n", tg_version());
        fprintf(out, "igraph %s\nSQLite %s\ncairo %s\npango %s\nlibxml2 %s\nyajl %s\n",
                tg_analysis_igraph_version(), tg_store_sqlite_version(),
                tg_render_cairo_version(), tg_render_pango_version(),
                tg_report_libxml2_version(), tg_report_yajl_version());
        return 0;
    }
    for (i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, argv[1]) == 0)
            return commands[i]->run(&c, argc - 1, argv + 1);
    fprintf(err, "threadgraph: '%s' is not a command (see 'threadgraph --help')\n", argv[1]);
    return EXIT_USAGE;
}
