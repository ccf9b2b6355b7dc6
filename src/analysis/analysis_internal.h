/* analysis_internal.h - igraph glue shared by the analysis files. */
#ifndef TG_ANALYSIS_INTERNAL_H
#define TG_ANALYSIS_INTERNAL_H

#include <igraph.h>

#include "threadgraph/threadgraph.h"

/* Turn a failed igraph call into a threadgraph error naming what failed. */
tg_status_t tg_igraph_error(tg_error_t *err, igraph_error_t code, const char *what);
/* The last warning igraph gave, or "". */
const char *tg_igraph_last_warning(void);

#endif
