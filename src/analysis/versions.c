/* versions.c - the version of the igraph library in use (for --version and
 * summary.json's record of the analysis). */
#include <igraph.h>

#include "threadgraph/analysis.h"

const char *tg_analysis_igraph_version(void)
{
    const char *s = NULL;

    igraph_version(&s, NULL, NULL, NULL);
    return s ? s : IGRAPH_VERSION;
}
