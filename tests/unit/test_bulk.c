/* test_bulk.c: unit tests of lib/bulk.c's reply check: every document's outcome is reported, none lost, and the items refused for now are picked for another try. */
#include <stdio.h>

#include "bulk.h"
#include "unit.h"

#define MAX_OUTCOMES 8

/* What on_result reported, in call order. */
struct outcomes {
    int n;
    size_t seq[MAX_OUTCOMES];
    bool stored[MAX_OUTCOMES];
    char reason[MAX_OUTCOMES][600];
};

static void record(void *ctx, size_t seq, bool stored, const char *reason)
{
    struct outcomes *o = ctx;

    ck_assert_int_lt(o->n, MAX_OUTCOMES);
    ck_assert(stored == (reason == NULL));
    o->seq[o->n] = seq;
    o->stored[o->n] = stored;
    snprintf(o->reason[o->n], sizeof o->reason[o->n], "%s", reason ? reason : "");
    o->n++;
}

/* Checks the reply text against count documents numbered from first_seq; returns the number stored. */
static size_t check_reply(const char *text, size_t first_seq, size_t count, struct outcomes *o)
{
    cJSON *reply = text ? unit_json(text) : NULL;
    size_t pos[MAX_OUTCOMES], stored;

    ck_assert_uint_le(count, MAX_OUTCOMES);
    for (size_t i = 0; i < count; i++)
        pos[i] = i;
    memset(o, 0, sizeof *o);
    stored = bulk_check_reply(reply, first_seq, pos, count, NULL, NULL, record, o);
    cJSON_Delete(reply);
    ck_assert_int_eq(o->n, (int)count);
    return stored;
}

#define ITEM(status) "{\"index\":{\"_index\":\"ews-2024.05.01-1\",\"_id\":\"x\",\"status\":" #status "}}"
#define FAILED_ITEM(status, type, why)                                                               \
    "{\"index\":{\"_index\":\"ews-2024.05.01-1\",\"status\":" #status ",\"error\":{\"type\":\"" type \
    "\",\"reason\":\"" why "\"}}}"

START_TEST(a_clean_reply_stores_every_document)
{
    struct outcomes o;

    ck_assert_uint_eq(
        check_reply("{\"took\":3,\"errors\":false,\"items\":[" ITEM(201) "," ITEM(200) "]}", 10, 2, &o), 2);
    ck_assert_uint_eq(o.seq[0], 10);
    ck_assert_uint_eq(o.seq[1], 11);
    ck_assert(o.stored[0] && o.stored[1]);
}
END_TEST

START_TEST(each_rejected_document_is_reported_with_its_error)
{
    struct outcomes o;

    /* clang-format off */
    ck_assert_uint_eq(check_reply("{\"errors\":true,\"items\":[" ITEM(201) ","
                                  FAILED_ITEM(400, "mapper_parsing_exception", "failed to parse field [recievedTime]") ","
                                  ITEM(201) ","
                                  FAILED_ITEM(409, "version_conflict_engine_exception", "document already exists")
                                  "]}",
                                  0, 4, &o),
                      2);
    /* clang-format on */
    ck_assert(o.stored[0]);
    ck_assert(!o.stored[1]);
    ck_assert_uint_eq(o.seq[1], 1);
    ck_assert_str_eq(o.reason[1], "mapper_parsing_exception: failed to parse field [recievedTime]");
    ck_assert(o.stored[2]);
    ck_assert(!o.stored[3]);
    ck_assert_str_eq(o.reason[3], "version_conflict_engine_exception: document already exists");
}
END_TEST

START_TEST(an_error_without_details_still_has_a_reason)
{
    struct outcomes o;

    ck_assert_uint_eq(
        check_reply(
            "{\"items\":[{\"create\":{\"status\":500}},{\"index\":{\"status\":429,\"error\":\"busy\"}}]}", 0,
            2, &o),
        0);
    ck_assert_str_eq(o.reason[0], "error: rejected by the search engine");
    ck_assert_str_eq(o.reason[1], "error: rejected by the search engine");
}
END_TEST

START_TEST(documents_missing_from_the_reply_are_not_stored)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply("{\"items\":[" ITEM(201) "]}", 5, 3, &o), 1);
    ck_assert(o.stored[0]);
    ck_assert(!o.stored[1] && !o.stored[2]);
    ck_assert_uint_eq(o.seq[2], 7);
    ck_assert_str_eq(o.reason[1], "missing from the bulk reply");
    ck_assert_str_eq(o.reason[2], "missing from the bulk reply");
}
END_TEST

START_TEST(a_reply_without_items_stores_nothing)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply("{\"error\":\"bad\"}", 0, 2, &o), 0);
    ck_assert_str_eq(o.reason[0], "missing from the bulk reply");
    ck_assert_uint_eq(check_reply("{\"items\":{}}", 0, 1, &o), 0);
    ck_assert_uint_eq(check_reply("{\"items\":[{}, 7]}", 0, 2, &o), 0);
    ck_assert_uint_eq(check_reply(NULL, 0, 2, &o), 0);
    ck_assert_str_eq(o.reason[1], "missing from the bulk reply");
}
END_TEST

START_TEST(a_status_must_be_a_2xx_number)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply("{\"items\":[" ITEM(299) "," ITEM(300) "," ITEM(
                                      199) ",{\"index\":{\"status\":\"201\"}}]}",
                                  0, 4, &o),
                      1);
    ck_assert(o.stored[0]);
}
END_TEST

START_TEST(extra_items_in_the_reply_are_ignored)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply("{\"items\":[" ITEM(201) "," ITEM(201) "," ITEM(201) "]}", 0, 2, &o), 2);
}
END_TEST

START_TEST(a_long_engine_reason_is_bounded)
{
    char text[4096];
    char why[2001];
    struct outcomes o;

    memset(why, 'w', sizeof why - 1);
    why[sizeof why - 1] = '\0';
    snprintf(text, sizeof text,
             "{\"items\":[{\"index\":{\"status\":400,\"error\":{\"type\":\"t\",\"reason\":\"%s\"}}}]}", why);
    ck_assert_uint_eq(check_reply(text, 0, 1, &o), 0);
    ck_assert_uint_lt(strlen(o.reason[0]), 512);
    ck_assert_int_eq(strncmp(o.reason[0], "t: www", 6), 0);
}
END_TEST

START_TEST(no_callback_still_counts)
{
    cJSON *reply = unit_json("{\"items\":[" ITEM(201) "," ITEM(400) "]}");
    const size_t pos[] = {0, 1};

    ck_assert_uint_eq(bulk_check_reply(reply, 0, pos, 2, NULL, NULL, NULL, NULL), 1);
    cJSON_Delete(reply);
}
END_TEST

/*
 * Items refused for now, as OpenSearch 2.19 answered them: 429 for an index with the
 * read-only-allow-delete block (the disk flood stage), 503 for an index whose primary shard is not
 * active; and a 429 for a full write queue, whose type only names the reason.
 */
/* clang-format off */
#define BLOCKED_ITEM(id)                                                                                      \
    "{\"index\":{\"_index\":\"ews-2026.11.30-1\",\"_id\":\"" id "\",\"status\":429,\"error\":{\"type\":"           \
    "\"cluster_block_exception\",\"reason\":\"index [ews-2026.11.30-1] blocked by: [TOO_MANY_REQUESTS/12/disk " \
    "usage exceeded flood-stage watermark, index has read-only-allow-delete block];\"}}}"
#define NO_SHARD_ITEM(id)                                                                                     \
    "{\"index\":{\"_index\":\"ews-2026.11.29-1\",\"_id\":\"" id "\",\"status\":503,\"error\":{\"type\":"           \
    "\"unavailable_shards_exception\",\"reason\":\"[ews-2026.11.29-1][0] primary shard is not active Timeout: "  \
    "[1s]\"}}}"
#define QUEUE_FULL_ITEM(id)                                                                                   \
    "{\"index\":{\"_index\":\"ews-2026.11.30-1\",\"_id\":\"" id "\",\"status\":429,\"error\":{\"type\":"           \
    "\"es_rejected_execution_exception\",\"reason\":\"rejected execution (queue capacity 10)\"}}}"
#define REFUSED_REPLY                                                                                         \
    "{\"took\":1002,\"errors\":true,\"items\":[" BLOCKED_ITEM("a1") "," ITEM(201) "," NO_SHARD_ITEM("b1") "," \
    FAILED_ITEM(400, "mapper_parsing_exception", "bad") "," QUEUE_FULL_ITEM("a3") "," ITEM(200) "]}"
/* clang-format on */

START_TEST(items_refused_for_now_are_kept_for_another_try)
{
    cJSON *reply = unit_json(REFUSED_REPLY);
    size_t pos[] = {0, 1, 2, 3, 4, 5}, n_again = 99;
    struct outcomes o = {0};

    /* again is pos itself, as the bulk sends it: the positions of the items to send again, in order */
    ck_assert_uint_eq(bulk_check_reply(reply, 100, pos, 6, pos, &n_again, record, &o), 2);
    cJSON_Delete(reply);
    ck_assert_uint_eq(n_again, 3);
    ck_assert_uint_eq(pos[0], 0);
    ck_assert_uint_eq(pos[1], 2);
    ck_assert_uint_eq(pos[2], 4);
    /* the others have their outcome, and only they */
    ck_assert_int_eq(o.n, 3);
    ck_assert(o.stored[0] && o.seq[0] == 101);
    ck_assert(!o.stored[1] && o.seq[1] == 103);
    ck_assert_str_eq(o.reason[1], "mapper_parsing_exception: bad");
    ck_assert(o.stored[2] && o.seq[2] == 105);
}
END_TEST

START_TEST(a_second_try_answers_for_the_items_it_sent)
{
    /* the retry sent the batch's documents 2 and 4 only: its reply's items are theirs */
    cJSON *reply = unit_json("{\"items\":[" ITEM(201) "," QUEUE_FULL_ITEM("a3") "]}");
    size_t pos[] = {2, 4}, n_again = 99;
    struct outcomes o = {0};

    ck_assert_uint_eq(bulk_check_reply(reply, 100, pos, 2, pos, &n_again, record, &o), 1);
    cJSON_Delete(reply);
    ck_assert_uint_eq(n_again, 1);
    ck_assert_uint_eq(pos[0], 4);
    ck_assert_int_eq(o.n, 1);
    ck_assert(o.stored[0] && o.seq[0] == 102);
}
END_TEST

START_TEST(without_retries_left_a_refusal_is_reported)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply(REFUSED_REPLY, 0, 6, &o), 2);
    ck_assert(!o.stored[0] && !o.stored[2] && !o.stored[4]);
    ck_assert_str_eq(o.reason[0],
                     "cluster_block_exception: index [ews-2026.11.30-1] blocked by: "
                     "[TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has "
                     "read-only-allow-delete block];");
    ck_assert_str_eq(o.reason[2],
                     "unavailable_shards_exception: [ews-2026.11.29-1][0] primary shard is not active "
                     "Timeout: [1s]");
    ck_assert_str_eq(o.reason[4], "es_rejected_execution_exception: rejected execution (queue capacity 10)");
}
END_TEST

START_TEST(only_429_and_503_are_refusals_for_now)
{
    cJSON *reply = unit_json("{\"items\":[" ITEM(500) "," ITEM(502) "," ITEM(409) "," ITEM(404) "," ITEM(
        429) "," ITEM(503) ",{\"index\":{\"status\":\"429\"}}]}");
    size_t pos[] = {0, 1, 2, 3, 4, 5, 6}, n_again = 99;
    struct outcomes o = {0};

    ck_assert_uint_eq(bulk_check_reply(reply, 0, pos, 7, pos, &n_again, record, &o), 0);
    cJSON_Delete(reply);
    ck_assert_uint_eq(n_again, 2);
    ck_assert_uint_eq(pos[0], 4);
    ck_assert_uint_eq(pos[1], 5);
    ck_assert_int_eq(o.n, 5);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bulk");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_clean_reply_stores_every_document);
    tcase_add_test(core, each_rejected_document_is_reported_with_its_error);
    tcase_add_test(core, an_error_without_details_still_has_a_reason);
    tcase_add_test(core, documents_missing_from_the_reply_are_not_stored);
    tcase_add_test(core, items_refused_for_now_are_kept_for_another_try);
    tcase_add_test(core, a_second_try_answers_for_the_items_it_sent);
    tcase_add_test(core, without_retries_left_a_refusal_is_reported);
    tcase_add_test(limits, only_429_and_503_are_refusals_for_now);
    tcase_add_test(limits, a_reply_without_items_stores_nothing);
    tcase_add_test(limits, a_status_must_be_a_2xx_number);
    tcase_add_test(limits, extra_items_in_the_reply_are_ignored);
    tcase_add_test(limits, a_long_engine_reason_is_bounded);
    tcase_add_test(limits, no_callback_still_counts);
    return unit_run(s);
}
