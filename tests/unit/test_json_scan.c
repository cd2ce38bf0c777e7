/* test_json_scan.c: unit tests of lib/json_scan.c: members, arrays, strings and integers read in place, and bad text refused. */
#include <limits.h>

#include "array_len.h"
#include "json_scan.h"
#include "unit.h"

static struct json_cursor at(const char *text)
{
    return json_scan_text(text, strlen(text));
}

/* The text of the value c points at, up to where json_scan_skip ends it. */
static const char *value_text(struct json_cursor c)
{
    static char out[256];
    const char *end = json_scan_skip(c);

    ck_assert_ptr_nonnull(end);
    ck_assert_uint_lt((size_t)(end - c.p), sizeof out);
    memcpy(out, c.p, (size_t)(end - c.p));
    out[end - c.p] = '\0';
    return out;
}

#define COMPOSITE                                                                                            \
    "{\"took\":12,\"timed_out\":false,\"_shards\":{\"total\":2},\"hits\":{\"total\":{\"value\":10000,"     \
    "\"relation\":\"gte\"},\"max_score\":null,\"hits\":[]},\"aggregations\":{\"ips\":{\"after_key\":{"      \
    "\"ip\":\"11.0.0.3\"},\"buckets\":[{\"key\":{\"ip\":\"11.0.0.1\"},\"doc_count\":1},{\"key\":{\"ip\":"  \
    "\"11.0.0.2\"},\"doc_count\":3},{\"key\":{\"ip\":\"11.0.0.3\"},\"doc_count\":12345678901}]}}}"

START_TEST(a_composite_page_is_read_in_place)
{
    struct json_cursor root = at(COMPOSITE), agg, v, bucket;
    static const char *const ips[] = {"11.0.0.1", "11.0.0.2", "11.0.0.3"};
    static const long long counts[] = {1, 3, 12345678901LL};
    char ip[64];
    long long n;
    size_t i = 0;
    enum json_step step;

    ck_assert(json_scan_member(root, "took", &v) && json_scan_int(v, &n) && n == 12);
    ck_assert(json_scan_path(root, &agg, "aggregations", "ips", (char *)NULL));
    ck_assert(json_scan_path(agg, &v, "after_key", (char *)NULL));
    assert_text_is(value_text(v), "{\"ip\":\"11.0.0.3\"}");
    ck_assert(json_scan_member(agg, "buckets", &v));
    for (step = json_scan_first(v, &bucket); step == JSON_STEP_ELEMENT; step = json_scan_next(&bucket), i++) {
        ck_assert_uint_lt(i, ARRAY_LEN(ips));
        ck_assert(json_scan_path(bucket, &v, "key", "ip", (char *)NULL) && json_scan_string(v, ip, sizeof ip));
        ck_assert_str_eq(ip, ips[i]);
        ck_assert(json_scan_member(bucket, "doc_count", &v) && json_scan_int(v, &n));
        ck_assert_int_eq(n, counts[i]);
    }
    ck_assert_int_eq(step, JSON_STEP_END);
    ck_assert_uint_eq(i, 3);
    ck_assert(!json_scan_member(root, "aggs", &v));
    ck_assert(!json_scan_path(root, &v, "aggregations", "nope", (char *)NULL));
}
END_TEST

START_TEST(whitespace_and_other_members_are_skipped)
{
    struct json_cursor root = at(" \n{ \"a\" : [1, {\"x\": \"}]\\\"\"}, \"b\\\"c\", -2.5e3, true, null] ,\r\n"
                                 "\t\"b\" : { \"ip\" : \"2a00:1450::1\" } , \"c\":false }  "),
                       v, el;
    char text[64];

    ck_assert(json_scan_path(root, &v, "b", "ip", (char *)NULL) && json_scan_string(v, text, sizeof text));
    ck_assert_str_eq(text, "2a00:1450::1");
    ck_assert(json_scan_member(root, "a", &v));
    ck_assert_int_eq(json_scan_first(v, &el), JSON_STEP_ELEMENT);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(json_scan_next(&el), JSON_STEP_ELEMENT);
    assert_text_is(value_text(el), "null");
    ck_assert_int_eq(json_scan_next(&el), JSON_STEP_END);
    ck_assert(json_scan_member(root, "c", &v));
    assert_text_is(value_text(v), "false");
    ck_assert_int_eq(json_scan_first(at("[ ]"), &el), JSON_STEP_END);
    ck_assert(!json_scan_member(at("{}"), "a", &v));
}
END_TEST

/* Only plain strings, and only integers that fit. */
START_TEST(strings_and_integers_are_read_strictly)
{
    static const struct {
        const char *text;
        bool ok;
        long long value;
    } ints[] = {
        {"0", true, 0},
        {"-7", true, -7},
        {"9223372036854775807", true, LLONG_MAX},
        {"-9223372036854775808", true, LLONG_MIN},
        {"9223372036854775808", false, 0},
        {"-9223372036854775809", false, 0},
        {"1.5", false, 0},
        {"1e3", false, 0},
        {"\"1\"", false, 0},
        {"-", false, 0},
        {"true", false, 0},
    };
    char out[8];
    long long n;

    for (size_t i = 0; i < ARRAY_LEN(ints); i++) {
        n = 42;
        ck_assert_msg(json_scan_int(at(ints[i].text), &n) == ints[i].ok, "%s", ints[i].text);
        if (ints[i].ok)
            ck_assert_int_eq(n, ints[i].value);
    }
    ck_assert(json_scan_string(at("\"1234567\""), out, sizeof out));
    ck_assert_str_eq(out, "1234567");
    ck_assert(!json_scan_string(at("\"12345678\""), out, sizeof out)); /* no room for the NUL */
    ck_assert(!json_scan_string(at("\"a\\\"b\""), out, sizeof out));
    ck_assert(!json_scan_string(at("\"a\tb\""), out, sizeof out));
    ck_assert(!json_scan_string(at("\"open"), out, sizeof out));
    ck_assert(!json_scan_string(at("12"), out, sizeof out));
    ck_assert(json_scan_string(at("\"\""), out, sizeof out) && out[0] == '\0');
}
END_TEST

START_TEST(bad_text_is_refused)
{
    static const char *const bad_values[] = {
        "", "{", "[1,2", "{\"a\":1", "\"open", "[1}", "{\"a\":[}", "tru", "-", "x", "]", ",",
    };
    struct json_cursor v, el;

    for (size_t i = 0; i < ARRAY_LEN(bad_values); i++)
        ck_assert_msg(json_scan_skip(at(bad_values[i])) == NULL, "'%s' skipped", bad_values[i]);
    ck_assert(!json_scan_member(at("[1]"), "a", &v));
    ck_assert(!json_scan_member(at("{\"a\" 1}"), "a", &v));
    ck_assert(!json_scan_member(at("{\"x\":1 \"a\":2}"), "a", &v));
    ck_assert(!json_scan_member(at("{\"a\":"), "a", &v));
    ck_assert_int_eq(json_scan_first(at("{}"), &el), JSON_STEP_BAD);
    ck_assert_int_eq(json_scan_first(at("["), &el), JSON_STEP_BAD);
    ck_assert_int_eq(json_scan_first(at("[1 2]"), &el), JSON_STEP_ELEMENT);
    ck_assert_int_eq(json_scan_next(&el), JSON_STEP_BAD);
    ck_assert_int_eq(json_scan_first(at("[1,"), &el), JSON_STEP_ELEMENT);
    ck_assert_int_eq(json_scan_next(&el), JSON_STEP_BAD);
}
END_TEST

/* Nesting is bounded: a reply nested deeper than any the engine sends is refused, not followed. */
START_TEST(deep_nesting_is_refused)
{
    char text[300];

    memset(text, '[', 100);
    memset(text + 100, ']', 100);
    text[200] = '\0';
    ck_assert_ptr_null(json_scan_skip(at(text)));
    memset(text, '[', 60);
    memset(text + 60, ']', 60);
    text[120] = '\0';
    ck_assert_ptr_nonnull(json_scan_skip(at(text)));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_scan");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_composite_page_is_read_in_place);
    tcase_add_test(core, whitespace_and_other_members_are_skipped);
    tcase_add_test(limits, strings_and_integers_are_read_strictly);
    tcase_add_test(limits, bad_text_is_refused);
    tcase_add_test(limits, deep_nesting_is_refused);
    return unit_run(s);
}
