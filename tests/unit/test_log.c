/* test_log.c: unit tests of lib/log.c's log_sample, the bounded printable copy of hostile input. */
#include "log.h"
#include "unit.h"

/* log_sample of the len bytes at text into a buffer of out_size bytes. */
#define assert_sample(out_size, text, len, want)            \
    do {                                                    \
        char out_[out_size];                                \
        log_sample(out_, sizeof out_, text, len);           \
        ck_assert_str_eq(out_, want);                       \
    } while (0)

START_TEST(short_printable_text_is_copied)
{
    assert_sample(32, "GET /alert?x=1", 14, "GET /alert?x=1");
    assert_sample(32, "", 0, "");
}
END_TEST

START_TEST(non_printable_bytes_become_dots)
{
    assert_sample(32, "a\x01" "b\nc\td\x7f" "e\xc3\xa9\0f", 13, "a.b.c.d.e...f");
}
END_TEST

START_TEST(long_text_keeps_head_and_tail)
{
    char text[100];

    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + i % 26);
    /* 32 bytes: 14 head + "..." + 14 tail + NUL */
    assert_sample(32, text, sizeof text, "abcdefghijklmn...ijklmnopqrstuv");
}
END_TEST

START_TEST(text_that_just_fits_is_not_cut)
{
    assert_sample(20, "0123456789012345678", 19, "0123456789012345678");
    assert_sample(20, "01234567890123456789", 20, "01234567...23456789");
}
END_TEST

START_TEST(the_sample_never_passes_the_output_size)
{
    char text[5000];
    char out[64 + 8];

    memset(text, 'x', sizeof text);
    memset(out, '#', sizeof out);
    for (size_t size = 1; size <= 64; size++) {
        log_sample(out, size, text, sizeof text);
        ck_assert_uint_lt(strlen(out), size);
        ck_assert_uint_ge(strlen(out) + 2, size);
        ck_assert_int_eq(out[size], '#');
    }
    assert_sample(8, "0123456789", 10, "0123456");
    assert_sample(1, "abc", 3, "");
}
END_TEST

START_TEST(a_zero_size_output_is_left_alone)
{
    char out[1] = {'#'};

    log_sample(out, 0, "abc", 3);
    ck_assert_int_eq(out[0], '#');
}
END_TEST

int main(void)
{
    Suite *s = suite_create("log");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, short_printable_text_is_copied);
    tcase_add_test(core, non_printable_bytes_become_dots);
    tcase_add_test(core, long_text_keeps_head_and_tail);
    tcase_add_test(limits, text_that_just_fits_is_not_cut);
    tcase_add_test(limits, the_sample_never_passes_the_output_size);
    tcase_add_test(limits, a_zero_size_output_is_left_alone);
    return unit_run(s);
}
