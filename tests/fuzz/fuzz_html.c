/* fuzz_html.c - the HTML-to-text reader (tg_html_to_text) and the character
 * reference decoder (tg_html_unescape) on any bytes.  Valid UTF-8 in gives
 * valid UTF-8 out. */
#include "fuzz_common.h"
#include "import_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);  /* exact size: ASan sees reads past it */
    tg_buf out = TG_BUF_INIT;
    tg_error_t err;
    int valid;

    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    valid = tg_utf8_valid(s, size);
    tg_error_clear(&err);
    if (tg_html_to_text(&out, s, size, &err) == TG_OK && valid && out.len &&
        !tg_utf8_valid(out.data, out.len))
        fuzz_fail("html to text: invalid UTF-8 out of valid UTF-8 in", out.data);
    tg_buf_reset(&out);
    if (tg_html_unescape(&out, s, size, &err) == TG_OK && valid && out.len &&
        !tg_utf8_valid(out.data, out.len))
        fuzz_fail("html unescape: invalid UTF-8 out of valid UTF-8 in", out.data);
    tg_buf_release(&out);
    free(s);
    return 0;
}
