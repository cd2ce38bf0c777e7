/* test_params.c: unit tests of lib/params.c, the declarative parameter validators. */
#include <limits.h>
#include <stdio.h>

#include "array_len.h"
#include "params.h"
#include "unit.h"

static const char *const day_word[] = {"day", NULL};
static const char *const formats[] = {"xml", "json", NULL};
static const char *const kinds[] = {"a", "bb", "ccc", NULL};

static const struct param_spec minutes = {.name = "time", .validate = param_int, .max = 525600};
static const struct param_spec signed_int = {.name = "ci", .validate = param_int, .min = -1, .max = 1};
static const struct param_spec huge = {.name = "n", .validate = param_int, .max = LLONG_MAX};
static const struct param_spec format = {.name = "out", .validate = param_choice, .choices = formats};
static const struct param_spec time_or_day = {
    .name = "time", .validate = param_int_or_choice, .max = 525600, .choices = day_word, .required = true};
static const struct param_spec stamp = {.name = "from", .validate = param_datetime};
static const struct param_spec day = {.name = "date", .validate = param_compact_day};
static const struct param_spec address = {.name = "ip", .validate = param_ip};
static const struct param_spec kind_list = {.name = "kinds", .validate = param_choice_list, .choices = kinds};

/* Runs spec's validator on the NUL-terminated text. */
static peba_err check(const struct param_spec *spec, const char *text, struct param_value *out)
{
    memset(out, 0, sizeof *out);
    return spec->validate(spec, text, strlen(text), out);
}

static bool valid(const struct param_spec *spec, const char *text)
{
    struct param_value v;

    return check(spec, text, &v) == PEBA_OK;
}

/* The number a valid text parses to. */
static long long number(const struct param_spec *spec, const char *text)
{
    struct param_value v;

    ck_assert_msg(check(spec, text, &v) == PEBA_OK, "%s=%s rejected", spec->name, text);
    return v.num;
}

START_TEST(an_integer_in_range_is_accepted)
{
    struct param_value v;

    ck_assert_int_eq(check(&minutes, "10", &v), PEBA_OK);
    ck_assert_int_eq(v.num, 10);
    ck_assert_int_eq(v.choice, -1);
    ck_assert_int_eq(number(&minutes, "0"), 0);
    ck_assert_int_eq(number(&minutes, "525600"), 525600);
    ck_assert_int_eq(number(&minutes, "010"), 10);
    ck_assert_int_eq(number(&minutes, "000000000000000005"), 5);
}
END_TEST

START_TEST(an_integer_out_of_range_names_the_parameter_and_the_range)
{
    peba_clear_reason();
    ck_assert(!valid(&minutes, "525601"));
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "time: expected an integer from 0 to 525600");
}
END_TEST

START_TEST(a_minus_sign_is_accepted_only_when_the_minimum_is_negative)
{
    ck_assert(!valid(&minutes, "-5"));
    ck_assert(!valid(&minutes, "-0"));
    ck_assert_int_eq(number(&signed_int, "-1"), -1);
    ck_assert_int_eq(number(&signed_int, "0"), 0);
    ck_assert(!valid(&signed_int, "-2"));
    ck_assert(!valid(&signed_int, "-"));
    ck_assert(!valid(&signed_int, "--1"));
    ck_assert(!valid(&signed_int, "+1"));
}
END_TEST

START_TEST(anything_but_ascii_digits_is_rejected)
{
    ck_assert(!valid(&minutes, ""));
    ck_assert(!valid(&minutes, "abc"));
    ck_assert(!valid(&minutes, "1.5"));
    ck_assert(!valid(&minutes, "10abc"));
    ck_assert(!valid(&minutes, "10 "));
    ck_assert(!valid(&minutes, " 10"));
    ck_assert(!valid(&minutes, "0x10"));
    ck_assert(!valid(&minutes, "1e3"));
    ck_assert(!valid(&minutes, "\xd9\xa1\xd9\xa2"));         /* Arabic-Indic digits one and two */
    ck_assert(!valid(&minutes, "\xef\xbc\x91\xef\xbc\x90")); /* fullwidth 1 0 */
}
END_TEST

START_TEST(a_choice_must_match_exactly)
{
    struct param_value v;

    ck_assert_int_eq(check(&format, "json", &v), PEBA_OK);
    ck_assert_int_eq(v.choice, 1);
    ck_assert_int_eq(check(&format, "xml", &v), PEBA_OK);
    ck_assert_int_eq(v.choice, 0);
    ck_assert(!valid(&format, "JSON"));
    ck_assert(!valid(&format, "js"));
    ck_assert(!valid(&format, "jsonx"));
    ck_assert(!valid(&format, "json "));
    peba_clear_reason();
    ck_assert(!valid(&format, "csv"));
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "out: expected one of: xml json");
}
END_TEST

START_TEST(int_or_choice_takes_the_word_day_or_minutes)
{
    struct param_value v;

    ck_assert_int_eq(check(&time_or_day, "day", &v), PEBA_OK);
    ck_assert_int_eq(v.choice, 0);
    ck_assert_int_eq(check(&time_or_day, "1440", &v), PEBA_OK);
    ck_assert_int_eq(v.choice, -1);
    ck_assert_int_eq(v.num, 1440);
    ck_assert(!valid(&time_or_day, "Day"));
    ck_assert(!valid(&time_or_day, "days"));
    ck_assert(!valid(&time_or_day, "-5"));
    peba_clear_reason();
    ck_assert(!valid(&time_or_day, "525601"));
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "time: expected an integer from 0 to 525600 or 'day'");
}
END_TEST

START_TEST(a_datetime_is_strict_utc_with_calendar_checks)
{
    ck_assert_int_eq(number(&stamp, "2024-05-01 10:00:03"), 1714557603);
    ck_assert_int_eq(number(&stamp, "1970-01-01 00:00:00"), 0);
    ck_assert_int_eq(number(&stamp, "2024-02-29 12:00:00"), 1709208000);
    ck_assert_int_eq(number(&stamp, "2000-02-29 00:00:00"), 951782400);
    ck_assert(!valid(&stamp, "2023-02-29 00:00:00"));
    ck_assert(!valid(&stamp, "2100-02-29 00:00:00"));
    ck_assert(!valid(&stamp, "2024-04-31 00:00:00"));
    ck_assert(!valid(&stamp, "2024-13-01 00:00:00"));
    ck_assert(!valid(&stamp, "2024-00-01 00:00:00"));
    ck_assert(!valid(&stamp, "2024-05-00 00:00:00"));
    ck_assert(!valid(&stamp, "2024-05-01 24:00:00"));
    ck_assert(!valid(&stamp, "2024-05-01 23:60:00"));
    ck_assert(!valid(&stamp, "2024-05-01 23:59:60"));
    ck_assert(!valid(&stamp, "2024-05-01T10:00:03"));
    ck_assert(!valid(&stamp, "2024-05-01 10:00:03Z"));
    ck_assert(!valid(&stamp, "2024-5-01 10:00:03"));
    ck_assert(!valid(&stamp, "2024-05-01"));
    ck_assert(!valid(&stamp, "2024-05-01 1a:00:03"));
    ck_assert(!valid(&stamp, "+024-05-01 10:00:03"));
    peba_clear_reason();
    ck_assert(!valid(&stamp, "yesterday"));
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "from: expected a UTC time as YYYY-MM-DD HH:MM:SS");
}
END_TEST

START_TEST(a_compact_day_is_the_start_of_that_utc_day)
{
    ck_assert_int_eq(number(&day, "20240501"), 1714521600);
    ck_assert_int_eq(number(&day, "20240229"), 1709164800);
    ck_assert(!valid(&day, "20181399"));
    ck_assert(!valid(&day, "20181301"));
    ck_assert(!valid(&day, "20180230"));
    ck_assert(!valid(&day, "2018010"));
    ck_assert(!valid(&day, "201801011"));
    ck_assert(!valid(&day, "2018-01-01"));
    ck_assert(!valid(&day, "2018O101"));
}
END_TEST

START_TEST(an_ip_is_an_ipv4_or_ipv6_address)
{
    ck_assert(valid(&address, "192.0.2.1"));
    ck_assert(valid(&address, "0.0.0.0"));
    ck_assert(valid(&address, "::1"));
    ck_assert(valid(&address, "2001:db8::1"));
    ck_assert(valid(&address, "::ffff:192.0.2.1"));
    ck_assert(!valid(&address, "256.1.1.1"));
    ck_assert(!valid(&address, "1.2.3"));
    ck_assert(!valid(&address, "1.2.3.4 "));
    ck_assert(!valid(&address, "1.2.3.4/24"));
    ck_assert(!valid(&address, "example.org"));
    ck_assert(!valid(&address, "2001:db8::g"));
    ck_assert(!valid(&address, ""));
    peba_clear_reason();
    ck_assert(!valid(&address, "abc"));
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "ip: expected an IPv4 or IPv6 address");
}
END_TEST

START_TEST(a_choice_list_sets_one_bit_per_word)
{
    ck_assert_int_eq(number(&kind_list, "a"), 1);
    ck_assert_int_eq(number(&kind_list, "a,ccc"), 5);
    ck_assert_int_eq(number(&kind_list, "ccc,bb,a"), 7);
    ck_assert_int_eq(number(&kind_list, "bb,bb"), 2);
    ck_assert(!valid(&kind_list, ""));
    ck_assert(!valid(&kind_list, "a,"));
    ck_assert(!valid(&kind_list, ",a"));
    ck_assert(!valid(&kind_list, "a,,bb"));
    ck_assert(!valid(&kind_list, "a, bb"));
    ck_assert(!valid(&kind_list, "d"));
    ck_assert(!valid(&kind_list, "cc"));
}
END_TEST

/* Parses raw against specs; the query lives until the test's process ends. */
static peba_err parse(const char *raw, const struct param_spec *specs, size_t n, struct param_value *vals)
{
    static struct query q;

    query_free(&q);
    ck_assert_int_eq(query_parse(&q, raw, 4096), PEBA_OK);
    peba_clear_reason();
    return params_parse(specs, n, &q, vals);
}

static const struct param_spec route_specs[] = {
    {.name = "time", .validate = param_int_or_choice, .max = 525600, .choices = day_word, .required = true},
    {.name = "out", .validate = param_choice, .choices = formats},
    {.name = "ip", .validate = param_ip},
    {.name = "topx", .validate = param_int, .min = 1, .max = 100, .max_len = 3},
    {.name = "kinds", .validate = param_choice_list, .choices = kinds},
};
#define NSPECS ARRAY_LEN(route_specs)

START_TEST(parsing_fills_every_value_in_spec_order)
{
    struct param_value v[NSPECS];
    char ip[IP_TEXT_MAX];

    ck_assert_int_eq(parse("ip=::1&time=15&ignored=x&out=json", route_specs, NSPECS, v), PEBA_OK);
    ck_assert(v[0].present);
    ck_assert_int_eq(v[0].num, 15);
    ck_assert_int_eq(v[0].choice, -1);
    ck_assert_int_eq(v[1].choice, 1);
    ck_assert(v[2].present);
    ck_assert_str_eq(ip_format(v[2].addr, ip), "::1");
    ck_assert(!v[3].present);
    ck_assert_int_eq(v[3].choice, -1);
    ck_assert(!v[4].present);
}
END_TEST

START_TEST(a_required_parameter_must_be_given)
{
    struct param_value v[NSPECS];

    ck_assert_int_eq(parse("out=json", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "time: required");
}
END_TEST

START_TEST(an_empty_value_counts_as_absent)
{
    struct param_value v[NSPECS];

    ck_assert_int_eq(parse("time=", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "time: required");
    ck_assert_int_eq(parse("time=day&out=&topx", route_specs, NSPECS, v), PEBA_OK);
    ck_assert(!v[1].present);
    ck_assert(!v[3].present);
}
END_TEST

START_TEST(the_first_of_repeated_parameters_is_validated)
{
    struct param_value v[NSPECS];

    ck_assert_int_eq(parse("time=5&time=abc", route_specs, NSPECS, v), PEBA_OK);
    ck_assert_int_eq(v[0].num, 5);
    ck_assert_int_eq(parse("time=abc&time=5", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
}
END_TEST

START_TEST(a_bad_value_is_reported_with_the_parameter_name)
{
    struct param_value v[NSPECS];

    ck_assert_int_eq(parse("time=1&topx=0", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "topx: expected an integer from 1 to 100");
    ck_assert_int_eq(parse("time=1&ip=1.2.3", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "ip: expected an IPv4 or IPv6 address");
}
END_TEST

START_TEST(the_canonical_form_is_stable_across_spellings)
{
    struct param_value v[NSPECS];
    struct buf a, b;

    buf_init(&a, 0);
    buf_init(&b, 0);
    ck_assert_int_eq(parse("time=10&out=json&ip=::1&kinds=ccc,a", route_specs, NSPECS, v), PEBA_OK);
    params_canonical(route_specs, NSPECS, v, &a);
    ck_assert_int_eq(parse("zzz=1&kinds=a,ccc&ip=::1&out=json&time=0010&time=7", route_specs, NSPECS, v),
                     PEBA_OK);
    params_canonical(route_specs, NSPECS, v, &b);
    assert_buf_is(&a, "&time=10&out=json&ip=::1&kinds=5");
    ck_assert_str_eq(a.data, b.data);

    buf_reset(&a, 0);
    ck_assert_int_eq(parse("time=day&topx=7", route_specs, NSPECS, v), PEBA_OK);
    params_canonical(route_specs, NSPECS, v, &a);
    assert_buf_is(&a, "&time=day&topx=7");
    buf_free(&a);
    buf_free(&b);
}
END_TEST

static const struct param_spec defaulted_specs[] = {
    {.name = "topx", .validate = param_int, .min = 1, .max = 100, .def = "10"},
    {.name = "side", .validate = param_choice, .choices = formats, .def = "json"},
    {.name = "monthOffset", .validate = param_int, .max = 120, .def = "0", .alias = "offset"},
};

START_TEST(an_absent_parameter_takes_its_default_without_counting_as_given)
{
    struct param_value v[ARRAY_LEN(defaulted_specs)];
    struct buf key;

    buf_init(&key, 0);
    ck_assert_int_eq(parse("topx=&x=1", defaulted_specs, ARRAY_LEN(defaulted_specs), v), PEBA_OK);
    ck_assert(!v[0].present);
    ck_assert_int_eq(v[0].num, 10);
    ck_assert(!v[1].present);
    ck_assert_int_eq(v[1].choice, 1);
    ck_assert_int_eq(v[2].num, 0);
    params_canonical(defaulted_specs, ARRAY_LEN(defaulted_specs), v, &key);
    ck_assert_uint_eq(key.len, 0);
    buf_free(&key);
}
END_TEST

START_TEST(an_alias_stands_in_for_the_name_and_the_name_wins)
{
    struct param_value v[ARRAY_LEN(defaulted_specs)];
    struct buf key;

    buf_init(&key, 0);
    ck_assert_int_eq(parse("offset=7", defaulted_specs, ARRAY_LEN(defaulted_specs), v), PEBA_OK);
    ck_assert(v[2].present);
    ck_assert_int_eq(v[2].num, 7);
    ck_assert_int_eq(parse("monthOffset=01&offset=7", defaulted_specs, ARRAY_LEN(defaulted_specs), v),
                     PEBA_OK);
    ck_assert_int_eq(v[2].num, 1);
    params_canonical(defaulted_specs, ARRAY_LEN(defaulted_specs), v, &key);
    assert_buf_is(&key, "&monthOffset=1");
    buf_free(&key);
}
END_TEST

START_TEST(a_bad_alias_is_refused_under_its_own_name_even_beside_the_name)
{
    struct param_value v[ARRAY_LEN(defaulted_specs)];

    ck_assert_int_eq(parse("offset=1x", defaulted_specs, ARRAY_LEN(defaulted_specs), v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "offset: expected an integer from 0 to 120");
    ck_assert_int_eq(parse("monthOffset=1&offset=x", defaulted_specs, ARRAY_LEN(defaulted_specs), v),
                     PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "offset: expected an integer from 0 to 120");
    ck_assert_int_eq(parse("monthOffset=121&offset=1", defaulted_specs, ARRAY_LEN(defaulted_specs), v),
                     PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "monthOffset: expected an integer from 0 to 120");
}
END_TEST

START_TEST(an_address_comes_out_in_its_canonical_form)
{
    struct param_value v[NSPECS];
    struct buf key;

    buf_init(&key, 0);
    ck_assert_int_eq(parse("time=1&ip=::ffff:192.0.2.1", route_specs, NSPECS, v), PEBA_OK);
    params_canonical(route_specs, NSPECS, v, &key);
    assert_buf_is(&key, "&time=1&ip=192.0.2.1");
    buf_reset(&key, 0);
    ck_assert_int_eq(parse("time=1&ip=2001:DB8:0:0::1", route_specs, NSPECS, v), PEBA_OK);
    params_canonical(route_specs, NSPECS, v, &key);
    assert_buf_is(&key, "&time=1&ip=2001:db8::1");
    buf_free(&key);
}
END_TEST

START_TEST(eighteen_digits_fit_and_nineteen_are_refused)
{
    ck_assert_int_eq(number(&huge, "999999999999999999"), 999999999999999999LL);
    ck_assert(!valid(&huge, "1000000000000000000"));
    ck_assert(!valid(&huge, "9223372036854775807"));
    ck_assert(!valid(&huge, "99999999999999999999999"));
    ck_assert(!valid(&signed_int, "-9223372036854775808"));
}
END_TEST

START_TEST(a_value_longer_than_its_limit_is_refused)
{
    struct param_value v[NSPECS];

    ck_assert_int_eq(parse("time=1&topx=010", route_specs, NSPECS, v), PEBA_OK);
    ck_assert_int_eq(parse("time=1&topx=0010", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "topx: longer than 3 bytes");
}
END_TEST

START_TEST(the_default_length_limit_applies_without_max_len)
{
    struct param_value v[NSPECS];
    char raw[PARAM_DEFAULT_MAX_LEN + 32];

    snprintf(raw, sizeof raw, "time=%0*d", PARAM_DEFAULT_MAX_LEN + 1, 1);
    ck_assert_int_eq(parse(raw, route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "time: longer than 256 bytes");
}
END_TEST

START_TEST(an_embedded_nul_is_refused)
{
    struct param_value v[NSPECS];

    ck_assert_int_eq(parse("time=1&ip=1.2.3.4%00junk", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "ip: contains a NUL byte");
    ck_assert_int_eq(parse("time=day%00", route_specs, NSPECS, v), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST), "time: contains a NUL byte");
}
END_TEST

START_TEST(an_over_long_ip_is_refused_before_parsing)
{
    ck_assert(!valid(&address, "0000:0000:0000:0000:0000:ffff:192.168.100.200x"));
    ck_assert(!valid(&address, "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("params");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, an_integer_in_range_is_accepted);
    tcase_add_test(core, an_integer_out_of_range_names_the_parameter_and_the_range);
    tcase_add_test(core, a_minus_sign_is_accepted_only_when_the_minimum_is_negative);
    tcase_add_test(core, anything_but_ascii_digits_is_rejected);
    tcase_add_test(core, a_choice_must_match_exactly);
    tcase_add_test(core, int_or_choice_takes_the_word_day_or_minutes);
    tcase_add_test(core, a_datetime_is_strict_utc_with_calendar_checks);
    tcase_add_test(core, a_compact_day_is_the_start_of_that_utc_day);
    tcase_add_test(core, an_ip_is_an_ipv4_or_ipv6_address);
    tcase_add_test(core, a_choice_list_sets_one_bit_per_word);
    tcase_add_test(core, parsing_fills_every_value_in_spec_order);
    tcase_add_test(core, a_required_parameter_must_be_given);
    tcase_add_test(core, an_empty_value_counts_as_absent);
    tcase_add_test(core, the_first_of_repeated_parameters_is_validated);
    tcase_add_test(core, a_bad_value_is_reported_with_the_parameter_name);
    tcase_add_test(core, the_canonical_form_is_stable_across_spellings);
    tcase_add_test(core, an_absent_parameter_takes_its_default_without_counting_as_given);
    tcase_add_test(core, an_alias_stands_in_for_the_name_and_the_name_wins);
    tcase_add_test(core, an_address_comes_out_in_its_canonical_form);
    tcase_add_test(limits, a_bad_alias_is_refused_under_its_own_name_even_beside_the_name);
    tcase_add_test(limits, eighteen_digits_fit_and_nineteen_are_refused);
    tcase_add_test(limits, a_value_longer_than_its_limit_is_refused);
    tcase_add_test(limits, the_default_length_limit_applies_without_max_len);
    tcase_add_test(limits, an_embedded_nul_is_refused);
    tcase_add_test(limits, an_over_long_ip_is_refused_before_parsing);
    return unit_run(s);
}
