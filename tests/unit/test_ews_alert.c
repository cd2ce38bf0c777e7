/*
 * test_ews_alert.c: unit tests of lib/ews_alert.c: the documents submitted alerts are stored as,
 * their ids, and the per-alert rejections.
 */
#include <stdio.h>

#include "array_len.h"
#include "envelope.h"
#include "ews_alert.h"
#include "unit.h"

#define MESSAGE(alerts)                                                                         \
    "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>u</username><token>t</token>" \
    "</Authentication>" alerts "</EWS-SimpleMessage>"
#define RECEIVED "2024-05-01 08:00:07"

/* A honeytrap alert with a CVE, whose stored document is worked out by hand below. */
#define WORKED_EXAMPLE                                                                      \
    "<Alert><Analyzer id=\"honeytrap-community-01\"/>"                                      \
    "<CreateTime tz=\"+0000\">2024-05-01 08:00:00</CreateTime>"                             \
    "<Source category=\"ipv4\" port=\"40000\" protocol=\"tcp\">45.67.89.10</Source>"        \
    "<Target category=\"ipv4\" port=\"445\" protocol=\"tcp\">172.20.0.2</Target>"           \
    "<Request type=\"description\">NetworkHoneypot Honeytrap v1.1</Request>"                \
    "<AdditionalData meaning=\"externalIP\" type=\"string\">93.184.216.34</AdditionalData>" \
    "<AdditionalData meaning=\"hostname\" type=\"string\">tpot-abc</AdditionalData>"        \
    "<AdditionalData meaning=\"cve_id\" type=\"string\">CVE-2017-0144</AdditionalData></Alert>"

/* An alert of analyzer `id` at 2024-05-01 10:00:00 +0200 from 45.67.89.10 to 93.184.216.34:80, then `more` children. */
#define ALERT(id, more)                                                                         \
    "<Alert><Analyzer id=\"" id "\"/><CreateTime tz=\"+0200\">2024-05-01 10:00:00</CreateTime>" \
    "<Source category=\"ipv4\" port=\"40000\" protocol=\"tcp\">45.67.89.10</Source>"            \
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

/* A stored field and its text (NULL: the field is JSON null). */
struct field {
    const char *name;
    const char *text;
};

static void assert_fields(const char *row, const struct ews_alert *a, const struct field *want)
{
    for (; want->name; want++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(a->doc, want->name);

        if (!want->text)
            ck_assert_msg(cJSON_IsNull(item), "%s: %s is not null", row, want->name);
        else
            ck_assert_msg(cJSON_IsString(item) && strcmp(item->valuestring, want->text) == 0,
                          "%s: %s is '%s', expected '%s'", row, want->name,
                          cJSON_IsString(item) ? item->valuestring : "(not a string)", want->text);
    }
}

START_TEST(the_worked_example_is_stored_field_for_field)
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

/* An alert of analyzer cowrie-01 created at `local` in time zone `tz`. */
#define AT(tz, local)                                                                             \
    MESSAGE("<Alert><Analyzer id=\"cowrie-01\"/><CreateTime tz=\"" tz "\">" local "</CreateTime>" \
            "<Source port=\"1\" protocol=\"tcp\">45.67.89.10</Source>"                            \
            "<Target port=\"22\" protocol=\"tcp\">10.0.0.1</Target></Alert>")
/* "GET /server-status?auto HTTP/1.1\r\nHost: localhost", base64 with line breaks as ewsposter sends it. */
#define HTTP_PAYLOAD "R0VUIC9zZXJ2ZXItc3RhdHVzP2F1dG8gSFRU\n   UC8xLjENCkhvc3Q6IGxvY2FsaG9zdA=="
#define IN_ORDER MESSAGE(ALERT("first", "") "<Batch>" ALERT("second", "") "</Batch>" ALERT("third", ""))
#define FIELDS(...) ((const struct field[]){__VA_ARGS__, {NULL, NULL}})

/* Accepted alerts: the n-th Alert of message, from a community or a private submitter, and fields of its document. */
static const struct {
    const char *name;
    const char *message;
    size_t nth;
    bool community;
    const struct field *fields;
} accepted[] = {
    {"tz +0200 is subtracted", AT("+0200", "2018-04-24 14:12:29"), 0, true,
     FIELDS({"createTime", "2018-04-24 12:12:29"})},
    {"tz +0230 is subtracted", AT("+0230", "2017-02-22 03:34:58"), 0, true,
     FIELDS({"createTime", "2017-02-22 01:04:58"})},
    {"tz -0200 is added", AT("-0200", "2017-02-22 03:34:59"), 0, true,
     FIELDS({"createTime", "2017-02-22 05:34:59"})},
    {"tz +0000 changes nothing", AT("+0000", "2017-02-22 03:34:59"), 0, true,
     FIELDS({"createTime", "2017-02-22 03:34:59"})},
    {"tz -0930 crosses into the next year", AT("-0930", "2023-12-31 20:00:00"), 0, true,
     FIELDS({"createTime", "2024-01-01 05:30:00"})},
    {"tz +1400 crosses back into a leap day", AT("+1400", "2024-03-01 05:00:00"), 0, true,
     FIELDS({"createTime", "2024-02-29 15:00:00"})},
    /* honeytrap reports UTC: its tz is not applied, whether Analyzer comes before CreateTime or not */
    {"honeytrap keeps its time, Analyzer first", MESSAGE(ALERT("honeytrap-01", "")), 0, true,
     FIELDS({"createTime", "2024-05-01 10:00:00"})},
    {"honeytrap keeps its time, CreateTime first",
     MESSAGE("<Alert><CreateTime>2024-05-01 10:00:00</CreateTime><Analyzer id=\"x-honeytrap\"/>"
             "<Source protocol=\"tcp\">45.67.89.10</Source><Target>1.2.3.4</Target></Alert>"),
     0, true,
     FIELDS({"createTime", "2024-05-01 10:00:00"}, {"originalRequestString", "Attack on port /tcp"})},
    {"a cowrie session is decoded",
     MESSAGE(
         ALERT("cowrie-community-01",
               "<Request type=\"description\">Telnet Honeypot Cowrie</Request>"
               "<AdditionalData meaning=\"username\" type=\"string\">root</AdditionalData>"
               "<AdditionalData meaning=\"sessionid\" type=\"string\">f14c2b74</AdditionalData>"
               "<AdditionalData meaning=\"version\" type=\"string\"></AdditionalData>"
               "<AdditionalData meaning=\"starttime\">2017-02-22%2003%3A34%3A58</AdditionalData>"
               "<AdditionalData meaning=\"input\">%0Aenable%0Acat%20/proc/mounts%3B%20a+b</AdditionalData>"
               "<AdditionalData meaning=\"password\" type=\"string\">klv123</AdditionalData>"
               "<AdditionalData meaning=\"login\" type=\"string\">Fail</AdditionalData>"
               "<AdditionalData meaning=\"endtime\">2017-02-22%2003%3A35%3A31</AdditionalData>")),
     0, true,
     FIELDS({"peerType", "SSH/console(cowrie)"}, {"originalRequestString", "\nenable\ncat /proc/mounts; a+b"},
            {"username", "root"}, {"password", "klv123"}, {"login", "Fail"}, {"clientVersion", NULL},
            {"sessionStart", "2017-02-22 03:34:58"}, {"sessionEnd", "2017-02-22 03:35:31"},
            {"createTime", "2024-05-01 08:00:00"}, {"additionalData", "{}"}, {"targetCountry", "US"},
            {"locationDestination", "37.751 , -97.822"})},
    {"additional data is Python's JSON in insertion order",
     MESSAGE(ALERT("conpot-community-01",
                   "<AdditionalData meaning=\"conpot_sensor_id\">conpot</AdditionalData>"
                   "<AdditionalData meaning=\"conpot_event_type\">NEW_CONNECTION</AdditionalData>"
                   "<AdditionalData meaning=\"conpot_response\"></AdditionalData>"
                   "<AdditionalData meaning=\"protocol\">k\xC3\xA4m\"p</AdditionalData>"
                   "<AdditionalData meaning=\"conpot_sensor_id\">second</AdditionalData>")),
     0, true,
     FIELDS({"peerType", "Industrial(conpot)"},
            {"additionalData",
             "{\"conpot_sensor_id\": \"second\", \"conpot_event_type\": \"NEW_CONNECTION\", "
             "\"conpot_response\": null, \"protocol\": \"k\\u00e4m\\\"p\"}"})},
    {"dionaea's accept gives no transport suffix",
     MESSAGE(
         "<Alert><Analyzer id=\"dionaea-community-01\"/><CreateTime tz=\"+0200\">2017-09-07 05:52:23</CreateTime>"
         "<Source port=\"37522\" protocol=\"accept\">211.110.139.158</Source>"
         "<Target port=\"3306\" protocol=\"accept\">172.29.0.2</Target></Alert>"),
     0, true, FIELDS({"originalRequestString", "Attack on port 3306"}, {"targetport", "accept"})},
    /* Request type=request is ignored */
    {"a CVE with an empty request keeps the trailing space",
     MESSAGE(ALERT("suricata-community-01",
                   "<Request type=\"request\">%7Bu%27status%27</Request>"
                   "<AdditionalData meaning=\"cve_id\">CVE-2012-5959%20CVE-2012-5958</AdditionalData>")),
     0, true,
     FIELDS({"originalRequestString", "(CVE-2012-5959 CVE-2012-5958) "},
            {"vulnid", "CVE-2012-5959 CVE-2012-5958"})},
    /* the original tested the protocol with a substring search, which an empty one passes */
    {"an empty protocol is taken for tcp with an empty suffix",
     MESSAGE("<Alert><Analyzer id=\"honeytrap\"/><CreateTime>2024-05-01 10:00:00</CreateTime>"
             "<Source protocol=\"\">45.67.89.10</Source><Target port=\"80\">1.2.3.4</Target>"
             "<AdditionalData meaning=\"cve_id\">ab</AdditionalData></Alert>"),
     0, true, FIELDS({"originalRequestString", "Attack on port 80/"})},
    {"a web request is the decoded URL, the later of two",
     MESSAGE(ALERT(
         "glastopf-community-01",
         "<Request type=\"url\">/first</Request><Request type=\"url\">/server-status%3Fauto</Request>")),
     0, true, FIELDS({"originalRequestString", "/server-status?auto"})},
    {"a decoded NUL byte cannot cut a value",
     MESSAGE(ALERT("cowrie-01", "<AdditionalData meaning=\"input\">a%00b</AdditionalData>")), 0, true,
     FIELDS({"originalRequestString", "a\xEF\xBF\xBD"
                                      "b"})},
    {"an HTTP payload becomes rawhttp",
     MESSAGE(ALERT("glastopf-community-01", "<Request type=\"raw\">" HTTP_PAYLOAD "</Request>"
                                            "<AdditionalData meaning=\"protocol\">http</AdditionalData>")),
     0, true,
     FIELDS({"rawhttp", "GET /server-status?auto HTTP/1.1\r\nHost: localhost"},
            {"additionalData",
             "{\"protocol\": \"http\", \"payload_md5\": \"d877e0342c64540884a3a26efe08b531\"}"})},
    {"a honeypot type without payloads does not even decode one",
     MESSAGE(ALERT("cowrie-01", "<Request type=\"raw\">!!</Request>")), 0, true,
     FIELDS({"rawhttp", "-"}, {"additionalData", "{}"})},
    {"glutton's percent-encoded base64 of a non-HTTP payload gives only its MD5",
     MESSAGE(ALERT("glutton-01", "<AdditionalData meaning=\"binary\">AAEC%0A</AdditionalData>")), 0, true,
     FIELDS({"rawhttp", "-"}, {"additionalData", "{\"payload_md5\": \"b95f67f61ebb03619622d798f45fc2d3\"}"})},
    {"IPv6 addresses from a private submitter",
     MESSAGE("<Alert><Analyzer id=\"cowrie-01\"/><CreateTime tz=\"+0000\">2024-05-01 10:00:00</CreateTime>"
             "<Source port=\"65535\" protocol=\"tcp\">2a02:2e0:3fe:1001::1</Source>"
             "<Target port=\"undefined\" protocol=\"tcp\">fd00::2</Target></Alert>"),
     0, false,
     FIELDS({"sourceEntryIp", "2a02:2e0:3fe:1001::1"}, {"country", "DE"},
            {"sourceEntryAS", "AS3320 Deutsche Telekom AG"}, {"targetCountry", "PIR"},
            {"targetEntryPort", "undefined"}, {"sourceEntryPort", "65535"})},
    /* alerts are found anywhere in the message, in document order */
    {"the first alert", IN_ORDER, 0, true, FIELDS({"peerIdent", "first"})},
    {"the second alert, inside another element", IN_ORDER, 1, true, FIELDS({"peerIdent", "second"})},
    {"the third alert", IN_ORDER, 2, true, FIELDS({"peerIdent", "third"})},
};

START_TEST(accepted_alerts_are_stored_as_documented)
{
    struct ews_alert a;

    ck_assert_msg(build_nth(accepted[_i].message, accepted[_i].nth, accepted[_i].community, &a),
                  "%s: rejected: %s", accepted[_i].name, a.reason);
    ck_assert_msg(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(a.doc, "clientDomain")) &&
                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a.doc, "clientDomain")) ==
                          accepted[_i].community,
                  "%s: clientDomain is not %d", accepted[_i].name, accepted[_i].community);
    assert_fields(accepted[_i].name, &a, accepted[_i].fields);
    ews_alert_free(&a);
}
END_TEST

/* An alert of analyzer cowrie-01 with this CreateTime element. */
#define CREATED(create_time)                                  \
    MESSAGE("<Alert><Analyzer id=\"cowrie-01\"/>" create_time \
            "<Source protocol=\"tcp\">45.67.89.10</Source>"   \
            "<Target>1.2.3.4</Target></Alert>")

/* Rejected alerts and the reason each is given. */
static const struct {
    const char *name;
    const char *message;
    const char *reason;
} rejected[] = {
    {"a source that is not an address",
     MESSAGE("<Alert><Analyzer id=\"kippo-01\"/><CreateTime tz=\"+0000\">2016-08-01 03:30:31</CreateTime>"
             "<Source port=\"\" protocol=\"tcp\">asasasas</Source>"
             "<Target port=\"22\" protocol=\"tcp\">191.209.200.111</Target></Alert>"),
     "Source: 'asasasas' is not an IPv4 or IPv6 address"},
    {"a target port above 65535", MESSAGE(ALERT("x", "<Target port=\"70000\">1.2.3.4</Target>")),
     "Target: port '70000' is not 0..65535"},
    {"a negative source port", MESSAGE(ALERT("x", "<Source port=\"-1\" protocol=\"tcp\">1.2.3.4</Source>")),
     "Source: port '-1' is not 0..65535"},
    {"a source without protocol", MESSAGE(ALERT("x", "<Source port=\"1\">1.2.3.4</Source>")),
     "Source: no protocol attribute"},
    {"an Analyzer without id", MESSAGE("<Alert><Analyzer/></Alert>"), "Analyzer: no id attribute"},
    {"an Analyzer with an empty id", MESSAGE("<Alert><Analyzer id=\"\"/></Alert>"), "Analyzer: empty id"},
    {"no Analyzer", MESSAGE("<Alert><Source protocol=\"tcp\">1.2.3.4</Source></Alert>"),
     "no Analyzer element"},
    {"no Target", MESSAGE("<Alert><Analyzer id=\"a\"/><Source protocol=\"tcp\">1.2.3.4</Source></Alert>"),
     "no Target element"},
    {"no CreateTime",
     MESSAGE(
         "<Alert><Analyzer id=\"a\"/><Source protocol=\"tcp\">1.2.3.4</Source><Target>1.2.3.4</Target></Alert>"),
     "no CreateTime element"},
    {"an empty url", MESSAGE(ALERT("x", "<Request type=\"url\"></Request>")), "Request url: empty"},
    {"an empty starttime", MESSAGE(ALERT("x", "<AdditionalData meaning=\"starttime\"/>")),
     "AdditionalData starttime: empty"},
    {"an empty cve_id", MESSAGE(ALERT("x", "<AdditionalData meaning=\"cve_id\"></AdditionalData>")),
     "AdditionalData cve_id: empty"},
    {"a payload that is not base64",
     MESSAGE(ALERT("honeytrap-01", "<Request type=\"raw\">R0VUIC9zZXJ2ZXItc3RhdHVz=</Request>")),
     "Request payload: not valid base64"},
    {"a time that is a word", CREATED("<CreateTime tz=\"+0200\">yesterday</CreateTime>"),
     "CreateTime: 'yesterday' is not YYYY-MM-DD HH:MM:SS"},
    {"a day that does not exist", CREATED("<CreateTime tz=\"+0200\">2024-02-30 10:00:00</CreateTime>"),
     "CreateTime: '2024-02-30 10:00:00' is not YYYY-MM-DD HH:MM:SS"},
    {"an empty time", CREATED("<CreateTime tz=\"+0200\"></CreateTime>"),
     "CreateTime: '' is not YYYY-MM-DD HH:MM:SS"},
    {"no tz", CREATED("<CreateTime>2024-05-01 10:00:00</CreateTime>"), "CreateTime: no tz attribute"},
    {"an empty tz", CREATED("<CreateTime tz=\"\">2024-05-01 10:00:00</CreateTime>"),
     "CreateTime: tz '' is not +HHMM or -HHMM"},
    {"a tz without sign", CREATED("<CreateTime tz=\"0200\">2024-05-01 10:00:00</CreateTime>"),
     "CreateTime: tz '0200' is not +HHMM or -HHMM"},
    {"a tz of 24 hours", CREATED("<CreateTime tz=\"+2400\">2024-05-01 10:00:00</CreateTime>"),
     "CreateTime: tz '+2400' is not +HHMM or -HHMM"},
    {"a tz with a colon", CREATED("<CreateTime tz=\"+02:00\">2024-05-01 10:00:00</CreateTime>"),
     "CreateTime: tz '+02:00' is not +HHMM or -HHMM"},
};

START_TEST(broken_alerts_are_rejected_with_a_reason)
{
    struct ews_alert a;

    ck_assert_msg(!build(rejected[_i].message, &a), "%s: accepted", rejected[_i].name);
    ck_assert_ptr_null(a.doc);
    ck_assert_msg(strcmp(a.reason, rejected[_i].reason) == 0, "%s: reason '%s', expected '%s'",
                  rejected[_i].name, a.reason, rejected[_i].reason);
}
END_TEST

/* Nothing the engine would refuse (or silently not index) reaches it; the limit is per field. */
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
    tcase_add_test(core, the_worked_example_is_stored_field_for_field);
    tcase_add_test(core, the_id_is_the_md5_of_the_doubled_key);
    tcase_add_loop_test(core, accepted_alerts_are_stored_as_documented, 0, ARRAY_LEN(accepted));
    tcase_add_loop_test(limits, broken_alerts_are_rejected_with_a_reason, 0, ARRAY_LEN(rejected));
    tcase_add_test(limits, oversized_fields_are_rejected);
    tcase_add_test(limits, a_quoted_reason_is_bounded_and_printable);
    return unit_run(s);
}
