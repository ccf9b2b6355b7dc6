/* fuzz_common.h - what the fuzz targets share: the input handed to the
 * importers as a file (a memfd, so nothing touches the disk), and the
 * checks every record must pass whatever the bytes were.  A failed check
 * aborts, which libFuzzer reports as a crash with the input that caused it. */
#ifndef TG_FUZZ_COMMON_H
#define TG_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core_internal.h"

/* One memfd for the whole run, rewritten for every input; its path is
 * /proc/self/fd/N.  Returns the path (static). */
__attribute__((unused)) static const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];

    if (fd < 0) {
        fd = memfd_create("tg-fuzz", 0);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("memfd write");
        abort();
    }
    return path;
}

static void fuzz_fail(const char *what, const char *s)
{
    fprintf(stderr, "fuzz check failed: %s: '%s'\n", what, s ? s : "(null)");
    abort();
}

/* Every string an importer hands on is UTF-8 (record.h). */
__attribute__((unused)) static void fuzz_check_utf8(const char *what, const char *s)
{
    if (s && !tg_utf8_valid(s, strlen(s)))
        fuzz_fail(what, s);
}

#endif
