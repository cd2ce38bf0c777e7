/* test_utf8.c: unit tests of lib/utf8.c, the strict one-code-point decoder. */
#include "unit.h"
#include "utf8.h"

/* Decodes the first code point of the len bytes and checks it and the bytes consumed. */
#define assert_decodes(bytes, len, want_cp, want_n)                                        \
    do {                                                                                   \
        uint32_t cp_ = 0;                                                                  \
        ck_assert_uint_eq(utf8_decode((const unsigned char *)(bytes), len, &cp_), want_n); \
        ck_assert_uint_eq(cp_, want_cp);                                                   \
    } while (0)

#define assert_rejected(bytes, len) assert_decodes(bytes, len, UTF8_REPLACEMENT, 1)

START_TEST(ascii_is_one_byte_each)
{
    assert_decodes("A", 1, 0x41, 1);
    assert_decodes("\0", 1, 0, 1);
    assert_decodes("\x7f", 1, 0x7f, 1);
}
END_TEST

START_TEST(multibyte_sequences_decode_to_their_code_point)
{
    assert_decodes("\xc2\x80", 2, 0x80, 2);
    assert_decodes("\xc3\xa9", 2, 0xe9, 2);
    assert_decodes("\xdf\xbf", 2, 0x7ff, 2);
    assert_decodes("\xe0\xa0\x80", 3, 0x800, 3);
    assert_decodes("\xe2\x82\xac", 3, 0x20ac, 3);
    assert_decodes("\xed\x9f\xbf", 3, 0xd7ff, 3);
    assert_decodes("\xee\x80\x80", 3, 0xe000, 3);
    assert_decodes("\xef\xbf\xbe", 3, 0xfffe, 3);
    assert_decodes("\xf0\x90\x80\x80", 4, 0x10000, 4);
    assert_decodes("\xf0\x9f\x98\x80", 4, 0x1f600, 4);
    assert_decodes("\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4);
}
END_TEST

START_TEST(only_the_first_code_point_is_consumed)
{
    assert_decodes("\xc3\xa9z", 3, 0xe9, 2);
    assert_decodes("ab", 2, 'a', 1);
}
END_TEST

START_TEST(overlong_forms_are_rejected)
{
    assert_rejected("\xc0\x80", 2);
    assert_rejected("\xc1\xbf", 2);
    assert_rejected("\xe0\x80\x80", 3);
    assert_rejected("\xe0\x9f\xbf", 3);
    assert_rejected("\xf0\x80\x80\x80", 4);
    assert_rejected("\xf0\x8f\xbf\xbf", 4);
}
END_TEST

START_TEST(surrogates_are_rejected)
{
    assert_rejected("\xed\xa0\x80", 3);
    assert_rejected("\xed\xaf\xbf", 3);
    assert_rejected("\xed\xb0\x80", 3);
    assert_rejected("\xed\xbf\xbf", 3);
}
END_TEST

START_TEST(values_above_u10ffff_are_rejected)
{
    assert_rejected("\xf4\x90\x80\x80", 4);
    assert_rejected("\xf5\x80\x80\x80", 4);
    assert_rejected("\xf7\xbf\xbf\xbf", 4);
    assert_rejected("\xf8\x88\x80\x80\x80", 5);
    assert_rejected("\xfe", 1);
    assert_rejected("\xff", 1);
}
END_TEST

START_TEST(truncated_sequences_are_rejected)
{
    assert_rejected("\xc3", 1);
    assert_rejected("\xe2\x82", 2);
    assert_rejected("\xf0\x9f\x98", 3);
    assert_rejected("\xe2\x82\xac", 2);
}
END_TEST

START_TEST(bad_continuation_bytes_are_rejected)
{
    assert_rejected("\x80", 1);
    assert_rejected("\xbf", 1);
    assert_rejected("\xc3\x41", 2);
    assert_rejected("\xe2\x82\x41", 3);
    assert_rejected("\xf0\x9f\xc0\x80", 4);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("utf8");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, ascii_is_one_byte_each);
    tcase_add_test(core, multibyte_sequences_decode_to_their_code_point);
    tcase_add_test(core, only_the_first_code_point_is_consumed);
    tcase_add_test(limits, overlong_forms_are_rejected);
    tcase_add_test(limits, surrogates_are_rejected);
    tcase_add_test(limits, values_above_u10ffff_are_rejected);
    tcase_add_test(limits, truncated_sequences_are_rejected);
    tcase_add_test(limits, bad_continuation_bytes_are_rejected);
    return unit_run(s);
}
