/* version.c - the library version. */
#include <stdio.h>

#include "threadgraph/version.h"

const char *tg_version(void)
{
    return TG_VERSION;
}
