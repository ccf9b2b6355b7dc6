/* timezone.h - named time zones of the system's tz database
 * (/usr/share/zoneinfo, or $TZDIR): checked, and used to read local times
 * (Moodle's human-readable dates) and to show times on the charts.  UTC is
 * the default everywhere; CSV and JSON keep UTC. */
#ifndef THREADGRAPH_TIMEZONE_H
#define THREADGRAPH_TIMEZONE_H

#include <stdint.h>

#include "threadgraph/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Is name a zone of the tz database ("Europe/Berlin", "UTC")?  TG_ERR_USAGE
 * naming it when not. */
tg_status_t tg_tz_check(const char *name, tg_error_t *err);
/* Seconds east of UTC in zone name at the UTC time t (0 for NULL or UTC). */
int64_t tg_tz_offset(const char *name, int64_t t);
/* The UTC time of a wall-clock time in zone name (NULL: UTC); a time a
 * clock change skips is read as standard time, a repeated one as its first
 * occurrence.  0 on success, -1 for an invalid date. */
int tg_tz_to_utc(const char *name, int year, int month, int day, int hour, int minute,
                 int second, int64_t *out);

#ifdef __cplusplus
}
#endif
#endif
