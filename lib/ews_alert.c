/* ews_alert.c: one <Alert> element read child by child into the stored document, then checked, completed and named. */
#include "ews_alert.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "array_len.h"
#include "buf.h"
#include "classify.h"
#include "envelope.h"
#include "ews_payload.h"
#include "ip_class.h"
#include "json_writer.h"
#include "log.h"
#include "query.h"
#include "timeutil.h"
#include "utf8.h"

/* What a Request (by its type) or AdditionalData (by its meaning) child does. */
enum action {
    ACT_FIELD,           /* a document field; an empty element keeps the default */
    ACT_FIELD_OR_NULL,   /* a document field; an empty element stores JSON null */
    ACT_DECODED,         /* a document field, percent-decoded */
    ACT_REQUEST,         /* the request string (URL, cowrie input), percent-decoded */
    ACT_EXTRA,           /* an additionalData member (null when empty) */
    ACT_EXTRA_DECODED,   /* an additionalData member, percent-decoded */
    ACT_PAYLOAD,         /* base64 payload */
    ACT_PAYLOAD_DECODED, /* percent-encoded base64 payload (glutton) */
};

static const struct child_rule {
    const char *element;
    const char *kind;  /* the type attribute of Request, the meaning of AdditionalData */
    const char *field; /* document field or additionalData key */
    enum action action;
    bool required; /* an empty element rejects the alert (the original's "parsing errors") */
} child_rules[] = {
    {"Request", "url", NULL, ACT_REQUEST, true},
    {"Request", "raw", NULL, ACT_PAYLOAD, true},
    {"Request", "binary", NULL, ACT_PAYLOAD, true},
    {"AdditionalData", "username", "username", ACT_FIELD_OR_NULL, false},
    {"AdditionalData", "password", "password", ACT_FIELD_OR_NULL, false},
    {"AdditionalData", "login", "login", ACT_FIELD_OR_NULL, false},
    {"AdditionalData", "version", "clientVersion", ACT_FIELD_OR_NULL, false},
    {"AdditionalData", "starttime", "sessionStart", ACT_DECODED, true},
    {"AdditionalData", "endtime", "sessionEnd", ACT_DECODED, false},
    {"AdditionalData", "cve_id", "vulnid", ACT_DECODED, true},
    {"AdditionalData", "input", NULL, ACT_REQUEST, false},
    {"AdditionalData", "externalIP", "externalIP", ACT_FIELD, false},
    {"AdditionalData", "internalIP", "internalIP", ACT_FIELD, false},
    {"AdditionalData", "hostname", "hostname", ACT_FIELD, false},
    {"AdditionalData", "protocol", "protocol", ACT_EXTRA, false},
    {"AdditionalData", "binary", NULL, ACT_PAYLOAD_DECODED, true},
    {"AdditionalData", "payload", "payload", ACT_EXTRA_DECODED, false},
    {"AdditionalData", "payload_md5", "payload_md5", ACT_EXTRA, false},
    {"AdditionalData", "conpot_sensor_id", "conpot_sensor_id", ACT_EXTRA, false},
    {"AdditionalData", "conpot_event_type", "conpot_event_type", ACT_EXTRA, false},
    {"AdditionalData", "conpot_data_type", "conpot_data_type", ACT_EXTRA, false},
    {"AdditionalData", "conpot_response", "conpot_response", ACT_EXTRA, false},
    {"AdditionalData", "conpot_request", "conpot_request", ACT_EXTRA, false},
    {"AdditionalData", "conpot_id", "conpot_id", ACT_EXTRA, false},
};

/* The original's start value of each field; GeoIP fields and additionalData are added after the children. */
static const struct {
    const char *field, *value;
} defaults[] = {
    /* clang-format off */
    {"client", "-"},           {"clientVersion", ""},               {"createTime", "-"},
    {"externalIP", "1.1.1.1"}, {"hostname", "undefined"},           {"internalIP", "1.1.1.1"},
    {"login", ""},             {"originalRequestString", ""},       {"password", ""},
    {"peerIdent", ""},         {"peerType", CLASSIFY_UNCLASSIFIED}, {"rawhttp", "-"},
    {"sessionEnd", ""},        {"sessionStart", ""},                {"sourceEntryIp", ""},
    {"sourceEntryPort", ""},   {"targetEntryIp", ""},               {"targetEntryPort", ""},
    {"targetport", ""},        {"username", ""},                    {"vulnid", ""},
    /* clang-format on */
};

struct alert_build {
    const struct ews_submission *sub;
    struct ews_alert *out;
    cJSON *doc;
    cJSON *extra;                /* additionalData, in insertion order like the original's dict */
    char *request;               /* URL or cowrie input, decoded */
    char *payload;               /* base64 text of the last payload */
    const char *payload_element; /* for messages */
    const xmlNode *create_time;
    bool analyzer, source, target;
    bool rejected;
};

static bool reject(struct alert_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first reason only: it names the first problem in document order. */
static bool reject(struct alert_build *b, const char *fmt, ...)
{
    va_list ap;

    if (!b->rejected) {
        va_start(ap, fmt);
        vsnprintf(b->out->reason, sizeof b->out->reason, fmt, ap);
        va_end(ap);
    }
    b->rejected = true;
    return false;
}

/* A printable, bounded quote of untrusted text for a reason. */
static const char *sample(const char *text, char out[48])
{
    log_sample(out, 48, text, strlen(text));
    return out;
}

static bool is_element(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && !node->ns && strcmp((const char *)node->name, name) == 0;
}

/* Replaces (keeping its position) or adds member name of obj. */
static void set_item(cJSON *obj, const char *name, cJSON *value)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, name))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, name, value);
    else
        cJSON_AddItemToObject(obj, name, value);
}

static void set_text(cJSON *obj, const char *name, const char *text)
{
    set_item(obj, name, cJSON_CreateString(text));
}

static const char *field(const struct alert_build *b, const char *name)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b->doc, name));

    return s ? s : "";
}

/* The attribute as a new string, NULL when absent. */
static char *attribute(const xmlNode *node, const char *name)
{
    return (char *)xmlGetNoNsProp(node, (const xmlChar *)name);
}

/*
 * Percent-decoding as Python's unquote (UTF-8, '+' kept) into a new string.
 * A decoded NUL byte becomes U+FFFD: a stored value cannot hold NUL.
 */
static char *percent_decoded(const char *text)
{
    size_t len = strlen(text), n, nuls = 0;
    char *tmp = malloc(len + 1), *out;

    if (!tmp)
        return NULL;
    n = percent_decode(tmp, text, len, 0);
    for (size_t i = 0; i < n; i++)
        nuls += tmp[i] == '\0';
    out = malloc(n + 2 * nuls + 1);
    if (out) {
        char *o = out;

        for (size_t i = 0; i < n; i++) {
            if (tmp[i]) {
                *o++ = tmp[i];
            } else {
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
            }
        }
        *o = '\0';
    }
    free(tmp);
    return out;
}

static bool valid_port(const char *port)
{
    size_t len = strlen(port);

    if (len == 0 || strcmp(port, "undefined") == 0)
        return true;
    if (len > 5 || strspn(port, "0123456789") != len)
        return false;
    return atol(port) <= 65535;
}

/* Source/Target: the address text, the port attribute, and (Source) the transport protocol. */
static bool read_endpoint(struct alert_build *b, const xmlNode *node, bool is_source)
{
    const char *element = is_source ? "Source" : "Target";
    char *text = envelope_text(node), *port = attribute(node, "port"),
         *protocol = attribute(node, "protocol");
    unsigned char addr[IP_ADDR_LEN];
    char quote[48];
    bool ok = false;

    if (!text || !ip_parse(text, addr))
        reject(b, "%s: '%s' is not an IPv4 or IPv6 address", element, sample(text ? text : "", quote));
    else if (port && !valid_port(port))
        reject(b, "%s: port '%s' is not 0..65535", element, sample(port, quote));
    else if (is_source && !protocol)
        reject(b, "Source: no protocol attribute");
    else
        ok = true;
    if (ok) {
        set_text(b->doc, is_source ? "sourceEntryIp" : "targetEntryIp", text);
        set_text(b->doc, is_source ? "sourceEntryPort" : "targetEntryPort", port ? port : "");
        if (is_source)
            set_text(b->doc, "targetport", protocol);
        *(is_source ? &b->source : &b->target) = true;
    }
    xmlFree(text);
    xmlFree(port);
    xmlFree(protocol);
    return ok;
}

static bool read_analyzer(struct alert_build *b, const xmlNode *node)
{
    char *id = attribute(node, "id");
    bool ok = id && *id;

    if (!id)
        reject(b, "Analyzer: no id attribute");
    else if (!*id)
        reject(b, "Analyzer: empty id");
    if (ok) {
        set_text(b->doc, "peerIdent", id);
        set_text(b->doc, "peerType", classify_peer(id));
        b->analyzer = true;
    }
    xmlFree(id);
    return ok;
}

static void replace_string(char **slot, char *value)
{
    free(*slot);
    *slot = value;
}

/* An empty element: the original's parsing error where text is required, JSON null where it stored None. */
static bool apply_empty(struct alert_build *b, const struct child_rule *rule)
{
    if (rule->required)
        return reject(b, "%s %s: empty", rule->element, rule->kind);
    if (rule->action == ACT_FIELD_OR_NULL)
        set_item(b->doc, rule->field, cJSON_CreateNull());
    else if (rule->action == ACT_EXTRA || rule->action == ACT_EXTRA_DECODED)
        set_item(b->extra, rule->field, cJSON_CreateNull());
    return true;
}

static void set_decoded(cJSON *obj, const char *name, const char *text)
{
    char *decoded = percent_decoded(text);

    set_text(obj, name, decoded ? decoded : "");
    free(decoded);
}

/* Applies one Request/AdditionalData rule to the element's text. */
static bool apply_rule(struct alert_build *b, const struct child_rule *rule, const char *text)
{
    if (!*text)
        return apply_empty(b, rule);
    switch (rule->action) {
    case ACT_FIELD:
    case ACT_FIELD_OR_NULL: set_text(b->doc, rule->field, text); break;
    case ACT_DECODED: set_decoded(b->doc, rule->field, text); break;
    case ACT_EXTRA: set_text(b->extra, rule->field, text); break;
    case ACT_EXTRA_DECODED: set_decoded(b->extra, rule->field, text); break;
    case ACT_REQUEST: replace_string(&b->request, percent_decoded(text)); break;
    case ACT_PAYLOAD:
    case ACT_PAYLOAD_DECODED:
        replace_string(&b->payload, rule->action == ACT_PAYLOAD ? strdup(text) : percent_decoded(text));
        b->payload_element = rule->element;
        break;
    }
    return true;
}

/* Request by its type, AdditionalData by its meaning; kinds without a rule are ignored, as in the original. */
static bool read_data(struct alert_build *b, const xmlNode *node, const char *element, const char *key)
{
    char *kind = attribute(node, key), *text;
    bool ok = true;

    for (size_t i = 0; kind && i < ARRAY_LEN(child_rules); i++) {
        if (strcmp(child_rules[i].element, element) != 0 || strcmp(child_rules[i].kind, kind) != 0)
            continue;
        text = envelope_text(node);
        ok = text ? apply_rule(b, &child_rules[i], text) : reject(b, "out of memory");
        xmlFree(text);
        break;
    }
    xmlFree(kind);
    return ok;
}

static bool read_child(struct alert_build *b, const xmlNode *node)
{
    if (is_element(node, "Analyzer"))
        return read_analyzer(b, node);
    if (is_element(node, "Source") || is_element(node, "Target"))
        return read_endpoint(b, node, is_element(node, "Source"));
    if (is_element(node, "CreateTime")) {
        b->create_time = node;
        return true;
    }
    if (is_element(node, "Request"))
        return read_data(b, node, "Request", "type");
    if (is_element(node, "AdditionalData"))
        return read_data(b, node, "AdditionalData", "meaning");
    return true;
}

/* "+HHMM" / "-HHMM" as seconds east of UTC. */
static bool parse_tz(const char *tz, long *offset)
{
    int hh, mm;

    if (strlen(tz) != 5 || (tz[0] != '+' && tz[0] != '-') || strspn(tz + 1, "0123456789") != 4)
        return false;
    hh = (tz[1] - '0') * 10 + (tz[2] - '0');
    mm = (tz[3] - '0') * 10 + (tz[4] - '0');
    if (hh > 23 || mm > 59)
        return false;
    *offset = (tz[0] == '+' ? 1 : -1) * (hh * 3600L + mm * 60L);
    return true;
}

/* CreateTime to UTC, as the original converted it; honeytrap reports UTC already and keeps its time. */
static bool normalise_time(struct alert_build *b)
{
    char *text = envelope_text(b->create_time), *tz = attribute(b->create_time, "tz");
    char quote[48], stamp[UTC_STAMP_LEN];
    long offset = 0;
    time_t t;
    bool ok = false;

    if (!text || !utc_parse_stamp(text, strlen(text), &t))
        reject(b, "CreateTime: '%s' is not YYYY-MM-DD HH:MM:SS", sample(text ? text : "", quote));
    else if (strcasestr(field(b, "peerType"), "honeytrap"))
        ok = true;
    else if (!tz)
        reject(b, "CreateTime: no tz attribute");
    else if (!parse_tz(tz, &offset))
        reject(b, "CreateTime: tz '%s' is not +HHMM or -HHMM", sample(tz, quote));
    else
        ok = true;
    if (ok) {
        utc_format(t - offset, stamp);
        set_text(b->doc, "createTime", stamp);
    }
    xmlFree(text);
    xmlFree(tz);
    return ok;
}

/* Payloads of honeytrap, dionaea, web and glutton sensors: payload_md5, and rawhttp for HTTP requests. */
static bool read_payload(struct alert_build *b)
{
    static const char *const types[] = {"honeytrap", "Dionaea", "Webpage", "glutton"};
    const char *type = field(b, "peerType");
    struct ews_payload payload;
    bool wanted = false;

    for (size_t i = 0; i < ARRAY_LEN(types); i++)
        wanted |= strstr(type, types[i]) != NULL;
    if (!b->payload || !wanted || strlen(b->payload) > EWS_PAYLOAD_MAX)
        return true;
    if (!ews_payload_decode(b->payload, &payload))
        return reject(b, "%s payload: not valid base64", b->payload_element);
    set_text(b->extra, "payload_md5", payload.md5);
    if (payload.http)
        set_text(b->doc, "rawhttp", payload.http);
    ews_payload_free(&payload);
    return true;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0, len = strlen(s);

    for (size_t i = 0; i < len; n++) {
        uint32_t cp;

        i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
    }
    return n;
}

/*
 * originalRequestString as the original composed it, including its transport-suffix quirk (a protocol
 * that is any substring of "tcp" or "udp", even an empty one, adds "/<protocol>"): stored alerts must
 * deduplicate against those the original stored, and the id hashes this string.
 */
static void compose_request(struct alert_build *b)
{
    const char *type = field(b, "peerType"), *protocol = field(b, "targetport"), *vulnid = field(b, "vulnid");
    char lower[16];
    bool suffix = false;
    struct buf s;

    if (strlen(protocol) < sizeof lower) {
        for (size_t i = 0; i <= strlen(protocol); i++)
            lower[i] = (char)tolower((unsigned char)protocol[i]);
        suffix = strstr("udp", lower) || strstr("tcp", lower);
    }
    buf_init(&s, 0);
    if (utf8_length(vulnid) > 2)
        buf_printf(&s, "(%s) ", vulnid);
    if (strstr(type, "honeytrap") || strstr(type, "Dionaea"))
        buf_printf(&s, "Attack on port %s%s%s", field(b, "targetEntryPort"), suffix ? "/" : "",
                   suffix ? protocol : "");
    else
        buf_puts(&s, b->request ? b->request : "");
    set_text(b->doc, "originalRequestString", s.data ? s.data : "");
    buf_free(&s);
}

static void add_place(struct alert_build *b, const char *ip, const char *const names[4])
{
    struct geo_place place;

    geo_lookup(b->sub->geo, ip, &place);
    set_text(b->doc, names[0], place.country);
    set_text(b->doc, names[1], place.country_name);
    set_text(b->doc, names[2], place.as_text);
    set_text(b->doc, names[3], place.location);
}

/* additionalData as Python's json.dumps writes a dict: insertion order, ", " and ": ", \u escapes. */
static void store_extra(struct alert_build *b)
{
    struct buf s;

    buf_init(&s, 0);
    buf_putc(&s, '{');
    for (const cJSON *item = b->extra->child; item; item = item->next) {
        if (item != b->extra->child)
            buf_puts(&s, ", ");
        json_write_string(&s, item->string, strlen(item->string));
        buf_puts(&s, ": ");
        if (cJSON_IsString(item))
            json_write_string(&s, item->valuestring, strlen(item->valuestring));
        else
            buf_puts(&s, "null");
    }
    buf_putc(&s, '}');
    set_text(b->doc, "additionalData", s.data);
    buf_free(&s);
}

static bool check_sizes(struct alert_build *b)
{
    for (const cJSON *item = b->doc->child; item; item = item->next) {
        size_t len = cJSON_IsString(item) ? strlen(item->valuestring) : 0;

        if (len > EWS_FIELD_MAX)
            return reject(b, "%s: %zu bytes, more than the %d allowed", item->string, len, EWS_FIELD_MAX);
    }
    return true;
}

void ews_alert_id(const char *create_time, const char *source_ip, const char *target_ip, const char *request,
                  const char *peer_ident, bool random, char out[EWS_ID_LEN])
{
    struct buf s;

    buf_init(&s, 0);
    for (int twice = 0; twice < 2; twice++)
        buf_printf(&s, "%s%s%s%s%sAlert", create_time, source_ip, target_ip, request, peer_ident);
    if (random) {
        unsigned char u[16] = {0};

        RAND_bytes(u, sizeof u);
        u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
        u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
        for (int i = 0; i < 16; i++)
            buf_printf(&s, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
    }
    ews_md5_hex(s.data, s.len, out);
    buf_free(&s);
}

/* Everything after the children: required parts, time, payload, request string, GeoIP, size limits, id. */
static bool complete(struct alert_build *b)
{
    static const char *const source_names[] = {"country", "countryName", "sourceEntryAS", "location"};
    static const char *const target_names[] = {"targetCountry", "targetCountryName", "targetEntryAS",
                                               "locationDestination"};

    if (!b->analyzer)
        return reject(b, "no Analyzer element");
    if (!b->source || !b->target)
        return reject(b, "no %s element", b->source ? "Target" : "Source");
    if (!b->create_time)
        return reject(b, "no CreateTime element");
    if (!normalise_time(b) || !read_payload(b))
        return false;
    compose_request(b);
    add_place(b, field(b, "sourceEntryIp"), source_names);
    add_place(b, field(b, "targetEntryIp"), target_names);
    store_extra(b);
    if (!check_sizes(b))
        return false;
    ews_alert_id(field(b, "createTime"), field(b, "sourceEntryIp"), field(b, "targetEntryIp"),
                 field(b, "originalRequestString"), field(b, "peerIdent"),
                 strcmp(field(b, "peerType"), "Industrial(conpot)") == 0, b->out->id);
    return true;
}

bool ews_alert_build(const xmlNode *alert, const struct ews_submission *sub, struct ews_alert *out)
{
    struct alert_build b = {.sub = sub, .out = out};
    bool ok = true;

    memset(out, 0, sizeof *out);
    b.doc = cJSON_CreateObject();
    b.extra = cJSON_CreateObject();
    for (size_t i = 0; i < ARRAY_LEN(defaults); i++)
        cJSON_AddStringToObject(b.doc, defaults[i].field, defaults[i].value);
    cJSON_AddBoolToObject(b.doc, "clientDomain", sub->community);
    cJSON_AddStringToObject(b.doc, "recievedTime", sub->recieved_time);
    for (const xmlNode *child = alert->children; child && ok; child = child->next)
        ok = read_child(&b, child);
    ok = ok && complete(&b);
    free(b.request);
    free(b.payload);
    cJSON_Delete(b.extra);
    if (!ok) {
        cJSON_Delete(b.doc);
        return false;
    }
    out->doc = b.doc;
    return true;
}

void ews_alert_free(struct ews_alert *a)
{
    cJSON_Delete(a->doc);
    a->doc = NULL;
}

const xmlNode *ews_alert_next(const xmlNode *root, const xmlNode *prev)
{
    const xmlNode *n = prev ? prev : root;

    for (;;) {
        if (n->children) {
            n = n->children;
        } else {
            while (n != root && !n->next)
                n = n->parent;
            if (n == root)
                return NULL;
            n = n->next;
        }
        if (is_element(n, "Alert"))
            return n;
    }
}
