/* h_alerts.c: the dashboard's live ticker, retrieveAlertsJson (the 35 newest alerts, without IPs). */
#include "h_alerts.h"

#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "search.h"

#define TICKER_SIZE 35
#define BONN_LAT "50.708021" /* private or unknown locations are shown at Deutsche Telekom's HQ */
#define BONN_LNG "7.129191"

static const char *const ticker_fields[] = {
    "createTime",   "peerType",      "country",     "originalRequestString",
    "location",     "targetCountry", "countryName", "locationDestination",
    "recievedTime", "username",      "password",    "login",
    "clientDomain",
};

cJSON *alerts_json_query(enum data_domain domain)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *source;

    cJSON_AddItemToObject(body, "query", esq_domain_filter(domain));
    cJSON_AddStringToObject(esq_object(esq_object(body, "sort"), "recievedTime"), "order", "desc");
    cJSON_AddNumberToObject(body, "size", TICKER_SIZE);
    source = cJSON_AddArrayToObject(body, "_source");
    for (size_t i = 0; i < ARRAY_LEN(ticker_fields); i++)
        cJSON_AddItemToArray(source, cJSON_CreateStringReference(ticker_fields[i]));
    return body;
}

/* Appends text HTML-escaped as Python's html.escape does (quotes included). */
static void html_escape(struct buf *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (text[i]) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&#x27;"); break;
        default: buf_putc(out, text[i]);
        }
    }
}

/* Appends the percent-decoded text (no '+' rule: Python's unquote), HTML-escaped. */
static void decoded_escaped(struct buf *out, const char *text)
{
    size_t len = strlen(text);
    char *tmp = malloc(len + 1);

    if (!tmp) {
        out->failed = true;
        return;
    }
    len = percent_decode(tmp, text, len, 0);
    html_escape(out, tmp, len);
    free(tmp);
}

/* Appends `<label>"<decoded value>"`, or `<label><none>` when the stored value is null. */
static void credential(struct buf *raw, const char *label, const char *value)
{
    char *tmp = value ? malloc(strlen(value) + 1) : NULL;

    buf_puts(raw, label);
    if (!value) {
        buf_puts(raw, "<none>");
        return;
    }
    buf_putc(raw, '"');
    if (tmp)
        buf_append(raw, tmp, percent_decode(tmp, value, strlen(value), 0));
    else
        raw->failed = true;
    buf_putc(raw, '"');
    free(tmp);
}

/* `Username: "<u>" | Password: "<p>"[ | Status: <login>]`, escaped as one string at the end. */
static void credentials_string(struct buf *out, const cJSON *source, bool with_status)
{
    struct buf raw;
    const char *login = json_text(source, "login");

    buf_init(&raw, 0);
    credential(&raw, "Username: ", json_text(source, "username"));
    credential(&raw, " | Password: ", json_text(source, "password"));
    if (with_status && login)
        buf_printf(&raw, " | Status: %s", login);
    html_escape(out, raw.data ? raw.data : "", raw.len);
    buf_free(&raw);
}

/* Cowrie input: escaped, newlines as "; ", minus the first two characters (the input's leading newline). */
static void cowrie_input(struct buf *out, const char *input)
{
    struct buf escaped, joined;
    size_t skip = 0;
    int chars = 0;

    buf_init(&escaped, 0);
    buf_init(&joined, 0);
    html_escape(&escaped, input, strlen(input));
    /* newlines become "; " before the cut, so the cut takes a leading newline's "; " */
    for (size_t i = 0; i < escaped.len; i++) {
        if (escaped.data[i] == '\n')
            buf_puts(&joined, "; ");
        else
            buf_putc(&joined, escaped.data[i]);
    }
    while (skip < joined.len && chars < 2) {
        skip++;
        while (skip < joined.len && ((unsigned char)joined.data[skip] & 0xC0) == 0x80)
            skip++;
        chars++;
    }
    if (escaped.failed || joined.failed)
        out->failed = true;
    else if (joined.len > skip)
        buf_append(out, joined.data + skip, joined.len - skip);
    buf_free(&escaped);
    buf_free(&joined);
}

char *alerts_json_request_string(const cJSON *source)
{
    const char *type = json_text(source, "peerType");
    const char *request = json_text(source, "originalRequestString");
    bool cowrie = type && strstr(type, "SSH/console(cowrie)");
    bool heralding = type && strstr(type, "Passwords(heralding)");
    struct buf out;

    buf_init(&out, 0);
    if (!request)
        request = "";
    if ((cowrie || heralding) && !*request)
        credentials_string(&out, source, cowrie);
    else if (cowrie)
        cowrie_input(&out, request);
    else
        decoded_escaped(&out, request);
    if (out.failed || !buf_putc(&out, '\0')) {
        buf_free(&out);
        return NULL;
    }
    return out.data;
}

/* Splits "<lat> , <lon>"; an unknown 0.0/0.0 becomes Bonn, text without separator gives empty values. */
static void add_coordinates(cJSON *alert, const char *location, const char *lat_key, const char *lng_key)
{
    const char *sep = location ? strstr(location, " , ") : NULL;
    char lat[64] = "", lng[64] = "";

    if (sep && (size_t)(sep - location) < sizeof lat && strlen(sep + 3) < sizeof lng) {
        memcpy(lat, location, (size_t)(sep - location));
        lat[sep - location] = '\0';
        strcpy(lng, sep + 3);
    }
    if (strcmp(lat, "0.0") == 0 && strcmp(lng, "0.0") == 0) {
        strcpy(lat, BONN_LAT);
        strcpy(lng, BONN_LNG);
    }
    cJSON_AddStringToObject(alert, lat_key, lat);
    cJSON_AddStringToObject(alert, lng_key, lng);
}

static void add_text(cJSON *alert, const char *key, const cJSON *source, const char *field)
{
    const char *text = json_text(source, field);

    cJSON_AddStringToObject(alert, key, text ? text : "");
}

static cJSON *ticker_alert(const cJSON *hit)
{
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(hit, "_source");
    cJSON *alert = cJSON_CreateObject();
    char *request = alerts_json_request_string(source);

    add_text(alert, "id", hit, "_id");
    add_text(alert, "dateCreated", source, "recievedTime");
    add_text(alert, "country", source, "country");
    add_text(alert, "countryName", source, "countryName");
    add_text(alert, "targetCountry", source, "targetCountry");
    add_coordinates(alert, json_text(source, "location"), "sourceLat", "sourceLng");
    add_coordinates(alert, json_text(source, "locationDestination"), "destLat", "destLng");
    add_text(alert, "analyzerType", source, "peerType");
    cJSON_AddStringToObject(alert, "requestString", request ? request : "");
    cJSON_AddBoolToObject(alert, "clientDomain",
                          cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(source, "clientDomain")));
    free(request);
    return alert;
}

peba_err alerts_json_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    const cJSON *hits =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "hits"), "hits");
    const cJSON *hit;
    cJSON *doc, *list;

    (void)req;
    if (!cJSON_IsArray(hits))
        return peba_fail(PEBA_E_BACKEND, "search engine reply has no hits");
    doc = cJSON_CreateObject();
    list = cJSON_AddArrayToObject(doc, "alerts");
    cJSON_ArrayForEach(hit, hits)
        cJSON_AddItemToArray(list, ticker_alert(hit));
    return write_json_doc(out, doc);
}

peba_err handle_alerts_json(struct worker *w, const struct request *req, struct response *res)
{
    return search_and_map(w, req, res, 2, alerts_json_query(req->domain), alerts_json_map);
}
