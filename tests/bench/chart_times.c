/* chart_times.c - tg-chart-times, a tool of scripts/bench (not a test):
 * load a database once, then draw every chart (the tree and timeline of
 * the largest thread) into a folder in each format, and write report.html,
 * printing the CPU and wall time of each and the size of each PNG.
 *
 *   tg-chart-times DB OUTDIR
 *
 * Through the public interface only, as `threadgraph run` draws them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "threadgraph/threadgraph.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* the width and height of a PNG from its header; 0 when not one */
static void png_size(const char *path, unsigned long *w, unsigned long *h)
{
    unsigned char b[24];
    FILE *f = fopen(path, "rb");

    *w = *h = 0;
    if (!f)
        return;
    if (fread(b, 1, sizeof b, f) == sizeof b && memcmp(b + 1, "PNG", 3) == 0) {
        *w = (unsigned long)b[16] << 24 | (unsigned long)b[17] << 16 | (unsigned long)b[18] << 8 |
             b[19];
        *h = (unsigned long)b[20] << 24 | (unsigned long)b[21] << 16 | (unsigned long)b[22] << 8 |
             b[23];
    }
    fclose(f);
}

static long file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(int argc, char **argv)
{
    static const char *const ext[] = { "png", "svg" };
    tg_store_t *store = NULL;
    tg_dataset_t ds;
    tg_analysis_t an;
    tg_analysis_options_t ao;
    tg_render_options_t ro;
    tg_page_options_t po;
    tg_error_t err;
    char path[4096];
    double c0, w0, worst = 0;
    int k, e, rc = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: tg-chart-times DB OUTDIR\n");
        return 2;
    }
    tg_error_clear(&err);
    tg_dataset_init(&ds);
    tg_analysis_init(&an);
    mkdir(argv[2], 0777);
    c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    w0 = clock_s(CLOCK_MONOTONIC);
    if (tg_store_open(argv[1], TG_STORE_READONLY, &store, &err) ||
        tg_store_load(store, TG_LOAD_IDS, &ds, &err))
        goto fail;
    if (tg_store_load_analysis(store, &ds, &an, &err)) {
        tg_analysis_destroy(&an);
        tg_analysis_init(&an);
        tg_error_clear(&err);
        tg_analysis_options_init(&ao);
        if (tg_analyze(&ds, &ao, &an, &err))
            goto fail;
    }
    printf("%-16s %-4s %8s %8s %12s %s\n", "chart", "fmt", "cpu_s", "wall_s", "bytes", "pixels");
    printf("%-16s %-4s %8.2f %8.2f\n", "load", "", clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0,
           clock_s(CLOCK_MONOTONIC) - w0);
    tg_render_options_init(&ro);
    for (k = 0; k < TG_CHART_COUNT; k++) {
        if (k == TG_CHART_LOCATIONS && !tg_dataset_has_locations(&ds))
            continue;
        for (e = 0; e < 2; e++) {
            unsigned long pw, ph;
            double cpu;

            snprintf(path, sizeof path, "%s/%s.%s", argv[2], tg_chart_name((tg_chart_t)k), ext[e]);
            c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
            w0 = clock_s(CLOCK_MONOTONIC);
            if (tg_render_chart((tg_chart_t)k, &ds, &an, &ro, path, &err))
                goto fail;
            cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (cpu > worst)
                worst = cpu;
            png_size(path, &pw, &ph);
            printf("%-16s %-4s %8.2f %8.2f %12ld", tg_chart_name((tg_chart_t)k), ext[e], cpu,
                   clock_s(CLOCK_MONOTONIC) - w0, file_size(path));
            if (pw)
                printf(" %lux%lu", pw, ph);
            printf("\n");
        }
    }
    tg_page_options_init(&po);
    snprintf(path, sizeof path, "%s/report.html", argv[2]);
    c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    w0 = clock_s(CLOCK_MONOTONIC);
    if (tg_report_html(&ds, &an, &po, path, &err))
        goto fail;
    printf("%-16s %-4s %8.2f %8.2f %12ld\n", "report.html", "", clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0,
           clock_s(CLOCK_MONOTONIC) - w0, file_size(path));
    printf("slowest chart: %.2f s of CPU\n", worst);
    rc = 0;
    goto out;
fail:
    fprintf(stderr, "tg-chart-times: %s\n", err.message);
out:
    tg_analysis_destroy(&an);
    tg_dataset_destroy(&ds);
    tg_store_close(store);
    return rc;
}
