/*
 * honeynet.h: the synthetic honeypot network behind `pebactl demo`, the
 * benchmark's data and the integration tests' fixtures. T-Pots in both data
 * domains each run a few sensors (one honeypot type each, every type of the
 * classification table somewhere), attackers have stable addresses,
 * countries and AS, and each honeypot type attacks as it does in the field:
 * its ports, URLs, shell input, logins, CVEs. The network is the same on
 * every run; the traffic drawn from it follows the seed.
 *
 * One alert is a struct honeynet_alert, written two ways: as the document
 * the ingest stores (pebactl load, the fixtures) and as the <Alert> element
 * ewsposter sends (the demo's live hour, the ingest benchmark). For an
 * alert drawn here, the ingest turns the second into the first (geolocation
 * aside): the unit test holds the two writers to that.
 */
#ifndef PEBA_HONEYNET_H
#define PEBA_HONEYNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "geo.h"
#include "timeutil.h"

#define HONEYNET_TPOTS 40
#define HONEYNET_COMMUNITY_TPOTS 30 /* T-Pots 0..29 submit as the community, the rest as a private user */
#define HONEYNET_SENSORS_PER_TPOT 6 /* sensor s belongs to T-Pot s / HONEYNET_SENSORS_PER_TPOT */
#define HONEYNET_SENSORS (HONEYNET_TPOTS * HONEYNET_SENSORS_PER_TPOT)
#define HONEYNET_EXTRA_MAX 4
#define HONEYNET_ATTACKERS_MAX (1u << 30) /* attacker numbers below this have distinct addresses */

/*
 * One alert. The first part is the stored document's fields, each the text
 * stored (NULL: the field is left out of the document); the second is what
 * only the ewsposter message carries. Strings are borrowed: an alert drawn by
 * honeynet_attack points into the network and stays valid until the next draw.
 */
struct honeynet_alert {
    const char *client, *client_version, *created, *external_ip, *hostname, *internal_ip, *login, *request,
        *password, *peer_ident, *peer_type, *raw_http, *session_end, *session_start, *source_ip, *source_port,
        *target_ip, *target_port, *protocol, *username, *vulnid;
    bool community;                                                               /* clientDomain */
    const char *received;                                                         /* recievedTime */
    const char *country, *country_name, *source_as, *location;                    /* the source's place */
    const char *target_country, *target_country_name, *target_as, *location_dest; /* the target's */
    struct {
        const char *key, *value;
    } extra[HONEYNET_EXTRA_MAX]; /* additionalData's members, in order */
    size_t extras;

    int tz_minutes;          /* the sensor's clock, east of UTC: CreateTime is local time */
    const char *description; /* Request type="description" */
    const char *url, *input; /* the request as Request type="url" or AdditionalData "input" (NULL: none) */
    const char *payload;     /* sent base64-encoded as Request type="raw" (NULL: none) */
};

struct honeynet_kind; /* a honeypot type and how it is attacked (honeynet.c) */

struct honeynet_tpot {
    char hostname[16]; /* "tpot-007"; "undefined" for an old installation */
    char public_ip[16], docker_ip[16];
    const char *target_ip; /* what its sensors report as Target: old installations the docker address */
    const char *external_ip, *internal_ip; /* as reported; "1.1.1.1" (the ingest's default) when not */
    int tz_minutes;
    bool community;
    struct geo_place place; /* of target_ip */
};

struct honeynet_sensor {
    char ident[40];        /* the Analyzer id: "<honeypot>-<community|dtag>-<nnn>" */
    const char *peer_type; /* what the ingest classifies ident as */
    const struct honeynet_kind *kind;
    const struct honeynet_tpot *tpot;
};

struct honeynet {
    unsigned short rng[3]; /* nrand48 state of the traffic */
    struct honeynet_tpot tpots[HONEYNET_TPOTS];
    struct honeynet_sensor sensors[HONEYNET_SENSORS];
    struct { /* the strings of the alert drawn last */
        char created[UTC_STAMP_LEN], received[UTC_STAMP_LEN], source_ip[16], source_port[8], target_port[8];
        char request[512], raw_http[512], payload_md5[33], conpot_id[40];
        struct geo_place source;
    } last;
};

/* The network (the same on every call) and traffic drawn from seed. */
void honeynet_init(struct honeynet *net, unsigned long seed);
/* Uniform in [0, 1), and in 0..n-1, from the traffic's generator. */
double honeynet_random(struct honeynet *net);
unsigned honeynet_below(struct honeynet *net, unsigned n);
/* An attacker number below pool (at most HONEYNET_ATTACKERS_MAX), the first ones far more often. */
uint32_t honeynet_busy_attacker(struct honeynet *net, uint32_t pool);
/* A moment in [from, to), more of them in the (UTC) afternoon, as on real sensors. */
time_t honeynet_moment(struct honeynet *net, time_t from, time_t to);
/* Any T-Pot, or any community one. */
unsigned honeynet_tpot(struct honeynet *net, bool community_only);
/* One of the sensors of T-Pot tpot (an index into net->sensors). */
unsigned honeynet_sensor(struct honeynet *net, unsigned tpot);

/*
 * Draws the attack of attacker number `attacker` on sensor `sensor` created
 * at `created` and received (recievedTime) at `received`. With some_private,
 * about 2 % of sources are private addresses (NAT, internal scanners)
 * instead of the attacker's. *out is valid until the next draw on net.
 */
void honeynet_attack(struct honeynet *net, unsigned sensor, uint32_t attacker, time_t created,
                     time_t received, bool some_private, struct honeynet_alert *out);
/* The attacker's public address: the same for a number on every run, distinct below HONEYNET_ATTACKERS_MAX. */
uint32_t honeynet_attacker_address(uint32_t attacker);

/* The stored document of a (caller frees with cJSON_Delete); NULL only when out of memory. */
cJSON *honeynet_document(const struct honeynet_alert *a);

/* An EWS-SimpleMessage signed by user/token: begin, alerts, end. */
void honeynet_xml_begin(struct buf *out, const char *user, const char *token);
void honeynet_xml_alert(struct buf *out, const struct honeynet_alert *a);
void honeynet_xml_end(struct buf *out);
/*
 * A whole message from T-Pot tpot as ewsposter collects it: one alert per
 * event time in times[0..n), in sessions of one to five alerts of one
 * attacker (honeynet_busy_attacker(pool)) on one of the T-Pot's sensors.
 */
void honeynet_message(struct honeynet *net, unsigned tpot, uint32_t pool, const time_t *times, size_t n,
                      const char *user, const char *token, struct buf *out);

#endif
