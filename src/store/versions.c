/* versions.c - the version of the SQLite library in use (for --version and
 * summary.json's record of the analysis). */
#include <sqlite3.h>

#include "threadgraph/store.h"

const char *tg_store_sqlite_version(void)
{
    return sqlite3_libversion();
}
