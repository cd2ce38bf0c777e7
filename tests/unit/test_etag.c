/* test_etag.c: unit tests of lib/etag.c: tags from SHA-256, and If-None-Match lists compared weakly. */
#include "array_len.h"
#include "etag.h"
#include "unit.h"

#define ABC_TAG "\"txt-ba7816bf8f01cfea414140de5dae2223\"" /* SHA-256("abc") begins ba7816bf... */

START_TEST(a_tag_is_the_kind_and_the_head_of_the_sha256)
{
    char tag[ETAG_SIZE];

    ck_assert(etag_of("txt", "abc", 3, tag));
    ck_assert_str_eq(tag, ABC_TAG);
    ck_assert(etag_of("json", "", 0, tag));
    ck_assert_str_eq(tag, "\"json-e3b0c44298fc1c149afbf4c8996fb924\"");
    ck_assert(etag_of("12345678", "abc", 3, tag));
    ck_assert_uint_eq(strlen(tag), ETAG_SIZE - 1);
}
END_TEST

START_TEST(if_none_match_lists_are_compared_weakly)
{
    static const struct {
        const char *header;
        bool matches;
    } cases[] = {
        {ABC_TAG, true},
        {"W/" ABC_TAG, true},
        {"*", true},
        {" * ", true},
        {"\"other\", " ABC_TAG, true},
        {"\"other\"," ABC_TAG ",\"more\"", true},
        {"W/\"a\" ,\tW/" ABC_TAG, true},
        {"", false},
        {"\"other\"", false},
        {"\"txt-ba7816bf8f01cfea414140de5dae222\"", false},  /* one digit short */
        {"\"xml-ba7816bf8f01cfea414140de5dae2223\"", false}, /* another representation */
        {"txt-ba7816bf8f01cfea414140de5dae2223", false},     /* no quotes */
        {"\"unclosed, " ABC_TAG, false},
        {"\"a\"junk " ABC_TAG, false},
        {"*, " ABC_TAG, false},
    };

    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        ck_assert_msg(etag_none_match(cases[i].header, ABC_TAG) == cases[i].matches, "If-None-Match: %s",
                      cases[i].header);
    ck_assert(!etag_none_match(NULL, ABC_TAG));
}
END_TEST

START_TEST(a_kind_too_long_gives_no_tag)
{
    char tag[ETAG_SIZE];

    ck_assert(!etag_of("123456789", "abc", 3, tag));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("etag");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_tag_is_the_kind_and_the_head_of_the_sha256);
    tcase_add_test(core, if_none_match_lists_are_compared_weakly);
    tcase_add_test(limits, a_kind_too_long_gives_no_tag);
    return unit_run(s);
}
