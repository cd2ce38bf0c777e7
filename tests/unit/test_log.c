/* test_log.c: unit tests of lib/log.c: the request's id in log lines, and log_sample, the bounded printable copy of hostile input. */
#include <unistd.h>

#include "array_len.h"
#include "log.h"
#include "unit.h"

/* What log_warn(message) writes to stderr, read back from a temporary file. */
static void logged(const char *message, char *line, size_t size)
{
    char path[] = "/tmp/peba-unit-log-XXXXXX";
    int fd = mkstemp(path), saved = dup(2);
    FILE *f;

    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    dup2(fd, 2);
    log_warn("%s", message);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    f = fdopen(fd, "r");
    rewind(f);
    ck_assert_ptr_nonnull(fgets(line, (int)size, f));
    fclose(f);
    unlink(path);
}

START_TEST(lines_name_the_request_in_flight)
{
    char line[256];

    log_set_request_id("4f2a9c0d1e6b7a8c9d0e1f2a3b4c5d6e");
    logged("search engine unavailable", line, sizeof line);
    ck_assert_msg(strstr(line, "] [4f2a9c0d1e6b7a8c9d0e1f2a3b4c5d6e] warning: search engine unavailable\n"),
                  "%s", line);
    log_set_request_id(NULL);
    logged("between requests", line, sizeof line);
    ck_assert_msg(strstr(line, "] warning: between requests\n") && !strchr(strchr(line, ']') + 1, '['), "%s",
                  line);
    log_set_request_id("two words");
    logged("an id that is no token names nothing", line, sizeof line);
    ck_assert_msg(!strstr(line, "two"), "%s", line);
    log_set_request_id(NULL);
}
END_TEST

START_TEST(an_id_is_a_short_token)
{
    static const struct {
        const char *id;
        bool valid;
    } cases[] = {
        {"4f2a9c0d1e6b7a8c9d0e1f2a3b4c5d6e", true},
        {"req-1.a_b", true},
        {"", false},
        {"a b", false},
        {"a\r\nX-Evil: 1", false},
        {"caf\xc3\xa9", false},
        {"0123456789012345678901234567890123456789012345678901234567890123", true},   /* 64 */
        {"01234567890123456789012345678901234567890123456789012345678901234", false}, /* 65 */
    };

    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        ck_assert_msg(log_id_valid(cases[i].id) == cases[i].valid, "id '%s'", cases[i].id);
}
END_TEST

/* log_sample of the len bytes at text into a buffer of out_size bytes. */
#define assert_sample(out_size, text, len, want)  \
    do {                                          \
        char out_[out_size];                      \
        log_sample(out_, sizeof out_, text, len); \
        ck_assert_str_eq(out_, want);             \
    } while (0)

START_TEST(short_printable_text_is_copied)
{
    assert_sample(32, "GET /alert?x=1", 14, "GET /alert?x=1");
    assert_sample(32, "", 0, "");
}
END_TEST

START_TEST(non_printable_bytes_become_dots)
{
    /* clang-format off */
    assert_sample(32, "a\x01" "b\nc\td\x7f" "e\xc3\xa9\0f", 13, "a.b.c.d.e...f");
    /* clang-format on */
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

    tcase_add_test(core, lines_name_the_request_in_flight);
    tcase_add_test(core, short_printable_text_is_copied);
    tcase_add_test(core, non_printable_bytes_become_dots);
    tcase_add_test(core, long_text_keeps_head_and_tail);
    tcase_add_test(limits, text_that_just_fits_is_not_cut);
    tcase_add_test(limits, the_sample_never_passes_the_output_size);
    tcase_add_test(limits, a_zero_size_output_is_left_alone);
    tcase_add_test(limits, an_id_is_a_short_token);
    return unit_run(s);
}
