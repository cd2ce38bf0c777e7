/* test_json_writer.c: unit tests of lib/json_writer.c, Python-compatible sorted, compact, ASCII JSON. */
#include <math.h>
#include <stdio.h>

#include "json_writer.h"
#include "unit.h"

/* Writes item with json_write_body into out (initialised here). */
static bool written(struct buf *out, const cJSON *item)
{
    buf_init(out, 0);
    return json_write_body(out, item);
}

/* Re-serialises a JSON text and compares with want (which ends in the body's newline). */
#define assert_rewritten(text, want)      \
    do {                                  \
        cJSON *item_ = unit_json(text);   \
        struct buf out_;                  \
        ck_assert(written(&out_, item_)); \
        assert_buf_is(&out_, want);       \
        buf_free(&out_);                  \
        cJSON_Delete(item_);              \
    } while (0)

/* The JSON string literal of the len bytes at s. */
#define assert_string_is(s, len, want)    \
    do {                                  \
        struct buf out_;                  \
        buf_init(&out_, 0);               \
        json_write_string(&out_, s, len); \
        assert_buf_is(&out_, want);       \
        buf_free(&out_);                  \
    } while (0)

#define assert_number_is(v, want)    \
    do {                             \
        struct buf out_;             \
        buf_init(&out_, 0);          \
        json_write_number(&out_, v); \
        assert_buf_is(&out_, want);  \
        buf_free(&out_);             \
    } while (0)

START_TEST(keys_are_sorted_bytewise_at_every_level)
{
    assert_rewritten("{\"b\": 1, \"a\": {\"d\": [{\"z\": 1, \"y\": 2}], \"c\": true}, \"B\": null}",
                     "{\"B\":null,\"a\":{\"c\":true,\"d\":[{\"y\":2,\"z\":1}]},\"b\":1}\n");
    assert_rewritten("{\"a\":1,\"_\":2,\"Z\":3,\"2024-05-01 00:00:00\":4,\"2024-04-30 00:00:00\":5}",
                     "{\"2024-04-30 00:00:00\":5,\"2024-05-01 00:00:00\":4,\"Z\":3,\"_\":2,\"a\":1}\n");
}
END_TEST

START_TEST(arrays_keep_their_order)
{
    assert_rewritten("[3, \"b\", \"a\", false, [], {}]", "[3,\"b\",\"a\",false,[],{}]\n");
}
END_TEST

START_TEST(many_keys_are_sorted_too)
{
    cJSON *obj = cJSON_CreateObject();
    struct buf out;
    char key[8];

    for (int i = 39; i >= 0; i--) {
        snprintf(key, sizeof key, "k%02d", i);
        cJSON_AddNumberToObject(obj, key, i);
    }
    ck_assert(written(&out, obj));
    ck_assert_int_eq(strncmp(out.data, "{\"k00\":0,\"k01\":1,\"k02\":2,", 25), 0);
    ck_assert_ptr_nonnull(strstr(out.data, "\"k38\":38,\"k39\":39}\n"));
    buf_free(&out);
    cJSON_Delete(obj);
}
END_TEST

START_TEST(only_the_body_gets_the_trailing_newline)
{
    cJSON *item = unit_json("{\"AlertCount\": 44}");
    struct buf out;

    buf_init(&out, 0);
    ck_assert(json_write(&out, item));
    assert_buf_is(&out, "{\"AlertCount\":44}");
    buf_reset(&out, 0);
    ck_assert(json_write_body(&out, item));
    assert_buf_is(&out, "{\"AlertCount\":44}\n");
    buf_free(&out);
    cJSON_Delete(item);
}
END_TEST

START_TEST(special_characters_are_escaped_as_python_does)
{
    assert_string_is("q\"b\\s/", 6, "\"q\\\"b\\\\s/\"");
    assert_string_is("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
    assert_string_is("\x01\x1b\x1f\x7f", 4, "\"\\u0001\\u001b\\u001f\\u007f\"");
    assert_string_is("a\0b", 3, "\"a\\u0000b\"");
}
END_TEST

START_TEST(non_ascii_is_written_as_lowercase_u_escapes)
{
    assert_string_is("\xc3\xa9", 2, "\"\\u00e9\"");
    assert_string_is("\xe2\x82\xac", 3, "\"\\u20ac\"");
    assert_string_is("\xef\xbf\xbf", 3, "\"\\uffff\"");
    assert_rewritten("{\"\\u00e9\": 1, \"z\": 2}", "{\"z\":2,\"\\u00e9\":1}\n");
}
END_TEST

START_TEST(astral_characters_become_surrogate_pairs)
{
    assert_string_is("\xf0\x9f\x98\x80", 4, "\"\\ud83d\\ude00\"");
    assert_string_is("\xf4\x8f\xbf\xbf", 4, "\"\\udbff\\udfff\"");
    assert_string_is("\xf0\x90\x80\x80", 4, "\"\\ud800\\udc00\"");
}
END_TEST

START_TEST(numbers_are_printed_like_python)
{
    assert_number_is(0, "0");
    assert_number_is(44, "44");
    assert_number_is(-3, "-3");
    assert_number_is(1234567890123.0, "1234567890123");
    assert_number_is(12.5, "12.5");
    assert_number_is(0.1, "0.1");
    assert_number_is(-0.5, "-0.5");
    assert_number_is(1.0 / 3.0, "0.3333333333333333");
    assert_number_is(52.3824, "52.3824");
    assert_number_is(NAN, "null");
    assert_number_is(INFINITY, "null");
}
END_TEST

START_TEST(literals_are_written_as_words)
{
    assert_rewritten("[true,false,null]", "[true,false,null]\n");
}
END_TEST

START_TEST(raw_items_are_copied_verbatim)
{
    cJSON *obj = cJSON_CreateObject();
    struct buf out;

    cJSON_AddRawToObject(obj, "r", "[1, 2]");
    cJSON_AddStringToObject(obj, "a", "x");
    ck_assert(written(&out, obj));
    assert_buf_is(&out, "{\"a\":\"x\",\"r\":[1, 2]}\n");
    buf_free(&out);
    cJSON_Delete(obj);
}
END_TEST

START_TEST(invalid_utf8_becomes_the_replacement_escape)
{
    assert_string_is("a\xff"
                     "b",
                     3, "\"a\\ufffdb\"");
    assert_string_is("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
    assert_string_is("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
    assert_string_is("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    assert_string_is("ok\xe2\x82", 4, "\"ok\\ufffd\\ufffd\"");
}
END_TEST

/* depth arrays nested in each other. */
static cJSON *nested(int depth)
{
    cJSON *item = cJSON_CreateArray();

    while (--depth > 0) {
        cJSON *outer = cJSON_CreateArray();

        cJSON_AddItemToArray(outer, item);
        item = outer;
    }
    return item;
}

START_TEST(moderate_nesting_is_written)
{
    cJSON *item = nested(60);
    struct buf out;

    ck_assert(written(&out, item));
    ck_assert_uint_eq(out.len, 2 * 60 + 1);
    buf_free(&out);
    cJSON_Delete(item);
}
END_TEST

START_TEST(nesting_past_the_limit_fails)
{
    cJSON *item = nested(200);
    cJSON *obj = cJSON_CreateObject();
    struct buf out;

    ck_assert(!written(&out, item));
    ck_assert(out.failed);
    buf_free(&out);
    cJSON_AddItemToObject(obj, "deep", item);
    ck_assert(!written(&out, obj));
    ck_assert(out.failed);
    buf_free(&out);
    cJSON_Delete(obj);
}
END_TEST

START_TEST(a_full_buffer_makes_the_write_fail)
{
    cJSON *item = unit_json("{\"key\": \"a value longer than the limit\"}");
    struct buf out;

    buf_init(&out, 16);
    ck_assert(!json_write_body(&out, item));
    ck_assert(out.failed);
    buf_free(&out);
    cJSON_Delete(item);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_writer");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, keys_are_sorted_bytewise_at_every_level);
    tcase_add_test(core, arrays_keep_their_order);
    tcase_add_test(core, many_keys_are_sorted_too);
    tcase_add_test(core, only_the_body_gets_the_trailing_newline);
    tcase_add_test(core, special_characters_are_escaped_as_python_does);
    tcase_add_test(core, non_ascii_is_written_as_lowercase_u_escapes);
    tcase_add_test(core, astral_characters_become_surrogate_pairs);
    tcase_add_test(core, numbers_are_printed_like_python);
    tcase_add_test(core, literals_are_written_as_words);
    tcase_add_test(core, raw_items_are_copied_verbatim);
    tcase_add_test(limits, invalid_utf8_becomes_the_replacement_escape);
    tcase_add_test(limits, moderate_nesting_is_written);
    tcase_add_test(limits, nesting_past_the_limit_fails);
    tcase_add_test(limits, a_full_buffer_makes_the_write_fail);
    return unit_run(s);
}
