/*
 * fuzz_mappers.c: arbitrary bytes as a search-engine reply through every
 * reply mapper of the app/h_*.h headers (and the bucket visitors of the
 * endpoints that read several pages). Input that is not JSON becomes the
 * text of every string in a reply skeleton that has the shape each mapper
 * looks for, so the bytes still reach the mappers. Whatever the reply, a
 * mapper that succeeds writes well-formed output. The bad-IP list's pages,
 * read as text, also take the input's bytes unchanged.
 */
#include "array_len.h"
#include "fuzz.h"
#include "h_alerts.h"
#include "h_counts.h"
#include "h_dataset.h"
#include "h_feeds.h"
#include "h_geo_stats.h"
#include "h_getstats.h"
#include "h_tops.h"
#include "h_tpot.h"
#include "search.h"

#define NOW 1714564800 /* 2024-05-01 12:00:00 UTC: the requests' clock */
#define MARK "@"       /* skeleton strings that take the input's text */

enum out_kind { OUT_JSON, OUT_XML, OUT_REQUESTED };

static const struct {
    const char *name;
    reply_mapper map;
    enum out_kind kind;
    bool uses_req; /* run once per request variant */
} mappers[] = {
    {"alerts_count_map", alerts_count_map, OUT_REQUESTED, true},
    {"alerts_count_with_type_map", alerts_count_with_type_map, OUT_JSON, false},
    {"alert_stats_map", alert_stats_map, OUT_JSON, false},
    {"alerts_json_map", alerts_json_map, OUT_JSON, false},
    {"alerts_per_month_map", alerts_per_month_map, OUT_JSON, false},
    {"alert_types_per_month_map", alert_types_per_month_map, OUT_JSON, false},
    {"getstats_map", getstats_map, OUT_JSON, false},
    {"tops_map", tops_map, OUT_JSON, true},
    {"alerts_cyber_map", alerts_cyber_map, OUT_XML, false},
    {"single_ip_map", single_ip_map, OUT_XML, false},
};

/* Every field any mapper reads, ES 7 layout (hits.total an object); "@" marks the input's place. */
static const char skeleton[] =
    "{\"took\":3,\"timed_out\":false,\"_shards\":{\"total\":2,\"successful\":2,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"max_score\":null,\"hits\":["
    "{\"_index\":\"ews-2024.05.01-1\",\"_id\":\"@\",\"_source\":{\"createTime\":\"@\",\"recievedTime\":\"@\","
    "\"peerIdent\":\"@\",\"peerType\":\"@\",\"country\":\"@\",\"countryName\":\"@\",\"targetCountry\":\"@\","
    "\"originalRequestString\":\"@\",\"location\":\"@\",\"locationDestination\":\"@\",\"sourceEntryIp\":\"@\","
    "\"username\":\"@\",\"password\":\"@\",\"login\":\"@\",\"clientDomain\":true,\"UTCtimeFrom\":\"@\","
    "\"UTCtimeTo\":\"@\",\"comm_totalRatio\":0.25,\"comm_ratio_Webpage\":7}},"
    "{\"_id\":\"@\",\"_source\":{\"peerType\":\"SSH/console(cowrie)\",\"originalRequestString\":\"@\"}},"
    "{\"_id\":\"@\",\"_source\":{\"peerType\":\"SSH/console(cowrie)\",\"originalRequestString\":\"\","
    "\"username\":\"@\",\"password\":\"@\",\"login\":\"@\"}}]},"
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":7,"
    "\"honeypotTypes\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":2}]},"
    "\"ctr\":{\"buckets\":{\"1d\":{\"doc_count\":5},\"1h\":{\"doc_count\":2},\"5m\":{\"doc_count\":1}}},"
    "\"days\":{\"buckets\":[{\"key_as_string\":\"@\",\"key\":1714521600000,\"doc_count\":3,"
    "\"types\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":1}]}}]},"
    "\"attackers\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":4,"
    "\"name\":{\"hits\":{\"hits\":[{\"_source\":{\"countryName\":\"@\"}}]}}}]},"
    "\"targets\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":4,"
    "\"name\":{\"hits\":{\"hits\":[{\"_source\":{\"targetCountryName\":\"@\"}}]}}}]},"
    "\"topLocations\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":9}]}},"
    "\"url\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":3,\"range\":{\"buckets\":[{\"key\":1714521600000,"
    "\"doc_count\":1}]}}]},"
    "\"ports\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":3,\"range\":{\"buckets\":[]}}]},"
    "\"peerType\":{\"buckets\":[{\"key\":\"@\",\"doc_count\":3}]},"
    "\"ips\":{\"after_key\":{\"ip\":\"8.8.8.8\"},\"buckets\":[{\"key\":{\"ip\":\"@\"},\"doc_count\":3},{\"key\":{\"ip\":\"8.8.8.8\"},\"doc_count\":1}]},"
    "\"hosts\":{\"buckets\":[{\"key\":{\"host\":\"@\",\"detail\":\"@\"},\"doc_count\":1}]}}}";

/* Puts text in place of every "@" string below item. */
static void fill(cJSON *item, const char *text)
{
    for (cJSON *child = item->child; child; child = child->next) {
        if (cJSON_IsString(child) && strcmp(child->valuestring, MARK) == 0)
            cJSON_SetValuestring(child, text);
        else
            fill(child, text);
    }
}

/* The input as a reply: parsed when it is JSON, else its text (up to a NUL) inside the skeleton. */
static cJSON *reply_of(const uint8_t *data, size_t size)
{
    cJSON *reply = cJSON_ParseWithLength((const char *)data, size);
    char *text;

    if (reply)
        return reply;
    if (!(text = malloc(size + 1)) || !(reply = cJSON_Parse(skeleton)))
        fuzz_fail("skeleton: out of memory or broken", NULL, 0);
    memcpy(text, data, size);
    text[size] = '\0';
    fill(reply, text);
    free(text);
    return reply;
}

static void check_output(const struct buf *out, enum out_kind kind, enum out_format format)
{
    if (kind == OUT_XML || (kind == OUT_REQUESTED && format == FORMAT_XML))
        fuzz_check_xml(out);
    else
        fuzz_check_json_body(out);
}

static void run_mapper(size_t i, const cJSON *reply, const struct request *req)
{
    struct buf out;

    buf_init(&out, 0);
    if (mappers[i].map(reply, req, &out) == PEBA_OK)
        check_output(&out, mappers[i].kind, req->format);
    buf_free(&out);
}

/* The mappers that date their answer from the request's clock, at the smallest and the largest offset. */
static void run_dated(const cJSON *reply)
{
    static const struct {
        reply_mapper map;
        int offset_param;     /* the index of the route's offset parameter */
        long long max_offset; /* the largest its spec accepts */
    } dated[] = {{top_countries_map, TOPC_MONTH_OFFSET, 120}, {latlon_map, LATLON_OFFSET, 366}};

    for (size_t i = 0; i < ARRAY_LEN(dated); i++) {
        for (int edge = 0; edge < 2; edge++) {
            struct request req = {.now = NOW, .format = FORMAT_JSON};
            struct buf out;

            req.params[dated[i].offset_param].num = edge ? dated[i].max_offset : 0;
            buf_init(&out, 0);
            if (dated[i].map(reply, &req, &out) == PEBA_OK)
                fuzz_check_json_body(&out);
            buf_free(&out);
        }
    }
}

/* TpotStats: the alert counts, then the daemon and type scans over the reply's "hosts" page. */
static void run_tpot(const cJSON *reply)
{
    static const bucket_visitor scans[] = {tpot_count_daemons, tpot_count_types};
    struct tpot_stats st;
    const cJSON *after;
    struct buf out;
    peba_err err;

    if (!tpot_stats_init(&st, NOW - NOW % 86400))
        fuzz_fail("tpot_stats_init: out of memory", NULL, 0);
    err = tpot_read_alerts(reply, &st);
    for (size_t i = 0; i < ARRAY_LEN(scans) && err == PEBA_OK; i++) {
        free(st.last_host);
        st.last_host = NULL;
        err = composite_page(reply, "hosts", 1, scans[i], &st, &after);
    }
    buf_init(&out, 0);
    if (err == PEBA_OK && tpot_write(&st, &out) == PEBA_OK)
        fuzz_check_json_body(&out);
    buf_free(&out);
    tpot_stats_free(&st);
}

/* retrieveIPs: the "ips" page of text (read by yajl's callbacks) collected, sorted and written in both formats. */
static void run_bad_ips(const char *text, size_t len)
{
    struct ip_counts list = {NULL, 0, 0};
    cJSON *after = NULL;

    if (composite_keys_page(text, len, "ips", "ip", 2, bad_ips_visit, &list, &after) == PEBA_OK) {
        bad_ips_sort(&list);
        for (int format = FORMAT_XML; format <= FORMAT_JSON; format++) {
            struct buf out;

            buf_init(&out, 0);
            if (bad_ips_write(&list, (enum out_format)format, &out))
                check_output(&out, OUT_REQUESTED, (enum out_format)format);
            buf_free(&out);
        }
    }
    cJSON_Delete(after);
    ip_counts_free(&list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *reply = reply_of(data, size);
    /* the two request variants: each format, and each `type` of tops (its parameter 0) */
    struct request reqs[2];

    memset(reqs, 0, sizeof reqs);
    reqs[0].format = FORMAT_XML;
    reqs[1].format = FORMAT_JSON;
    reqs[1].params[TOPS_TYPE].choice = TOPS_PORTS;
    for (size_t i = 0; i < ARRAY_LEN(mappers); i++) {
        run_mapper(i, reply, &reqs[1]);
        if (mappers[i].uses_req)
            run_mapper(i, reply, &reqs[0]);
    }
    run_dated(reply);
    run_tpot(reply);
    /* the page as the engine would write it, and the input's bytes as they are */
    {
        char *text = cJSON_PrintUnformatted(reply);

        if (text)
            run_bad_ips(text, strlen(text));
        cJSON_free(text);
    }
    run_bad_ips((const char *)data, size);
    cJSON_Delete(reply);
    return 0;
}
