/* test_ews_alert.c: unit tests of lib/ews_alert.c: spec 9's stored documents, ids, and the per-alert rejections. */
#include <stdio.h>

#include "envelope.h"
#include "ews_alert.h"
#include "unit.h"

#define MESSAGE(alerts)                                                                              \
    "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>u</username><token>t</token>" \
    "</Authentication>" alerts "</EWS-SimpleMessage>"
#define RECEIVED "2024-05-01 08:00:07"

/* The spec 9.9 worked example. */
#define WORKED_EXAMPLE                                                                                  \
    "<Alert><Analyzer id=\"honeytrap-community-01\"/>"                                                  \
    "<CreateTime tz=\"+0000\">2024-05-01 08:00:00</CreateTime>"                                          \
    "<Source category=\"ipv4\" port=\"40000\" protocol=\"tcp\">45.67.89.10</Source>"                     \
    "<Target category=\"ipv4\" port=\"445\" protocol=\"tcp\">172.20.0.2</Target>"                        \
    "<Request type=\"description\">NetworkHoneypot Honeytrap v1.1</Request>"                            \
    "<AdditionalData meaning=\"externalIP\" type=\"string\">93.184.216.34</AdditionalData>"              \
    "<AdditionalData meaning=\"hostname\" type=\"string\">tpot-abc</AdditionalData>"                     \
    "<AdditionalData meaning=\"cve_id\" type=\"string\">CVE-2017-0144</AdditionalData></Alert>"

/* An alert of analyzer `id` at 2024-05-01 10:00:00 +0200 from 45.67.89.10 to 93.184.216.34:80, then `more` children. */
#define ALERT(id, more)                                                                                 \
    "<Alert><Analyzer id=\"" id "\"/><CreateTime tz=\"+0200\">2024-05-01 10:00:00</CreateTime>"         \
    "<Source category=\"ipv4\" port=\"40000\" protocol=\"tcp\">45.67.89.10</Source>"                     \
    "<Target category=\"ipv4\" port=\"80\" protocol=\"tcp\">93.184.216.34</Target>" more "</Alert>"

static struct geo *geo;

static void open_geo(void)
{
    geo = geo_open(TEST_MMDB_DIR "/test-city.mmdb", TEST_MMDB_DIR "/test-asn.mmdb");
}

static void close_geo(void)
{
    geo_close(geo);
}

/* Builds the n-th Alert of the message; returns whether it was accepted. */
static bool build_nth(const char *message, size_t n, bool community, struct ews_alert *a)
{
    struct ews_submission sub = {.community = community, .recieved_time = RECEIVED, .geo = geo};
    struct ews_envelope env;
    const xmlNode *node = NULL;
    bool ok;

    ck_assert_int_eq(envelope_parse(message, strlen(message), &env), PEBA_OK);
    for (size_t i = 0; i <= n; i++)
        node = ews_alert_next(env.root, node);
    ck_assert_ptr_nonnull(node);
    ok = ews_alert_build(node, &sub, a);
    envelope_free(&env);
    return ok;
}

static bool build(const char *message, struct ews_alert *a)
{
    return build_nth(message, 0, true, a);
}

static const char *text_of(const struct ews_alert *a, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(a->doc, name);

    ck_assert_msg(cJSON_IsString(item), "field %s is not a string", name);
    return item->valuestring;
}

#define assert_field(a, name, want) ck_assert_str_eq(text_of(a, name), want)

static void assert_rejected(const char *message, const char *reason)
{
    struct ews_alert a;

    ck_assert_msg(!build(message, &a), "accepted, expected: %s", reason);
    ck_assert_ptr_null(a.doc);
    ck_assert_str_eq(a.reason, reason);
}

START_TEST(the_worked_example_is_stored_as_the_spec_shows)
{
    cJSON *want = unit_json(
        "{\"country\": \"NL\", \"countryName\": \"Netherlands\", \"vulnid\": \"CVE-2017-0144\","
        " \"originalRequestString\": \"(CVE-2017-0144) Attack on port 445/tcp\","
        " \"sourceEntryAS\": \"AS64500 Example Hosting B.V.\", \"createTime\": \"2024-05-01 08:00:00\","
        " \"clientDomain\": true, \"peerIdent\": \"honeytrap-community-01\", \"peerType\": \"Network(honeytrap)\","
        " \"client\": \"-\", \"location\": \"52.3824 , 4.8995\", \"locationDestination\": \"0.0 , 0.0\","
        " \"sourceEntryIp\": \"45.67.89.10\", \"sourceEntryPort\": \"40000\", \"additionalData\": \"{}\","
        " \"targetEntryIp\": \"172.20.0.2\", \"targetEntryPort\": \"445\", \"targetCountry\": \"PIR\","
        " \"targetCountryName\": \"IANA Private IP Range\", \"targetEntryAS\": \"IANA\","
        " \"username\": \"\", \"password\": \"\", \"login\": \"\", \"targetport\": \"tcp\", \"clientVersion\": \"\","
        " \"sessionStart\": \"\", \"sessionEnd\": \"\", \"recievedTime\": \"2024-05-01 08:00:07\","
        " \"externalIP\": \"93.184.216.34\", \"internalIP\": \"1.1.1.1\", \"hostname\": \"tpot-abc\", \"rawhttp\": \"-\"}");
    struct ews_alert a;

    ck_assert(build(MESSAGE(WORKED_EXAMPLE), &a));
    ck_assert_msg(cJSON_Compare(a.doc, want, true), "document differs: %s", cJSON_PrintUnformatted(a.doc));
    ck_assert_str_eq(a.id, "6357cbebe12488a0b8ca292a78752bec");
    ews_alert_free(&a);
    cJSON_Delete(want);
}
END_TEST

START_TEST(the_id_is_the_md5_of_the_doubled_key)
{
    char id[EWS_ID_LEN], other[EWS_ID_LEN];

    ews_alert_id("2024-05-01 08:00:00", "45.67.89.10", "172.20.0.2", "(CVE-2017-0144) Attack on port 445/tcp",
                 "honeytrap-community-01", false, id);
    ck_assert_str_eq(id, "6357cbebe12488a0b8ca292a78752bec");
    /* conpot: a random UUID is appended, as the original did */
    ews_alert_id("2024-05-01 08:00:00", "45.67.89.10", "172.20.0.2", "", "conpot-01", true, id);
    ews_alert_id("2024-05-01 08:00:00", "45.67.89.10", "172.20.0.2", "", "conpot-01", true, other);
    ck_assert_str_ne(id, other);
    ck_assert_uint_eq(strlen(id), 32);
}
END_TEST

START_TEST(time_zones_convert_to_utc_with_their_sign)
{
    static const struct {
        const char *tz, *local, *utc;
    } rows[] = {
        {"+0200", "2018-04-24 14:12:29", "2018-04-24 12:12:29"},
        {"+0230", "2017-02-22 03:34:58", "2017-02-22 01:04:58"},
        {"-0200", "2017-02-22 03:34:59", "2017-02-22 05:34:59"},
        {"+0000", "2017-02-22 03:34:59", "2017-02-22 03:34:59"},
        {"-0930", "2023-12-31 20:00:00", "2024-01-01 05:30:00"},
        {"+1400", "2024-03-01 05:00:00", "2024-02-29 15:00:00"},
    };

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char message[1024];
        struct ews_alert a;

        snprintf(message, sizeof message,
                 MESSAGE("<Alert><Analyzer id=\"cowrie-01\"/><CreateTime tz=\"%s\">%s</CreateTime>"
                         "<Source port=\"1\" protocol=\"tcp\">45.67.89.10</Source>"
                         "<Target port=\"22\" protocol=\"tcp\">10.0.0.1</Target></Alert>"),
                 rows[i].tz, rows[i].local);
        ck_assert_msg(build(message, &a), "tz %s: %s", rows[i].tz, a.reason);
        assert_field(&a, "createTime", rows[i].utc);
        ews_alert_free(&a);
    }
}
END_TEST

/* Honeytrap reports UTC: its tz is not applied, whether Analyzer comes before CreateTime or not (P-07). */
START_TEST(honeytrap_keeps_its_time_in_any_element_order)
{
    struct ews_alert a;

    ck_assert(build(MESSAGE(ALERT("honeytrap-01", "")), &a));
    assert_field(&a, "createTime", "2024-05-01 10:00:00");
    ews_alert_free(&a);
    ck_assert(build(MESSAGE("<Alert><CreateTime>2024-05-01 10:00:00</CreateTime><Analyzer id=\"x-honeytrap\"/>"
                            "<Source protocol=\"tcp\">45.67.89.10</Source><Target>1.2.3.4</Target></Alert>"),
                    &a));
    assert_field(&a, "createTime", "2024-05-01 10:00:00");
    assert_field(&a, "originalRequestString", "Attack on port /tcp");
    ews_alert_free(&a);
}
END_TEST

START_TEST(a_cowrie_session_is_decoded)
{
    struct ews_alert a;

    ck_assert(build(MESSAGE(ALERT(
                        "cowrie-community-01",
                        "<Request type=\"description\">Telnet Honeypot Cowrie</Request>"
                        "<AdditionalData meaning=\"username\" type=\"string\">root</AdditionalData>"
                        "<AdditionalData meaning=\"sessionid\" type=\"string\">f14c2b74</AdditionalData>"
                        "<AdditionalData meaning=\"version\" type=\"string\"></AdditionalData>"
                        "<AdditionalData meaning=\"starttime\">2017-02-22%2003%3A34%3A58</AdditionalData>"
                        "<AdditionalData meaning=\"input\">%0Aenable%0Acat%20/proc/mounts%3B%20a+b</AdditionalData>"
                        "<AdditionalData meaning=\"password\" type=\"string\">klv123</AdditionalData>"
                        "<AdditionalData meaning=\"login\" type=\"string\">Fail</AdditionalData>"
                        "<AdditionalData meaning=\"endtime\">2017-02-22%2003%3A35%3A31</AdditionalData>")),
                    &a));
    assert_field(&a, "peerType", "SSH/console(cowrie)");
    assert_field(&a, "originalRequestString", "\nenable\ncat /proc/mounts; a+b");
    assert_field(&a, "username", "root");
    assert_field(&a, "password", "klv123");
    assert_field(&a, "login", "Fail");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a.doc, "clientVersion")));
    assert_field(&a, "sessionStart", "2017-02-22 03:34:58");
    assert_field(&a, "sessionEnd", "2017-02-22 03:35:31");
    assert_field(&a, "createTime", "2024-05-01 08:00:00");
    assert_field(&a, "additionalData", "{}");
    assert_field(&a, "targetCountry", "US");
    assert_field(&a, "locationDestination", "37.751 , -97.822");
    ews_alert_free(&a);
}
END_TEST

START_TEST(additional_data_is_python_json_in_insertion_order)
{
    struct ews_alert a;

    ck_assert(build(MESSAGE(ALERT("conpot-community-01",
                                  "<AdditionalData meaning=\"conpot_sensor_id\">conpot</AdditionalData>"
                                  "<AdditionalData meaning=\"conpot_event_type\">NEW_CONNECTION</AdditionalData>"
                                  "<AdditionalData meaning=\"conpot_response\"></AdditionalData>"
                                  "<AdditionalData meaning=\"protocol\">k\xC3\xA4m\"p</AdditionalData>"
                                  "<AdditionalData meaning=\"conpot_sensor_id\">second</AdditionalData>")),
                    &a));
    assert_field(&a, "peerType", "Industrial(conpot)");
    assert_field(&a, "additionalData",
                 "{\"conpot_sensor_id\": \"second\", \"conpot_event_type\": \"NEW_CONNECTION\", "
                 "\"conpot_response\": null, \"protocol\": \"k\\u00e4m\\\"p\"}");
    ews_alert_free(&a);
}
END_TEST

START_TEST(request_strings_follow_spec_9_5)
{
    struct ews_alert a;

    /* dionaea's accept/connect give no transport suffix */
    ck_assert(build(MESSAGE("<Alert><Analyzer id=\"dionaea-community-01\"/><CreateTime tz=\"+0200\">"
                            "2017-09-07 05:52:23</CreateTime><Source port=\"37522\" protocol=\"accept\">"
                            "211.110.139.158</Source><Target port=\"3306\" protocol=\"accept\">172.29.0.2"
                            "</Target></Alert>"),
                    &a));
    assert_field(&a, "originalRequestString", "Attack on port 3306");
    assert_field(&a, "targetport", "accept");
    ews_alert_free(&a);
    /* a CVE with an empty request keeps the trailing space; Request type=request is ignored */
    ck_assert(build(MESSAGE(ALERT("suricata-community-01",
                                  "<Request type=\"request\">%7Bu%27status%27</Request>"
                                  "<AdditionalData meaning=\"cve_id\">CVE-2012-5959%20CVE-2012-5958</AdditionalData>")),
                    &a));
    assert_field(&a, "originalRequestString", "(CVE-2012-5959 CVE-2012-5958) ");
    assert_field(&a, "vulnid", "CVE-2012-5959 CVE-2012-5958");
    ews_alert_free(&a);
    /* an empty protocol is a substring of "tcp" (P-09): suffix "/" */
    ck_assert(build(MESSAGE("<Alert><Analyzer id=\"honeytrap\"/><CreateTime>2024-05-01 10:00:00</CreateTime>"
                            "<Source protocol=\"\">45.67.89.10</Source><Target port=\"80\">1.2.3.4</Target>"
                            "<AdditionalData meaning=\"cve_id\">ab</AdditionalData></Alert>"),
                    &a));
    assert_field(&a, "originalRequestString", "Attack on port 80/");
    ews_alert_free(&a);
    /* a web request is the decoded URL; the later of url and input wins */
    ck_assert(build(MESSAGE(ALERT("glastopf-community-01",
                                  "<Request type=\"url\">/first</Request><Request type=\"url\">/server-status%3Fauto</Request>")),
                    &a));
    assert_field(&a, "originalRequestString", "/server-status?auto");
    ews_alert_free(&a);
}
END_TEST

/* "GET /server-status?auto HTTP/1.1\r\nHost: localhost", base64 with line breaks as ewsposter sends it. */
#define HTTP_PAYLOAD "R0VUIC9zZXJ2ZXItc3RhdHVzP2F1dG8gSFRU\n   UC8xLjENCkhvc3Q6IGxvY2FsaG9zdA=="

START_TEST(http_payloads_become_rawhttp)
{
    struct ews_alert a;

    ck_assert(build(MESSAGE(ALERT("glastopf-community-01", "<Request type=\"raw\">" HTTP_PAYLOAD "</Request>"
                                                           "<AdditionalData meaning=\"protocol\">http</AdditionalData>")),
                    &a));
    assert_field(&a, "rawhttp", "GET /server-status?auto HTTP/1.1\r\nHost: localhost");
    assert_field(&a, "additionalData",
                 "{\"protocol\": \"http\", \"payload_md5\": \"d877e0342c64540884a3a26efe08b531\"}");
    ews_alert_free(&a);
    /* not a honeypot type with payloads: the payload is not even decoded */
    ck_assert(build(MESSAGE(ALERT("cowrie-01", "<Request type=\"raw\">!!</Request>")), &a));
    assert_field(&a, "rawhttp", "-");
    assert_field(&a, "additionalData", "{}");
    ews_alert_free(&a);
    /* glutton: percent-encoded base64 of a non-HTTP payload gives only its MD5 */
    ck_assert(build(MESSAGE(ALERT("glutton-01", "<AdditionalData meaning=\"binary\">AAEC%0A</AdditionalData>")), &a));
    assert_field(&a, "rawhttp", "-");
    assert_field(&a, "additionalData", "{\"payload_md5\": \"b95f67f61ebb03619622d798f45fc2d3\"}");
    ews_alert_free(&a);
}
END_TEST

START_TEST(ipv6_addresses_and_private_users_are_accepted)
{
    struct ews_alert a;

    ck_assert(build_nth(MESSAGE("<Alert><Analyzer id=\"cowrie-01\"/><CreateTime tz=\"+0000\">2024-05-01 10:00:00"
                                "</CreateTime><Source port=\"65535\" protocol=\"tcp\">2a02:2e0:3fe:1001::1</Source>"
                                "<Target port=\"undefined\" protocol=\"tcp\">fd00::2</Target></Alert>"),
                        0, false, &a));
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(a.doc, "clientDomain")));
    assert_field(&a, "sourceEntryIp", "2a02:2e0:3fe:1001::1");
    assert_field(&a, "country", "DE");
    assert_field(&a, "sourceEntryAS", "AS3320 Deutsche Telekom AG");
    assert_field(&a, "targetCountry", "PIR");
    assert_field(&a, "targetEntryPort", "undefined");
    assert_field(&a, "sourceEntryPort", "65535");
    ews_alert_free(&a);
}
END_TEST

START_TEST(alerts_are_found_anywhere_in_document_order)
{
    struct ews_alert a;
    const char *message = MESSAGE(ALERT("first", "") "<Batch>" ALERT("second", "") "</Batch>" ALERT("third", ""));

    for (size_t i = 0; i < 3; i++) {
        static const char *const ids[] = {"first", "second", "third"};

        ck_assert(build_nth(message, i, true, &a));
        assert_field(&a, "peerIdent", ids[i]);
        ews_alert_free(&a);
    }
}
END_TEST

START_TEST(broken_alerts_are_rejected_with_a_reason)
{
    assert_rejected(MESSAGE("<Alert><Analyzer id=\"kippo-01\"/><CreateTime tz=\"+0000\">2016-08-01 03:30:31"
                            "</CreateTime><Source port=\"\" protocol=\"tcp\">asasasas</Source>"
                            "<Target port=\"22\" protocol=\"tcp\">191.209.200.111</Target></Alert>"),
                    "Source: 'asasasas' is not an IPv4 or IPv6 address");
    assert_rejected(MESSAGE(ALERT("x", "<Target port=\"70000\">1.2.3.4</Target>")), "Target: port '70000' is not 0..65535");
    assert_rejected(MESSAGE(ALERT("x", "<Source port=\"-1\" protocol=\"tcp\">1.2.3.4</Source>")),
                    "Source: port '-1' is not 0..65535");
    assert_rejected(MESSAGE(ALERT("x", "<Source port=\"1\">1.2.3.4</Source>")), "Source: no protocol attribute");
    assert_rejected(MESSAGE("<Alert><Analyzer/></Alert>"), "Analyzer: no id attribute");
    assert_rejected(MESSAGE("<Alert><Analyzer id=\"\"/></Alert>"), "Analyzer: empty id");
    assert_rejected(MESSAGE("<Alert><Source protocol=\"tcp\">1.2.3.4</Source></Alert>"), "no Analyzer element");
    assert_rejected(MESSAGE("<Alert><Analyzer id=\"a\"/><Source protocol=\"tcp\">1.2.3.4</Source></Alert>"),
                    "no Target element");
    assert_rejected(MESSAGE("<Alert><Analyzer id=\"a\"/><Source protocol=\"tcp\">1.2.3.4</Source><Target>1.2.3.4"
                            "</Target></Alert>"),
                    "no CreateTime element");
    assert_rejected(MESSAGE(ALERT("x", "<Request type=\"url\"></Request>")), "Request url: empty");
    assert_rejected(MESSAGE(ALERT("x", "<AdditionalData meaning=\"starttime\"/>")), "AdditionalData starttime: empty");
    assert_rejected(MESSAGE(ALERT("x", "<AdditionalData meaning=\"cve_id\"></AdditionalData>")),
                    "AdditionalData cve_id: empty");
    assert_rejected(MESSAGE(ALERT("honeytrap-01", "<Request type=\"raw\">R0VUIC9zZXJ2ZXItc3RhdHVz=</Request>")),
                    "Request payload: not valid base64");
}
END_TEST

START_TEST(bad_times_are_rejected)
{
    static const struct {
        const char *create_time, *reason;
    } rows[] = {
        {"<CreateTime tz=\"+0200\">yesterday</CreateTime>", "CreateTime: 'yesterday' is not YYYY-MM-DD HH:MM:SS"},
        {"<CreateTime tz=\"+0200\">2024-02-30 10:00:00</CreateTime>",
         "CreateTime: '2024-02-30 10:00:00' is not YYYY-MM-DD HH:MM:SS"},
        {"<CreateTime tz=\"+0200\"></CreateTime>", "CreateTime: '' is not YYYY-MM-DD HH:MM:SS"},
        {"<CreateTime>2024-05-01 10:00:00</CreateTime>", "CreateTime: no tz attribute"},
        {"<CreateTime tz=\"\">2024-05-01 10:00:00</CreateTime>", "CreateTime: tz '' is not +HHMM or -HHMM"},
        {"<CreateTime tz=\"0200\">2024-05-01 10:00:00</CreateTime>", "CreateTime: tz '0200' is not +HHMM or -HHMM"},
        {"<CreateTime tz=\"+2400\">2024-05-01 10:00:00</CreateTime>", "CreateTime: tz '+2400' is not +HHMM or -HHMM"},
        {"<CreateTime tz=\"+02:00\">2024-05-01 10:00:00</CreateTime>",
         "CreateTime: tz '+02:00' is not +HHMM or -HHMM"},
    };

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char message[1024];

        snprintf(message, sizeof message,
                 MESSAGE("<Alert><Analyzer id=\"cowrie-01\"/>%s<Source protocol=\"tcp\">45.67.89.10</Source>"
                         "<Target>1.2.3.4</Target></Alert>"),
                 rows[i].create_time);
        assert_rejected(message, rows[i].reason);
    }
}
END_TEST

/* P-17: nothing the engine would refuse (or silently not index) reaches it; the limit is per field. */
START_TEST(oversized_fields_are_rejected)
{
    size_t n = EWS_FIELD_MAX + 1;
    struct buf message;
    struct ews_alert a;

    buf_init(&message, 0);
    buf_puts(&message, MESSAGE(ALERT("glastopf-01", "<Request type=\"url\">/")));
    message.len -= strlen("</Alert></EWS-SimpleMessage>");
    for (size_t i = 1; i < n; i++)
        buf_putc(&message, 'a');
    buf_puts(&message, "</Request></Alert></EWS-SimpleMessage>");
    ck_assert(!build(message.data, &a));
    ck_assert_str_eq(a.reason, "originalRequestString: 65537 bytes, more than the 65536 allowed");
    buf_free(&message);
}
END_TEST

START_TEST(decoded_nul_bytes_cannot_cut_a_value)
{
    struct ews_alert a;

    ck_assert(build(MESSAGE(ALERT("cowrie-01", "<AdditionalData meaning=\"input\">a%00b</AdditionalData>")), &a));
    assert_field(&a, "originalRequestString", "a\xEF\xBF\xBD" "b");
    ews_alert_free(&a);
}
END_TEST

START_TEST(a_quoted_reason_is_bounded_and_printable)
{
    struct ews_alert a;
    char message[2048], source[600];

    memset(source, 'x', sizeof source - 1);
    source[sizeof source - 1] = '\0';
    source[3] = '\t';
    snprintf(message, sizeof message, MESSAGE(ALERT("x", "<Source protocol=\"tcp\">%s</Source>")), source);
    ck_assert(!build(message, &a));
    ck_assert_msg(strlen(a.reason) < 100, "reason too long: %s", a.reason);
    ck_assert_ptr_null(strchr(a.reason, '\t'));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ews_alert");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_checked_fixture(core, open_geo, close_geo);
    tcase_add_checked_fixture(limits, open_geo, close_geo);
    tcase_add_test(core, the_worked_example_is_stored_as_the_spec_shows);
    tcase_add_test(core, the_id_is_the_md5_of_the_doubled_key);
    tcase_add_test(core, time_zones_convert_to_utc_with_their_sign);
    tcase_add_test(core, honeytrap_keeps_its_time_in_any_element_order);
    tcase_add_test(core, a_cowrie_session_is_decoded);
    tcase_add_test(core, additional_data_is_python_json_in_insertion_order);
    tcase_add_test(core, request_strings_follow_spec_9_5);
    tcase_add_test(core, http_payloads_become_rawhttp);
    tcase_add_test(core, ipv6_addresses_and_private_users_are_accepted);
    tcase_add_test(core, alerts_are_found_anywhere_in_document_order);
    tcase_add_test(limits, broken_alerts_are_rejected_with_a_reason);
    tcase_add_test(limits, bad_times_are_rejected);
    tcase_add_test(limits, oversized_fields_are_rejected);
    tcase_add_test(limits, decoded_nul_bytes_cannot_cut_a_value);
    tcase_add_test(limits, a_quoted_reason_is_bounded_and_printable);
    return unit_run(s);
}
