/* test_query.c: unit tests of lib/query.c, query-string splitting and percent-decoding. */
#include <stdio.h>

#include "query.h"
#include "unit.h"

/* Decodes src with percent_decode into a NUL-terminated static copy. */
static const char *decoded(const char *src, int plus_is_space)
{
    static char out[256];
    size_t n = percent_decode(out, src, strlen(src), plus_is_space);

    out[n] = '\0';
    return out;
}

START_TEST(plus_is_a_space_and_percent_escapes_are_bytes)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, "a+b=c+d%41%2b%2F", 100), PEBA_OK);
    ck_assert_int_eq(q.count, 1);
    ck_assert_str_eq(q.items[0].key, "a b");
    ck_assert_str_eq(q.items[0].value, "c dA+/");
    ck_assert_uint_eq(q.items[0].value_len, 6);
    query_free(&q);
}
END_TEST

START_TEST(percent_decode_keeps_plus_unless_asked)
{
    ck_assert_str_eq(decoded("a+b%20c", 0), "a+b c");
    ck_assert_str_eq(decoded("a+b%20c", 1), "a b c");
    ck_assert_str_eq(decoded("%e2%82%AC", 0), "\xe2\x82\xac");
}
END_TEST

START_TEST(a_malformed_escape_is_kept_literally)
{
    ck_assert_str_eq(decoded("%", 1), "%");
    ck_assert_str_eq(decoded("100%", 1), "100%");
    ck_assert_str_eq(decoded("%4", 1), "%4");
    ck_assert_str_eq(decoded("%zz%4g%g4", 1), "%zz%4g%g4");
    ck_assert_str_eq(decoded("%%41", 1), "%A");
    ck_assert_str_eq(decoded("%41%", 1), "A%");
}
END_TEST

START_TEST(empty_pairs_are_skipped)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, "&&a=1&&&b=2&", 100), PEBA_OK);
    ck_assert_int_eq(q.count, 2);
    ck_assert_str_eq(q.items[0].key, "a");
    ck_assert_str_eq(q.items[1].key, "b");
    query_free(&q);
}
END_TEST

START_TEST(a_key_without_equals_has_an_empty_value)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, "flag&x=1&y=", 100), PEBA_OK);
    ck_assert_int_eq(q.count, 3);
    ck_assert_str_eq(q.items[0].key, "flag");
    ck_assert_str_eq(q.items[0].value, "");
    ck_assert_uint_eq(q.items[0].value_len, 0);
    ck_assert_str_eq(query_get(&q, "y")->value, "");
    ck_assert_uint_eq(query_get(&q, "y")->value_len, 0);
    query_free(&q);
}
END_TEST

START_TEST(only_the_first_equals_splits_key_from_value)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, "a=b=c&k%3Dx=v", 100), PEBA_OK);
    ck_assert_str_eq(query_get(&q, "a")->value, "b=c");
    ck_assert_str_eq(query_get(&q, "k=x")->value, "v");
    query_free(&q);
}
END_TEST

START_TEST(the_first_of_repeated_keys_wins)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, "time=1&time=2", 100), PEBA_OK);
    ck_assert_int_eq(q.count, 2);
    ck_assert_str_eq(query_get(&q, "time")->value, "1");
    ck_assert_ptr_null(query_get(&q, "Time"));
    ck_assert_ptr_null(query_get(&q, "tim"));
    query_free(&q);
}
END_TEST

START_TEST(a_missing_query_string_is_empty)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, NULL, 100), PEBA_OK);
    ck_assert_int_eq(q.count, 0);
    ck_assert_ptr_null(query_get(&q, "a"));
    query_free(&q);
    ck_assert_int_eq(query_parse(&q, "", 100), PEBA_OK);
    ck_assert_int_eq(q.count, 0);
    query_free(&q);
}
END_TEST

START_TEST(sixty_four_parameters_are_accepted)
{
    struct buf raw;
    struct query q;

    buf_init(&raw, 0);
    for (int i = 0; i < QUERY_MAX_PARAMS; i++)
        buf_printf(&raw, "%sk%d=%d", i ? "&" : "", i, i);
    ck_assert_int_eq(query_parse(&q, raw.data, raw.len), PEBA_OK);
    ck_assert_int_eq(q.count, QUERY_MAX_PARAMS);
    ck_assert_str_eq(query_get(&q, "k63")->value, "63");
    query_free(&q);
    buf_free(&raw);
}
END_TEST

START_TEST(a_sixty_fifth_parameter_is_a_bad_request)
{
    struct buf raw;
    struct query q;

    buf_init(&raw, 0);
    for (int i = 0; i <= QUERY_MAX_PARAMS; i++)
        buf_printf(&raw, "%sk%d=%d", i ? "&" : "", i, i);
    peba_clear_reason();
    ck_assert_int_eq(query_parse(&q, raw.data, raw.len), PEBA_E_BAD_REQUEST);
    ck_assert_ptr_nonnull(strstr(peba_reason(PEBA_E_BAD_REQUEST), "64"));
    ck_assert_int_eq(q.count, 0);
    ck_assert_ptr_null(q.storage);
    query_free(&q);
    buf_free(&raw);
}
END_TEST

START_TEST(a_query_past_the_length_limit_is_too_long)
{
    struct query q;

    ck_assert_int_eq(query_parse(&q, "a=123456", 8), PEBA_OK);
    query_free(&q);
    peba_clear_reason();
    ck_assert_int_eq(query_parse(&q, "a=1234567", 8), PEBA_E_URI_TOO_LONG);
    ck_assert_ptr_nonnull(strstr(peba_reason(PEBA_E_URI_TOO_LONG), "8 bytes"));
    ck_assert_ptr_null(q.storage);
    query_free(&q);
}
END_TEST

START_TEST(an_encoded_nul_stays_inside_the_value)
{
    struct query q;
    const struct query_param *p;

    ck_assert_int_eq(query_parse(&q, "ip=1.2.3.4%00x&b=2", 100), PEBA_OK);
    p = query_get(&q, "ip");
    ck_assert_uint_eq(p->value_len, 9);
    ck_assert_mem_eq(p->value, "1.2.3.4\0x", 10);
    ck_assert_str_eq(query_get(&q, "b")->value, "2");
    query_free(&q);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("query");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, plus_is_a_space_and_percent_escapes_are_bytes);
    tcase_add_test(core, percent_decode_keeps_plus_unless_asked);
    tcase_add_test(core, a_malformed_escape_is_kept_literally);
    tcase_add_test(core, empty_pairs_are_skipped);
    tcase_add_test(core, a_key_without_equals_has_an_empty_value);
    tcase_add_test(core, only_the_first_equals_splits_key_from_value);
    tcase_add_test(core, the_first_of_repeated_keys_wins);
    tcase_add_test(core, a_missing_query_string_is_empty);
    tcase_add_test(limits, sixty_four_parameters_are_accepted);
    tcase_add_test(limits, a_sixty_fifth_parameter_is_a_bad_request);
    tcase_add_test(limits, a_query_past_the_length_limit_is_too_long);
    tcase_add_test(limits, an_encoded_nul_stays_inside_the_value);
    return unit_run(s);
}
