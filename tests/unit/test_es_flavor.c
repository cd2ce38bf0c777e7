/* test_es_flavor.c: unit tests of lib/es_flavor.c on replies recorded from OpenSearch 2.19 and 3.8 and Elasticsearch 7.10.2. */
#include "array_len.h"
#include "es_flavor.h"
#include "unit.h"

/* The version parts of GET / as each engine answered it. */
#define OPENSEARCH_2 \
    "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\",\"lucene_version\":\"9.12.1\"}}"
#define OPENSEARCH_3 "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"3.8.0\"}}"
#define ELASTICSEARCH_7 \
    "{\"version\":{\"number\":\"7.10.2\",\"build_flavor\":\"unknown\",\"lucene_version\":\"8.7.0\"}}"

static struct es_flavor parsed(const char *info_json)
{
    cJSON *info = cJSON_Parse(info_json);
    struct es_flavor f;

    ck_assert_msg(es_flavor_parse(info, &f), "not an engine: %s", info_json);
    cJSON_Delete(info);
    return f;
}

static struct es_flavor elasticsearch(int major, int minor)
{
    return (struct es_flavor){.vendor = ES_VENDOR_ELASTICSEARCH, .major = major, .minor = minor};
}

START_TEST(each_engine_is_recognised_with_its_version)
{
    struct es_flavor f = parsed(OPENSEARCH_2);

    ck_assert_int_eq(f.vendor, ES_VENDOR_OPENSEARCH);
    ck_assert_int_eq(f.major, 2);
    ck_assert_int_eq(f.minor, 19);
    ck_assert_str_eq(f.version, "2.19.1");
    ck_assert_str_eq(es_flavor_name(&f), "OpenSearch");
    f = parsed(OPENSEARCH_3);
    ck_assert_int_eq(f.major, 3);
    f = parsed(ELASTICSEARCH_7);
    ck_assert_int_eq(f.vendor, ES_VENDOR_ELASTICSEARCH);
    ck_assert_int_eq(f.major, 7);
    ck_assert_int_eq(f.minor, 10);
    ck_assert_str_eq(es_flavor_name(&f), "Elasticsearch");
}
END_TEST

START_TEST(a_reply_without_a_version_is_no_engine)
{
    static const char *const replies[] = {"{}", "{\"version\":{}}", "{\"version\":{\"number\":7}}",
                                          "{\"version\":{\"number\":\"seven\"}}", "[]"};

    for (size_t i = 0; i < ARRAY_LEN(replies); i++) {
        cJSON *info = cJSON_Parse(replies[i]);
        struct es_flavor f = {.major = 9};

        ck_assert_msg(!es_flavor_parse(info, &f), "%s", replies[i]);
        ck_assert_int_eq(f.major, 0);
        cJSON_Delete(info);
    }
    ck_assert(!es_flavor_parse(NULL, &(struct es_flavor){0}));
}
END_TEST

START_TEST(composable_templates_from_elasticsearch_7_8_and_on_opensearch)
{
    char path[64];
    struct es_flavor f = parsed(OPENSEARCH_2);

    ck_assert(es_flavor_template_path(&f, "ews-alerts", path, sizeof path));
    ck_assert_str_eq(path, "/_index_template/ews-alerts");
    f = elasticsearch(7, 8);
    ck_assert(es_flavor_template_path(&f, "ews-alerts", path, sizeof path));
    ck_assert_str_eq(path, "/_index_template/ews-alerts");
    f = elasticsearch(8, 0);
    ck_assert(es_flavor_template_path(&f, "ews-alerts", path, sizeof path));
    ck_assert_str_eq(path, "/_index_template/ews-alerts");
    f = elasticsearch(7, 7);
    ck_assert(es_flavor_template_path(&f, "ews-alerts", path, sizeof path));
    ck_assert_str_eq(path, "/_template/ews-alerts");
    ck_assert(!es_flavor_template_path(&f, "ews-alerts", path, 20));
}
END_TEST

START_TEST(a_template_body_takes_the_legacy_shape_where_needed)
{
    static const char composable[] =
        "{\"index_patterns\":[\"ews-*.*.*-*\"],\"priority\":200,"
        "\"template\":{\"settings\":{\"number_of_shards\":5},\"mappings\":{\"dynamic\":false}}}";
    struct es_flavor f = parsed(ELASTICSEARCH_7);
    cJSON *body = cJSON_Parse(composable);

    es_flavor_template_body(&f, body);
    assert_cjson_is(body, composable);
    f = elasticsearch(7, 4);
    es_flavor_template_body(&f, body);
    assert_cjson_is(body, "{\"index_patterns\":[\"ews-*.*.*-*\"],\"order\":200,"
                          "\"settings\":{\"number_of_shards\":5},\"mappings\":{\"dynamic\":false}}");
    cJSON_Delete(body);
}
END_TEST

START_TEST(the_elected_manager_has_each_engines_name)
{
    struct es_flavor f = parsed(OPENSEARCH_2);

    ck_assert_str_eq(es_flavor_manager_metric(&f), "cluster_manager_node");
    f = parsed(OPENSEARCH_3);
    ck_assert_str_eq(es_flavor_manager_metric(&f), "cluster_manager_node");
    f = parsed(ELASTICSEARCH_7);
    ck_assert_str_eq(es_flavor_manager_metric(&f), "master_node");
    f = (struct es_flavor){.vendor = ES_VENDOR_OPENSEARCH, .major = 1, .minor = 3};
    ck_assert_str_eq(es_flavor_manager_metric(&f), "master_node");
    ck_assert(es_flavor_manager_role("cluster_manager"));
    ck_assert(es_flavor_manager_role("master"));
    ck_assert(!es_flavor_manager_role("data"));
    ck_assert(!es_flavor_manager_role(NULL));
}
END_TEST

START_TEST(hits_total_is_read_in_either_shape)
{
    static const struct {
        const char *reply;
        long long total;
    } cases[] = {
        {"{\"hits\":{\"total\":{\"value\":12,\"relation\":\"eq\"}}}", 12}, /* Elasticsearch 7+, OpenSearch */
        {"{\"hits\":{\"total\":12}}", 12},                                 /* Elasticsearch 6 */
        {"{\"hits\":{\"total\":1e30}}", 9223372036854775807LL},
        {"{\"hits\":{}}", -1},
        {"{\"hits\":{\"total\":{\"relation\":\"eq\"}}}", -1},
        {"{}", -1},
    };

    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        cJSON *reply = cJSON_Parse(cases[i].reply);

        ck_assert_msg(es_hits_total(reply) == cases[i].total, "%s", cases[i].reply);
        cJSON_Delete(reply);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("es_flavor");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, each_engine_is_recognised_with_its_version);
    tcase_add_test(core, composable_templates_from_elasticsearch_7_8_and_on_opensearch);
    tcase_add_test(core, a_template_body_takes_the_legacy_shape_where_needed);
    tcase_add_test(core, the_elected_manager_has_each_engines_name);
    tcase_add_test(core, hits_total_is_read_in_either_shape);
    tcase_add_test(limits, a_reply_without_a_version_is_no_engine);
    return unit_run(s);
}
