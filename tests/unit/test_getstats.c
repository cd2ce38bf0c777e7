/* test_getstats.c: unit tests of app/h_getstats.c (getStats) on replies recorded from OpenSearch 2.19. */
#include <float.h>
#include <math.h>

#include "h_getstats.h"
#include "pyfloat.h"
#include "unit.h"

#define T_09 ((time_t)1714554000) /* 2024-05-01 09:00:00 */
#define T_12 ((time_t)1714564800) /* 2024-05-01 12:00:00 */
#define BIT(name_index) (1LL << (name_index))
#define SSH 9 /* index of SSH/console(cowrie) in getstats_types */
#define WEBPAGE 14

/* Three hourly documents; the engine re-prints filtered sources (7.0 stays 7.0, 0.00001 becomes 1.0E-5),
 * the second was stored with an integral 8. */
/* clang-format off */
#define STATS_REPLY \
    "{\"took\":8,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[" \
    "{\"_index\":\"statistics\",\"_id\":\"v3eBFqIB_kQ4U08D7rLQ\",\"_score\":null,\"_source\":{\"comm_ratio_Webpage\":3.25," \
    "\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"UTCtimeTo\":\"2024-05-01 10:00:00\",\"comm_ratio_SSH/console(cowrie)\":7.0," \
    "\"comm_totalRatio\":12.5},\"sort\":[1714554000000]}," \
    "{\"_index\":\"statistics\",\"_id\":\"wHeBFqIB_kQ4U08D77JL\",\"_score\":null,\"_source\":{\"comm_ratio_Webpage\":1.0E-5," \
    "\"UTCtimeFrom\":\"2024-05-01 10:00:00\",\"UTCtimeTo\":\"2024-05-01 11:00:00\",\"comm_totalRatio\":8}," \
    "\"sort\":[1714557600000]}," \
    "{\"_index\":\"statistics\",\"_id\":\"wXeBFqIB_kQ4U08D77Kr\",\"_score\":null,\"_source\":{" \
    "\"UTCtimeFrom\":\"2024-05-01 11:00:00\",\"UTCtimeTo\":\"2024-05-01 12:00:00\",\"comm_totalRatio\":1.0E16}," \
    "\"sort\":[1714561200000]}]}}"
/* clang-format on */
/* Two documents for the same hour (the later wins) and one without UTCtimeFrom (left out). */
#define STATS_TWICE                                                                    \
    "{\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"hits\":["                \
    "{\"_source\":{\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"comm_totalRatio\":1.5}}," \
    "{\"_source\":{\"UTCtimeTo\":\"2024-05-01 10:00:00\",\"comm_totalRatio\":2.5}},"   \
    "{\"_source\":{\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"comm_totalRatio\":0.1}}]}}"
/* The statistics index does not exist yet (searched with ignore_unavailable). */
#define NO_INDEX                                                                                             \
    "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":0.0,\"hits\":[]}}"

static const struct param_value absent = {.choice = -1};

static const struct request any_request;

#define assert_mapped(reply_text, want) assert_maps_to(getstats_map, reply_text, &any_request, want)

static void assert_repr(double v, const char *want)
{
    char got[PY_FLOAT_REPR_LEN];

    python_float_repr(v, false, got);
    ck_assert_str_eq(got, want);
}

START_TEST(the_query_reads_the_window_and_the_chosen_ratios)
{
    struct stats_window win = {T_09, T_12};
    cJSON *q = getstats_query(win, BIT(WEBPAGE) | BIT(SSH));

    assert_cjson_is(
        q, "{\"from\":0,\"size\":5000,\"query\":{\"bool\":{\"must\":[{\"range\":{\"UTCtimeFrom\":{"
           "\"gte\":\"2024-05-01 09:00:00\",\"lt\":\"2024-05-01 12:00:00\"}}}]}},"
           "\"sort\":{\"UTCtimeFrom\":{\"order\":\"asc\"}},\"_source\":[\"UTCtimeFrom\",\"UTCtimeTo\","
           "\"comm_totalRatio\",\"comm_ratio_SSH/console(cowrie)\",\"comm_ratio_Webpage\"]}");
    cJSON_Delete(q);
    q = getstats_query(win, 0);
    assert_cjson_is(q,
                    "{\"from\":0,\"size\":5000,\"query\":{\"bool\":{\"must\":[{\"range\":{\"UTCtimeFrom\":{"
                    "\"gte\":\"2024-05-01 09:00:00\",\"lt\":\"2024-05-01 12:00:00\"}}}]}},"
                    "\"sort\":{\"UTCtimeFrom\":{\"order\":\"asc\"}},"
                    "\"_source\":[\"UTCtimeFrom\",\"UTCtimeTo\",\"comm_totalRatio\"]}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(hits_are_keyed_by_their_hour_with_python_floats)
{
    assert_mapped(
        STATS_REPLY,
        "{\"2024-05-01 09:00:00\":{\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"UTCtimeTo\":\"2024-05-01 10:00:00\","
        "\"comm_ratio_SSH/console(cowrie)\":7.0,\"comm_ratio_Webpage\":3.25,\"comm_totalRatio\":12.5},"
        "\"2024-05-01 10:00:00\":{\"UTCtimeFrom\":\"2024-05-01 10:00:00\",\"UTCtimeTo\":\"2024-05-01 11:00:00\","
        "\"comm_ratio_Webpage\":1e-05,\"comm_totalRatio\":8.0},"
        "\"2024-05-01 11:00:00\":{\"UTCtimeFrom\":\"2024-05-01 11:00:00\",\"UTCtimeTo\":\"2024-05-01 12:00:00\","
        "\"comm_totalRatio\":1e+16}}\n");
}
END_TEST

START_TEST(a_later_document_of_the_same_hour_wins)
{
    assert_mapped(
        STATS_TWICE,
        "{\"2024-05-01 09:00:00\":{\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"comm_totalRatio\":0.1}}\n");
}
END_TEST

START_TEST(no_documents_or_no_index_give_an_empty_object)
{
    assert_mapped(NO_INDEX, "{}\n");
    assert_mapped("{\"took\":1}", "{}\n");
}
END_TEST

START_TEST(floats_print_as_python_repr_does)
{
    assert_repr(7.0, "7.0");
    assert_repr(12.5, "12.5");
    assert_repr(0.0, "0.0");
    assert_repr(-0.0, "-0.0");
    assert_repr(0.1, "0.1");
    assert_repr(1.0 / 3.0, "0.3333333333333333");
    assert_repr(2.0 / 3.0, "0.6666666666666666");
    assert_repr(0.0001, "0.0001");
    assert_repr(0.00001, "1e-05");
    assert_repr(1.5e-7, "1.5e-07");
    assert_repr(-0.25, "-0.25");
    assert_repr(123456789.123, "123456789.123");
    assert_repr(1e15, "1000000000000000.0");
    assert_repr(9999999999999998.0, "9999999999999998.0");
    assert_repr(1e16, "1e+16");
    assert_repr(1.2345e20, "1.2345e+20");
    assert_repr(DBL_MAX, "1.7976931348623157e+308");
    assert_repr(5e-324, "5e-324");
    assert_repr(INFINITY, "Infinity");
    assert_repr(-INFINITY, "-Infinity");
    assert_repr(NAN, "NaN");
}
END_TEST

START_TEST(the_window_defaults_to_the_last_day_and_must_not_be_empty)
{
    struct param_value gte = {.present = true, .num = T_09, .choice = -1};
    struct param_value lt = {.present = true, .num = T_12, .choice = -1};
    struct stats_window win;

    ck_assert_int_eq(getstats_window(&absent, &absent, T_12, &win), PEBA_OK);
    ck_assert_int_eq(win.gte, T_12 - 86400);
    ck_assert_int_eq(win.lt, T_12);
    ck_assert_int_eq(getstats_window(&gte, &absent, T_12, &win), PEBA_OK);
    ck_assert_int_eq(win.gte, T_09);
    ck_assert_int_eq(win.lt, T_12);
    ck_assert_int_eq(getstats_window(&absent, &lt, T_12 + 3600, &win), PEBA_OK);
    ck_assert_int_eq(win.gte, T_12 + 3600 - 86400);
    ck_assert_int_eq(getstats_window(&gte, &lt, 0, &win), PEBA_OK);
    ck_assert_int_eq(getstats_window(&lt, &gte, 0, &win), PEBA_E_BAD_REQUEST);
    ck_assert_str_eq(peba_reason(PEBA_E_BAD_REQUEST),
                     "gte: must be earlier than lt (defaults: 24 hours ago, now)");
    ck_assert_int_eq(getstats_window(&gte, &gte, 0, &win), PEBA_E_BAD_REQUEST);
    /* an lt more than a day back needs a gte: the default one would come after it */
    ck_assert_int_eq(getstats_window(&absent, &gte, T_09 + 86400, &win), PEBA_E_BAD_REQUEST);
}
END_TEST

/* The route's parameter list over a raw query string (decoded once by query_parse, once by the validators). */
static peba_err parse_route(const char *query_string, struct request *req)
{
    return unit_parse_route("/alert/getStats", query_string, req);
}

START_TEST(values_are_decoded_twice_and_must_be_known_types)
{
    struct request req;

    ck_assert_int_eq(parse_route("values=Webpage,SSH%252Fconsole(cowrie)", &req), PEBA_OK);
    ck_assert_int_eq(req.params[GETSTATS_VALUES].num, BIT(WEBPAGE) | BIT(SSH));
    ck_assert_int_eq(parse_route("values=SSH%2Fconsole%28cowrie%29", &req), PEBA_OK);
    ck_assert_int_eq(req.params[GETSTATS_VALUES].num, BIT(SSH));
    ck_assert_int_eq(parse_route("values=E-Mail(mailoney),Unclassified", &req), PEBA_OK);
    ck_assert_int_eq(req.params[GETSTATS_VALUES].num, BIT(0) | BIT(15));
    ck_assert_int_eq(parse_route("", &req), PEBA_OK);
    ck_assert(!req.params[GETSTATS_VALUES].present);
    /* the original dropped unknown names silently */
    ck_assert_int_eq(parse_route("values=Webpage,Foo", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("values=webpage", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("values=Webpage,", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("values=Webpage%252C", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("values=Network(Dionaea)%2500", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("values=Network(dionaea)", &req), PEBA_E_BAD_REQUEST);
}
END_TEST

START_TEST(times_are_decoded_twice_and_must_be_stamps)
{
    struct request req;

    ck_assert_int_eq(parse_route("gte=2024-05-01+09:00:00&lt=2024-05-01%252012:00:00", &req), PEBA_OK);
    ck_assert_int_eq(req.params[GETSTATS_GTE].num, T_09);
    ck_assert_int_eq(req.params[GETSTATS_LT].num, T_12);
    ck_assert_int_eq(parse_route("gte=2024-05-01%2B09:00:00", &req), PEBA_OK);
    ck_assert_int_eq(req.params[GETSTATS_GTE].num, T_09);
    ck_assert_int_eq(parse_route("gte=2024-05-01", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("lt=2024-02-30+00:00:00", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(parse_route("lt=yesterday", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(route_find("/alert/getStats")->honours_ci, false);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("getstats");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_query_reads_the_window_and_the_chosen_ratios);
    tcase_add_test(core, hits_are_keyed_by_their_hour_with_python_floats);
    tcase_add_test(core, a_later_document_of_the_same_hour_wins);
    tcase_add_test(core, floats_print_as_python_repr_does);
    tcase_add_test(core, the_window_defaults_to_the_last_day_and_must_not_be_empty);
    tcase_add_test(limits, no_documents_or_no_index_give_an_empty_object);
    tcase_add_test(limits, values_are_decoded_twice_and_must_be_known_types);
    tcase_add_test(limits, times_are_decoded_twice_and_must_be_stamps);
    return unit_run(s);
}
