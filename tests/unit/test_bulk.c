/* test_bulk.c: unit tests of lib/bulk.c's reply check: every document's outcome is reported, none lost. */
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
    size_t stored;

    memset(o, 0, sizeof *o);
    stored = bulk_check_reply(reply, first_seq, count, record, o);
    cJSON_Delete(reply);
    ck_assert_int_eq(o->n, (int)count);
    return stored;
}

#define ITEM(status) "{\"index\":{\"_index\":\"ews-2024.05.01-1\",\"_id\":\"x\",\"status\":" #status "}}"
#define FAILED_ITEM(status, type, why) \
    "{\"index\":{\"_index\":\"ews-2024.05.01-1\",\"status\":" #status ",\"error\":{\"type\":\"" type "\",\"reason\":\"" why "\"}}}"

START_TEST(a_clean_reply_stores_every_document)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply("{\"took\":3,\"errors\":false,\"items\":[" ITEM(201) "," ITEM(200) "]}", 10, 2, &o),
                      2);
    ck_assert_uint_eq(o.seq[0], 10);
    ck_assert_uint_eq(o.seq[1], 11);
    ck_assert(o.stored[0] && o.stored[1]);
}
END_TEST

START_TEST(each_rejected_document_is_reported_with_its_error)
{
    struct outcomes o;

    ck_assert_uint_eq(check_reply("{\"errors\":true,\"items\":[" ITEM(201) ","
                                  FAILED_ITEM(400, "mapper_parsing_exception", "failed to parse field [recievedTime]") ","
                                  ITEM(201) ","
                                  FAILED_ITEM(409, "version_conflict_engine_exception", "document already exists")
                                  "]}",
                                  0, 4, &o),
                      2);
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

    ck_assert_uint_eq(check_reply("{\"items\":[{\"create\":{\"status\":500}},{\"index\":{\"status\":429,\"error\":\"busy\"}}]}",
                                  0, 2, &o),
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

    ck_assert_uint_eq(check_reply("{\"items\":[" ITEM(299) "," ITEM(300) "," ITEM(199) ",{\"index\":{\"status\":\"201\"}}]}",
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

    ck_assert_uint_eq(bulk_check_reply(reply, 0, 2, NULL, NULL), 1);
    cJSON_Delete(reply);
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
    tcase_add_test(limits, a_reply_without_items_stores_nothing);
    tcase_add_test(limits, a_status_must_be_a_2xx_number);
    tcase_add_test(limits, extra_items_in_the_reply_are_ignored);
    tcase_add_test(limits, a_long_engine_reason_is_bounded);
    tcase_add_test(limits, no_callback_still_counts);
    return unit_run(s);
}
