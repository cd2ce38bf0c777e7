/* test_feeds.c: unit tests of app/h_feeds.c: queries, the address space in spans, composite paging of the bad-IP list, exact output bytes. */
#include "h_feeds.h"
#include "search.h"
#include "unit.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
#define NOON_2024_05_01 1714564800 /* 2024-05-01 12:00:00 UTC */

/* Two pages of 4 from the engine: the first full (so its after_key is followed), the second short. */
/* clang-format off */
#define PAGE_1                                                                                             \
    "{\"took\":3,\"hits\":{\"total\":{\"value\":40,\"relation\":\"eq\"},\"hits\":[]},\"aggregations\":{\"ips\":{" \
    "\"after_key\":{\"ip\":\"185.10.20.30\"},\"buckets\":[{\"key\":{\"ip\":\"10.0.0.5\"},\"doc_count\":9},"   \
    "{\"key\":{\"ip\":12},\"doc_count\":5},"                                                              \
    "{\"key\":{\"ip\":\"45.67.89.10\"},\"doc_count\":17},{\"key\":{\"ip\":\"185.10.20.30\"},\"doc_count\":3}]}}}"
#define PAGE_2                                                                                             \
    "{\"took\":1,\"hits\":{\"total\":{\"value\":40,\"relation\":\"eq\"},\"hits\":[]},\"aggregations\":{\"ips\":{" \
    "\"after_key\":{\"ip\":\"not-an-ip\"},\"buckets\":[{\"key\":{\"ip\":\"2a00:1450::1\"},\"doc_count\":3},"     \
    "{\"key\":{\"ip\":\"not-an-ip\"},\"doc_count\":5}]}}}"
/* clang-format on */
#define PAGE_SHORT                                                                 \
    "{\"aggregations\":{\"ips\":{\"after_key\":{\"ip\":\"ff02::1\"},\"buckets\":[" \
    "{\"key\":{\"ip\":\"ff02::1\"},\"doc_count\":1}]}}}"
#define NO_INDEX "{\"took\":0,\"_shards\":{\"total\":0},\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}"

#define SPEC_XML                                                                                        \
    DECL "<EWSSimpleIPInfo>\n  <Sources>\n"                                                             \
         "    <Source>\n      <Address>45.67.89.10</Address>\n      <Count>17</Count>\n    </Source>\n" \
         "    <Source>\n      <Address>185.10.20.30</Address>\n      <Count>3</Count>\n    </Source>\n" \
         "  </Sources>\n</EWSSimpleIPInfo>\n"
#define SPEC_JSON "[{\"count\":17,\"ip\":\"45.67.89.10\"},{\"count\":3,\"ip\":\"185.10.20.30\"}]\n"
#define SPEC_TXT "45.67.89.10\n185.10.20.30\n"

/* Feeds one recorded page through the composite reader with page size 4; its after_key (cJSON_Delete) or NULL. */
static cJSON *page(const char *text, struct ip_counts *list)
{
    cJSON *after = NULL;

    ck_assert_int_eq(composite_keys_page(text, strlen(text), "ips", "ip", 4, bad_ips_visit, list, &after),
                     PEBA_OK);
    return after;
}

static void add(struct ip_counts *list, const char *ip, long long count)
{
    ck_assert_int_eq(bad_ips_visit(ip, count, list), PEBA_OK);
}

static void written(const struct ip_counts *list, enum out_format format, struct buf *out)
{
    buf_init(out, 0);
    ck_assert(bad_ips_write(list, format, out));
}

START_TEST(bad_ips_query_is_one_composite_page)
{
    cJSON *q = bad_ips_query(120, NOON_2024_05_01, DOMAIN_COMMUNITY, 10000, NULL);

    assert_cjson_is(q, "{\"size\":0,\"query\":{\"bool\":{\"filter\":["
                       "{\"range\":{\"recievedTime\":{\"gte\":\"2024-05-01 10:00:00\"}}},"
                       "{\"terms\":{\"clientDomain\":[true]}}]}},"
                       "\"aggs\":{\"ips\":{\"composite\":{\"size\":10000,"
                       "\"sources\":[{\"ip\":{\"terms\":{\"field\":\"sourceEntryIp\"}}}]}}}}");
    cJSON_Delete(q);
    q = bad_ips_query(15, NOON_2024_05_01, DOMAIN_BOTH, 2, NULL);
    assert_cjson_is(q, "{\"size\":0,\"query\":{\"bool\":{\"filter\":["
                       "{\"range\":{\"recievedTime\":{\"gte\":\"2024-05-01 11:45:00\"}}},"
                       "{\"terms\":{\"clientDomain\":[true,false]}}]}},"
                       "\"aggs\":{\"ips\":{\"composite\":{\"size\":2,"
                       "\"sources\":[{\"ip\":{\"terms\":{\"field\":\"sourceEntryIp\"}}}]}}}}");
    cJSON_Delete(q);
}
END_TEST

/* clang-format off */
#define WINDOW_2H                                                                                          \
    "{\"size\":0,\"query\":{\"bool\":{\"filter\":[{\"range\":{\"recievedTime\":{\"gte\":\"2024-05-01 10:00:00\"}}}," \
    "{\"terms\":{\"clientDomain\":[true]}}"
/* clang-format on */

START_TEST(a_span_narrows_the_listing_to_its_addresses)
{
    struct ip_span span = {.open = false};

    ck_assert(ip_parse("46.0.0.0", span.from) && ip_parse("185.0.0.0", span.to));
    assert_query(bad_ips_query(120, NOON_2024_05_01, DOMAIN_COMMUNITY, 500, &span),
                 WINDOW_2H ",{\"range\":{\"sourceEntryIp\":{\"gte\":\"46.0.0.0\",\"lt\":\"185.0.0.0\"}}}]}},"
                           "\"aggs\":{\"ips\":{\"composite\":{\"size\":500,"
                           "\"sources\":[{\"ip\":{\"terms\":{\"field\":\"sourceEntryIp\"}}}]}}}}");
    ck_assert(ip_parse("2100::", span.from));
    span.open = true;
    assert_query(bad_ips_query(120, NOON_2024_05_01, DOMAIN_COMMUNITY, 500, &span),
                 WINDOW_2H ",{\"range\":{\"sourceEntryIp\":{\"gte\":\"2100::\"}}}]}},"
                           "\"aggs\":{\"ips\":{\"composite\":{\"size\":500,"
                           "\"sources\":[{\"ip\":{\"terms\":{\"field\":\"sourceEntryIp\"}}}]}}}}");
}
END_TEST

/* The cells query: one ip_range bucket per cell, keyed by its number, covering the address space without gaps. */
START_TEST(the_cells_cover_the_address_space_in_order)
{
    cJSON *q = bad_ips_cells_query(120, NOON_2024_05_01, DOMAIN_COMMUNITY);
    const cJSON *agg = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(q, "aggs"), "cells"), "ip_range");
    const cJSON *ranges = cJSON_GetObjectItemCaseSensitive(agg, "ranges");
    static const struct {
        int cell;
        const char *range;
    } some[] = {
        {0, "{\"key\":\"0\",\"from\":\"::\",\"to\":\"0.0.0.0\"}"},
        {1, "{\"key\":\"1\",\"from\":\"0.0.0.0\",\"to\":\"1.0.0.0\"}"},
        {46, "{\"key\":\"46\",\"from\":\"45.0.0.0\",\"to\":\"46.0.0.0\"}"},
        {256, "{\"key\":\"256\",\"from\":\"255.0.0.0\",\"to\":\"::1:0:0:0\"}"},
        {257, "{\"key\":\"257\",\"from\":\"::1:0:0:0\",\"to\":\"2000::\"}"},
        {258, "{\"key\":\"258\",\"from\":\"2000::\",\"to\":\"2100::\"}"},
        {289, "{\"key\":\"289\",\"from\":\"3f00::\",\"to\":\"4000::\"}"},
        {290, "{\"key\":\"290\",\"from\":\"4000::\"}"},
    };
    const cJSON *prev = NULL, *range;

    ck_assert_int_eq(cJSON_GetArraySize(ranges), IP_CELLS);
    assert_text_is(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(agg, "field")), "sourceEntryIp");
    for (size_t i = 0; i < sizeof some / sizeof some[0]; i++)
        assert_cjson_is(cJSON_GetArrayItem(ranges, some[i].cell), some[i].range);
    cJSON_ArrayForEach(range, ranges) {
        const char *to = prev ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(prev, "to")) : NULL;

        if (prev)
            assert_text_is(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(range, "from")), to);
        prev = range;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(q, "aggs");
    assert_cjson_is(q, WINDOW_2H "]}}}");
    cJSON_Delete(q);
}
END_TEST

static void expect_span(const struct ip_span *span, const char *from, const char *to)
{
    char text[IP_TEXT_MAX];

    assert_text_is(ip_format(span->from, text), from);
    ck_assert_msg(span->open == (to == NULL), "span from %s: open %d", from, span->open);
    if (to)
        assert_text_is(ip_format(span->to, text), to);
}

/* Neighbouring cells joined up to max alerts, empty ones included, the spans covering everything. */
START_TEST(cells_join_into_spans_of_at_most_a_page)
{
    cJSON *reply = unit_json("{\"aggregations\":{\"cells\":{\"buckets\":["
                             "{\"key\":\"1\",\"from\":\"0.0.0.0\",\"to\":\"1.0.0.0\",\"doc_count\":0},"
                             "{\"key\":\"46\",\"doc_count\":30},{\"key\":\"47\",\"doc_count\":30},"
                             "{\"key\":\"48\",\"doc_count\":20},{\"key\":\"186\",\"doc_count\":120},"
                             "{\"key\":\"187\",\"doc_count\":1},{\"key\":\"259\",\"doc_count\":5},"
                             "{\"key\":\"291\",\"doc_count\":1000},{\"key\":\"x\",\"doc_count\":1000},"
                             "{\"key\":\"\",\"doc_count\":1000},{\"key\":\"-1\",\"doc_count\":1000},"
                             "{\"key\":7,\"doc_count\":1000}]}}}");
    struct ip_span spans[IP_CELLS];
    long long total = 0;

    ck_assert_uint_eq(bad_ips_spans(reply, 50, spans, &total), 4);
    ck_assert_int_eq(total, 206);
    expect_span(&spans[0], "::", "46.0.0.0");
    expect_span(&spans[1], "46.0.0.0", "185.0.0.0");  /* 30 + 20 */
    expect_span(&spans[2], "185.0.0.0", "186.0.0.0"); /* 120 alerts in one cell: alone */
    expect_span(&spans[3], "186.0.0.0", NULL);        /* 1 + 5, to the end */
    cJSON_Delete(reply);
}
END_TEST

START_TEST(without_cells_one_span_holds_everything)
{
    cJSON *reply = unit_json(NO_INDEX);
    struct ip_span spans[IP_CELLS];
    long long total = -1;

    ck_assert_uint_eq(bad_ips_spans(reply, 50, spans, &total), 1);
    ck_assert_int_eq(total, 0);
    expect_span(&spans[0], "::", NULL);
    cJSON_Delete(reply);
}
END_TEST

/* GET <indices>/_mapping/field/sourceEntryIp as OpenSearch 2 and Elasticsearch 6 answer it. */
START_TEST(ranges_only_where_every_index_maps_an_ip)
{
    static const struct {
        const char *reply;
        bool ip;
    } cases[] = {
        {"{\"ews-2024.05.01-1\":{\"mappings\":{\"sourceEntryIp\":{\"full_name\":\"sourceEntryIp\","
         "\"mapping\":{\"sourceEntryIp\":{\"type\":\"ip\"}}}}},\"ews-2024.04.30-1\":{\"mappings\":{}}}",
         true},
        {"{\"ews-2024.05.01-1\":{\"mappings\":{\"sourceEntryIp\":{\"full_name\":\"sourceEntryIp\","
         "\"mapping\":{\"sourceEntryIp\":{\"type\":\"ip\"}}}}},\"ews-2024.04.30-1\":{\"mappings\":{"
         "\"sourceEntryIp\":{\"full_name\":\"sourceEntryIp\",\"mapping\":{\"sourceEntryIp\":{\"type\":\"keyword\"}}}}}}",
         false},
        {"{\"ews-2018.05.01\":{\"mappings\":{\"doc\":{\"sourceEntryIp\":{\"full_name\":\"sourceEntryIp\","
         "\"mapping\":{\"sourceEntryIp\":{\"type\":\"ip\"}}}}}}}",
         true},
        {"{\"ews-2018.05.01\":{\"mappings\":{\"doc\":{\"sourceEntryIp\":{\"full_name\":\"sourceEntryIp\","
         "\"mapping\":{\"sourceEntryIp\":{\"type\":\"text\"}}}}}}}",
         false},
        {"{}", true},
        {"{\"ews-2024.05.01-1\":7}", false},
        {"[]", false},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *reply = unit_json(cases[i].reply);

        ck_assert_msg(mapping_type_is(reply, "sourceEntryIp", "ip") == cases[i].ip, "case %zu", i);
        cJSON_Delete(reply);
    }
}
END_TEST

START_TEST(pages_are_followed_and_non_global_addresses_dropped)
{
    struct ip_counts list = {NULL, 0, 0};
    cJSON *after = page(PAGE_1, &list);
    struct buf out;

    ck_assert_ptr_nonnull(after);
    assert_cjson_is(after, "{\"ip\":\"185.10.20.30\"}");
    cJSON_Delete(after);
    ck_assert_ptr_null(page(PAGE_2, &list));
    ck_assert_uint_eq(list.len, 3);
    bad_ips_sort(&list);
    written(&list, FORMAT_JSON, &out);
    assert_buf_is(&out, "[{\"count\":17,\"ip\":\"45.67.89.10\"},{\"count\":3,\"ip\":\"185.10.20.30\"},"
                        "{\"count\":3,\"ip\":\"2a00:1450::1\"}]\n");
    buf_free(&out);
    ip_counts_free(&list);
}
END_TEST

START_TEST(a_short_page_ends_and_no_index_means_no_data)
{
    struct ip_counts list = {NULL, 0, 0};

    ck_assert_ptr_null(page(PAGE_SHORT, &list));
    ck_assert_ptr_null(page(NO_INDEX, &list));
    ck_assert_uint_eq(list.len, 0); /* multicast dropped */
    ip_counts_free(&list);
}
END_TEST

/* A page cut off or broken is the engine's fault, and no list is made of what was read. */
START_TEST(a_broken_page_is_an_engine_fault)
{
    static const char *const broken[] = {
        "{\"aggregations\":{\"ips\":{\"buckets\":[{\"key\":{\"ip\":\"45.67.89.10\"},\"doc_count\":1},",
        "{\"aggregations\":{\"ips\":{\"buckets\":[{\"key\":{\"ip\":\"45.67.89.10\"} \"doc_count\":1}]}}}",
        "{\"aggregations\":{\"ips\":{\"buckets\":[{\"key\":{\"ip\":\"45.67.89.10\"},\"doc_count\":1}}}}",
    };

    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        struct ip_counts list = {NULL, 0, 0};
        cJSON *after = NULL;

        ck_assert_int_eq(
            composite_keys_page(broken[i], strlen(broken[i]), "ips", "ip", 4, bad_ips_visit, &list, &after),
            PEBA_E_BACKEND);
        ck_assert_ptr_null(after);
        ip_counts_free(&list);
    }
}
END_TEST

START_TEST(the_spec_example_in_every_format)
{
    struct ip_counts list = {NULL, 0, 0};
    struct buf out;

    add(&list, "185.10.20.30", 3);
    add(&list, "10.0.0.5", 9);
    add(&list, "45.67.89.10", 17);
    bad_ips_sort(&list);
    written(&list, FORMAT_XML, &out);
    assert_buf_is(&out, SPEC_XML);
    buf_free(&out);
    written(&list, FORMAT_JSON, &out);
    assert_buf_is(&out, SPEC_JSON);
    buf_free(&out);
    written(&list, FORMAT_PLAIN, &out);
    assert_buf_is(&out, SPEC_TXT);
    buf_free(&out);
    ip_counts_free(&list);
}
END_TEST

START_TEST(an_empty_list_in_every_format)
{
    struct ip_counts list = {NULL, 0, 0};
    struct buf out;

    written(&list, FORMAT_XML, &out);
    assert_buf_is(&out, DECL "<EWSSimpleIPInfo>\n  <Sources />\n</EWSSimpleIPInfo>\n");
    buf_free(&out);
    written(&list, FORMAT_JSON, &out);
    assert_buf_is(&out, "[]\n");
    buf_free(&out);
    written(&list, FORMAT_PLAIN, &out);
    assert_buf_is(&out, "");
    buf_free(&out);
}
END_TEST

/* The tag of the sorted list of (ip, count) pairs in format. */
static void tag_of(const char *const *ips, const long long *counts, size_t n, enum out_format format,
                   char tag[ETAG_SIZE])
{
    struct ip_counts list = {NULL, 0, 0};

    for (size_t i = 0; i < n; i++)
        add(&list, ips[i], counts[i]);
    bad_ips_sort(&list);
    ck_assert(bad_ips_etag(&list, format, tag));
    ip_counts_free(&list);
}

START_TEST(the_tag_follows_the_bytes_of_the_list)
{
    static const char *const ips[] = {"185.10.20.30", "45.67.89.10", "2a00:1450::1"};
    static const char *const reordered[] = {"2a00:1450::1", "185.10.20.30", "45.67.89.10"};
    static const char *const other_ip[] = {"185.10.20.31", "45.67.89.10", "2a00:1450::1"};
    static const long long counts[] = {3, 17, 3}, reordered_counts[] = {3, 3, 17}, other_count[] = {3, 18, 3};
    char xml[ETAG_SIZE], again[ETAG_SIZE], json[ETAG_SIZE], txt[ETAG_SIZE], changed[ETAG_SIZE];

    tag_of(ips, counts, 3, FORMAT_XML, xml);
    tag_of(reordered, reordered_counts, 3, FORMAT_XML, again);
    ck_assert_str_eq(xml, again); /* the same list, however the engine's pages came */
    ck_assert_int_eq(strncmp(xml, "\"xml-", 5), 0);
    tag_of(ips, counts, 3, FORMAT_JSON, json);
    tag_of(ips, counts, 3, FORMAT_PLAIN, txt);
    ck_assert_int_eq(strncmp(json, "\"json-", 6), 0);
    ck_assert_int_eq(strncmp(txt, "\"txt-", 5), 0);
    ck_assert_str_eq(json + 6, xml + 5);
    tag_of(other_ip, counts, 3, FORMAT_XML, changed);
    ck_assert_str_ne(changed, xml);
    tag_of(ips, other_count, 3, FORMAT_XML, changed);
    ck_assert_str_ne(changed, xml);
}
END_TEST

START_TEST(ties_are_ordered_by_binary_address)
{
    struct ip_counts list = {NULL, 0, 0};
    static const char *const want[] = {"9.9.9.9",  "1.1.1.1",      "2.2.2.2",
                                       "9.9.9.10", "2001:4860::1", "2a00::1"};

    add(&list, "2a00::1", 5);
    add(&list, "9.9.9.10", 5);
    add(&list, "2001:4860::1", 5);
    add(&list, "2.2.2.2", 5);
    add(&list, "1.1.1.1", 5);
    add(&list, "9.9.9.9", 6);
    bad_ips_sort(&list);
    for (size_t i = 0; i < list.len; i++) {
        char ip[IP_TEXT_MAX];

        ip_format(list.items[i].addr, ip);
        ck_assert_str_eq(ip, want[i]);
    }
    ip_counts_free(&list);
}
END_TEST

struct sink {
    struct buf all;
    size_t calls, largest;
};

static bool collect(struct buf *b, void *ctx)
{
    struct sink *s = ctx;

    s->calls++;
    if (b->len > s->largest)
        s->largest = b->len;
    return buf_append(&s->all, b->data, b->len);
}

/* 20,000 addresses through a streaming buffer: same bytes as in memory, never much more than a chunk held. */
static void assert_streams(enum out_format format)
{
    struct ip_counts list = {NULL, 0, 0};
    struct sink sink = {.calls = 0};
    struct buf whole, streamed;
    unsigned char addr[IP_ADDR_LEN];

    for (int i = 0; i < 20000; i++) {
        char ip[32];

        snprintf(ip, sizeof ip, "45.%d.%d.1", i / 256, i % 256);
        ck_assert(ip_parse(ip, addr));
        add(&list, ip, 1 + i % 7);
    }
    bad_ips_sort(&list);
    written(&list, format, &whole);
    buf_init(&sink.all, 0);
    buf_init(&streamed, 0);
    streamed.sink = collect;
    streamed.sink_ctx = &sink;
    ck_assert(bad_ips_write(&list, format, &streamed));
    ck_assert(collect(&streamed, &sink));
    ck_assert_uint_ge(sink.calls, whole.len / (64u << 10));
    ck_assert_uint_gt(sink.calls, 3);
    ck_assert_uint_lt(sink.largest, (64u << 10) + 256);
    ck_assert_uint_eq(sink.all.len, whole.len);
    ck_assert_mem_eq(sink.all.data, whole.data, whole.len);
    buf_free(&whole);
    buf_free(&streamed);
    buf_free(&sink.all);
    ip_counts_free(&list);
}

START_TEST(large_lists_stream_in_chunks)
{
    assert_streams(FORMAT_XML);
    assert_streams(FORMAT_JSON);
    assert_streams(FORMAT_PLAIN);
}
END_TEST

/* ---- retrieveAlertsCyber, querySingleIP ---- */

#define CYBER_HIT                                                                                 \
    "{\"_index\":\"ews-2024.05.01-1\",\"_id\":\"a1b2c3d4e5f60718293a4b5c6d7e8f90\",\"_source\":{" \
    "\"createTime\":\"2024-05-01 10:00:00\",\"recievedTime\":\"2024-05-01 10:00:03\","            \
    "\"peerIdent\":\"glastopf-community-01\",\"peerType\":\"Webpage\",\"country\":\"NL\","        \
    "\"targetCountry\":\"DE\",\"originalRequestString\":\"/wp-login.php?x=%3Cscript%3E\","        \
    "\"location\":\"52.3824 , 4.8995\",\"sourceEntryIp\":\"45.67.89.10\"}}"
/* Broken stored data: no location separator, a number where text belongs, fields missing, no _source. */
#define BROKEN_HITS                                                                                    \
    "{\"_id\":\"b2\",\"_source\":{\"recievedTime\":\"garbage\",\"peerType\":7,\"location\":\"52.1\","  \
    "\"originalRequestString\":\"a<b&c\\ncmd\",\"sourceEntryIp\":null}},{\"_id\":\"b3\",\"_source\":{" \
    "\"location\":\" 1.5,2.5 , 3 \"}},{\"_id\":\"b4\"}"
#define HITS(list) "{\"took\":1,\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"hits\":[" list "]}}"

static const struct request any_request;

static void assert_alerts(reply_mapper map, const char *reply_text, const char *want)
{
    struct buf out;

    ck_assert_int_eq(unit_map(map, reply_text, &any_request, &out), PEBA_OK);
    ck_assert_str_eq(out.data, want);
    buf_free(&out);
}

START_TEST(cyber_query_is_the_newest_max_alerts)
{
    cJSON *q = alerts_cyber_query(DOMAIN_PRIVATE, 5);

    assert_cjson_is(q, "{\"query\":{\"terms\":{\"clientDomain\":[false]}},"
                       "\"sort\":{\"recievedTime\":{\"order\":\"desc\"}},\"size\":5,"
                       "\"_source\":[\"createTime\",\"recievedTime\",\"peerIdent\",\"peerType\",\"country\","
                       "\"targetCountry\",\"originalRequestString\",\"location\",\"sourceEntryIp\"]}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(cyber_maps_the_spec_example)
{
    assert_alerts(alerts_cyber_map, HITS(CYBER_HIT),
                  DECL
                  "<EWSSimpleAlertInfo>\n  <Alerts>\n    <Alert>\n"
                  "      <Id>a1b2c3d4e5f60718293a4b5c6d7e8f90</Id>\n"
                  "      <DateCreated>2024-05-01 10:00:03</DateCreated>\n"
                  "      <Peer>\n        <Id>glastopf-community-01</Id>\n        <Type>Webpage</Type>\n"
                  "        <Country>DE</Country>\n      </Peer>\n"
                  "      <Request>/wp-login.php?x=%3Cscript%3E</Request>\n"
                  "      <Source>\n        <Address>45.67.89.10</Address>\n        <Country>NL</Country>\n"
                  "        <Latitude>52.3824</Latitude>\n        <Longitude>4.8995</Longitude>\n"
                  "      </Source>\n    </Alert>\n  </Alerts>\n</EWSSimpleAlertInfo>\n");
}
END_TEST

START_TEST(cyber_degrades_on_broken_stored_data)
{
    assert_alerts(alerts_cyber_map, HITS(BROKEN_HITS),
                  DECL "<EWSSimpleAlertInfo>\n  <Alerts>\n"
                       "    <Alert>\n      <Id>b2</Id>\n      <DateCreated>garbage</DateCreated>\n"
                       "      <Peer>\n        <Id />\n        <Type />\n        <Country />\n      </Peer>\n"
                       "      <Request>a&lt;b&amp;c\ncmd</Request>\n"
                       "      <Source>\n        <Address />\n        <Country />\n"
                       "        <Latitude />\n        <Longitude />\n      </Source>\n    </Alert>\n"
                       "    <Alert>\n      <Id>b3</Id>\n      <DateCreated />\n"
                       "      <Peer>\n        <Id />\n        <Type />\n        <Country />\n      </Peer>\n"
                       "      <Request />\n"
                       "      <Source>\n        <Address />\n        <Country />\n"
                       "        <Latitude>1.5</Latitude>\n        <Longitude>2.5 , 3</Longitude>\n"
                       "      </Source>\n    </Alert>\n"
                       "    <Alert>\n      <Id>b4</Id>\n      <DateCreated />\n"
                       "      <Peer>\n        <Id />\n        <Type />\n        <Country />\n      </Peer>\n"
                       "      <Request />\n"
                       "      <Source>\n        <Address />\n        <Country />\n"
                       "        <Latitude />\n        <Longitude />\n      </Source>\n    </Alert>\n"
                       "  </Alerts>\n</EWSSimpleAlertInfo>\n");
}
END_TEST

START_TEST(no_alerts_is_an_empty_list_and_no_hits_an_engine_fault)
{
    struct buf out;

    assert_alerts(alerts_cyber_map, HITS(""),
                  DECL "<EWSSimpleAlertInfo>\n  <Alerts />\n</EWSSimpleAlertInfo>\n");
    assert_alerts(single_ip_map, HITS(""),
                  DECL "<EWSSimpleAlertInfo>\n  <Alerts />\n</EWSSimpleAlertInfo>\n");
    ck_assert_int_eq(unit_map(alerts_cyber_map, "{\"error\":\"x\"}", &any_request, &out), PEBA_E_BACKEND);
    buf_free(&out);
}
END_TEST

START_TEST(single_ip_query_and_mapping)
{
    cJSON *q = single_ip_query("45.67.89.10", DOMAIN_COMMUNITY, 5);

    assert_cjson_is(q,
                    "{\"query\":{\"bool\":{\"must\":[{\"term\":{\"sourceEntryIp\":\"45.67.89.10\"}},"
                    "{\"terms\":{\"clientDomain\":[true]}}]}},"
                    "\"sort\":{\"createTime\":{\"order\":\"desc\"}},\"size\":5,"
                    "\"_source\":[\"createTime\",\"peerType\",\"targetCountry\",\"originalRequestString\"]}");
    cJSON_Delete(q);
    assert_alerts(single_ip_map, HITS(CYBER_HIT),
                  DECL
                  "<EWSSimpleAlertInfo>\n  <Alerts>\n    <Alert>\n"
                  "      <Id>a1b2c3d4e5f60718293a4b5c6d7e8f90</Id>\n"
                  "      <DateCreated>2024-05-01 10:00:00</DateCreated>\n"
                  "      <Peer>\n        <Type>Webpage</Type>\n        <Country>DE</Country>\n      </Peer>\n"
                  "      <Request>/wp-login.php?x=%3Cscript%3E</Request>\n"
                  "    </Alert>\n  </Alerts>\n</EWSSimpleAlertInfo>\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("feeds");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, bad_ips_query_is_one_composite_page);
    tcase_add_test(core, a_span_narrows_the_listing_to_its_addresses);
    tcase_add_test(core, the_cells_cover_the_address_space_in_order);
    tcase_add_test(core, cells_join_into_spans_of_at_most_a_page);
    tcase_add_test(core, without_cells_one_span_holds_everything);
    tcase_add_test(core, ranges_only_where_every_index_maps_an_ip);
    tcase_add_test(core, pages_are_followed_and_non_global_addresses_dropped);
    tcase_add_test(core, a_short_page_ends_and_no_index_means_no_data);
    tcase_add_test(limits, a_broken_page_is_an_engine_fault);
    tcase_add_test(core, the_spec_example_in_every_format);
    tcase_add_test(core, an_empty_list_in_every_format);
    tcase_add_test(core, the_tag_follows_the_bytes_of_the_list);
    tcase_add_test(core, ties_are_ordered_by_binary_address);
    tcase_add_test(core, cyber_query_is_the_newest_max_alerts);
    tcase_add_test(core, cyber_maps_the_spec_example);
    tcase_add_test(core, single_ip_query_and_mapping);
    tcase_add_test(limits, cyber_degrades_on_broken_stored_data);
    tcase_add_test(limits, no_alerts_is_an_empty_list_and_no_hits_an_engine_fault);
    tcase_add_test(limits, large_lists_stream_in_chunks);
    return unit_run(s);
}
