/* main.c - the threadgraph program: all of it is in the library. */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
    return tg_cli_main(argc, argv, stdout, stderr);
}
