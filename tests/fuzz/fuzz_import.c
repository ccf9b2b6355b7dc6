/* fuzz_import.c - one libFuzzer target per importer: the bytes are the
 * whole input file, read through the input layer (so gzip, zstd and bzip2
 * streams are fuzzed too) into the recording sink of the unit tests.
 * Built once per format with -DTG_FUZZ_IMPORTER=tg_importer_<name>.
 *
 * Checks beyond the sanitizers: an importer either succeeds or fails with
 * a message; every record it sent has a thread and an id, and all its
 * strings are valid UTF-8 (no byte of the input reaches a comment as
 * anything else). */
#include "fuzz_common.h"
#include "import_internal.h"
#include "unit/recorder.h"

#ifndef TG_FUZZ_IMPORTER
#error "define TG_FUZZ_IMPORTER"
#endif
extern const tg_importer_t TG_FUZZ_IMPORTER;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const recorder *r)
{
    size_t i;

    for (i = 0; i < r->n; i++) {
        const crec *c = &r->c[i];

        if (!c->thread || !*c->thread)
            fuzz_fail("comment without a thread", c->id);
        if (!c->id || !*c->id)
            fuzz_fail("comment without an id", c->thread);
        fuzz_check_utf8("comment thread", c->thread);
        fuzz_check_utf8("comment id", c->id);
        fuzz_check_utf8("comment parent", c->parent);
        fuzz_check_utf8("comment author", c->author);
        fuzz_check_utf8("comment location", c->location);
        fuzz_check_utf8("comment time", c->time_text);
        fuzz_check_utf8("comment text", c->text);
    }
    for (i = 0; i < r->np; i++) {
        const prec *p = &r->p[i];

        if (!p->thread || !*p->thread)
            fuzz_fail("post without a thread", p->title);
        fuzz_check_utf8("post thread", p->thread);
        fuzz_check_utf8("post title", p->title);
        fuzz_check_utf8("post author", p->author);
        fuzz_check_utf8("post time", p->time_text);
        fuzz_check_utf8("post text", p->text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    tg_import_options_t opt;
    tg_input_t *in = NULL;
    tg_error_t err;
    recorder r;
    tg_status_t rc;

    tg_import_options_init(&opt);
    tg_error_clear(&err);
    recorder_init(&r);
    rc = tg_input_open(path, &in, &err);
    if (rc == TG_OK) {
        rc = TG_FUZZ_IMPORTER.run(in, &opt, &r.sink, &err);
        if (rc != TG_OK && !err.message[0])
            fuzz_fail("an error without a message", TG_FUZZ_IMPORTER.name);
        check(&r);  /* what was sent before a failure is checked too */
    }
    tg_input_close(in);
    recorder_free(&r);
    return 0;
}
