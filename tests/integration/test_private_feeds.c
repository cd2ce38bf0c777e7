/* test_private_feeds.c: authentication and the private feeds (retrieveIPs, ...15m, retrieveAlertsCyber, querySingleIP) end to end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "faults.h"
#include "harness.h"
#include "xml_writer.h"

#define EWS_TYPE "text/xml;charset=UTF-8" /* what ewsposter sends */
#define TEXT "text/plain; charset=utf-8"  /* out=txt */
#define COMMUNITY_USER "community-01-user"
#define COMMUNITY_TOKEN "foth{a5maiCee8fineu7"
#define ALICE_TOKEN "alice-s3cret"
#define BOB_TOKEN "bob-md5-secret"
#define CAROL_TOKEN "carol-reads-only"
#define LARGE_LIST 20000

static const char *const private_paths[] = {
    "/alert/retrieveIPs",         "/ews-0.1/alert/retrieveIPs",
    "/alert/retrieveIPs15m",      "/ews-0.1/alert/retrieveIPs15m",
    "/alert/retrieveAlertsCyber", "/alert/querySingleIP?ip=45.67.89.10",
};
#define PRIVATE_PATHS ARRAY_LEN(private_paths)

/* ---- fixtures ---- */

/* Community alerts in the last 15 minutes, an hour ago and three hours ago; one private-domain alert. */
static const struct alert feed_alerts[] = {
    {.id = "v6", .age = 30, .source_ip = "2a00:1450::1"},
    {.id = "a1", .age = 60, .source_ip = "45.67.89.10", .request = "/a?x=<1>&y"},
    {.id = "a2", .age = 120, .source_ip = "45.67.89.10", .location = "1.5"},
    {.id = "a3", .age = 300, .source_ip = "45.67.89.10", .peer_type = "SSH/console(cowrie)"},
    {.id = "b1", .age = 600, .source_ip = "185.10.20.30", .country = "RU"},
    {.id = "l1", .age = 700, .source_ip = "10.0.0.5"},
    {.id = "l2", .age = 800, .source_ip = "10.0.0.5"},
    {.id = "m1", .age = 820, .source_ip = "224.0.0.1"},
    {.id = "g1", .age = 3000, .source_ip = "45.67.89.10"},
    {.id = "g2", .age = 3600, .source_ip = "8.8.8.8"},
    {.id = "g3", .age = 3700, .source_ip = "8.8.8.8"},
    {.id = "old", .age = 3 * 3600, .source_ip = "9.9.9.9"},
    {.id = "p1", .age = 90, .source_ip = "1.1.1.1", .private_domain = true},
};
#define FEED_ALERTS ARRAY_LEN(feed_alerts)

static time_t feed_loaded;

static void add_user(const char *secret, const char *args)
{
    char line[128];
    int rc;

    snprintf(line, sizeof line, "%s\n", secret);
    rc = run_pebactl(line, "user add %s", args);
    ck_assert_msg(rc == 0, "pebactl user add %s failed (%d): %s", args, rc, pebactl_output());
}

static void add_users(void)
{
    add_user(ALICE_TOKEN, "alice");
    add_user(BOB_TOKEN, "--md5 bob");
    add_user(CAROL_TOKEN, "--get-only carol");
}

static void load_feeds(void)
{
    feed_loaded = load_alert_list(feed_alerts, FEED_ALERTS);
    add_users();
}

/* Appends `copies` alerts from ip, received a minute before now, to ndjson. */
static void add_alerts(struct buf *ndjson, time_t now, const char *ip, int copies)
{
    struct alert a = {.age = 60, .source_ip = ip};

    for (int copy = 0; copy < copies; copy++) {
        char *doc = alert_doc(now, &a);

        buf_puts(ndjson, doc);
        buf_putc(ndjson, '\n');
        free(doc);
    }
}

static void load_ndjson(struct buf *ndjson)
{
    ck_assert(!ndjson->failed);
    load_alerts(ndjson->data);
    buf_free(ndjson);
    add_users();
}

/* LARGE_LIST distinct global addresses received a minute ago, every seventh one twice. */
static void load_large(void)
{
    time_t now = time(NULL);
    struct buf ndjson;

    buf_init(&ndjson, 0);
    for (int i = 0; i < LARGE_LIST; i++) {
        char ip[32];

        snprintf(ip, sizeof ip, "45.%d.%d.%d", 1 + i / 65536, i / 256 % 256, i % 256);
        add_alerts(&ndjson, now, ip, i % 7 == 0 ? 2 : 1);
    }
    load_ndjson(&ndjson);
}

/*
 * Addresses all over the address space, for a list read in spans (a page of 1,000 alerts):
 * SPREAD_V4 addresses over 220 /8s (some of them private or reserved), SPREAD_HEAVY in one /8,
 * more than a span holds, and SPREAD_V6 IPv6 ones; every fifth one twice.
 */
#define SPREAD_V4 6000
#define SPREAD_HEAVY 1500
#define SPREAD_V6 60
#define SPREAD_PAGE "1000"

static void load_spread(void)
{
    time_t now = time(NULL);
    struct buf ndjson;
    char ip[64];

    buf_init(&ndjson, 0);
    for (int i = 0; i < SPREAD_V4; i++) {
        snprintf(ip, sizeof ip, "%d.%d.%d.9", 1 + i % 220, i / 220, i % 7);
        add_alerts(&ndjson, now, ip, i % 5 == 0 ? 2 : 1);
    }
    for (int i = 0; i < SPREAD_HEAVY; i++) {
        snprintf(ip, sizeof ip, "60.%d.%d.1", i / 256, i % 256);
        add_alerts(&ndjson, now, ip, i % 5 == 0 ? 2 : 1);
    }
    for (int i = 0; i < SPREAD_V6; i++) {
        snprintf(ip, sizeof ip, "%s:%x::1", i % 2 ? "2a00:1450" : "3fff:1", i);
        add_alerts(&ndjson, now, ip, i % 5 == 0 ? 2 : 1);
    }
    load_ndjson(&ndjson);
}

/* ---- requests ---- */

/* POSTs the envelope of user and token to base (NULL: the stack's nginx) + path. */
static void post_to(const char *base, const char *path, const char *user, const char *token,
                    struct http_reply *r)
{
    char body[512];

    snprintf(body, sizeof body,
             "<EWS-SimpleMessage version=\"2.0\">\n    <Authentication>\n        <username>%s</username>\n"
             "        <token>%s</token>\n    </Authentication>\n</EWS-SimpleMessage>\n",
             user, token);
    http_request("POST", base, path, (const char *const[]){"Content-Type: " EWS_TYPE, NULL}, body,
                 strlen(body), r);
}

static void post_as(const char *path, const char *user, const char *token, struct http_reply *r)
{
    post_to(NULL, path, user, token, r);
}

static void expect_as(const char *path, const char *user, const char *token, long status, const char *type,
                      const char *body)
{
    struct http_reply r;

    post_as(path, user, token, &r);
    http_expect(&r, status, type, body);
    http_reply_free(&r);
}

static void expect_body(const char *path, const char *body, size_t len, long status)
{
    struct http_reply r;

    http_post(path, body, len, EWS_TYPE, &r);
    http_expect(&r, status, HTTP_XML, NULL);
    http_reply_free(&r);
}

/* ---- expected documents ---- */

struct hits {
    const char *ip;
    int count;
};

static char *ips_xml(const struct hits *list, size_t n)
{
    struct buf b;

    buf_init(&b, 0);
    buf_puts(&b, XML_DECL "<EWSSimpleIPInfo>\n");
    buf_puts(&b, n ? "  <Sources>\n" : "  <Sources />\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "    <Source>\n      <Address>%s</Address>\n      <Count>%d</Count>\n    </Source>\n",
                   list[i].ip, list[i].count);
    buf_puts(&b, n ? "  </Sources>\n</EWSSimpleIPInfo>\n" : "</EWSSimpleIPInfo>\n");
    return b.data;
}

static char *ips_json(const struct hits *list, size_t n)
{
    struct buf b;

    buf_init(&b, 0);
    buf_putc(&b, '[');
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s{\"count\":%d,\"ip\":\"%s\"}", i ? "," : "", list[i].count, list[i].ip);
    buf_puts(&b, "]\n");
    return b.data;
}

static char *ips_txt(const struct hits *list, size_t n)
{
    struct buf b;

    buf_init(&b, 0);
    buf_puts(&b, ""); /* an empty list is "", not NULL */
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s\n", list[i].ip);
    return b.data;
}

/* The list as alice gets it, with its entity tag: "<format>-" and 32 hex digits in quotes. */
static void expect_list(const char *path, const char *type, const char *body, const char *format)
{
    struct http_reply r;
    const char *etag;

    post_as(path, "alice", ALICE_TOKEN, &r);
    http_expect(&r, 200, type, body);
    etag = http_header(&r, "ETag");
    ck_assert_msg(etag && etag[0] == '"' && strncmp(etag + 1, format, strlen(format)) == 0 &&
                      etag[1 + strlen(format)] == '-' &&
                      strspn(etag + 2 + strlen(format), "0123456789abcdef") == 32 &&
                      strcmp(etag + 34 + strlen(format), "\"") == 0,
                  "%s: ETag %s", path, etag ? etag : "(none)");
    http_reply_free(&r);
}

/* The list at path (both spellings; XML by default and with out=xml, JSON with out=json, text with out=txt). */
static void expect_ips(const char *route, const char *ci, const struct hits *list, size_t n)
{
    static const char *const prefixes[] = {"/alert/", "/ews-0.1/alert/"};
    char *xml = ips_xml(list, n), *json = ips_json(list, n), *txt = ips_txt(list, n);

    for (size_t p = 0; p < 2; p++) {
        char path[128];

        snprintf(path, sizeof path, "%s%s%s%s", prefixes[p], route, ci ? "?ci=" : "", ci ? ci : "");
        expect_list(path, HTTP_XML, xml, "xml");
        snprintf(path, sizeof path, "%s%s?out=xml%s%s", prefixes[p], route, ci ? "&ci=" : "", ci ? ci : "");
        expect_list(path, HTTP_XML, xml, "xml");
        snprintf(path, sizeof path, "%s%s?out=json%s%s", prefixes[p], route, ci ? "&ci=" : "", ci ? ci : "");
        expect_list(path, HTTP_JSON, json, "json");
        snprintf(path, sizeof path, "%s%s?out=txt%s%s", prefixes[p], route, ci ? "&ci=" : "", ci ? ci : "");
        expect_list(path, TEXT, txt, "txt");
    }
    free(xml);
    free(json);
    free(txt);
}

static const struct alert *feed_alert(const char *id)
{
    for (size_t i = 0; i < FEED_ALERTS; i++)
        if (strcmp(feed_alerts[i].id, id) == 0)
            return &feed_alerts[i];
    ck_abort_msg("no fixture alert %s", id);
    return NULL;
}

/* One <Alert> of retrieveAlertsCyber (cyber) or querySingleIP, from the fixture and its defaults. */
static void alert_xml(struct buf *b, const struct alert *a, bool cyber)
{
    char when[20];
    const char *location = a->location ? a->location : "52.5 , 13.4";
    const char *comma = strchr(location, ',');
    const char *request = a->request ? a->request : "/index.html";

    alert_time(feed_loaded, a->age, when);
    buf_printf(b, "    <Alert>\n      <Id>%s</Id>\n      <DateCreated>%s</DateCreated>\n      <Peer>\n",
               a->id, when);
    if (cyber)
        buf_puts(b, "        <Id>sensor-01</Id>\n");
    buf_printf(b, "        <Type>%s</Type>\n        <Country>DE</Country>\n      </Peer>\n",
               a->peer_type ? a->peer_type : "Webpage");
    buf_puts(b, "      <Request>");
    xml_escape(b, request, strlen(request));
    buf_puts(b, "</Request>\n");
    if (cyber) {
        buf_printf(b, "      <Source>\n        <Address>%s</Address>\n        <Country>%s</Country>\n",
                   a->source_ip, a->country ? a->country : "NL");
        if (comma)
            buf_printf(b, "        <Latitude>%.*s</Latitude>\n        <Longitude>%s</Longitude>\n",
                       (int)(comma - location - 1), location, comma + 2);
        else
            buf_puts(b, "        <Latitude />\n        <Longitude />\n");
        buf_puts(b, "      </Source>\n");
    }
    buf_puts(b, "    </Alert>\n");
}

static char *alerts_xml(const char *const *ids, size_t n, bool cyber)
{
    struct buf b;

    buf_init(&b, 0);
    buf_puts(&b, XML_DECL "<EWSSimpleAlertInfo>\n");
    buf_puts(&b, n ? "  <Alerts>\n" : "  <Alerts />\n");
    for (size_t i = 0; i < n; i++)
        alert_xml(&b, feed_alert(ids[i]), cyber);
    buf_puts(&b, n ? "  </Alerts>\n</EWSSimpleAlertInfo>\n" : "</EWSSimpleAlertInfo>\n");
    return b.data;
}

static void expect_alerts(const char *path, const char *const *ids, size_t n, bool cyber)
{
    char *xml = alerts_xml(ids, n, cyber);

    expect_as(path, "alice", ALICE_TOKEN, 200, HTTP_XML, xml);
    free(xml);
}

/* ---- feeds ---- */

START_TEST(bad_ips_of_the_last_two_hours)
{
    static const struct hits community[] = {
        {"45.67.89.10", 4}, {"8.8.8.8", 2}, {"185.10.20.30", 1}, {"2a00:1450::1", 1}};
    static const struct hits both[] = {
        {"45.67.89.10", 4}, {"8.8.8.8", 2}, {"1.1.1.1", 1}, {"185.10.20.30", 1}, {"2a00:1450::1", 1}};
    static const struct hits private_only[] = {{"1.1.1.1", 1}};

    expect_ips("retrieveIPs", NULL, community, 4);
    expect_ips("retrieveIPs", "1", community, 4);
    expect_ips("retrieveIPs", "-1", both, 5);
    expect_ips("retrieveIPs", "0", private_only, 1);
}
END_TEST

START_TEST(bad_ips_of_the_last_15_minutes)
{
    static const struct hits community[] = {{"45.67.89.10", 3}, {"185.10.20.30", 1}, {"2a00:1450::1", 1}};
    static const struct hits both[] = {
        {"45.67.89.10", 3}, {"1.1.1.1", 1}, {"185.10.20.30", 1}, {"2a00:1450::1", 1}};

    expect_ips("retrieveIPs15m", NULL, community, 3);
    expect_ips("retrieveIPs15m", "-1", both, 4);
}
END_TEST

START_TEST(newest_alerts_with_addresses)
{
    static const char *const newest[] = {"v6", "a1", "a2", "a3", "b1"};
    static const char *const private_only[] = {"p1"};

    expect_alerts("/alert/retrieveAlertsCyber", newest, 5, true);
    expect_alerts("/alert/retrieveAlertsCyber?out=json&topx=1", newest, 5, true); /* XML only, topx ignored */
    expect_alerts("/alert/retrieveAlertsCyber?ci=0", private_only, 1, true);
}
END_TEST

START_TEST(alerts_of_one_address)
{
    static const char *const of_45[] = {"a1", "a2", "a3", "g1"};
    static const char *const of_v6[] = {"v6"};
    static const char *const of_local[] = {"l1", "l2"};

    expect_alerts("/alert/querySingleIP?ip=45.67.89.10", of_45, 4, false);
    expect_alerts("/alert/querySingleIP?ip=45.67.89.10&ci=0", NULL, 0, false);
    expect_alerts("/alert/querySingleIP?ip=2A00:1450:0:0::1", of_v6, 1, false);
    expect_alerts("/alert/querySingleIP?ip=10.0.0.5", of_local, 2, false);
    expect_alerts("/alert/querySingleIP?ip=203.0.113.77", NULL, 0, false);
}
END_TEST

START_TEST(a_bad_ip_parameter_is_400_after_authentication)
{
    static const char *const bad[] = {
        "", "?ip=", "?ip=1.2.3", "?ip=45.67.89.10%00", "?ip=localhost", "?ip=1.2.3.4/8"};

    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char path[128];

        snprintf(path, sizeof path, "/alert/querySingleIP%s", bad[i]);
        expect_as(path, "alice", ALICE_TOKEN, 400, HTTP_XML, NULL);
        expect_as(path, "alice", "wrong", 403, HTTP_XML, NULL);
    }
}
END_TEST

START_TEST(the_text_form_is_for_the_bad_ip_lists)
{
    /* another out is refused after authentication, in the route's own format */
    expect_as("/alert/retrieveIPs?out=csv", "alice", ALICE_TOKEN, 400, HTTP_XML,
              XML_DECL
              "<Error>\n  <Status>400</Status>\n  <Message>out: expected one of: xml json txt</Message>\n"
              "</Error>\n");
    /* the errors of a text request are a line of text */
    expect_as("/alert/retrieveIPs?out=txt", "alice", "wrong", 403, TEXT, "authentication failed\n");
    expect_as("/ews-0.1/alert/retrieveIPs15m?out=txt&ci=2", "alice", ALICE_TOKEN, 400, TEXT,
              "ci: expected one of: 1 0 -1\n");
    /* other routes have no text form */
    http_get_expect("/alert/retrieveAlertsCount?time=10&out=txt", 400, HTTP_XML, NULL);
    expect_as("/alert/retrieveAlertsCyber?out=txt", "alice", ALICE_TOKEN, 200, HTTP_XML, NULL);
}
END_TEST

/* POSTs alice's envelope to path with If-None-Match: tag (none when NULL). */
static void post_if_none_match(const char *path, const char *tag, struct http_reply *r)
{
    char body[512], condition[256];
    const char *headers[] = {"Content-Type: " EWS_TYPE, tag ? condition : NULL, NULL};

    snprintf(body, sizeof body,
             "<EWS-SimpleMessage version=\"2.0\"><Authentication><username>alice</username><token>%s</token>"
             "</Authentication></EWS-SimpleMessage>",
             ALICE_TOKEN);
    snprintf(condition, sizeof condition, "If-None-Match: %s", tag ? tag : "");
    http_request("POST", NULL, path, headers, body, strlen(body), r);
}

/* The 304 of a matching If-None-Match: no body, no type, the same tag. */
static void expect_not_modified(const char *path, const char *if_none_match, const char *tag)
{
    struct http_reply r;

    post_if_none_match(path, if_none_match, &r);
    ck_assert_msg(r.status == 304, "If-None-Match: %s -> %ld %s", if_none_match, r.status, r.body);
    ck_assert_uint_eq(r.len, 0);
    ck_assert_str_eq(r.content_type, "");
    ck_assert_str_eq(http_header(&r, "ETag"), tag);
    http_reply_free(&r);
}

/* A firewall that polls the list sends its tag back and gets a 304 until the list changes. */
START_TEST(a_firewall_polling_gets_304_until_the_list_changes)
{
    static const char *const path = "/alert/retrieveIPs?out=txt";
    char tag[64], other[128];
    struct http_reply r;

    post_if_none_match(path, NULL, &r);
    http_expect(&r, 200, TEXT, "45.67.89.10\n8.8.8.8\n185.10.20.30\n2a00:1450::1\n");
    snprintf(tag, sizeof tag, "%s", http_header(&r, "ETag"));
    http_reply_free(&r);

    expect_not_modified(path, tag, tag);
    snprintf(other, sizeof other, "W/%s", tag);
    expect_not_modified(path, other, tag);
    snprintf(other, sizeof other, "\"xml-00000000000000000000000000000000\", %s", tag);
    expect_not_modified(path, other, tag);
    expect_not_modified(path, "*", tag);
    /* another tag, or the same list in another format, is sent in full */
    post_if_none_match(path, "\"txt-00000000000000000000000000000000\"", &r);
    http_expect(&r, 200, TEXT, NULL);
    http_reply_free(&r);
    post_if_none_match("/alert/retrieveIPs", tag, &r);
    http_expect(&r, 200, HTTP_XML, NULL);
    ck_assert_str_ne(http_header(&r, "ETag"), tag);
    http_reply_free(&r);

    /* a new attacker: the list changed, the old tag gets it in full with a new tag */
    LOAD_ALERTS({.age = 30, .source_ip = "5.6.7.8"}, {.age = 40, .source_ip = "5.6.7.8"});
    post_if_none_match(path, tag, &r);
    http_expect(&r, 200, TEXT, "45.67.89.10\n5.6.7.8\n8.8.8.8\n185.10.20.30\n2a00:1450::1\n");
    ck_assert_str_ne(http_header(&r, "ETag"), tag);
    http_reply_free(&r);
}
END_TEST

/* ---- authentication ---- */

START_TEST(community_credentials_are_refused_on_every_private_feed)
{
    for (size_t i = 0; i < PRIVATE_PATHS; i++)
        expect_as(private_paths[i], COMMUNITY_USER, COMMUNITY_TOKEN, 403, HTTP_XML,
                  XML_DECL
                  "<Error>\n  <Status>403</Status>\n"
                  "  <Message>the community credentials may not read this feed</Message>\n</Error>\n");
}
END_TEST

START_TEST(md5_and_get_only_users_may_read)
{
    for (size_t i = 0; i < PRIVATE_PATHS; i++) {
        expect_as(private_paths[i], "bob", BOB_TOKEN, 200, HTTP_XML, NULL);
        expect_as(private_paths[i], "carol", CAROL_TOKEN, 200, HTTP_XML, NULL);
    }
}
END_TEST

START_TEST(wrong_credentials_are_403)
{
    static const char forbidden[] =
        XML_DECL "<Error>\n  <Status>403</Status>\n  <Message>authentication failed</Message>\n</Error>\n";

    for (size_t i = 0; i < PRIVATE_PATHS; i++) {
        expect_as(private_paths[i], "alice", "alice-s3cre", 403, HTTP_XML, forbidden);
        expect_as(private_paths[i], "alice", ALICE_TOKEN " ", 403, HTTP_XML, forbidden);
        expect_as(private_paths[i], " alice", ALICE_TOKEN, 403, HTTP_XML, forbidden);
        expect_as(private_paths[i], "mallory", ALICE_TOKEN, 403, HTTP_XML, forbidden);
        expect_as(private_paths[i], "alice", "", 403, HTTP_XML, forbidden);
        expect_as(private_paths[i], "", ALICE_TOKEN, 403, HTTP_XML, forbidden);
        expect_as(private_paths[i], "bob", ALICE_TOKEN, 403, HTTP_XML, forbidden);
    }
    expect_as("/alert/retrieveIPs?out=json", "alice", "nope", 403, HTTP_JSON,
              "{\"error\":\"authentication failed\",\"status\":403}\n");
}
END_TEST

START_TEST(bodies_without_credentials_are_403)
{
    static const char no_auth[] = "<EWS-SimpleMessage version=\"2.0\"/>";
    static const char no_token[] = "<EWS-SimpleMessage><Authentication><username>alice</username>"
                                   "</Authentication></EWS-SimpleMessage>";
    static const char nested[] =
        "<EWS-SimpleMessage><x><Authentication><username>alice</username><token>" ALICE_TOKEN
        "</token></Authentication></x></EWS-SimpleMessage>";

    for (size_t i = 0; i < PRIVATE_PATHS; i++) {
        expect_body(private_paths[i], "", 0, 403);
        expect_body(private_paths[i], no_auth, strlen(no_auth), 403);
        expect_body(private_paths[i], no_token, strlen(no_token), 403);
        expect_body(private_paths[i], nested, strlen(nested), 403);
    }
}
END_TEST

START_TEST(unreadable_envelopes_are_400)
{
    static const char *const bodies[] = {
        "username=alice&token=x",
        "<EWS-SimpleMessage><Authentication><username>alice</username>",
        "<EWS-SimpleMessage><Authentication><username>al\xFFice</username></Authentication></EWS-SimpleMessage>",
        "<!DOCTYPE x><EWS-SimpleMessage/>",
    };

    for (size_t i = 0; i < PRIVATE_PATHS; i++)
        for (size_t b = 0; b < ARRAY_LEN(bodies); b++)
            expect_body(private_paths[i], bodies[b], strlen(bodies[b]), 400);
}
END_TEST

/* Times one POST of body; fails unless it is answered `status` within a second. */
static double timed_post(const char *body, size_t len, long status)
{
    struct http_reply r;
    double t0 = harness_clock(), took;

    http_post("/alert/retrieveIPs", body, len, EWS_TYPE, &r);
    took = harness_clock() - t0;
    http_expect(&r, status, HTTP_XML, NULL);
    ck_assert_msg(strstr(r.body, "DOCTYPE"), "reason: %s", r.body);
    http_reply_free(&r);
    ck_assert_double_lt(took, 1.0);
    return took;
}

START_TEST(xxe_and_entity_bombs_are_refused_at_once)
{
    static const char xxe[] =
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<EWS-SimpleMessage><Authentication><username>&xxe;</username><token>" ALICE_TOKEN
        "</token></Authentication></EWS-SimpleMessage>";
    struct buf bomb;

    buf_init(&bomb, 0);
    buf_puts(&bomb, "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i < 10; i++) {
        buf_printf(&bomb, "<!ENTITY lol%d \"", i);
        for (int j = 0; j < 10; j++)
            buf_printf(&bomb, "&lol%d;", i - 1);
        buf_puts(&bomb, "\">");
    }
    buf_puts(&bomb, "]><EWS-SimpleMessage><Authentication><username>&lol9;</username><token>" ALICE_TOKEN
                    "</token></Authentication></EWS-SimpleMessage>");
    printf("XXE refused in %.2f ms\n", timed_post(xxe, strlen(xxe), 400) * 1e3);
    printf("billion laughs refused in %.2f ms\n", timed_post(bomb.data, bomb.len, 400) * 1e3);
    fflush(stdout);
    buf_free(&bomb);
}
END_TEST

START_TEST(an_oversized_body_is_413)
{
    size_t len = (size_t)2 << 20;
    char *body = malloc(len);
    struct http_reply r;

    ck_assert_ptr_nonnull(body);
    memset(body, ' ', len);
    http_post("/alert/retrieveIPs", body, len, EWS_TYPE, &r);
    ck_assert_int_eq(r.status, 413);
    http_reply_free(&r);
    free(body);
    expect_as("/alert/retrieveIPs", "alice", ALICE_TOKEN, 200, HTTP_XML,
              NULL); /* and the next request works */
}
END_TEST

START_TEST(form_content_types_still_carry_the_envelope)
{
    static const char body[] =
        "<EWS-SimpleMessage><Authentication><username>alice</username><token>" ALICE_TOKEN
        "</token></Authentication></EWS-SimpleMessage>";
    struct http_reply r;

    http_post("/alert/retrieveIPs15m", body, strlen(body), "application/x-www-form-urlencoded", &r);
    http_expect(&r, 200, HTTP_XML, NULL);
    http_reply_free(&r);
    http_post("/alert/retrieveIPs15m", body, strlen(body), NULL, &r);
    http_expect(&r, 200, HTTP_XML, NULL);
    http_reply_free(&r);
}
END_TEST

START_TEST(private_feeds_are_post_only)
{
    struct http_reply r;

    http_get("/alert/retrieveIPs", &r);
    http_expect(&r, 405, HTTP_XML, NULL);
    ck_assert_str_eq(http_header(&r, "Allow"), "POST, OPTIONS");
    http_reply_free(&r);
}
END_TEST

START_TEST(a_deleted_user_is_refused_at_once)
{
    expect_as("/alert/retrieveIPs15m", "alice", ALICE_TOKEN, 200, HTTP_XML, NULL); /* now in the user cache */
    ck_assert_int_eq(run_pebactl(NULL, "user del alice"), 0);
    expect_as("/alert/retrieveIPs15m", "alice", ALICE_TOKEN, 403, HTTP_XML, NULL);
    add_user(ALICE_TOKEN, "alice");
    expect_as("/alert/retrieveIPs15m", "alice", ALICE_TOKEN, 200, HTTP_XML, NULL);
}
END_TEST

START_TEST(a_new_token_replaces_the_cached_one_at_once)
{
    expect_as("/alert/retrieveIPs15m", "bob", BOB_TOKEN, 200, HTTP_XML, NULL);
    add_user("bob-rotated", "bob");
    expect_as("/alert/retrieveIPs15m", "bob", BOB_TOKEN, 403, HTTP_XML, NULL);
    expect_as("/alert/retrieveIPs15m", "bob", "bob-rotated", 200, HTTP_XML, NULL);
    add_user(BOB_TOKEN, "--md5 bob");
}
END_TEST

/* ---- scale ---- */

START_TEST(a_large_list_names_every_address_once)
{
    struct http_reply r;
    cJSON *list, *item;
    char *seen = calloc(LARGE_LIST, 1);
    long long last_count = 1LL << 40;
    int n = 0;
    double t0 = harness_clock();

    post_as("/alert/retrieveIPs?out=json", "alice", ALICE_TOKEN, &r);
    printf("%d addresses in %.2f s, %zu bytes\n", LARGE_LIST, harness_clock() - t0, r.len);
    fflush(stdout);
    http_expect(&r, 200, HTTP_JSON, NULL);
    list = cJSON_Parse(r.body);
    ck_assert(cJSON_IsArray(list));
    cJSON_ArrayForEach(item, list) {
        const char *ip = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "ip"));
        long long count = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(item, "count"));
        int b, c, d, i;

        ck_assert_msg(ip && sscanf(ip, "45.%d.%d.%d", &b, &c, &d) == 3, "entry %d", n);
        i = (b - 1) * 65536 + c * 256 + d; /* load_large's numbering */
        ck_assert_msg(i >= 0 && i < LARGE_LIST && !seen[i], "%s twice or unknown", ip);
        seen[i] = 1;
        ck_assert_int_eq(count, i % 7 == 0 ? 2 : 1);
        ck_assert(count <= last_count);
        last_count = count;
        n++;
    }
    ck_assert_int_eq(n, LARGE_LIST);
    cJSON_Delete(list);
    http_reply_free(&r);
    post_as("/alert/retrieveIPs", "alice", ALICE_TOKEN, &r);
    http_expect(&r, 200, HTTP_XML, NULL);
    ck_assert_uint_gt(r.len, (size_t)LARGE_LIST * 80);
    http_reply_free(&r);
    free(seen);
}
END_TEST

START_TEST(a_large_text_list_and_its_304)
{
    struct http_reply r;
    char tag[64];
    size_t lines = 0, bytes;
    double t0 = harness_clock(), full, conditional;

    post_if_none_match("/alert/retrieveIPs?out=txt", NULL, &r);
    full = harness_clock() - t0;
    http_expect(&r, 200, TEXT, NULL);
    for (const char *p = r.body; (p = strchr(p, '\n')); p++)
        lines++;
    ck_assert_uint_eq(lines, LARGE_LIST);
    bytes = r.len;
    snprintf(tag, sizeof tag, "%s", http_header(&r, "ETag"));
    http_reply_free(&r);
    t0 = harness_clock();
    expect_not_modified("/alert/retrieveIPs?out=txt", tag, tag);
    conditional = harness_clock() - t0;
    printf("%d addresses as text: %zu bytes in %.2f s; unchanged: 304 in %.2f s\n", LARGE_LIST, bytes, full,
           conditional);
    fflush(stdout);
}
END_TEST

/*
 * Workers (a variant) that read the list in spans of at most 1,000 alerts, some spans of one terms
 * aggregation and one (the heavy /8) page by page, answer exactly what the stack's workers answer
 * from one listing of the whole window, in both formats; every address once.
 */
START_TEST(a_list_read_in_spans_is_the_list_read_whole)
{
    static const char *const paths[] = {"/alert/retrieveIPs?out=json", "/alert/retrieveIPs"};
    char config[1024], settings[1200], base[256];
    struct http_reply whole, spans;
    cJSON *list, *item;
    int n = 0;

    harness_rundir_path("spans.ini", config, sizeof config);
    harness_write_config(config, NULL, NULL, "\n[feeds]\nip_page_size = " SPREAD_PAGE "\n");
    snprintf(settings, sizeof settings, "WORKERS=1 CONFIG='%s'", config);
    variant_up("spans", settings, base, sizeof base);
    for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
        post_as(paths[i], "alice", ALICE_TOKEN, &whole);
        post_to(base, paths[i], "alice", ALICE_TOKEN, &spans);
        http_expect(&whole, 200, i ? HTTP_XML : HTTP_JSON, NULL);
        http_expect(&spans, 200, i ? HTTP_XML : HTTP_JSON, whole.body);
        if (i == 0) {
            ck_assert((list = cJSON_Parse(whole.body)) != NULL);
            cJSON_ArrayForEach(item, list)
                n++;
            cJSON_Delete(list);
        }
        http_reply_free(&whole);
        http_reply_free(&spans);
    }
    fprintf(stderr, "%d addresses, the same from the spans and from one listing\n", n);
    ck_assert_int_gt(n, SPREAD_V4 / 2 + SPREAD_HEAVY);
    harness_variant_down("spans");
}
END_TEST

static void restore_variant(void)
{
    harness_variant_down("spans");
}

int main(void)
{
    Suite *s = suite_create("private_feeds");
    TCase *tc;

    HARNESS_CASE(s, "feeds", load_feeds, bad_ips_of_the_last_two_hours, bad_ips_of_the_last_15_minutes,
                 newest_alerts_with_addresses, alerts_of_one_address,
                 a_bad_ip_parameter_is_400_after_authentication,
                 community_credentials_are_refused_on_every_private_feed, md5_and_get_only_users_may_read,
                 wrong_credentials_are_403, bodies_without_credentials_are_403, unreadable_envelopes_are_400,
                 xxe_and_entity_bombs_are_refused_at_once, an_oversized_body_is_413,
                 form_content_types_still_carry_the_envelope, private_feeds_are_post_only,
                 a_deleted_user_is_refused_at_once, a_new_token_replaces_the_cached_one_at_once,
                 the_text_form_is_for_the_bad_ip_lists);
    /* a case of its own: it adds alerts */
    HARNESS_CASE(s, "conditional", load_feeds, a_firewall_polling_gets_304_until_the_list_changes);
    HARNESS_CASE(s, "large", load_large, a_large_list_names_every_address_once,
                 a_large_text_list_and_its_304);
    tc = HARNESS_CASE(s, "spans", load_spread, a_list_read_in_spans_is_the_list_read_whole);
    tcase_add_unchecked_fixture(tc, NULL, restore_variant);
    return harness_run(s);
}
