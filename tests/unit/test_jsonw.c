/* test_jsonw.c - the growable buffer's sticky failure flag, and the JSON
 * writer (yajl_gen underneath): escaping, invalid input, the three layouts,
 * number formatting, misuse.  Output is checked byte for byte and parsed
 * back with yajl's tree parser. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <yajl/yajl_tree.h>

#include "core/core_internal.h"

static void test_buf_sticky(void **state)
{
    tg_buf b = TG_BUF_INIT;

    (void)state;
    assert_int_equal(tg_buf_addstr(&b, "kept"), 0);
    assert_false(tg_buf_failed(&b));
    /* a request that cannot be met, however much memory there is */
    assert_int_equal(tg_buf_add(&b, "x", SIZE_MAX), -1);
    assert_true(tg_buf_failed(&b));
    /* later appends of every kind do nothing and say so */
    assert_int_equal(tg_buf_addstr(&b, "more"), -1);
    assert_int_equal(tg_buf_addch(&b, 'c'), -1);
    assert_int_equal(tg_buf_addf(&b, "%d", 42), -1);
    assert_int_equal(tg_buf_grow(&b, 1), -1);
    assert_int_equal(b.len, 4);
    assert_string_equal(b.data, "kept");
    assert_true(tg_buf_failed(&b));
    /* a failed buffer is never handed over as if complete */
    assert_null(tg_buf_detach(&b));
    assert_false(tg_buf_failed(&b));
    assert_int_equal(tg_buf_addstr(&b, "new"), 0);
    assert_string_equal(b.data, "new");
    /* reset starts a new use */
    tg_buf_add(&b, "x", SIZE_MAX - 2);
    assert_true(tg_buf_failed(&b));
    tg_buf_reset(&b);
    assert_false(tg_buf_failed(&b));
    assert_int_equal(tg_buf_addch(&b, 'y'), 0);
    assert_string_equal(b.data, "y");
    tg_buf_release(&b);
}

/* A size that passes the overflow check but that realloc cannot give
 * (64 TiB; the sanitizer build runs this test with
 * allocator_may_return_null=1). */
static void test_buf_realloc_failure(void **state)
{
    tg_buf b = TG_BUF_INIT;
    char *s;

    (void)state;
    assert_int_equal(tg_buf_addstr(&b, "ab"), 0);
    assert_int_equal(tg_buf_grow(&b, (size_t)1 << 46), -1);
    assert_true(tg_buf_failed(&b));
    assert_int_equal(tg_buf_addstr(&b, "cd"), -1);
    assert_string_equal(b.data, "ab");
    tg_buf_release(&b);
    assert_false(tg_buf_failed(&b));
    assert_int_equal(tg_buf_addf(&b, "%s-%d", "ok", 7), 0);
    s = tg_buf_detach(&b);
    assert_non_null(s);
    assert_string_equal(s, "ok-7");
    free(s);
}

/* Run the writer into a buffer and return its text (static storage). */
static const char *finish(tg_jsonw *w, tg_buf *b)
{
    static char out[4096];

    assert_false(tg_jsonw_failed(w));
    assert_false(tg_buf_failed(b));
    assert_true(b->len < sizeof out);
    memcpy(out, b->data, b->len + 1);
    tg_jsonw_release(w);
    tg_buf_release(b);
    return out;
}

static const char *string_json(const char *s, size_t n)
{
    tg_buf b = TG_BUF_INIT;
    tg_jsonw w;

    assert_int_equal(tg_jsonw_init_buf(&w, &b, TG_JSONW_COMPACT), 0);
    tg_jsonw_string_len(&w, s, n);
    return finish(&w, &b);
}

static void test_escaping(void **state)
{
    const char in[] = "q\"b\\s/n\nr\rt\tb\bf\f\x01\x1f\x7f é \xe2\x80\xa8 end";
    const char *out = string_json(in, sizeof in - 1);
    char errbuf[128];
    yajl_val v;
    char *doc;

    (void)state;
    /* yajl's escapes: short forms where JSON has them, \u00XX (upper-case
     * hex) for the other control characters; '/', DEL, non-ASCII and U+2028
     * (valid in JSON strings) pass as they are */
    assert_string_equal(out, "\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\f\\u0001\\u001F\x7f é \xe2\x80\xa8 end\"");
    /* an independent reading gives the input back */
    doc = malloc(strlen(out) + 16);
    sprintf(doc, "[%s]", out);
    v = yajl_tree_parse(doc, errbuf, sizeof errbuf);
    assert_non_null(v);
    assert_true(YAJL_IS_ARRAY(v));
    assert_string_equal(YAJL_GET_STRING(v->u.array.values[0]), in);
    yajl_tree_free(v);
    free(doc);
    /* NUL inside a string of known length */
    assert_string_equal(string_json("a\0b", 3), "\"a\\u0000b\"");
    assert_string_equal(string_json("", 0), "\"\"");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* each bad sequence becomes U+FFFD: the output stays valid JSON */
    assert_string_equal(string_json("a\xff" "b\xc3", 4), "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"");
    assert_string_equal(string_json("\xed\xa0\x80", 3), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
}

static const char *real_json(double v)
{
    tg_buf b = TG_BUF_INIT;
    tg_jsonw w;

    tg_jsonw_init_buf(&w, &b, TG_JSONW_COMPACT);
    tg_jsonw_real(&w, v);
    return finish(&w, &b);
}

static void test_numbers(void **state)
{
    tg_buf b = TG_BUF_INIT;
    tg_jsonw w;

    (void)state;
    /* yajl_gen_double would print 0.4000000000000000222 */
    assert_string_equal(real_json(0.4), "0.4");
    assert_string_equal(real_json(1.0 / 3.0), "0.333333333333");
    assert_string_equal(real_json(200000000.0), "200000000");
    assert_string_equal(real_json(1e300), "1e+300");
    assert_string_equal(real_json(-2.5e-7), "-2.5e-07");
    assert_string_equal(real_json(-0.0), "0");
    assert_string_equal(real_json(NAN), "null");
    assert_string_equal(real_json(INFINITY), "null");
    assert_string_equal(real_json(-INFINITY), "null");

    tg_jsonw_init_buf(&w, &b, TG_JSONW_COMPACT);
    tg_jsonw_array_open(&w);
    tg_jsonw_int(&w, LLONG_MIN);
    tg_jsonw_int(&w, 0);
    tg_jsonw_uint(&w, ULLONG_MAX);
    tg_jsonw_bool(&w, 7);
    tg_jsonw_bool(&w, 0);
    tg_jsonw_null(&w);
    tg_jsonw_raw(&w, "{\"x\":[1,2]}");
    tg_jsonw_raw(&w, "");
    tg_jsonw_array_close(&w);
    assert_string_equal(finish(&w, &b), "[-9223372036854775808,0,18446744073709551615,true,false,"
                                        "null,{\"x\":[1,2]},null]");
}

/* One document in the given layout; strings that look like separators
 * must not get the spaced layout's space. */
static const char *doc_json(tg_jsonw_style style)
{
    tg_buf b = TG_BUF_INIT;
    tg_jsonw w;

    tg_jsonw_init_buf(&w, &b, style);
    tg_jsonw_map_open(&w);
    tg_jsonw_key(&w, "a");
    tg_jsonw_string(&w, ",");
    tg_jsonw_key(&w, ":");
    tg_jsonw_array_open(&w);
    tg_jsonw_string(&w, ":");
    tg_jsonw_int(&w, 1);
    tg_jsonw_array_close(&w);
    tg_jsonw_key(&w, "m");
    tg_jsonw_map_open(&w);
    tg_jsonw_key(&w, "x");
    tg_jsonw_null(&w);
    tg_jsonw_map_close(&w);
    tg_jsonw_map_close(&w);
    return finish(&w, &b);
}

static void test_layouts(void **state)
{
    (void)state;
    assert_string_equal(doc_json(TG_JSONW_COMPACT), "{\"a\":\",\",\":\":[\":\",1],\"m\":{\"x\":null}}");
    assert_string_equal(doc_json(TG_JSONW_SPACED),
                        "{\"a\": \",\", \":\": [\":\", 1], \"m\": {\"x\": null}}");
    assert_string_equal(doc_json(TG_JSONW_PRETTY), "{\n"
                                                   "  \"a\": \",\",\n"
                                                   "  \":\": [\n"
                                                   "    \":\",\n"
                                                   "    1\n"
                                                   "  ],\n"
                                                   "  \"m\": {\n"
                                                   "    \"x\": null\n"
                                                   "  }\n"
                                                   "}\n");
}

static void test_misuse_and_failure(void **state)
{
    tg_buf b = TG_BUF_INIT;
    tg_jsonw w;

    (void)state;
    /* a number where a key must be: the writer fails and stays failed */
    tg_jsonw_init_buf(&w, &b, TG_JSONW_COMPACT);
    tg_jsonw_map_open(&w);
    tg_jsonw_int(&w, 1);
    assert_true(tg_jsonw_failed(&w));
    tg_jsonw_key(&w, "k");
    tg_jsonw_int(&w, 2);
    tg_jsonw_map_close(&w);
    assert_true(tg_jsonw_failed(&w));
    assert_string_equal(b.data, "{");
    tg_jsonw_release(&w);
    tg_buf_release(&b);

    /* a second value at the top level */
    tg_jsonw_init_buf(&w, &b, TG_JSONW_COMPACT);
    tg_jsonw_int(&w, 1);
    tg_jsonw_int(&w, 2);
    assert_true(tg_jsonw_failed(&w));
    tg_jsonw_release(&w);
    tg_buf_release(&b);

    /* the buffer's failure reaches the writer */
    tg_jsonw_init_buf(&w, &b, TG_JSONW_COMPACT);
    tg_jsonw_array_open(&w);
    tg_buf_add(&b, "x", SIZE_MAX);
    tg_jsonw_string(&w, "lost");
    tg_jsonw_array_close(&w);
    assert_true(tg_jsonw_failed(&w));
    tg_jsonw_release(&w);
    tg_buf_release(&b);
    tg_jsonw_release(NULL);
}

static void test_file(void **state)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    tg_jsonw w;

    (void)state;
    assert_non_null(f);
    assert_int_equal(tg_jsonw_init_file(&w, f, TG_JSONW_SPACED), 0);
    tg_jsonw_array_open(&w);
    tg_jsonw_real(&w, 0.1 + 0.2);
    tg_jsonw_string(&w, "t\"");
    tg_jsonw_array_close(&w);
    assert_false(tg_jsonw_failed(&w));
    tg_jsonw_release(&w);
    fclose(f);
    assert_string_equal(text, "[0.3, \"t\\\"\"]");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_sticky),
        cmocka_unit_test(test_buf_realloc_failure),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_misuse_and_failure),
        cmocka_unit_test(test_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
