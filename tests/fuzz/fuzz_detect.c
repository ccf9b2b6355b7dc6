/* fuzz_detect.c - format detection: every importer's detect() on the bytes
 * as they are, then tg_import_detect() on them as a file (through the input
 * layer and its decompression).  Scores stay within 0..100; a format the
 * file-level detection names is one of the table's. */
#include "fuzz_common.h"
#include "import_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const tg_importer_t *const all[] = {
    &tg_importer_reddit, &tg_importer_hn, &tg_importer_canvas, &tg_importer_convokit,
    &tg_importer_jsonl, &tg_importer_reddit_ndjson, &tg_importer_moodle, &tg_importer_csv,
    &tg_importer_newspage, &tg_importer_disqus, &tg_importer_wordpress, &tg_importer_mbox,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path;
    const char *name;
    tg_error_t err;
    size_t i, n, nf;
    char *copy = malloc(size ? size : 1);  /* exact size: ASan sees reads past it */
    const tg_format_info_t *f;

    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        int score = all[i]->detect("fuzz.txt", copy, size);

        if (score < 0 || score > 100)
            fuzz_fail("detect score out of range", all[i]->name);
    }
    free(copy);
    path = fuzz_file(data, size);
    tg_error_clear(&err);
    name = tg_import_detect(path, &err);
    if (!name && !err.message[0])
        fuzz_fail("detection failed without a message", path);
    if (name) {
        f = tg_formats(&nf);
        for (n = 0; n < nf; n++)
            if (strcmp(f[n].name, name) == 0)
                break;
        if (n == nf)
            fuzz_fail("detected an unknown format", name);
    }
    return 0;
}
