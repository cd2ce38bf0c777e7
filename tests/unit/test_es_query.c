/* test_es_query.c: unit tests of lib/es_query.c, search-body fragments and daily-index expressions. */
#include "es_query.h"
#include "unit.h"

/* esq_index_days output, compared with want. */
#define assert_index_days(prefix, days, want) \
    do {                                      \
        struct buf out_;                      \
        buf_init(&out_, 0);                   \
        esq_index_days(&out_, prefix, days);  \
        assert_buf_is(&out_, want);           \
        buf_free(&out_);                      \
    } while (0)

/* Compares item's compact text with want, then frees item. */
#define assert_fragment(item, want)   \
    do {                              \
        cJSON *frag_ = (item);        \
        assert_cjson_is(frag_, want); \
        cJSON_Delete(frag_);          \
    } while (0)

START_TEST(zero_days_means_every_alert_index)
{
    assert_index_days("ews", 0, "ews-*");
    assert_index_days("alerts", -3, "alerts-*");
}
END_TEST

START_TEST(index_days_are_encoded_date_math_today_first)
{
    assert_index_days("ews", 1, "%3Cews-%7Bnow%2Fd%7D-*%3E");
    assert_index_days("ews", 3,
                      "%3Cews-%7Bnow%2Fd%7D-*%3E,%3Cews-%7Bnow%2Fd-1d%7D-*%3E,%3Cews-%7Bnow%2Fd-2d%7D-*%3E");
    assert_index_days("my.alerts", 2, "%3Cmy.alerts-%7Bnow%2Fd%7D-*%3E,%3Cmy.alerts-%7Bnow%2Fd-1d%7D-*%3E");
}
END_TEST

START_TEST(the_domain_filter_lists_the_chosen_domains)
{
    assert_fragment(esq_domain_filter(DOMAIN_COMMUNITY), "{\"terms\":{\"clientDomain\":[true]}}");
    assert_fragment(esq_domain_filter(DOMAIN_PRIVATE), "{\"terms\":{\"clientDomain\":[false]}}");
    assert_fragment(esq_domain_filter(DOMAIN_BOTH), "{\"terms\":{\"clientDomain\":[true,false]}}");
}
END_TEST

START_TEST(a_range_has_an_upper_bound_only_when_given)
{
    assert_fragment(esq_range("recievedTime", "now-10m", NULL, NULL),
                    "{\"range\":{\"recievedTime\":{\"gte\":\"now-10m\"}}}");
    assert_fragment(
        esq_range("createTime", "2024-05-01 00:00:00", "lt", "2024-05-02 00:00:00"),
        "{\"range\":{\"createTime\":{\"gte\":\"2024-05-01 00:00:00\",\"lt\":\"2024-05-02 00:00:00\"}}}");
    assert_fragment(esq_range("createTime", "now-1M/d", "lte", "now"),
                    "{\"range\":{\"createTime\":{\"gte\":\"now-1M/d\",\"lte\":\"now\"}}}");
    assert_fragment(esq_range("createTime", "now-1d", "lt", NULL),
                    "{\"range\":{\"createTime\":{\"gte\":\"now-1d\"}}}");
    assert_fragment(esq_range("createTime", NULL, "lt", "now"),
                    "{\"range\":{\"createTime\":{\"lt\":\"now\"}}}");
}
END_TEST

START_TEST(terms_and_aggregations_have_their_fixed_shape)
{
    assert_fragment(esq_term("sourceEntryIp", "45.67.89.10"),
                    "{\"term\":{\"sourceEntryIp\":\"45.67.89.10\"}}");
    assert_fragment(esq_terms_agg("peerType", 1000), "{\"terms\":{\"field\":\"peerType\",\"size\":1000}}");
}
END_TEST

START_TEST(push_and_object_build_nested_bodies)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *bool_q = esq_object(esq_object(body, "query"), "bool");

    ck_assert_ptr_eq(esq_object(esq_object(body, "query"), "bool"), bool_q);
    esq_push(bool_q, "must", esq_term("a", "1"));
    esq_push(bool_q, "must", esq_term("b", "2"));
    esq_push(bool_q, "filter", esq_range("t", "now-1m", NULL, NULL));
    esq_track_total(body);
    assert_cjson_is(body,
                    "{\"query\":{\"bool\":{\"must\":[{\"term\":{\"a\":\"1\"}},{\"term\":{\"b\":\"2\"}}],"
                    "\"filter\":[{\"range\":{\"t\":{\"gte\":\"now-1m\"}}}]}},\"track_total_hits\":true}");
    cJSON_Delete(body);
}
END_TEST

START_TEST(hostile_text_stays_a_json_string)
{
    assert_fragment(esq_term("sourceEntryIp", "1\"}},{\"match_all\":{"),
                    "{\"term\":{\"sourceEntryIp\":\"1\\\"}},{\\\"match_all\\\":{\"}}");
}
END_TEST

START_TEST(many_index_days_are_all_listed)
{
    struct buf out;
    int commas = 0;

    buf_init(&out, 0);
    esq_index_days(&out, "ews", 400);
    for (size_t i = 0; i < out.len; i++)
        commas += out.data[i] == ',';
    ck_assert_int_eq(commas, 399);
    ck_assert_ptr_nonnull(strstr(out.data, ",%3Cews-%7Bnow%2Fd-399d%7D-*%3E"));
    ck_assert(!out.failed);
    buf_free(&out);
}
END_TEST

START_TEST(an_index_list_too_long_for_the_buffer_fails_it)
{
    struct buf out;

    buf_init(&out, 64);
    esq_index_days(&out, "ews", 10);
    ck_assert(out.failed);
    buf_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("es_query");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, zero_days_means_every_alert_index);
    tcase_add_test(core, index_days_are_encoded_date_math_today_first);
    tcase_add_test(core, the_domain_filter_lists_the_chosen_domains);
    tcase_add_test(core, a_range_has_an_upper_bound_only_when_given);
    tcase_add_test(core, terms_and_aggregations_have_their_fixed_shape);
    tcase_add_test(core, push_and_object_build_nested_bodies);
    tcase_add_test(limits, hostile_text_stays_a_json_string);
    tcase_add_test(limits, many_index_days_are_all_listed);
    tcase_add_test(limits, an_index_list_too_long_for_the_buffer_fails_it);
    return unit_run(s);
}
