/*
 * fuzz_ews_alert.c: arbitrary bytes as the alerts of a postSimpleMessage
 * submission (the input is the inside of an EWS-SimpleMessage; the target
 * adds the root and the credentials) through ews_alert_build. A stored
 * document must be valid JSON with the fields every stored alert has; a refusal
 * must give a printable reason; the Result body must be well-formed XML.
 */
#include "envelope.h"
#include "ews_alert.h"
#include "fuzz.h"
#include "h_ingest.h"
#include "ip_class.h"
#include "json_writer.h"
#include "timeutil.h"

#define MAX_ALERTS 64 /* enough to reach the Result's list limit, cheap enough per input */
#define RECEIVED "2024-05-01 12:00:00"

static const char head[] = "<EWS-SimpleMessage version=\"2.0\"><Authentication><username>fuzz</username>"
                           "<token>0123</token></Authentication>";
static const char tail[] = "</EWS-SimpleMessage>";

static const char *text_field(const cJSON *doc, const char *name)
{
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, name));

    if (!text)
        fuzz_fail("ews_alert: a stored document lacks a text field", name, strlen(name));
    return text;
}

static void check_address(const cJSON *doc, const char *name)
{
    unsigned char addr[IP_ADDR_LEN];
    const char *ip = text_field(doc, name);

    if (!ip_parse(ip, addr))
        fuzz_fail("ews_alert: stored address does not parse", ip, strlen(ip));
}

static void check_port(const cJSON *doc, const char *name)
{
    const char *port = text_field(doc, name);
    size_t len = strlen(port);

    if (len && strcmp(port, "undefined") != 0 &&
        (len > 5 || strspn(port, "0123456789") != len || atol(port) > 65535))
        fuzz_fail("ews_alert: stored port out of range", port, len);
}

static void check_stored(const struct ews_alert *a)
{
    const char *stamp = text_field(a->doc, "createTime"), *extra = text_field(a->doc, "additionalData");
    struct buf out;
    time_t t;

    if (strlen(a->id) != 32 || strspn(a->id, "0123456789abcdef") != 32)
        fuzz_fail("ews_alert: _id is not 32 hex digits", a->id, strlen(a->id));
    if (!utc_parse_stamp(stamp, strlen(stamp), &t))
        fuzz_fail("ews_alert: createTime is not YYYY-MM-DD HH:MM:SS", stamp, strlen(stamp));
    if (strcmp(text_field(a->doc, "recievedTime"), RECEIVED) != 0)
        fuzz_fail("ews_alert: recievedTime is not the submission's", NULL, 0);
    check_address(a->doc, "sourceEntryIp");
    check_address(a->doc, "targetEntryIp");
    check_port(a->doc, "sourceEntryPort");
    check_port(a->doc, "targetEntryPort");
    /* additionalData is a JSON object written as text, as the original's json.dumps */
    cJSON_Delete(fuzz_json(extra, strlen(extra), false));
    buf_init(&out, 0);
    if (!json_write_body(&out, a->doc))
        fuzz_fail("ews_alert: the document does not serialise", NULL, 0);
    fuzz_check_json_body(&out);
    buf_free(&out);
}

static void check_reason(const struct ews_alert *a)
{
    size_t len = strnlen(a->reason, sizeof a->reason);

    if (a->doc || len == 0 || len == sizeof a->reason)
        fuzz_fail("ews_alert: a refusal without a one-line reason", a->reason, len);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)a->reason[i] < 0x20 || (unsigned char)a->reason[i] > 0x7E)
            fuzz_fail("ews_alert: an unprintable reason", a->reason, len);
}

static size_t count_alerts(const xmlNode *root)
{
    const xmlNode *node = NULL;
    size_t n = 0;

    while (n < MAX_ALERTS && (node = ews_alert_next(root, node)) != NULL)
        n++;
    return n;
}

/*
 * Builds every alert (up to MAX_ALERTS) and writes the Result body of their
 * outcomes; every third stored one counts as refused by the engine, with its
 * request string (untrusted text) as the engine's reason.
 */
static void build_alerts(const xmlNode *root)
{
    const xmlNode *node = NULL;
    struct ingest_outcome outcome;
    struct buf result;

    ingest_outcome_init(&outcome, count_alerts(root));
    for (size_t i = 0; i < outcome.total && (node = ews_alert_next(root, node)) != NULL; i++) {
        struct ews_submission sub = {.community = i % 2 == 0, .recieved_time = RECEIVED, .geo = NULL};
        struct ews_alert a;

        if (ews_alert_build(node, &sub, &a)) {
            check_stored(&a);
            ingest_mark(&outcome, i, i % 3 != 0, text_field(a.doc, "originalRequestString"));
        } else {
            check_reason(&a);
            ingest_reject(&outcome, i, a.reason);
        }
        ews_alert_free(&a);
    }
    buf_init(&result, 0);
    ingest_result(&outcome, &result);
    fuzz_check_xml(&result);
    buf_free(&result);
    ingest_outcome_free(&outcome);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ews_envelope env;
    struct buf body;

    buf_init(&body, 0);
    buf_append(&body, head, sizeof head - 1);
    buf_append(&body, data, size);
    buf_append(&body, tail, sizeof tail - 1);
    if (!body.failed) {
        if (envelope_parse(body.data, body.len, &env) == PEBA_OK)
            build_alerts(env.root);
        envelope_free(&env);
    }
    buf_free(&body);
    return 0;
}
