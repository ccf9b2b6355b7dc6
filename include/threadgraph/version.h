/* version.h - the version of libthreadgraph. */
#ifndef THREADGRAPH_VERSION_H
#define THREADGRAPH_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define TG_VERSION "0.1.0"

/* The library's version string, e.g. "0.1.0" (static; thread-safe). */
const char *tg_version(void);

#ifdef __cplusplus
}
#endif
#endif
