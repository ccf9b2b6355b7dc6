/* fault.h - the fault-injection sweep's counting allocators (fault_alloc.c). */
#ifndef TG_FAULT_H
#define TG_FAULT_H

#include <stdio.h>

/* Run instead of failing the chosen allocation (the deleted database). */
typedef void (*fault_hook)(void);

typedef struct {
    long own, sqlite, yajl, xml; /* blocks not yet freed */
} fault_counts;

/* Route SQLite's, yajl's and libxml2's allocations here; before anything
 * else uses them.  0 on success. */
int fault_install(void);
/* Start counting; allocation number at (1-based; 0: none) fails, or runs h. */
void fault_arm(long at, fault_hook h);
/* The same, counting only the allocations made while the exported function
 * fn is on the stack (the regressions of docs/reliability.md). */
int fault_arm_within(const char *fn, long at, fault_hook h);
/* Count (and fail) the allocations of the thread that arms the count (0,
 * the default) or those of every other thread (1) from the next fault_arm. */
void fault_count_threads(int others);
/* Stop counting; returns how many allocations were counted. */
long fault_disarm(int *was_injected);
void fault_live(fault_counts *c);
/* Drop the list of the library's blocks still held, printing a few. */
void fault_forget_all(FILE *report);

#endif
