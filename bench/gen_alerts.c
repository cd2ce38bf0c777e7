/*
 * gen_alerts.c: writes the benchmark's alert data set as NDJSON for
 * `pebactl load -`: stored documents as the ingest writes them (spec 8.1),
 * spread over the last days with a daily rhythm, plus a recent wave of
 * distinct community attackers that the bad-IP feeds must list.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sample.h"

struct options {
    unsigned long alerts;         /* documents in all */
    unsigned long recent;         /* of which in the wave, one per distinct attacker */
    unsigned long recent_minutes; /* the wave covers [now - recent_minutes, now - 1 min] */
    unsigned long attackers;      /* the pool the rest draws from (attackers 0..recent-1 are the wave's) */
    unsigned long days;
    unsigned long seed;
    long long now;
};

static void usage(FILE *out)
{
    fprintf(out, "usage: gen_alerts [--alerts N] [--recent N] [--recent-minutes M] [--attackers N] [--days D]\n"
                 "                  [--seed S] [--now EPOCH]\n"
                 "Writes N alert documents as NDJSON to standard output: N - recent spread over the last D days\n"
                 "(attackers drawn from a pool of --attackers, a few heavy hitters), and a wave of --recent alerts\n"
                 "from as many distinct community attackers in the last M minutes (the bad-IP feeds' window;\n"
                 "at most half of N, at most --attackers). Defaults: 1000000, 500000, 60, 800000, 30, 1, now.\n");
}

static bool parse_number(const char *text, unsigned long *out)
{
    char *end;

    *out = strtoul(text, &end, 10);
    return *text && !*end;
}

static bool parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"alerts", required_argument, NULL, 'a'}, {"recent", required_argument, NULL, 'r'},
        {"recent-minutes", required_argument, NULL, 'm'}, {"attackers", required_argument, NULL, 'p'},
        {"days", required_argument, NULL, 'd'}, {"seed", required_argument, NULL, 's'},
        {"now", required_argument, NULL, 'n'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    unsigned long *fields[128] = {['a'] = &o->alerts, ['r'] = &o->recent, ['m'] = &o->recent_minutes,
                                  ['p'] = &o->attackers, ['d'] = &o->days, ['s'] = &o->seed};
    unsigned long now;
    int opt;

    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (opt == 'h') {
            usage(stdout);
            exit(0);
        }
        if (opt == 'n' && parse_number(optarg, &now)) {
            o->now = (long long)now;
        } else if (opt <= 0 || opt >= 128 || !fields[opt] || !parse_number(optarg, fields[opt])) {
            usage(stderr);
            return false;
        }
    }
    if (optind != argc || o->recent > o->alerts / 2 || o->recent > o->attackers || o->attackers >= 1ul << 30 ||
        o->days < 1 || o->recent_minutes < 2) {
        usage(stderr);
        return false;
    }
    return true;
}

/* A moment in the last `days` days, busier in the (UTC) evening than in the morning. */
static time_t spread_time(struct rng *r, time_t now, unsigned long days)
{
    for (;;) {
        time_t t = now - 60 - (time_t)(rng_unit(r) * (double)(days * 86400 - 60));
        double hour = (double)(t % 86400) / 3600.0;

        if (rng_unit(r) < 0.65 + 0.35 * sin((hour - 12.0) * M_PI / 12.0))
            return t;
    }
}

static void add_text(cJSON *doc, const char *name, const char *value)
{
    cJSON_AddStringToObject(doc, name, value);
}

static void add_address(cJSON *doc, const char *name, uint32_t addr)
{
    char text[16];

    ipv4_text(addr, text);
    add_text(doc, name, text);
}

static void add_port(cJSON *doc, const char *name, unsigned port)
{
    char text[12];

    snprintf(text, sizeof text, "%u", port);
    add_text(doc, name, text);
}

static void add_time(cJSON *doc, const char *name, time_t t)
{
    char text[20];

    utc_text(t, text);
    add_text(doc, name, text);
}

static void add_place(cJSON *doc, const char *prefix, const struct country *c, uint32_t addr)
{
    char as[64], location[48], name[32];
    bool private_ip = (addr >> 24) == 10 || (addr >> 16) == (192u << 8 | 168) || (addr >> 20) == (172u << 4 | 1);
    bool source = strcmp(prefix, "source") == 0;

    if (private_ip) {
        snprintf(as, sizeof as, "IANA");
        snprintf(location, sizeof location, "0.0 , 0.0");
    } else {
        as_text(addr, as, sizeof as);
        location_text(c, addr, location, sizeof location);
    }
    snprintf(name, sizeof name, "%s", source ? "country" : "targetCountry");
    add_text(doc, name, private_ip ? "PIR" : c->code);
    snprintf(name, sizeof name, "%s", source ? "countryName" : "targetCountryName");
    add_text(doc, name, private_ip ? "IANA Private IP Range" : c->name);
    add_text(doc, source ? "sourceEntryAS" : "targetEntryAS", as);
    add_text(doc, source ? "location" : "locationDestination", location);
}

static cJSON *stored_document(const struct attack *a, time_t received)
{
    const struct sensor *s = a->sensor;
    cJSON *doc = cJSON_CreateObject();
    char request[512];

    request_string(a, request, sizeof request);
    add_text(doc, "additionalData", s->kind->style == REQ_LOGIN ? "{\"protocol\": \"ssh\"}" : "{}");
    add_text(doc, "client", "-");
    cJSON_AddBoolToObject(doc, "clientDomain", s->community);
    add_text(doc, "clientVersion", s->kind->style == REQ_SHELL ? "SSH-2.0-Go" : "");
    add_place(doc, "source", a->source_country, a->source_ip);
    add_place(doc, "target", s->country, s->target_ip);
    add_time(doc, "createTime", a->created);
    add_text(doc, "externalIP", "1.1.1.1");
    add_text(doc, "hostname", s->hostname);
    add_text(doc, "internalIP", "1.1.1.1");
    add_text(doc, "login", a->login);
    add_text(doc, "originalRequestString", request);
    add_text(doc, "password", a->password);
    add_text(doc, "peerIdent", s->ident);
    add_text(doc, "peerType", s->kind->type);
    add_text(doc, "rawhttp", "-");
    add_time(doc, "recievedTime", received);
    add_text(doc, "sessionEnd", "");
    add_text(doc, "sessionStart", "");
    add_address(doc, "sourceEntryIp", a->source_ip);
    add_port(doc, "sourceEntryPort", a->source_port);
    add_address(doc, "targetEntryIp", s->target_ip);
    add_port(doc, "targetEntryPort", a->target_port);
    add_text(doc, "targetport", a->protocol);
    add_text(doc, "username", a->username);
    add_text(doc, "vulnid", a->cve ? a->cve : "");
    return doc;
}

static bool emit(const struct attack *a, time_t now, struct rng *r)
{
    time_t received = a->created + (time_t)rng_below(r, 5);
    cJSON *doc = stored_document(a, received < now ? received : now);
    char *text = cJSON_PrintUnformatted(doc);
    bool ok = text && puts(text) >= 0;

    cJSON_free(text);
    cJSON_Delete(doc);
    return ok;
}

/* Attacker of a spread alert: anyone in the pool, a few of them very often. */
static uint32_t spread_attacker(struct rng *r, unsigned long pool)
{
    double u = rng_unit(r);

    return (uint32_t)(u * u * (double)pool);
}

int main(int argc, char **argv)
{
    struct options o = {.alerts = 1000000, .recent = 500000, .recent_minutes = 60, .attackers = 800000,
                        .days = 30, .seed = 1, .now = (long long)time(NULL)};
    static struct world world;
    struct rng r;
    struct attack a;
    time_t now;
    bool ok = true;

    if (!parse_options(argc, argv, &o))
        return 2;
    now = (time_t)o.now;
    rng_seed(&r, o.seed);
    world_init(&world);
    for (unsigned long i = 0; ok && i < o.alerts; i++) {
        if (i % 2 == 1 && i / 2 < o.recent) {
            /* interleaved with the spread part so every loaded prefix of the stream looks alike */
            time_t t = now - 60 - (time_t)(rng_unit(&r) * (double)((o.recent_minutes - 1) * 60));

            attack_sample(sensor_pick(&world, &r, true), &r, (uint32_t)(i / 2), t, false, &a);
        } else {
            /* a third are attackers of the wave coming back */
            uint32_t attacker = rng_below(&r, 3) ? (uint32_t)o.recent + spread_attacker(&r, o.attackers - o.recent)
                                                 : spread_attacker(&r, o.attackers);

            attack_sample(sensor_pick(&world, &r, false), &r, attacker, spread_time(&r, now, o.days), true, &a);
        }
        ok = emit(&a, now, &r);
    }
    if (ok && fflush(stdout) == 0)
        return 0;
    perror("gen_alerts: writing standard output");
    return 1;
}
