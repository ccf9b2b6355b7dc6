/* fuzz_time.c - the time parsers (ISO 8601 and Unix seconds, news dates,
 * loose page dates, mail dates) on any bytes.  A time that parses is
 * written back with tg_time_format, which must parse to the same second
 * (years 0..9999, the range the format writes). */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(int64_t t)
{
    char out[64];
    int64_t back;

    /* 0000-01-01 .. 9999-12-31 */
    if (t < -62167219200LL || t > 253402300799LL)
        return;
    tg_time_format(t, out, sizeof out);
    if (tg_time_parse(out, strlen(out), &back) != 0 || back != t)
        fuzz_fail("tg_time_format does not parse back", out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);  /* exact size: ASan sees reads past it */
    int64_t t;
    int zoneless;

    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    if (tg_time_parse(s, size, &t) == 0)
        roundtrip(t);
    if (tg_time_parse_news(s, size, &t) == 0)
        roundtrip(t);
    if (tg_time_parse_loose(s, size, &t) == 0)
        roundtrip(t);
    if (tg_time_parse_mail(s, size, &t, &zoneless) == 0)
        roundtrip(t);
    free(s);
    return 0;
}
