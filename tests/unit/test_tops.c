/* test_tops.c: unit tests of app/h_tops.c (tops) on replies recorded from OpenSearch 2.19. */
#include <stdio.h>

#include "h_tops.h"
#include "unit.h"

/* Ports 22 (twice) and 445 over four 6-hour steps; min_doc_count 0 keeps the empty steps. */
/* clang-format off */
#define PORTS_REPLY \
    "{\"took\":9,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":8,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},\"aggregations\":{\"ports\":{" \
    "\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[{\"key\":\"22\",\"doc_count\":2,\"range\":{" \
    "\"buckets\":[{\"key_as_string\":\"2024-05-01 00:00:00\",\"key\":1714521600000,\"doc_count\":0}," \
    "{\"key_as_string\":\"2024-05-01 06:00:00\",\"key\":1714543200000,\"doc_count\":1}," \
    "{\"key_as_string\":\"2024-05-01 12:00:00\",\"key\":1714564800000,\"doc_count\":1}," \
    "{\"key_as_string\":\"2024-05-01 18:00:00\",\"key\":1714586400000,\"doc_count\":0}]}}," \
    "{\"key\":\"445\",\"doc_count\":1,\"range\":{\"buckets\":[" \
    "{\"key_as_string\":\"2024-05-01 00:00:00\",\"key\":1714521600000,\"doc_count\":0}," \
    "{\"key_as_string\":\"2024-05-01 06:00:00\",\"key\":1714543200000,\"doc_count\":0}," \
    "{\"key_as_string\":\"2024-05-01 12:00:00\",\"key\":1714564800000,\"doc_count\":1}," \
    "{\"key_as_string\":\"2024-05-01 18:00:00\",\"key\":1714586400000,\"doc_count\":0}]}}]}}}"
/* clang-format on */
/* Two URLs over hourly steps; the key_as_string of a mapping without our format is ignored. */
#define URLS_REPLY                                                                                         \
    "{\"took\":4,\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},"   \
    "\"aggregations\":{\"url\":{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[" \
    "{\"key\":\"/index.php\",\"doc_count\":2,\"range\":{\"buckets\":["                                     \
    "{\"key_as_string\":\"1714554000000\",\"key\":1714554000000,\"doc_count\":1},"                         \
    "{\"key_as_string\":\"1714557600000\",\"key\":1714557600000,\"doc_count\":1}]}},"                      \
    "{\"key\":\"/w\\u00e4p\\\"x\",\"doc_count\":1,\"range\":{\"buckets\":["                                \
    "{\"key\":1714554000000,\"doc_count\":0},{\"key\":1714557600000,\"doc_count\":1}]}}]}}}"
/* A mapping that made the port a number. */
#define NUMERIC_PORT_REPLY                                                                              \
    "{\"aggregations\":{\"ports\":{\"buckets\":[{\"key\":8080,\"doc_count\":1,\"range\":{\"buckets\":[" \
    "{\"key\":1714554000000,\"doc_count\":1}]}}]}}}"
#define NO_INDEX                                                                                             \
    "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":0.0,\"hits\":[]}}"
#define NO_BUCKETS                                                                                    \
    "{\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"hits\":[]},\"aggregations\":{\"url\":{" \
    "\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[]}}}"

/* The route's parameter list over a raw query string, into req's params. */
static peba_err parse_route(const char *query_string, struct request *req)
{
    return unit_parse_route("/alert/tops", query_string, req);
}

/* The request of `type=<type>`, every other parameter at its default. */
static const struct request *of_type(const char *type)
{
    static struct request req;
    char query_string[32];

    snprintf(query_string, sizeof query_string, "type=%s", type);
    ck_assert_int_eq(parse_route(query_string, &req), PEBA_OK);
    return &req;
}

#define assert_mapped(type, reply_text, want) assert_maps_to(tops_map, reply_text, of_type(type), want)

START_TEST(parameters_choose_kind_span_and_size)
{
    struct request req;
    struct tops_request t;

    ck_assert_int_eq(parse_route("type=urls", &req), PEBA_OK);
    t = tops_request_of(&req);
    ck_assert_int_eq(t.kind, TOPS_URLS);
    ck_assert_int_eq(t.span, TOPS_DAY);
    ck_assert_int_eq(t.topx, 10);
    ck_assert_int_eq(parse_route("type=destports&days=7&topx=30", &req), PEBA_OK);
    t = tops_request_of(&req);
    ck_assert_int_eq(t.kind, TOPS_PORTS);
    ck_assert_int_eq(t.span, TOPS_WEEK);
    ck_assert_int_eq(t.topx, 30);
    ck_assert_int_eq(parse_route("type=urls&days=28&topx=1", &req), PEBA_OK);
    ck_assert_int_eq(tops_request_of(&req).span, TOPS_MONTH);
    ck_assert_int_eq(tops_index_days(TOPS_DAY), 2);
    ck_assert_int_eq(tops_index_days(TOPS_WEEK), 8);
    ck_assert_int_eq(tops_index_days(TOPS_MONTH), 0);
}
END_TEST

START_TEST(bad_parameters_are_refused)
{
    struct request req;

    ck_assert_int_eq(parse_route("", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=url", &req), PEBA_E_BAD_REQUEST);
    /* the original used 1 for a non-integer days and refused other integers */
    ck_assert_int_eq(parse_route("type=urls&days=x", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=urls&days=2", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=urls&days=07", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=urls&topx=0", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=urls&topx=31", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=urls&topx=-1", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("type=urls&topx=5x", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(route_find("/alert/tops")->honours_ci, false);
}
END_TEST

START_TEST(the_url_query_counts_webpage_requests_per_hour)
{
    struct tops_request t = {TOPS_URLS, TOPS_DAY, 10};

    assert_query(
        tops_query(t),
        "{\"size\":0,\"query\":{\"bool\":{\"must\":[{\"range\":{\"recievedTime\":{\"gte\":\"now-1d\"}}},"
        "{\"term\":{\"peerType\":\"Webpage\"}}]}},\"aggs\":{\"url\":{\"terms\":{\"field\":\"originalRequestString\","
        "\"size\":10},\"aggs\":{\"range\":{\"date_histogram\":{\"field\":\"recievedTime\",\"calendar_interval\":\"1h\","
        "\"min_doc_count\":0,\"extended_bounds\":{\"min\":\"now-1d\",\"max\":\"now\"}}}}}}}");
}
END_TEST

START_TEST(the_port_query_counts_every_type_per_step)
{
    struct tops_request week = {TOPS_PORTS, TOPS_WEEK, 30};
    struct tops_request month = {TOPS_PORTS, TOPS_MONTH, 1};

    assert_query(
        tops_query(week),
        "{\"size\":0,\"query\":{\"bool\":{\"must\":[{\"range\":{\"recievedTime\":{\"gte\":\"now/d-6d\"}}}]}},"
        "\"aggs\":{\"ports\":{\"terms\":{\"field\":\"targetEntryPort\",\"size\":30},\"aggs\":{\"range\":{"
        "\"date_histogram\":{\"field\":\"recievedTime\",\"fixed_interval\":\"6h\",\"min_doc_count\":0,"
        "\"extended_bounds\":{\"min\":\"now/d-6d\",\"max\":\"now/d\"}}}}}}}");
    assert_query(
        tops_query(month),
        "{\"size\":0,\"query\":{\"bool\":{\"must\":[{\"range\":{\"recievedTime\":{\"gte\":\"now/d-27d\"}}}]}},"
        "\"aggs\":{\"ports\":{\"terms\":{\"field\":\"targetEntryPort\",\"size\":1},\"aggs\":{\"range\":{"
        "\"date_histogram\":{\"field\":\"recievedTime\",\"calendar_interval\":\"1d\",\"min_doc_count\":0,"
        "\"extended_bounds\":{\"min\":\"now/d-27d\",\"max\":\"now/d\"}}}}}}}");
}
END_TEST

START_TEST(each_top_gets_its_time_line_and_total)
{
    assert_mapped(
        "destports", PORTS_REPLY,
        "{\"22\":{\"2024-05-01 00:00:00\":0,\"2024-05-01 06:00:00\":1,\"2024-05-01 12:00:00\":1,"
        "\"2024-05-01 18:00:00\":0,\"total\":2},\"445\":{\"2024-05-01 00:00:00\":0,\"2024-05-01 06:00:00\":0,"
        "\"2024-05-01 12:00:00\":1,\"2024-05-01 18:00:00\":0,\"total\":1}}\n");
    assert_mapped("urls", URLS_REPLY,
                  "{\"/index.php\":{\"2024-05-01 09:00:00\":1,\"2024-05-01 10:00:00\":1,\"total\":2},"
                  "\"/w\\u00e4p\\\"x\":{\"2024-05-01 09:00:00\":0,\"2024-05-01 10:00:00\":1,\"total\":1}}\n");
    assert_mapped("destports", NUMERIC_PORT_REPLY, "{\"8080\":{\"2024-05-01 09:00:00\":1,\"total\":1}}\n");
}
END_TEST

START_TEST(nothing_found_is_an_empty_object)
{
    assert_mapped("urls", NO_INDEX, "{}\n");
    assert_mapped("urls", NO_BUCKETS, "{}\n");
    /* a reply for the other kind's aggregation name finds nothing */
    assert_mapped("urls", PORTS_REPLY, "{}\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tops");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, parameters_choose_kind_span_and_size);
    tcase_add_test(core, the_url_query_counts_webpage_requests_per_hour);
    tcase_add_test(core, the_port_query_counts_every_type_per_step);
    tcase_add_test(core, each_top_gets_its_time_line_and_total);
    tcase_add_test(limits, bad_parameters_are_refused);
    tcase_add_test(limits, nothing_found_is_an_empty_object);
    return unit_run(s);
}
