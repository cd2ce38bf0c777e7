/* test_buf.c: unit tests of lib/buf.c, the growable buffer with a sticky failure flag. */
#include <stdint.h>
#include <stdio.h>

#include "unit.h"

/* Records what a streaming sink was handed. */
struct sink_log {
    int calls;
    char seen[64];
    bool fail;
};

static bool recording_sink(struct buf *b, void *ctx)
{
    struct sink_log *log = ctx;

    log->calls++;
    snprintf(log->seen, sizeof log->seen, "%s", b->data);
    return !log->fail;
}

START_TEST(appends_grow_the_buffer_and_keep_it_terminated)
{
    struct buf b;
    char big[1000];

    buf_init(&b, 0);
    ck_assert(buf_puts(&b, "abc"));
    ck_assert(buf_putc(&b, 'd'));
    ck_assert(buf_append(&b, "e\0f", 3));
    assert_buf_is(&b, "abcde\0f");
    ck_assert_int_eq(b.data[b.len], '\0');

    memset(big, 'x', sizeof big);
    ck_assert(buf_append(&b, big, sizeof big));
    ck_assert_uint_eq(b.len, 7 + sizeof big);
    ck_assert_uint_ge(b.cap, b.len + 1);
    ck_assert_int_eq(b.data[b.len], '\0');
    ck_assert(!b.failed);
    buf_free(&b);
    ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(printf_appends_formatted_text_of_any_length)
{
    struct buf b;
    char word[600];

    buf_init(&b, 0);
    ck_assert(buf_printf(&b, "%d-%s", 42, "x"));
    memset(word, 'w', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    ck_assert(buf_printf(&b, "[%s]", word));
    ck_assert_uint_eq(b.len, 4 + 2 + strlen(word));
    ck_assert_int_eq(strncmp(b.data, "42-x[www", 8), 0);
    ck_assert_int_eq(b.data[b.len - 1], ']');
    buf_free(&b);
}
END_TEST

START_TEST(reserve_returns_the_write_position)
{
    struct buf b;
    char *p;

    buf_init(&b, 0);
    buf_puts(&b, "ab");
    p = buf_reserve(&b, 10);
    ck_assert_ptr_eq(p, b.data + 2);
    memcpy(p, "cd", 2);
    b.len += 2;
    b.data[b.len] = '\0';
    assert_buf_is(&b, "abcd");
    buf_free(&b);
}
END_TEST

START_TEST(reset_keeps_small_capacity_and_frees_large)
{
    struct buf b;
    char block[300] = {0};
    char *kept;

    buf_init(&b, 0);
    buf_append(&b, block, sizeof block);
    kept = b.data;
    buf_reset(&b, 4096);
    ck_assert_ptr_eq(b.data, kept);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_ge(b.cap, sizeof block);
    ck_assert_str_eq(b.data, "");

    buf_append(&b, block, sizeof block);
    buf_reset(&b, 64);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.cap, 0);
    ck_assert(buf_puts(&b, "again"));
    assert_buf_is(&b, "again");
    buf_free(&b);
}
END_TEST

START_TEST(reset_clears_the_failure_for_the_next_request)
{
    struct buf b;

    buf_init(&b, 4);
    ck_assert(!buf_puts(&b, "too long"));
    ck_assert(b.failed);
    buf_reset(&b, 4096);
    ck_assert(!b.failed);
    ck_assert(buf_puts(&b, "ok"));
    assert_buf_is(&b, "ok");
    buf_free(&b);
}
END_TEST

START_TEST(flush_without_a_sink_keeps_the_content)
{
    struct buf b;

    buf_init(&b, 0);
    buf_puts(&b, "0123456789");
    ck_assert(buf_maybe_flush(&b, 4));
    assert_buf_is(&b, "0123456789");
    buf_free(&b);
}
END_TEST

START_TEST(flush_hands_a_full_buffer_to_the_sink_and_empties_it)
{
    struct buf b;
    struct sink_log log = {0};

    buf_init(&b, 0);
    b.sink = recording_sink;
    b.sink_ctx = &log;
    buf_puts(&b, "abc");
    ck_assert(buf_maybe_flush(&b, 8));
    ck_assert_int_eq(log.calls, 0);
    buf_puts(&b, "defgh");
    ck_assert(buf_maybe_flush(&b, 8));
    ck_assert_int_eq(log.calls, 1);
    ck_assert_str_eq(log.seen, "abcdefgh");
    assert_buf_is(&b, "");
    buf_puts(&b, "i");
    assert_buf_is(&b, "i");
    buf_free(&b);
}
END_TEST

START_TEST(a_failing_sink_marks_the_buffer_failed)
{
    struct buf b;
    struct sink_log log = {.fail = true};

    buf_init(&b, 0);
    b.sink = recording_sink;
    b.sink_ctx = &log;
    buf_puts(&b, "abcdefgh");
    ck_assert(!buf_maybe_flush(&b, 4));
    ck_assert(b.failed);
    ck_assert(!buf_puts(&b, "more"));
    ck_assert(!buf_maybe_flush(&b, 4));
    ck_assert_int_eq(log.calls, 1);
    buf_free(&b);
}
END_TEST

START_TEST(flushing_an_empty_buffer_never_calls_the_sink)
{
    struct buf b;
    struct sink_log log = {0};

    buf_init(&b, 0);
    b.sink = recording_sink;
    b.sink_ctx = &log;
    ck_assert(buf_maybe_flush(&b, 0));
    ck_assert_int_eq(log.calls, 0);
    buf_free(&b);
}
END_TEST

START_TEST(growth_up_to_the_limit_succeeds)
{
    struct buf b;

    buf_init(&b, 10);
    ck_assert(buf_append(&b, "0123456789", 10));
    ck_assert(!b.failed);
    assert_buf_is(&b, "0123456789");
    buf_free(&b);
}
END_TEST

START_TEST(growth_past_the_limit_fails_and_the_failure_is_sticky)
{
    struct buf b;

    buf_init(&b, 10);
    ck_assert(buf_append(&b, "0123456789", 10));
    ck_assert(!buf_putc(&b, 'x'));
    ck_assert(b.failed);
    ck_assert(!buf_append(&b, "", 0));
    ck_assert(!buf_puts(&b, ""));
    ck_assert(!buf_printf(&b, "%s", ""));
    ck_assert_ptr_null(buf_reserve(&b, 0));
    assert_buf_is(&b, "0123456789");
    buf_free(&b);
}
END_TEST

START_TEST(printf_past_the_limit_fails)
{
    struct buf b;

    buf_init(&b, 8);
    ck_assert(!buf_printf(&b, "%d", 1234567890));
    ck_assert(b.failed);
    ck_assert_uint_eq(b.len, 0);
    buf_free(&b);
}
END_TEST

START_TEST(a_size_that_would_overflow_is_refused)
{
    struct buf b;

    buf_init(&b, 0);
    ck_assert_ptr_null(buf_reserve(&b, SIZE_MAX));
    ck_assert(b.failed);

    buf_init(&b, 0);
    buf_puts(&b, "abc");
    ck_assert_ptr_null(buf_reserve(&b, SIZE_MAX - 2));
    ck_assert(b.failed);
    buf_free(&b);

    buf_init(&b, 0);
    ck_assert_ptr_null(buf_reserve(&b, SIZE_MAX / 2 + 2));
    ck_assert(b.failed);
    buf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("buf");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, appends_grow_the_buffer_and_keep_it_terminated);
    tcase_add_test(core, printf_appends_formatted_text_of_any_length);
    tcase_add_test(core, reserve_returns_the_write_position);
    tcase_add_test(core, reset_keeps_small_capacity_and_frees_large);
    tcase_add_test(core, reset_clears_the_failure_for_the_next_request);
    tcase_add_test(core, flush_without_a_sink_keeps_the_content);
    tcase_add_test(core, flush_hands_a_full_buffer_to_the_sink_and_empties_it);
    tcase_add_test(core, a_failing_sink_marks_the_buffer_failed);
    tcase_add_test(limits, flushing_an_empty_buffer_never_calls_the_sink);
    tcase_add_test(limits, growth_up_to_the_limit_succeeds);
    tcase_add_test(limits, growth_past_the_limit_fails_and_the_failure_is_sticky);
    tcase_add_test(limits, printf_past_the_limit_fails);
    tcase_add_test(limits, a_size_that_would_overflow_is_refused);
    return unit_run(s);
}
