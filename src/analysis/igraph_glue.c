/* igraph_glue.c - igraph's error and warning handlers.
 *
 * igraph's default error handler aborts the process and its warning handler
 * prints; a library must do neither.  The handlers below keep the last
 * reason so that the calling function can turn a failure into a tg_error_t
 * (tg_igraph_error), and free igraph's FINALLY stack as igraph requires.
 * The public entry points of the analysis install them on entry and put the
 * caller's handlers back on return (tg_igraph_enter, tg_igraph_leave). */
#include <igraph.h>
#include <stdio.h>
#include <string.h>

#include "analysis_internal.h"

static char last_error[512];
static char last_warning[512];

static void on_error(const char *reason, const char *file, int line, igraph_error_t code)
{
    (void)file;
    (void)line;
    snprintf(last_error, sizeof last_error, "%s (%s)", reason ? reason : "igraph error",
             igraph_strerror(code));
    IGRAPH_FINALLY_FREE();
}

static void on_warning(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    snprintf(last_warning, sizeof last_warning, "%s", reason ? reason : "");
}

void tg_igraph_setup(void)
{
    igraph_set_error_handler(on_error);
    igraph_set_warning_handler(on_warning);
}

void tg_igraph_enter(tg_igraph_handlers *saved)
{
    saved->error = igraph_set_error_handler(on_error);
    saved->warning = igraph_set_warning_handler(on_warning);
}

void tg_igraph_leave(const tg_igraph_handlers *saved)
{
    igraph_set_error_handler(saved->error);
    igraph_set_warning_handler(saved->warning);
}

tg_status_t tg_igraph_error(tg_error_t *err, igraph_error_t code, const char *what)
{
    if (code == IGRAPH_ENOMEM)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory in %s", what);
    return tg_error_set(err, TG_ERR_GRAPH, "%s failed: %s", what,
                        last_error[0] ? last_error : igraph_strerror(code));
}

const char *tg_igraph_last_warning(void)
{
    return last_warning;
}
