/*
 * ews_alert.h: one ewsposter <Alert> element turned into the stored alert
 * document (lib/alert_index.c's fields) the way the original built it:
 * parsing, defaults, time-zone normalisation, request string, GeoIP and
 * document id, so the stored data stays comparable with the original's.
 * Except that each alert is validated on its own: a structurally broken
 * alert is rejected with a one-line reason instead of crashing the whole
 * request (the original answered 500) or being stored half-empty (the engine
 * refused it and only a log line told). Deliberate differences from the
 * original:
 *   - Source/Target may be IPv6 as well as IPv4 (the engine's `ip` type takes both);
 *   - a port must be empty, "undefined" (ewsposter's placeholder) or 0..65535;
 *   - CreateTime must be "YYYY-MM-DD HH:MM:SS" (1970-9999) and tz "+HHMM"/"-HHMM"
 *     (HH <= 23, MM <= 59); "-" adds, "+" subtracts; honeytrap keeps its UTC time;
 *   - the honeytrap check uses the alert's final type, whatever the element order (the original's
 *     depended on Analyzer coming before CreateTime);
 *   - a missing Analyzer id, Source, Target, CreateTime, tz or Source protocol rejects the alert;
 *   - any stored text longer than EWS_FIELD_MAX bytes rejects the alert (the engine would refuse it);
 *   - a payload is decoded for `rawhttp` and `payload_md5` only; the payloads
 *     index, S3 and the CVE index of the original are not written.
 */
#ifndef PEBA_EWS_ALERT_H
#define PEBA_EWS_ALERT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <libxml/tree.h>

#include "geo.h"

#define EWS_FIELD_MAX 65536     /* bytes of one stored text field */
#define EWS_PAYLOAD_MAX 5242880 /* characters of a base64 payload the original still decoded */
#define EWS_ID_LEN 33           /* 32 hex digits and NUL */
#define EWS_REASON_MAX 160

/* What every alert of one submission shares. */
struct ews_submission {
    bool community;            /* clientDomain: the community credentials were used */
    const char *recieved_time; /* "YYYY-MM-DD HH:MM:SS" UTC, the ingest time */
    const struct geo *geo;     /* may be NULL: private ranges still get PIR, the rest "-" */
};

struct ews_alert {
    cJSON *doc;                  /* the document to store, NULL when rejected */
    char id[EWS_ID_LEN];         /* its _id (ews_alert_id) */
    char reason[EWS_REASON_MAX]; /* why it was rejected: "Source: 'x' is not an IPv4 or IPv6 address" */
};

/* Builds alert's document; false (out->reason set, out->doc NULL) when the alert is rejected. */
bool ews_alert_build(const xmlNode *alert, const struct ews_submission *sub, struct ews_alert *out);
void ews_alert_free(struct ews_alert *a);

/*
 * The original's _id: lowercase hex MD5 of S S, S = createTime sourceIP
 * targetIP requestString peerIdent "Alert", so a resubmitted alert replaces
 * its earlier copy instead of counting twice. With random (conpot, as the
 * original) a random UUID is appended, so such events are never merged.
 */
void ews_alert_id(const char *create_time, const char *source_ip, const char *target_ip, const char *request,
                  const char *peer_ident, bool random, char out[EWS_ID_LEN]);

/* The next <Alert> element after prev (NULL: the first) under root, in document order at any depth. */
const xmlNode *ews_alert_next(const xmlNode *root, const xmlNode *prev);

#endif
