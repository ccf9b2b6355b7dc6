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

#include "threadgraph/version.h"

#endif
