/* test_timeutil.c: unit tests of lib/timeutil.c, strict UTC stamps and calendar arithmetic. */
#include "timeutil.h"
#include "unit.h"

#define MAY_1_2024 1714521600 /* 2024-05-01 00:00:00 UTC */

static time_t stamp(const char *text)
{
    time_t t = -1;

    ck_assert_msg(utc_parse_stamp(text, strlen(text), &t), "%s rejected", text);
    return t;
}

static bool stamp_ok(const char *text)
{
    time_t t;

    return utc_parse_stamp(text, strlen(text), &t);
}

/* utc_format of t, in a static buffer. */
static const char *formatted(time_t t)
{
    static char out[UTC_STAMP_LEN];

    utc_format(t, out);
    return out;
}

START_TEST(a_stamp_is_formatted_in_utc)
{
    ck_assert_str_eq(formatted(0), "1970-01-01 00:00:00");
    ck_assert_str_eq(formatted(MAY_1_2024 + 36003), "2024-05-01 10:00:03");
    ck_assert_str_eq(formatted(951868799), "2000-02-29 23:59:59");
}
END_TEST

START_TEST(strftime_patterns_use_utc)
{
    char out[32];

    utc_strftime(MAY_1_2024 + 86399, "%Y.%m.%d", out, sizeof out);
    ck_assert_str_eq(out, "2024.05.01");
    utc_strftime(MAY_1_2024, "%Y-%m-%d %H:%M:%S", out, 5);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(a_stamp_parses_back_to_the_same_time)
{
    ck_assert_int_eq(stamp("2024-05-01 10:00:03"), MAY_1_2024 + 36003);
    ck_assert_int_eq(stamp("1970-01-01 00:00:00"), 0);
    ck_assert_int_eq(stamp("2024-02-29 00:00:00"), 1709164800);
    ck_assert_int_eq(stamp("9999-12-31 23:59:59"), 253402300799LL);
    for (time_t t = 0; t < 4000000000LL; t += 86399 * 97)
        ck_assert_int_eq(stamp(formatted(t)), t);
}
END_TEST

START_TEST(a_compact_day_parses_to_midnight)
{
    time_t t;

    ck_assert(utc_parse_compact_day("20240501", 8, &t));
    ck_assert_int_eq(t, MAY_1_2024);
    ck_assert(!utc_parse_compact_day("20181399", 8, &t));
    ck_assert(!utc_parse_compact_day("20230229", 8, &t));
    ck_assert(!utc_parse_compact_day("2024050", 7, &t));
    ck_assert(!utc_parse_compact_day("2024-05-", 8, &t));
}
END_TEST

START_TEST(day_start_rounds_down_to_utc_midnight)
{
    ck_assert_int_eq(utc_day_start(MAY_1_2024), MAY_1_2024);
    ck_assert_int_eq(utc_day_start(MAY_1_2024 + 86399), MAY_1_2024);
    ck_assert_int_eq(utc_day_start(MAY_1_2024 + 86400), MAY_1_2024 + 86400);
    ck_assert_int_eq(utc_day_start(-1), -86400);
}
END_TEST

START_TEST(adding_months_clamps_the_day_of_month)
{
    ck_assert_str_eq(formatted(utc_add_months(stamp("2024-01-31 12:34:56"), 1)), "2024-02-29 12:34:56");
    ck_assert_str_eq(formatted(utc_add_months(stamp("2023-01-31 00:00:00"), 1)), "2023-02-28 00:00:00");
    ck_assert_str_eq(formatted(utc_add_months(stamp("2024-03-31 00:00:00"), -1)), "2024-02-29 00:00:00");
    ck_assert_str_eq(formatted(utc_add_months(stamp("2024-01-15 00:00:00"), -1)), "2023-12-15 00:00:00");
    ck_assert_str_eq(formatted(utc_add_months(stamp("2024-01-15 00:00:00"), -13)), "2022-12-15 00:00:00");
    ck_assert_str_eq(formatted(utc_add_months(stamp("2024-05-31 00:00:00"), 12)), "2025-05-31 00:00:00");
    ck_assert_str_eq(formatted(utc_add_months(stamp("2024-05-31 00:00:00"), 0)), "2024-05-31 00:00:00");
}
END_TEST

START_TEST(malformed_stamps_are_refused)
{
    ck_assert(!stamp_ok(""));
    ck_assert(!stamp_ok("2024-05-01 10:00"));
    ck_assert(!stamp_ok("2024-05-01 10:00:030"));
    ck_assert(!stamp_ok("2024/05/01 10:00:03"));
    ck_assert(!stamp_ok("2024-05-01_10:00:03"));
    ck_assert(!stamp_ok("2024-05-01 10-00-03"));
    ck_assert(!stamp_ok("２０２４-05-01 10:00:03"));
    ck_assert(!stamp_ok("2024-05-01 -1:00:03"));
    ck_assert(!utc_parse_stamp("2024-05-01 10:00:03", 18, &(time_t){0}));
}
END_TEST

START_TEST(out_of_calendar_values_are_refused)
{
    ck_assert(!stamp_ok("1969-12-31 23:59:59"));
    ck_assert(!stamp_ok("0000-01-01 00:00:00"));
    ck_assert(!stamp_ok("2023-02-29 00:00:00"));
    ck_assert(!stamp_ok("1900-02-29 00:00:00"));
    ck_assert(!stamp_ok("2024-06-31 00:00:00"));
    ck_assert(!stamp_ok("2024-12-32 00:00:00"));
    ck_assert(!stamp_ok("2024-01-01 24:00:00"));
    ck_assert(!stamp_ok("2024-01-01 00:60:00"));
    ck_assert(!stamp_ok("2024-01-01 00:00:60"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("timeutil");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_stamp_is_formatted_in_utc);
    tcase_add_test(core, strftime_patterns_use_utc);
    tcase_add_test(core, a_stamp_parses_back_to_the_same_time);
    tcase_add_test(core, a_compact_day_parses_to_midnight);
    tcase_add_test(core, day_start_rounds_down_to_utc_midnight);
    tcase_add_test(core, adding_months_clamps_the_day_of_month);
    tcase_add_test(limits, malformed_stamps_are_refused);
    tcase_add_test(limits, out_of_calendar_values_are_refused);
    return unit_run(s);
}
