/* test_buf.c: unit tests of lib/buf.c, the growable buffer with a sticky failure flag. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "array_len.h"
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

START_TEST(integers_append_as_printf_writes_them)
{
    static const long long values[] = {0, 7, -7, 10, 99, 100, 123456789, -1000, LLONG_MAX, LLONG_MIN};
    struct buf b;

    for (size_t i = 0; i < ARRAY_LEN(values); i++) {
        char want[32];

        buf_init(&b, 0);
        snprintf(want, sizeof want, "%lld", values[i]);
        ck_assert(buf_put_int(&b, values[i]));
        ck_assert_str_eq(b.data, want);
        buf_free(&b);
    }
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

/* ---- flushing: each row appends and flushes step by step and checks what the sink saw ---- */

struct flush_step {
    const char *append;
    bool appended; /* what the append returns */
    size_t threshold;
    bool flushed;     /* what buf_maybe_flush returns */
    int calls;        /* sink calls so far */
    const char *left; /* the content afterwards (NULL: not checked) */
};

#define FLUSH_STEPS(...) ((const struct flush_step[]){__VA_ARGS__, {.append = NULL}})

static const struct {
    const char *name;
    enum { NO_SINK, RECORDING_SINK, FAILING_SINK } sink;
    const struct flush_step *steps;
    const char *seen; /* the last content handed to the sink (NULL: not checked) */
    bool failed;      /* the buffer's failure flag at the end */
} flushes[] = {
    {"without a sink the content stays", NO_SINK, FLUSH_STEPS({"0123456789", true, 4, true, 0, "0123456789"}),
     NULL, false},
    {"a full buffer goes to the sink and is emptied", RECORDING_SINK,
     FLUSH_STEPS({"abc", true, 8, true, 0, "abc"}, {"defgh", true, 8, true, 1, ""},
                 {"i", true, 8, true, 1, "i"}),
     "abcdefgh", false},
    /* the failure is sticky: nothing more is appended or handed over */
    {"a failing sink marks the buffer failed", FAILING_SINK,
     FLUSH_STEPS({"abcdefgh", true, 4, false, 1, NULL}, {"more", false, 4, false, 1, NULL}), "abcdefgh",
     true},
    {"an empty buffer never reaches the sink", RECORDING_SINK, FLUSH_STEPS({"", true, 0, true, 0, ""}), NULL,
     false},
};

START_TEST(flushing_hands_full_buffers_to_the_sink)
{
    const char *row = flushes[_i].name;
    struct sink_log log = {.fail = flushes[_i].sink == FAILING_SINK};
    struct buf b;

    buf_init(&b, 0);
    if (flushes[_i].sink != NO_SINK) {
        b.sink = recording_sink;
        b.sink_ctx = &log;
    }
    for (const struct flush_step *step = flushes[_i].steps; step->append; step++) {
        ck_assert_msg(buf_puts(&b, step->append) == step->appended, "%s: appending '%s'", row, step->append);
        ck_assert_msg(buf_maybe_flush(&b, step->threshold) == step->flushed, "%s: flushing after '%s'", row,
                      step->append);
        ck_assert_msg(log.calls == step->calls, "%s: %d sink calls after '%s', want %d", row, log.calls,
                      step->append, step->calls);
        if (step->left)
            ck_assert_msg(b.len == strlen(step->left) && strcmp(b.data, step->left) == 0,
                          "%s: '%s' left, want '%s'", row, b.data ? b.data : "", step->left);
    }
    if (flushes[_i].seen)
        ck_assert_msg(strcmp(log.seen, flushes[_i].seen) == 0, "%s: the sink saw '%s'", row, log.seen);
    ck_assert_msg(b.failed == flushes[_i].failed, "%s: failed is %d", row, b.failed);
    buf_free(&b);
}
END_TEST

/* ---- limits ---- */

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

/* Every way of writing, each with nothing (or nothing more) to write. */
static bool put_nothing(struct buf *b)
{
    return buf_append(b, "", 0);
}

static bool puts_empty(struct buf *b)
{
    return buf_puts(b, "");
}

static bool printf_empty(struct buf *b)
{
    return buf_printf(b, "%s", "");
}

static bool reserve_nothing(struct buf *b)
{
    return buf_reserve(b, 0) != NULL;
}

static bool putc_one(struct buf *b)
{
    return buf_putc(b, 'x');
}

static const struct {
    const char *name;
    bool (*write)(struct buf *b);
} writes[] = {
    {"buf_putc", putc_one},       {"buf_append", put_nothing},      {"buf_puts", puts_empty},
    {"buf_printf", printf_empty}, {"buf_reserve", reserve_nothing},
};

/* A buffer full to its limit refuses one byte more; from then on every write fails and the content stays. */
START_TEST(after_growth_past_the_limit_every_write_fails)
{
    struct buf b;

    buf_init(&b, 10);
    ck_assert(buf_append(&b, "0123456789", 10));
    ck_assert(!buf_putc(&b, 'x'));
    ck_assert(b.failed);
    ck_assert_msg(!writes[_i].write(&b), "%s succeeded on a failed buffer", writes[_i].name);
    ck_assert(b.failed);
    assert_buf_is(&b, "0123456789");
    buf_free(&b);
}
END_TEST

static const struct {
    const char *name;
    const char *content;
    size_t reserve;
} overflows[] = {
    {"SIZE_MAX on an empty buffer", "", SIZE_MAX},
    {"a size that overflows with the content", "abc", SIZE_MAX - 2},
    {"a size whose doubling overflows", "", SIZE_MAX / 2 + 2},
};

START_TEST(a_size_that_would_overflow_is_refused)
{
    struct buf b;

    buf_init(&b, 0);
    if (*overflows[_i].content)
        buf_puts(&b, overflows[_i].content);
    ck_assert_msg(buf_reserve(&b, overflows[_i].reserve) == NULL, "%s: reserved", overflows[_i].name);
    ck_assert_msg(b.failed, "%s: not marked failed", overflows[_i].name);
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
    tcase_add_test(core, integers_append_as_printf_writes_them);
    tcase_add_test(core, reserve_returns_the_write_position);
    tcase_add_test(core, reset_keeps_small_capacity_and_frees_large);
    tcase_add_test(core, reset_clears_the_failure_for_the_next_request);
    tcase_add_loop_test(core, flushing_hands_full_buffers_to_the_sink, 0, ARRAY_LEN(flushes));
    tcase_add_test(limits, growth_up_to_the_limit_succeeds);
    tcase_add_loop_test(limits, after_growth_past_the_limit_every_write_fails, 0, ARRAY_LEN(writes));
    tcase_add_test(limits, printf_past_the_limit_fails);
    tcase_add_loop_test(limits, a_size_that_would_overflow_is_refused, 0, ARRAY_LEN(overflows));
    return unit_run(s);
}
