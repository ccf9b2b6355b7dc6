/* cli.h - the threadgraph command-line tool as one call, so that main() is
 * one line and the whole CLI can be tested and fuzzed in-process. */
#ifndef TG_CLI_H
#define TG_CLI_H

#include <stdio.h>

/* Run the tool with argv, writing to out and err; returns the exit status
 * (0 ok, 1 failure, 2 usage, 65 bad input data). */
int tg_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
