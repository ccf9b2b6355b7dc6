/* threadgraph.h - the whole public interface of libthreadgraph.
 *
 * Data flows one way: import (importers -> record sink) -> store (SQLite)
 * -> analysis (igraph) -> report and render -> the CLI.  Every public name
 * starts with tg_ / TG_. */
#ifndef THREADGRAPH_H
#define THREADGRAPH_H

#include "threadgraph/error.h"
#include "threadgraph/record.h"
#include "threadgraph/results.h"
#include "threadgraph/store.h"
#include "threadgraph/import.h"
#include "threadgraph/analysis.h"
#include "threadgraph/report.h"
#include "threadgraph/render.h"
#include "threadgraph/pipeline.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TG_VERSION "0.1.0"

/* The library's version string, e.g. "0.1.0". */
const char *tg_version(void);

/* Install igraph error and warning handlers that record instead of printing
 * or aborting.  Called by every library function that uses igraph; safe to
 * call more than once. */
void tg_igraph_setup(void);

/* The whole command-line tool: main() is one call to this, so that the CLI
 * can be tested in-process.  Returns the exit status. */
int tg_cli_main(int argc, char **argv, FILE *out, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
