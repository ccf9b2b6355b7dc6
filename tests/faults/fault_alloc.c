/* fault_alloc.c - counting allocators for the fault-injection sweep.
 *
 * The sweep's executable is linked with -Wl,--wrap=malloc,... so that every
 * allocation the library's own objects make comes here (__wrap_malloc and
 * friends); SQLite's come through sqlite3_config(SQLITE_CONFIG_MALLOC),
 * yajl's through tg_yajl_set_alloc_funcs and libxml2's through xmlMemSetup.
 * While counting is on, each allocation advances one counter, and the one
 * whose number is fault_at fails (returns NULL, as an exhausted heap does).
 * Every block handed out while counting is remembered until it is freed, so
 * that a run's leaks can be listed without a sanitizer. */
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elf.h>
#include <link.h>
#include <libxml/xmlmemory.h>
#include <sqlite3.h>

#include "core_internal.h"
#include "fault.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **s, const char *fmt, va_list ap);
void *__real_aligned_alloc(size_t al, size_t n);
FILE *__real_open_memstream(char **p, size_t *n);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_tmpfile(void);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_vasprintf(char **s, const char *fmt, va_list ap);
int __wrap_asprintf(char **s, const char *fmt, ...);
void *__wrap_aligned_alloc(size_t al, size_t n);
FILE *__wrap_open_memstream(char **p, size_t *n);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_tmpfile(void);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counting;
static long fault_at;     /* 0: none */
static long count;        /* allocations counted since fault_arm */
static int injected;
static fault_hook hook;   /* called instead of failing, when set */
static const char *within; /* count only allocations made inside this function */
static uintptr_t within_lo, within_hi; /* its code */
/* Whose allocations are counted: the thread that armed the count, or every
 * other thread (the import's writer thread).  Each thread's own sequence of
 * allocations is the same from run to run, but how two threads' sequences
 * interleave is not, so one count over both made allocation N a different
 * allocation from run to run. */
static pthread_t armer;
static int count_others;

/* Is the function `within` on the stack?  (The executable exports its
 * symbols; static functions cannot be named.) */
static int inside(void)
{
    void *frames[64];
    int n = backtrace(frames, 64), i;

    for (i = 0; i < n; i++)
        if ((uintptr_t)frames[i] >= within_lo && (uintptr_t)frames[i] < within_hi)
            return 1;
    return 0;
}

/* Blocks of the library's own allocations handed out while counting. */
#define SLOTS (1u << 16)
typedef struct node {
    void *p;
    size_t size;
    struct node *next;
    long *live;        /* the count it is in */
    int nframes;       /* FAULT_TRACE=1: where it was allocated */
    void *frames[12];
} node;
static int trace = -1;
static node *table[SLOTS];
static long live_own;

/* SQLite's, yajl's and libxml2's blocks carry a 16-byte header. */
static long live_sqlite, live_yajl, live_xml;

static unsigned slot_of(const void *p)
{
    uintptr_t v = (uintptr_t)p >> 4;

    return (unsigned)((v ^ (v >> 16)) & (SLOTS - 1));
}

/* One more allocation: 1 when it is to fail (or to run the hook). */
static int tick(void)
{
    int fire = 0;
    fault_hook h = NULL;

    if (!__atomic_load_n(&counting, __ATOMIC_RELAXED))
        return 0;
    if ((pthread_equal(pthread_self(), armer) != 0) == count_others)
        return 0;
    if (within && !inside())
        return 0;
    pthread_mutex_lock(&lock);
    if (counting) {
        count++;
        if (fault_at && count == fault_at) {
            injected = 1;
            if (hook)
                h = hook;
            else
                fire = 1;
        }
    }
    pthread_mutex_unlock(&lock);
    if ((fire || h) && getenv("FAULT_BT")) {
        /* FAULT_BT=1: show where the chosen allocation is made */
        void *frames[24];
        int n = backtrace(frames, 24);

        backtrace_symbols_fd(frames, n, 2);
    }
    if (h)
        h();
    return fire;
}

static void remember_in(void *p, size_t size, long *live)
{
    node *n;

    if (!p)
        return;
    pthread_mutex_lock(&lock);
    if (counting) {
        n = __real_malloc(sizeof *n);
        if (n) {
            n->p = p;
            n->size = size;
            n->live = live;
            n->nframes = 0;
            if (trace < 0)
                trace = getenv("FAULT_TRACE") != NULL;
            if (trace)
                n->nframes = backtrace(n->frames, 12);
            n->next = table[slot_of(p)];
            table[slot_of(p)] = n;
            if (live == &live_own)
                live_own++;
        }
    }
    pthread_mutex_unlock(&lock);
}

static void remember(void *p, size_t size)
{
    remember_in(p, size, &live_own);
}

static void forget(void *p)
{
    node **pp, *n;

    if (!p)
        return;
    pthread_mutex_lock(&lock);
    for (pp = &table[slot_of(p)]; (n = *pp); pp = &n->next)
        if (n->p == p) {
            *pp = n->next;
            if (n->live == &live_own)
                live_own--;
            __real_free(n);
            break;
        }
    pthread_mutex_unlock(&lock);
}

void *__wrap_malloc(size_t n)
{
    void *p;

    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    p = __real_malloc(n);
    remember(p, n);
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    void *p;

    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    p = __real_calloc(n, m);
    remember(p, n * m);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;

    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    q = __real_realloc(p, n);
    if (q || n == 0) {
        forget(p);
        remember(q, n);
    }
    return q;
}

void __wrap_free(void *p)
{
    forget(p);
    __real_free(p);
}

char *__wrap_strdup(const char *s)
{
    char *p;

    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    p = __real_strdup(s);
    remember(p, strlen(s) + 1);
    return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
    char *p;

    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    p = __real_strndup(s, n);
    remember(p, p ? strlen(p) + 1 : 0);
    return p;
}

int __wrap_vasprintf(char **s, const char *fmt, va_list ap)
{
    int rc;

    if (tick()) {
        errno = ENOMEM;
        return -1;
    }
    rc = __real_vasprintf(s, fmt, ap);
    if (rc >= 0)
        remember(*s, (size_t)rc + 1);
    return rc;
}

int __wrap_asprintf(char **s, const char *fmt, ...)
{
    va_list ap;
    int rc;

    if (tick()) {
        errno = ENOMEM;
        return -1;
    }
    va_start(ap, fmt);
    rc = __real_vasprintf(s, fmt, ap);
    va_end(ap);
    if (rc >= 0)
        remember(*s, (size_t)rc + 1);
    return rc;
}

void *__wrap_aligned_alloc(size_t al, size_t n)
{
    void *p;

    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    p = __real_aligned_alloc(al, n);
    remember(p, n);
    return p;
}

/* The C library allocates the stream and its buffer: counted, not listed. */
FILE *__wrap_open_memstream(char **p, size_t *n)
{
    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_open_memstream(p, n);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_fopen(path, mode);
}

FILE *__wrap_tmpfile(void)
{
    if (tick()) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_tmpfile();
}

/* ---- blocks with a size header: SQLite, yajl, libxml2 ---- */

#define HDR 16

static void *hdr_alloc(size_t n, long *live)
{
    unsigned char *b;

    if (tick())
        return NULL;
    b = __real_malloc(n + HDR);
    if (!b)
        return NULL;
    memcpy(b, &n, sizeof n);
    __atomic_add_fetch(live, 1, __ATOMIC_RELAXED);
    return b + HDR;
}

static void hdr_free(void *p, long *live)
{
    if (!p)
        return;
    __atomic_sub_fetch(live, 1, __ATOMIC_RELAXED);
    __real_free((unsigned char *)p - HDR);
}

static size_t hdr_size(void *p)
{
    size_t n;

    if (!p)
        return 0;
    memcpy(&n, (unsigned char *)p - HDR, sizeof n);
    return n;
}

static void *hdr_realloc(void *p, size_t n, long *live)
{
    unsigned char *b;

    if (!p)
        return hdr_alloc(n, live);
    if (tick())
        return NULL;
    b = __real_realloc((unsigned char *)p - HDR, n + HDR);
    if (!b)
        return NULL;
    memcpy(b, &n, sizeof n);
    return b + HDR;
}

static void *sq_malloc(int n)
{
    return hdr_alloc((size_t)n, &live_sqlite);
}
static void sq_free(void *p)
{
    hdr_free(p, &live_sqlite);
}
static void *sq_realloc(void *p, int n)
{
    return hdr_realloc(p, (size_t)n, &live_sqlite);
}
static int sq_size(void *p)
{
    return (int)hdr_size(p);
}
static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}
static int sq_init(void *unused)
{
    return SQLITE_OK;
}
static void sq_shutdown(void *unused)
{
}

static void *yj_malloc(void *ctx, size_t n)
{
    return hdr_alloc(n, &live_yajl);
}
static void *yj_realloc(void *ctx, void *p, size_t n)
{
    return hdr_realloc(p, n, &live_yajl);
}
static void yj_free(void *ctx, void *p)
{
    hdr_free(p, &live_yajl);
}

/* libxml2's blocks are also listed (in their own count). */
static void *xm_malloc(size_t n)
{
    void *p = hdr_alloc(n, &live_xml);

    remember_in(p, n, &live_xml);
    return p;
}
static void *xm_realloc(void *p, size_t n)
{
    void *q = hdr_realloc(p, n, &live_xml);

    if (q) {
        forget(p);
        remember_in(q, n, &live_xml);
    }
    return q;
}
static void xm_free(void *p)
{
    forget(p);
    hdr_free(p, &live_xml);
}
static char *xm_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xm_malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

/* libxml2 seeds the hash of every dictionary and hash table with rand_r,
 * its seed taken from the clock when the parser starts, so how often a
 * lookup allocates (a collision makes an entry of its own) changed from run
 * to run, and so did the number of every allocation after it: allocation N
 * of the sweep was not allocation N of a rerun.  The executable's own
 * rand_r is the one libxml2 calls (the executable comes first in symbol
 * lookup), and it gives every table the same seed.  Nothing of the library
 * calls rand_r. */
int rand_r(unsigned *seed)
{
    (void)seed;
    return 0x2545f491;
}

int fault_install(void)
{
    static const sqlite3_mem_methods sq = {
        sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init, sq_shutdown, NULL};
    static const yajl_alloc_funcs yj = {yj_malloc, yj_realloc, yj_free, NULL};

    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &sq) != SQLITE_OK)
        return -1;
    /* lookaside memory is carved from one block per connection: turn it off
     * so that every SQLite allocation comes through sq_malloc */
    if (sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK)
        return -1;
    if (sqlite3_initialize() != SQLITE_OK)
        return -1;
    if (xmlMemSetup(xm_free, xm_malloc, xm_realloc, xm_strdup) != 0)
        return -1;
    xmlInitParser();
    tg_yajl_set_alloc_funcs(&yj);
    {
        /* backtrace loads its unwinder on first use, allocating: not
         * inside a counted allocation */
        void *frames[4];

        backtrace(frames, 4);
    }
    return 0;
}

int fault_arm_within(const char *fn, long at, fault_hook h)
{
    void *addr = dlsym(RTLD_DEFAULT, fn);
    Dl_info info;
    const ElfW(Sym) *sym = NULL;

    if (!addr || !dladdr1(addr, &info, (void **)&sym, RTLD_DL_SYMENT) || !sym)
        return -1;
    within_lo = (uintptr_t)addr;
    within_hi = within_lo + sym->st_size;
    within = fn;
    fault_arm(at, h);
    return 0;
}

void fault_arm(long at, fault_hook h)
{
    pthread_mutex_lock(&lock);
    armer = pthread_self();
    count = 0;
    fault_at = at;
    injected = 0;
    hook = h;
    counting = 1;
    pthread_mutex_unlock(&lock);
}

long fault_disarm(int *was_injected)
{
    long n;

    pthread_mutex_lock(&lock);
    counting = 0;
    within = NULL;
    n = count;
    if (was_injected)
        *was_injected = injected;
    pthread_mutex_unlock(&lock);
    return n;
}

void fault_count_threads(int others)
{
    pthread_mutex_lock(&lock);
    count_others = others != 0;
    pthread_mutex_unlock(&lock);
}

void fault_live(fault_counts *c)
{
    pthread_mutex_lock(&lock);
    c->own = live_own;
    pthread_mutex_unlock(&lock);
    c->sqlite = __atomic_load_n(&live_sqlite, __ATOMIC_RELAXED);
    c->yajl = __atomic_load_n(&live_yajl, __ATOMIC_RELAXED);
    c->xml = __atomic_load_n(&live_xml, __ATOMIC_RELAXED);
}

void fault_forget_all(FILE *report)
{
    unsigned i;
    node *n, *next;
    int shown = 0;

    pthread_mutex_lock(&lock);
    for (i = 0; i < SLOTS; i++) {
        for (n = table[i]; n; n = next) {
            next = n->next;
            if (report && shown < 5) {
                fprintf(report, "  leaked block %p of %zu bytes\n", n->p, n->size);
                if (n->nframes)
                    backtrace_symbols_fd(n->frames, n->nframes, fileno(report));
                shown++;
            }
            __real_free(n);
        }
        table[i] = NULL;
    }
    live_own = 0;
    pthread_mutex_unlock(&lock);
}
