/* test_ingest_result.c: unit tests of the postSimpleMessage Result body (app/h_ingest.c): status and exact bytes. */
#include <stdio.h>

#include "h_ingest.h"
#include "unit.h"

/* An outcome from a pattern: S stored, N not stored, R rejected (reason "bad <n>"), one letter per alert. */
static void outcome_of(struct ingest_outcome *o, const char *pattern)
{
    char reason[32];

    ingest_outcome_init(o, strlen(pattern));
    for (size_t i = 0; pattern[i]; i++) {
        if (pattern[i] == 'R') {
            snprintf(reason, sizeof reason, "bad %zu", i);
            ingest_reject(o, i, reason);
        } else {
            ingest_mark(o, i, pattern[i] == 'S',
                        pattern[i] == 'S' ? NULL : "search engine unavailable: refused");
        }
    }
}

#define assert_result(pattern, status, body)                 \
    do {                                                     \
        struct ingest_outcome o_;                            \
        struct buf out_;                                     \
                                                             \
        outcome_of(&o_, pattern);                            \
        buf_init(&out_, 0);                                  \
        ck_assert_int_eq(ingest_result(&o_, &out_), status); \
        assert_buf_is(&out_, body);                          \
        buf_free(&out_);                                     \
        ingest_outcome_free(&o_);                            \
    } while (0)

START_TEST(everything_stored_is_ok)
{
    assert_result("SSS", 200,
                  "<Result><StatusCode>OK</StatusCode><Text>stored 3 of 3 alerts</Text></Result>");
    assert_result("S", 200, "<Result><StatusCode>OK</StatusCode><Text>stored 1 of 1 alert</Text></Result>");
    assert_result("", 200, "<Result><StatusCode>OK</StatusCode><Text>stored 0 of 0 alerts</Text></Result>");
}
END_TEST

/* Rejected alerts cannot be fixed by sending them again: still 200, but named. */
START_TEST(rejected_alerts_are_named_with_their_reason)
{
    assert_result(
        "SRSR", 200,
        "<Result><StatusCode>OK</StatusCode><Text>stored 2 of 4 alerts; rejected 2: #1 bad 1; #3 bad 3"
        "</Text></Result>");
    assert_result(
        "RR", 200,
        "<Result><StatusCode>OK</StatusCode><Text>stored 0 of 2 alerts; rejected 2: #0 bad 0; #1 bad 1"
        "</Text></Result>");
}
END_TEST

START_TEST(unstored_alerts_give_503_with_exact_ranges)
{
    assert_result(
        "SSNNRS", 503,
        "<Result><StatusCode>Handling failed</StatusCode><Text>stored 3 of 6 alerts (#0-#1, #5); "
        "not stored 2 (#2-#3): search engine unavailable: refused; rejected 1: #4 bad 4</Text></Result>");
    assert_result("NNN", 503,
                  "<Result><StatusCode>Handling failed</StatusCode><Text>stored 0 of 3 alerts; "
                  "not stored 3 (#0-#2): search engine unavailable: refused</Text></Result>");
}
END_TEST

START_TEST(reasons_are_xml_escaped)
{
    struct ingest_outcome o;
    struct buf out;

    ingest_outcome_init(&o, 2);
    ingest_reject(&o, 0, "Source: '<a&b>' is not an IPv4 or IPv6 address");
    ingest_mark(&o, 1, false, "mapper_parsing_exception: failed to parse [hostname] <x>");
    buf_init(&out, 0);
    ck_assert_int_eq(ingest_result(&o, &out), 503);
    assert_buf_is(&out,
                  "<Result><StatusCode>Handling failed</StatusCode><Text>stored 0 of 2 alerts; not stored 1 "
                  "(#1): mapper_parsing_exception: failed to parse [hostname] &lt;x&gt;; rejected 1: #0 "
                  "Source: '&lt;a&amp;b&gt;' is not an IPv4 or IPv6 address</Text></Result>");
    buf_free(&out);
    ingest_outcome_free(&o);
}
END_TEST

/* Only the engine's first reason is kept: one failed batch gives many identical ones. */
START_TEST(the_first_engine_reason_is_kept)
{
    struct ingest_outcome o;
    struct buf out;

    ingest_outcome_init(&o, 2);
    ingest_mark(&o, 0, false, "first");
    ingest_mark(&o, 1, false, "second");
    buf_init(&out, 0);
    ingest_result(&o, &out);
    ck_assert_ptr_nonnull(strstr(out.data, "): first</Text>"));
    buf_free(&out);
    ingest_outcome_free(&o);
}
END_TEST

START_TEST(long_lists_are_bounded)
{
    char pattern[302];
    struct ingest_outcome o;
    struct buf out;

    /* 100 rejected: 50 named, then a count */
    memset(pattern, 'R', 100);
    pattern[100] = '\0';
    outcome_of(&o, pattern);
    buf_init(&out, 0);
    ck_assert_int_eq(ingest_result(&o, &out), 200);
    ck_assert_ptr_nonnull(strstr(out.data, "; #49 bad 49; and 50 more</Text>"));
    ck_assert_ptr_null(strstr(out.data, "#50 "));
    buf_free(&out);
    ingest_outcome_free(&o);
    /* 150 alternating ranges of each: 50 ranges named, then the number of alerts left */
    for (int i = 0; i < 300; i++)
        pattern[i] = i % 2 ? 'N' : 'S';
    pattern[300] = '\0';
    outcome_of(&o, pattern);
    buf_init(&out, 0);
    ck_assert_int_eq(ingest_result(&o, &out), 503);
    ck_assert_ptr_nonnull(strstr(out.data, "stored 150 of 300 alerts (#0, #2, "));
    ck_assert_ptr_nonnull(strstr(out.data, ", #98, and 100 more); not stored 150 (#1, #3, "));
    ck_assert_ptr_nonnull(
        strstr(out.data, ", #99, and 100 more): search engine unavailable: refused</Text>"));
    ck_assert_uint_lt(out.len, 1200);
    buf_free(&out);
    ingest_outcome_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_result");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, everything_stored_is_ok);
    tcase_add_test(core, rejected_alerts_are_named_with_their_reason);
    tcase_add_test(core, unstored_alerts_give_503_with_exact_ranges);
    tcase_add_test(core, reasons_are_xml_escaped);
    tcase_add_test(core, the_first_engine_reason_is_kept);
    tcase_add_test(limits, long_lists_are_bounded);
    return unit_run(s);
}
