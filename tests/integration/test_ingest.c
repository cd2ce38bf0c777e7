/*
 * test_ingest.c: POST /ews-0.1/alert/postSimpleMessage through nginx: alerts of several honeypots
 * stored with GeoIP (the stack's test databases, tests/unit/make-test-mmdb.pl) and seen by the read
 * endpoints; community and private submitters; rejected alerts named; resubmission idempotent;
 * refused users and bodies; and an engine that refuses alerts, refuses a batch mid-way, is paused
 * or is stopped: 503 naming exactly what was stored, and a resend completes. Alerts the engine
 * refuses for now (429) are sent again: stored once when it takes them, named when it never does.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "alert_index.h"
#include "buf.h"
#include "ews_alert.h"
#include "faults.h"
#include "harness.h"
#include "timeutil.h"

#define INGEST "/ews-0.1/alert/postSimpleMessage"
#define OK_RESULT(text) "<Result><StatusCode>OK</StatusCode><Text>" text "</Text></Result>"
#define FAILED_RESULT "<Result><StatusCode>Handling failed</StatusCode><Text>"
#define PRIVATE_USER "sensor-private"
#define READ_ONLY_USER "reader"
#define SECRET "s3cret"
#define BONN "50.708021" /* retrieveAlertsJson's stand-in for "0.0" coordinates */

struct test_alert {
    const char *analyzer, *tz, *source, *target, *target_port, *more;
};

/* Four honeypot types from the test databases' networks, a broken address and a broken tz. */
static const struct test_alert mixed[] = {
    {"cowrie-community-01", "+0200", "45.67.89.10", "10.0.0.5", "22",
     "<AdditionalData meaning=\"input\" type=\"string\">%0Auname%20-a</AdditionalData>"
     "<AdditionalData meaning=\"username\" type=\"string\">root</AdditionalData>"},
    {"heralding-community-01", "+0000", "93.184.216.34", "45.67.89.10", "21",
     "<AdditionalData meaning=\"username\" type=\"string\">root</AdditionalData>"
     "<AdditionalData meaning=\"password\" type=\"string\">1337</AdditionalData>"
     "<AdditionalData meaning=\"protocol\" type=\"string\">ftp</AdditionalData>"},
    {"glastopf-community-01", "-0100", "2a02:2e0:3fe:1001::1", "10.0.0.5", "80",
     "<Request type=\"url\">/index.php%3Fx=1</Request>"},
    {"kippo-community-01", "+0000", "asasasas", "10.0.0.5", "22", ""},
    {"dionaea-community-01", "+0200", "81.2.69.160", "45.67.89.10", "445", ""},
    {"cowrie-community-01", "+02", "45.67.89.10", "10.0.0.5", "22", ""},
};
#define MIXED_RESULT                                                                                        \
    OK_RESULT("stored 4 of 6 alerts; rejected 2: #3 Source: 'asasasas' is not an IPv4 or IPv6 address; #5 " \
              "CreateTime: tz '+02' is not +HHMM or -HHMM")

static void begin_message(struct buf *m, const char *user, const char *token)
{
    buf_init(m, 0);
    buf_printf(m,
               "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>%s</username><token>%s</token>"
               "</Authentication>",
               user, token);
}

/* CreateTime of alert number n of a message: 2024-05-01 10:00:00 plus n seconds, so every alert has its own id. */
static void create_time_of(int n, char out[UTC_STAMP_LEN])
{
    unsigned s = (unsigned)n % 50400; /* 14 hours */

    snprintf(out, UTC_STAMP_LEN, "2024-05-01 %02u:%02u:%02u", 10 + s / 3600, s / 60 % 60, s % 60);
}

static void add_alert(struct buf *m, const struct test_alert *a, int n)
{
    char create_time[UTC_STAMP_LEN];

    create_time_of(n, create_time);
    buf_printf(m,
               "<Alert><Analyzer id=\"%s\"/><CreateTime tz=\"%s\">%s</CreateTime>"
               "<Source category=\"ipv4\" port=\"%d\" protocol=\"tcp\">%s</Source>"
               "<Target category=\"ipv4\" port=\"%s\" protocol=\"tcp\">%s</Target>"
               "<Request type=\"description\">test</Request>%s</Alert>",
               a->analyzer, a->tz, create_time, 40000 + n % 20000, a->source, a->target_port, a->target,
               a->more);
}

static void end_message(struct buf *m)
{
    buf_puts(m, "</EWS-SimpleMessage>");
    ck_assert_msg(!m->failed, "out of memory");
}

static void mixed_message(struct buf *m, const char *user, const char *token)
{
    begin_message(m, user, token);
    for (size_t i = 0; i < ARRAY_LEN(mixed); i++)
        add_alert(m, &mixed[i], (int)i);
    end_message(m);
}

static void community_mixed_message(struct buf *m)
{
    mixed_message(m, harness_config()->community_user, harness_config()->community_token);
}

static void post(const struct buf *m, struct http_reply *r)
{
    http_post(INGEST, m->data, m->len, "text/xml;charset=UTF-8", r);
}

static void post_expect(const struct buf *m, long status, const char *body)
{
    struct http_reply r;

    post(m, &r);
    http_expect(&r, status, HTTP_XML, body);
    http_reply_free(&r);
}

/* Alert documents in the engine, after a refresh (ingest does not wait for one). */
static long long stored_count(void)
{
    struct http_reply r;
    char path[512];
    cJSON *reply;
    long long n;

    snprintf(path, sizeof path, "/%s/_refresh?allow_no_indices=true", harness_alert_pattern());
    es_raw("POST", path, NULL, &r);
    http_reply_free(&r);
    snprintf(path, sizeof path, "/%s/_count?allow_no_indices=true", harness_alert_pattern());
    es_raw("GET", path, NULL, &r);
    ck_assert_msg(r.status == 200, "_count: %ld %s", r.status, r.body);
    reply = cJSON_Parse(r.body);
    n = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(reply, "count"));
    cJSON_Delete(reply);
    http_reply_free(&r);
    return n;
}

/* The _source of the one stored alert from analyzer id (free with cJSON_Delete). */
static cJSON *stored_alert(const char *analyzer)
{
    struct http_reply r;
    char path[512], body[256];
    cJSON *reply, *hits, *source;

    snprintf(path, sizeof path, "/%s/_search", harness_alert_pattern());
    snprintf(body, sizeof body, "{\"query\":{\"term\":{\"peerIdent\":\"%s\"}}}", analyzer);
    es_raw("POST", path, body, &r);
    reply = cJSON_Parse(r.body);
    hits = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "hits"), "hits");
    ck_assert_msg(cJSON_GetArraySize(hits) == 1, "%s: %s", analyzer, r.body);
    source = cJSON_DetachItemFromObjectCaseSensitive(cJSON_GetArrayItem(hits, 0), "_source");
    cJSON_Delete(reply);
    http_reply_free(&r);
    return source;
}

static void assert_text(const cJSON *obj, const char *name, const char *want)
{
    const char *have = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, name));

    ck_assert_msg(have && strcmp(have, want) == 0, "%s: '%s', expected '%s'", name, have ? have : "(none)",
                  want);
}

static void reset_with_users(void)
{
    harness_reset();
    ck_assert_int_eq(run_pebactl(SECRET "\n", "user add " PRIVATE_USER), 0);
    ck_assert_int_eq(run_pebactl(SECRET "\n", "user add " READ_ONLY_USER " --get-only"), 0);
}

START_TEST(a_mixed_message_stores_the_good_and_names_the_bad)
{
    struct buf m;
    cJSON *doc;

    community_mixed_message(&m);
    post_expect(&m, 200, MIXED_RESULT);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 4);
    doc = stored_alert("heralding-community-01");
    assert_text(doc, "peerType", "Passwords(heralding)");
    assert_text(doc, "createTime", "2024-05-01 10:00:01");
    assert_text(doc, "country", "US");
    assert_text(doc, "countryName", "United States");
    assert_text(doc, "sourceEntryAS", "AS15133 Edgecast Inc.");
    assert_text(doc, "location", "37.751 , -97.822");
    assert_text(doc, "targetCountry", "NL");
    assert_text(doc, "targetEntryAS", "AS64500 Example Hosting B.V.");
    assert_text(doc, "locationDestination", "52.3824 , 4.8995");
    assert_text(doc, "additionalData", "{\"protocol\": \"ftp\"}");
    assert_text(doc, "targetport", "tcp");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "clientDomain")));
    cJSON_Delete(doc);
    doc = stored_alert("glastopf-community-01");
    assert_text(doc, "createTime", "2024-05-01 11:00:02");
    assert_text(doc, "sourceEntryIp", "2a02:2e0:3fe:1001::1");
    assert_text(doc, "sourceEntryAS", "AS3320 Deutsche Telekom AG");
    assert_text(doc, "targetCountry", "PIR");
    cJSON_Delete(doc);
}
END_TEST

/* The expected retrieveAlertsJson entry of each stored type. */
static const struct {
    const char *type, *country, *country_name, *source_lat, *source_lng, *dest_lat, *dest_lng, *request;
} ticker[] = {
    {"SSH/console(cowrie)", "NL", "Netherlands", "52.3824", "4.8995", BONN, "7.129191", "uname -a"},
    {"Passwords(heralding)", "US", "United States", "37.751", "-97.822", "52.3824", "4.8995",
     "Username: &quot;root&quot; | Password: &quot;1337&quot;"},
    {"Webpage", "DE", "Germany", "51.2993", "9.491", BONN, "7.129191", "/index.php?x=1"},
    {"Network(Dionaea)", "GB", "United Kingdom", "51.5142", "-0.0931", "52.3824", "4.8995",
     "Attack on port 445/tcp"},
};

static void assert_ticker_entry(const cJSON *alert)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(alert, "analyzerType"));

    for (size_t i = 0; type && i < ARRAY_LEN(ticker); i++) {
        if (strcmp(type, ticker[i].type) != 0)
            continue;
        assert_text(alert, "country", ticker[i].country);
        assert_text(alert, "countryName", ticker[i].country_name);
        assert_text(alert, "sourceLat", ticker[i].source_lat);
        assert_text(alert, "sourceLng", ticker[i].source_lng);
        assert_text(alert, "destLat", ticker[i].dest_lat);
        assert_text(alert, "destLng", ticker[i].dest_lng);
        assert_text(alert, "requestString", ticker[i].request);
        return;
    }
    ck_abort_msg("unexpected analyzerType %s", type ? type : "(none)");
}

START_TEST(stored_alerts_reach_the_read_endpoints)
{
    struct http_reply r;
    struct buf m;
    cJSON *reply;
    const cJSON *alert, *alerts;

    community_mixed_message(&m);
    post_expect(&m, 200, MIXED_RESULT);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 4);
    harness_flush_cache();
    http_get_expect("/alert/retrieveAlertsCount?time=10&out=json", 200, HTTP_JSON, "{\"AlertCount\":4}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=10&ci=0&out=json", 200, HTTP_JSON,
                    "{\"AlertCount\":0}\n");
    http_get_expect("/alert/retrieveAlertsCountWithType?time=10", 200, HTTP_JSON,
                    "{\"AlertCountPerType\":{\"Network(Dionaea)\":1,\"Passwords(heralding)\":1,"
                    "\"SSH/console(cowrie)\":1,\"Webpage\":1},\"AlertCountTotal\":4}\n");
    http_get("/alert/retrieveAlertsJson", &r);
    http_expect(&r, 200, HTTP_JSON, NULL);
    reply = cJSON_Parse(r.body);
    alerts = cJSON_GetObjectItemCaseSensitive(reply, "alerts");
    ck_assert_int_eq(cJSON_GetArraySize(alerts), 4);
    cJSON_ArrayForEach(alert, alerts) {
        assert_ticker_entry(alert);
        ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(alert, "clientDomain")));
    }
    cJSON_Delete(reply);
    http_reply_free(&r);
}
END_TEST

START_TEST(private_users_submit_private_alerts)
{
    struct buf m;
    cJSON *doc;

    mixed_message(&m, PRIVATE_USER, SECRET);
    post_expect(&m, 200, MIXED_RESULT);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 4);
    doc = stored_alert("dionaea-community-01");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(doc, "clientDomain")));
    cJSON_Delete(doc);
    harness_flush_cache();
    http_get_expect("/alert/retrieveAlertsCount?time=10&ci=0&out=json", 200, HTTP_JSON,
                    "{\"AlertCount\":4}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=10&out=json", 200, HTTP_JSON, "{\"AlertCount\":0}\n");
}
END_TEST

/* ewsposter resends a message it got no OK for: the deterministic ids make that harmless. */
START_TEST(resubmitting_a_message_does_not_duplicate)
{
    struct buf m;

    community_mixed_message(&m);
    post_expect(&m, 200, MIXED_RESULT);
    post_expect(&m, 200, MIXED_RESULT);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 4);
}
END_TEST

START_TEST(refused_submitters_store_nothing)
{
    struct http_reply r;
    struct buf m;

    mixed_message(&m, READ_ONLY_USER, SECRET);
    post(&m, &r);
    http_expect(&r, 403, HTTP_XML, NULL);
    ck_assert_ptr_nonnull(strstr(r.body, "may not submit"));
    http_reply_free(&r);
    buf_free(&m);
    mixed_message(&m, PRIVATE_USER, "wrong");
    post(&m, &r);
    http_expect(&r, 403, HTTP_XML, NULL);
    http_reply_free(&r);
    buf_free(&m);
    http_post(INGEST, "<EWS-SimpleMessage/>", 20, "text/xml", &r);
    http_expect(&r, 403, HTTP_XML, NULL);
    http_reply_free(&r);
    /* GET is a 405 naming POST, where the original answered 500 */
    http_get(INGEST, &r);
    http_expect(&r, 405, HTTP_XML, NULL);
    ck_assert_str_eq(http_header(&r, "Allow"), "POST, OPTIONS");
    http_reply_free(&r);
    ck_assert_int_eq(stored_count(), 0);
}
END_TEST

START_TEST(hostile_and_oversized_bodies_are_refused)
{
    static const char xxe[] =
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<EWS-SimpleMessage><Authentication><username>u</username><token>t</token></Authentication>"
        "<Alert><Analyzer id=\"&x;\"/></Alert></EWS-SimpleMessage>";
    size_t big = (size_t)harness_config()->ingest_max_body_bytes + 1;
    struct http_reply r;
    struct buf m;

    http_post(INGEST, xxe, strlen(xxe), "text/xml", &r);
    http_expect(&r, 400, HTTP_XML, NULL);
    ck_assert_ptr_nonnull(strstr(r.body, "DOCTYPE"));
    http_reply_free(&r);
    http_post(INGEST, "<EWS-SimpleMessage><Alert>", 26, "text/xml", &r);
    http_expect(&r, 400, HTTP_XML, NULL);
    http_reply_free(&r);
    /* a small body of very many alerts is refused before any is looked at */
    begin_message(&m, harness_config()->community_user, harness_config()->community_token);
    for (int i = 0; i <= 100000; i++)
        buf_puts(&m, "<Alert/>");
    end_message(&m);
    post(&m, &r);
    http_expect(&r, 413, HTTP_XML, NULL);
    ck_assert_ptr_nonnull(strstr(r.body, "100001 Alert elements"));
    http_reply_free(&r);
    buf_free(&m);
    community_mixed_message(&m);
    m.len -= strlen("</EWS-SimpleMessage>");
    buf_puts(&m, "<Padding>");
    while (m.len < big)
        buf_puts(
            &m,
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    buf_puts(&m, "</Padding></EWS-SimpleMessage>");
    post(&m, &r);
    ck_assert_msg(r.status == 413, "a %zu-byte body: %ld", m.len, r.status);
    http_reply_free(&r);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 0);
}
END_TEST

/* ---- the engine fails part-way ---- */

#define LOAD_SOURCE "45.67.89.10"
#define LOAD_TARGET "93.184.216.34"
#define INGEST_BATCH 500        /* alerts per bulk request of ingest (app/h_ingest.c) */
#define BIG_PASSWORD_BYTES 8000 /* a password that makes its alert some 9 KB */
/*
 * The engine's limit on the bytes of requests in flight (it counts each twice): a batch of plain
 * alerts (some 0.5 MB) passes, a batch of big ones (some 4.5 MB) is refused whole with a 429.
 */
#define IN_FLIGHT_LIMIT "\"3mb\""

/* n cowrie alerts of `analyzer` without a request string; from number big_from on, each has a long password. */
static void load_message(struct buf *m, const char *analyzer, int n, int big_from)
{
    static char
        big[sizeof "<AdditionalData meaning=\"password\">" + BIG_PASSWORD_BYTES + sizeof "</AdditionalData>"];
    const struct test_alert plain = {analyzer, "+0000", LOAD_SOURCE, LOAD_TARGET, "22", ""};
    struct test_alert heavy = plain;

    snprintf(big, sizeof big, "<AdditionalData meaning=\"password\">%0*d</AdditionalData>",
             BIG_PASSWORD_BYTES, 0);
    heavy.more = big;
    begin_message(m, harness_config()->community_user, harness_config()->community_token);
    for (int i = 0; i < n; i++)
        add_alert(m, i < big_from ? &plain : &heavy, i);
    end_message(m);
}

/* The _id ingest gives load alert n (the password is not part of it). */
static void load_alert_id(int n, char id[EWS_ID_LEN])
{
    char create_time[UTC_STAMP_LEN];

    create_time_of(n, create_time);
    ews_alert_id(create_time, LOAD_SOURCE, LOAD_TARGET, "", "cowrie-load", false, id);
}

/* How many of the load alerts [0, n) the engine holds, by id. */
static int load_alerts_found(int n)
{
    cJSON *query = cJSON_CreateObject(), *ids, *reply, *total;
    struct http_reply r;
    char path[512], id[EWS_ID_LEN], *text;
    int found;

    ids = cJSON_AddArrayToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(query, "query"), "ids"),
                                 "values");
    for (int i = 0; i < n; i++) {
        load_alert_id(i, id);
        cJSON_AddItemToArray(ids, cJSON_CreateString(id));
    }
    cJSON_AddNumberToObject(query, "size", 0);
    text = cJSON_PrintUnformatted(query);
    snprintf(path, sizeof path, "/%s/_search?track_total_hits=true", harness_alert_pattern());
    es_raw("POST", path, text, &r);
    ck_assert_msg(r.status == 200, "ids search: %ld %.300s", r.status, r.body);
    reply = cJSON_Parse(r.body);
    total = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "hits"), "total");
    found = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(total, "value"));
    cJSON_Delete(reply);
    http_reply_free(&r);
    free(text);
    cJSON_Delete(query);
    return found;
}

/* Sets the engine's in-flight limit ("null": its default). */
static void set_in_flight_limit(const char *limit)
{
    char body[256];
    struct http_reply r;

    snprintf(body, sizeof body, "{\"transient\":{\"network.breaker.inflight_requests.limit\":%s}}", limit);
    es_raw("PUT", "/_cluster/settings", body, &r);
    ck_assert_msg(r.status == 200, "PUT /_cluster/settings: %ld %s", r.status, r.body);
    http_reply_free(&r);
}

/* Puts the engine back whatever a test did to it (running, answering, set up, default limits), without alerts. */
static void restore_engine(void)
{
    harness_restore_engine();
    set_in_flight_limit("null");
    harness_reset();
}

/* Fails the test unless the reply is a 503 whose Result text begins with `text`. */
static void expect_failed(const struct http_reply *r, const char *text)
{
    http_expect(r, 503, HTTP_XML, NULL);
    ck_assert_msg(strncmp(r->body, FAILED_RESULT, strlen(FAILED_RESULT)) == 0 &&
                      strncmp(r->body + strlen(FAILED_RESULT), text, strlen(text)) == 0,
                  "%s\nexpected to begin with\n" FAILED_RESULT "%s", r->body, text);
}

/* A resend of the load message m of `total` alerts stores them all, each once. */
static void expect_resend_stores_all(const struct buf *m, int total)
{
    char all[128];

    snprintf(all, sizeof all, OK_RESULT("stored %d of %d alerts"), total, total);
    post_expect(m, 200, all);
    ck_assert_int_eq(stored_count(), total);
    ck_assert_int_eq(load_alerts_found(total), total);
}

/*
 * Today's index created with `hostname` as an integer: the engine refuses exactly the alerts
 * whose hostname is not a number, and the answer must say which were stored.
 */
START_TEST(alerts_the_engine_refuses_give_503_naming_them)
{
    static const struct test_alert with_host[] = {
        {"honeytrap-01", "+0000", "45.67.89.10", "10.0.0.5", "80",
         "<AdditionalData meaning=\"hostname\">101</AdditionalData>"},
        {"honeytrap-01", "+0000", "45.67.89.10", "10.0.0.5", "81",
         "<AdditionalData meaning=\"hostname\">tpot</AdditionalData>"},
        {"honeytrap-01", "+0000", "45.67.89.10", "10.0.0.5", "82",
         "<AdditionalData meaning=\"hostname\">102</AdditionalData>"},
        {"honeytrap-01", "+0000", "45.67.89.10", "10.0.0.5", "x", ""},
    };
    char index[ALERT_INDEX_NAME_MAX], now[UTC_STAMP_LEN], path[512];
    struct http_reply r;
    struct buf m;

    utc_format(time(NULL), now);
    alert_index_name(harness_config()->alert_index, now, index);
    snprintf(path, sizeof path, "/%s", index);
    es_raw("PUT", path, "{\"mappings\":{\"properties\":{\"hostname\":{\"type\":\"integer\"}}}}", &r);
    ck_assert_msg(r.status == 200, "PUT %s: %ld %s", index, r.status, r.body);
    http_reply_free(&r);
    begin_message(&m, harness_config()->community_user, harness_config()->community_token);
    for (int i = 0; i < 4; i++)
        add_alert(&m, &with_host[i], i);
    end_message(&m);
    post(&m, &r);
    expect_failed(&r, "stored 2 of 4 alerts (#0, #2); not stored 1 (#1): ");
    ck_assert_ptr_nonnull(
        strstr(r.body, "; rejected 1: #3 Target: port 'x' is not 0..65535</Text></Result>"));
    http_reply_free(&r);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 2);
}
END_TEST

/*
 * Two batches of plain alerts, then one the engine refuses whole: the batches before it are
 * stored and named, the rest is not sent. With the limit back, a resend stores everything once.
 */
START_TEST(a_batch_the_engine_refuses_ends_the_message_with_503_naming_what_was_stored)
{
    const int plain = 2 * INGEST_BATCH, total = 4 * INGEST_BATCH;
    char expect[256];
    struct http_reply r;
    struct buf m;

    load_message(&m, "cowrie-load", total, plain);
    set_in_flight_limit(IN_FLIGHT_LIMIT);
    post(&m, &r);
    set_in_flight_limit("null");
    snprintf(
        expect, sizeof expect,
        "stored %d of %d alerts (#0-#%d); not stored %d (#%d-#%d): bulk request answered 429</Text></Result>",
        plain, total, plain - 1, total - plain, plain, total - 1);
    expect_failed(&r, expect);
    http_reply_free(&r);
    /* what was reported stored is there, and nothing else */
    ck_assert_int_eq(stored_count(), plain);
    ck_assert_int_eq(load_alerts_found(plain), plain);
    expect_resend_stores_all(&m, total);
    buf_free(&m);
}
END_TEST

/*
 * The engine is frozen when a message of two batches arrives: the first batch waits out the
 * timeout, the second is not sent, nothing is reported stored. The batch the frozen engine had
 * received may still land once it thaws (the safe direction); whatever landed, a resend stores
 * every alert once.
 */
START_TEST(a_paused_engine_gives_503_with_nothing_stored_and_a_resend_completes)
{
    const int total = 2 * INGEST_BATCH;
    char expect[256];
    struct http_reply r;
    struct buf m;

    load_message(&m, "cowrie-load", total, total);
    harness_es_ctl("pause");
    post(&m, &r);
    harness_es_ctl("resume");
    harness_wait_for_engine();
    snprintf(expect, sizeof expect, "stored 0 of %d alerts; not stored %d (#0-#%d): ", total, total,
             total - 1);
    expect_failed(&r, expect);
    http_reply_free(&r);
    expect_resend_stores_all(&m, total);
    buf_free(&m);
}
END_TEST

START_TEST(a_stopped_engine_gives_503_with_nothing_stored)
{
    struct http_reply r;
    struct buf m;

    community_mixed_message(&m);
    harness_es_ctl("stop");
    post(&m, &r);
    expect_failed(&r, "stored 0 of 6 alerts; not stored 4 (#0-#2, #4): ");
    ck_assert_ptr_nonnull(strstr(r.body, "; rejected 2: #3 Source: "));
    http_reply_free(&r);
    harness_restore_engine();
    post_expect(&m, 200, MIXED_RESULT);
    buf_free(&m);
    ck_assert_int_eq(stored_count(), 4);
}
END_TEST

/* ---- refusals for now: the engine takes the alerts on a later try, or never ---- */

#define REFUSED_LINE "bulk: the search engine refused"
#define BLOCK_LIFT_MAX_S 15.0

/* The read-only-allow-delete block (the disk flood stage's) set or lifted: while set, the engine answers writes 429. */
#define BLOCK_BODY(value) "{\"index.blocks.read_only_allow_delete\":" value "}"

/* The settings path of today's alert index. */
static void today_settings(char *path, size_t size)
{
    char index[ALERT_INDEX_NAME_MAX], now[UTC_STAMP_LEN];

    utc_format(time(NULL), now);
    ck_assert(alert_index_name(harness_config()->alert_index, now, index));
    snprintf(path, size, "/%s/_settings", index);
}

/* Sets the block on today's alert index, PUT first (the template applies), or lifts it. */
static void block_today(bool set)
{
    char path[512];
    struct http_reply r;

    today_settings(path, sizeof path);
    if (set) {
        *strrchr(path, '/') = '\0';
        es_raw("PUT", path, NULL, &r);
        ck_assert_msg(r.status == 200, "PUT %s: %ld %s", path, r.status, r.body);
        http_reply_free(&r);
        today_settings(path, sizeof path);
    }
    es_raw("PUT", path, set ? BLOCK_BODY("true") : BLOCK_BODY("null"), &r);
    ck_assert_msg(r.status == 200, "PUT %s: %ld %s", path, r.status, r.body);
    http_reply_free(&r);
}

/* What the lifter thread does: from byte `from` of the workers' log, wait for a refusal, then lift the block. */
struct lifter {
    char log[1024];
    size_t from;
    pthread_t thread;
    long status; /* of the lifting request; 0: no refusal was seen in time */
};

static size_t discard_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * nmemb;
}

/* Its own curl handle: the test's thread is waiting in its POST meanwhile. */
static void *lift_after_a_refusal(void *arg)
{
    struct lifter *l = arg;
    double start = harness_clock();
    char path[512], url[1024];
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    CURL *easy;
    bool seen = false;

    while (!seen && harness_clock() - start < BLOCK_LIFT_MAX_S) {
        char *log = harness_read_file(l->log);

        seen = strlen(log) > l->from && strstr(log + l->from, REFUSED_LINE);
        free(log);
        if (!seen)
            usleep(10000);
    }
    if (seen && (easy = curl_easy_init())) {
        today_settings(path, sizeof path);
        snprintf(url, sizeof url, "%s%s", harness_env("ES_URL"), path);
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, BLOCK_BODY("null"));
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard_body);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT, 10L);
        if (curl_easy_perform(easy) == CURLE_OK)
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &l->status);
        curl_easy_cleanup(easy);
    }
    curl_slist_free_all(headers);
    return NULL;
}

/*
 * The index is blocked when a message arrives: the engine refuses every alert with 429. Once the
 * workers' log shows the refusal, the test lifts the block; a later try of the same bulk items
 * stores them, each once (their ids are the message's), and the answer is a plain OK.
 */
START_TEST(alerts_refused_for_now_are_sent_again_and_stored_once)
{
    const int total = 20;
    char expect[128];
    struct lifter l;
    struct buf m;
    int refusals;
    char *log;

    load_message(&m, "cowrie-load", total, total);
    block_today(true);
    harness_rundir_path("workers.log", l.log, sizeof l.log);
    l.from = file_size(l.log);
    l.status = 0;
    ck_assert(pthread_create(&l.thread, NULL, lift_after_a_refusal, &l) == 0);
    snprintf(expect, sizeof expect, OK_RESULT("stored %d of %d alerts"), total, total);
    post_expect(&m, 200, expect);
    pthread_join(l.thread, NULL);
    ck_assert_msg(l.status == 200, "the block was lifted with status %ld", l.status);
    log = harness_read_file(l.log);
    refusals = count_lines(log, l.from, REFUSED_LINE, (char *)NULL);
    free(log);
    fprintf(stderr, "%d refusals before the engine took the alerts\n", refusals);
    ck_assert_int_ge(refusals, 1);
    ck_assert_int_lt(refusals, (int)harness_config()->es_bulk_retries + 1);
    ck_assert_int_eq(stored_count(), total);
    ck_assert_int_eq(load_alerts_found(total), total);
    buf_free(&m);
}
END_TEST

/*
 * The block lasts: after bulk_retries tries more, within bulk_retry_total_ms of waiting, the answer
 * is a 503 naming every alert and the engine's reason, long before nginx would give up. Once the
 * block is gone, a resend stores every alert once.
 */
START_TEST(alerts_refused_until_the_retries_end_give_503_naming_them)
{
    const int total = 20;
    char expect[256], log_path[1024];
    struct http_reply r;
    size_t from;
    struct buf m;
    char *log;

    load_message(&m, "cowrie-load", total, total);
    block_today(true);
    harness_rundir_path("workers.log", log_path, sizeof log_path);
    from = file_size(log_path);
    post(&m, &r);
    snprintf(expect, sizeof expect,
             "stored 0 of %d alerts; not stored %d (#0-#%d): cluster_block_exception: ", total, total,
             total - 1);
    expect_failed(&r, expect);
    http_reply_free(&r);
    log = harness_read_file(log_path);
    ck_assert_int_eq(count_lines(log, from, REFUSED_LINE, (char *)NULL),
                     (int)harness_config()->es_bulk_retries);
    free(log);
    ck_assert_int_eq(stored_count(), 0);
    block_today(false);
    expect_resend_stores_all(&m, total);
    buf_free(&m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = HARNESS_CASE(s, "ingest", NULL, a_mixed_message_stores_the_good_and_names_the_bad,
                             stored_alerts_reach_the_read_endpoints, private_users_submit_private_alerts,
                             resubmitting_a_message_does_not_duplicate, refused_submitters_store_nothing,
                             hostile_and_oversized_bodies_are_refused);
    TCase *engine = HARNESS_CASE(s, "engine", NULL, alerts_the_engine_refuses_give_503_naming_them,
                                 a_batch_the_engine_refuses_ends_the_message_with_503_naming_what_was_stored,
                                 a_paused_engine_gives_503_with_nothing_stored_and_a_resend_completes,
                                 a_stopped_engine_gives_503_with_nothing_stored,
                                 alerts_refused_for_now_are_sent_again_and_stored_once,
                                 alerts_refused_until_the_retries_end_give_503_naming_them);

    tcase_add_checked_fixture(tc, reset_with_users, NULL);
    /* a failed test may leave the engine paused, stopped or limited: the next one, and the end, bring it back */
    tcase_add_checked_fixture(engine, restore_engine, NULL);
    tcase_add_unchecked_fixture(engine, NULL, restore_engine);
    tcase_set_timeout(engine, 300);
    return harness_run(s);
}
