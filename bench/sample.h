/*
 * sample.h: the synthetic honeypot network the benchmark generators draw
 * from: sensors of every honeypot type in both data domains, attackers with
 * stable addresses and countries, and what each attack looks like.
 * Deterministic for a given seed.
 */
#ifndef PEBA_BENCH_SAMPLE_H
#define PEBA_BENCH_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct rng {
    unsigned short state[3];
};

void rng_seed(struct rng *r, unsigned long seed);
/* Uniform in [0, n). */
unsigned rng_below(struct rng *r, unsigned n);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);

enum request_style { REQ_NONE, REQ_PORT, REQ_URL, REQ_SHELL, REQ_LOGIN };

struct honeypot_kind {
    const char *id_prefix;   /* classified by the ingest into type (spec 10.1) */
    const char *type;        /* peerType */
    const char *description; /* ewsposter's Request type="description" */
    enum request_style style;
    unsigned port;           /* the service's port; 0: any of the commonly scanned ports */
    unsigned weight;         /* share of sensors */
};

struct country {
    const char *code;
    const char *name;
    double lat, lon;
};

struct sensor {
    char ident[48];              /* peerIdent, the Analyzer id */
    char hostname[24];           /* "undefined" for old installations */
    uint32_t target_ip;
    const struct honeypot_kind *kind;
    const struct country *country;
    bool community;              /* clientDomain */
};

/* One attack on one sensor, before it is written as a stored document or an ewsposter alert. */
struct attack {
    const struct sensor *sensor;
    uint32_t source_ip;
    const struct country *source_country;
    unsigned source_port, target_port;
    const char *protocol;  /* "tcp" or "udp" */
    const char *url;       /* REQ_URL */
    const char *input;     /* REQ_SHELL: typed commands, lines starting with '\n' */
    const char *username, *password, *login;
    const char *cve;       /* NULL mostly */
    time_t created;
};

#define SAMPLE_SENSORS 240
#define SENSORS_PER_TPOT 6 /* a T-Pot runs several honeypots behind one address and reports them together */
#define SAMPLE_TPOTS (SAMPLE_SENSORS / SENSORS_PER_TPOT)

struct world {
    struct sensor sensors[SAMPLE_SENSORS]; /* T-Pot t has sensors[t * SENSORS_PER_TPOT ...] */
    unsigned community_sensors; /* sensors[0 .. community_sensors) are community, the rest private */
};

/* The same network on every call, whatever the generators' seeds. */
void world_init(struct world *w);
/* Any sensor, or any community one. */
const struct sensor *sensor_pick(const struct world *w, struct rng *r, bool community_only);
/* A sensor of T-Pot tpot. */
const struct sensor *tpot_sensor(const struct world *w, struct rng *r, unsigned tpot);
/*
 * The attack of attacker number attacker (its address and country follow from the number) on sensor s
 * at time when; with some_private, about 2 % of sources are private addresses instead.
 */
void attack_sample(const struct sensor *s, struct rng *r, uint32_t attacker, time_t when, bool some_private,
                   struct attack *out);
/* A globally routable IPv4 address, different for every attacker number below 2^30. */
uint32_t attacker_address(uint32_t attacker);
/* A private (RFC 1918) address: the small share of alerts the bad-IP feeds must filter out. */
uint32_t private_address(uint32_t n);
void ipv4_text(uint32_t addr, char out[16]);
/* "AS<n> <name>", stable per address. */
void as_text(uint32_t addr, char *out, size_t size);
/* "lat , lon" near the country's centre, stable per address (the original's location format). */
void location_text(const struct country *c, uint32_t addr, char *out, size_t size);
/* The request string the ingest stores (spec 9.5): port line, URL or shell input, CVE prefix. */
void request_string(const struct attack *a, char *out, size_t size);
/* "YYYY-MM-DD HH:MM:SS" in UTC. */
void utc_text(time_t t, char out[20]);

#endif
