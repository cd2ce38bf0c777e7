/*
 * gen_message.c: writes ewsposter EWS-SimpleMessage files (spec 9.2) for the
 * ingest benchmark: K messages of N alerts, each message from the honeypots
 * of one community T-Pot (one target address) in sessions of a few alerts per
 * attacker, attackers spread over the whole address space so geolocation is
 * not all cache hits. Prints the file names, one a line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/xmlwriter.h>

#include "sample.h"

struct options {
    unsigned long messages, alerts, seed;
    const char *dir, *user, *token;
};

static void usage(FILE *out)
{
    fprintf(out, "usage: gen_message --dir DIR [--messages K] [--alerts N] [--user U] [--token T] [--seed S]\n"
                 "Writes DIR/message-0000.xml ... (K messages of N alerts, default 100 of 100) signed with the\n"
                 "community credentials U/T and prints their paths.\n");
}

static bool parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"dir", required_argument, NULL, 'd'},   {"messages", required_argument, NULL, 'k'},
        {"alerts", required_argument, NULL, 'n'}, {"user", required_argument, NULL, 'u'},
        {"token", required_argument, NULL, 't'}, {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    unsigned long *numbers[128] = {['k'] = &o->messages, ['n'] = &o->alerts, ['s'] = &o->seed};
    const char **texts[128] = {['d'] = &o->dir, ['u'] = &o->user, ['t'] = &o->token};
    char *end;
    int opt;

    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (opt == 'h') {
            usage(stdout);
            exit(0);
        }
        if (opt > 0 && opt < 128 && texts[opt]) {
            *texts[opt] = optarg;
        } else if (opt > 0 && opt < 128 && numbers[opt]) {
            *numbers[opt] = strtoul(optarg, &end, 10);
            if (!*optarg || *end)
                return false;
        } else {
            return false;
        }
    }
    return optind == argc && o->dir && o->messages > 0 && o->alerts > 0;
}

static void data(xmlTextWriterPtr w, const char *meaning, const char *value)
{
    xmlTextWriterStartElement(w, BAD_CAST "AdditionalData");
    xmlTextWriterWriteAttribute(w, BAD_CAST "meaning", BAD_CAST meaning);
    xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "string");
    xmlTextWriterWriteString(w, BAD_CAST value);
    xmlTextWriterEndElement(w);
}

/* ewsposter percent-encodes URLs, inputs and times. */
static void encoded_data(xmlTextWriterPtr w, CURL *curl, const char *meaning, const char *value)
{
    char *escaped = curl_easy_escape(curl, value, 0);

    data(w, meaning, escaped ? escaped : "");
    curl_free(escaped);
}

static void endpoint(xmlTextWriterPtr w, const char *name, uint32_t addr, unsigned port, const char *protocol)
{
    char text[16];

    ipv4_text(addr, text);
    xmlTextWriterStartElement(w, BAD_CAST name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "category", BAD_CAST "ipv4");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "port", "%u", port);
    xmlTextWriterWriteAttribute(w, BAD_CAST "protocol", BAD_CAST protocol);
    xmlTextWriterWriteString(w, BAD_CAST text);
    xmlTextWriterEndElement(w);
}

static void request(xmlTextWriterPtr w, const char *type, const char *text)
{
    xmlTextWriterStartElement(w, BAD_CAST "Request");
    xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST type);
    xmlTextWriterWriteString(w, BAD_CAST text);
    xmlTextWriterEndElement(w);
}

static void alert(xmlTextWriterPtr w, CURL *curl, const struct attack *a)
{
    const struct sensor *s = a->sensor;
    char when[20];

    utc_text(a->created, when);
    xmlTextWriterStartElement(w, BAD_CAST "Alert");
    xmlTextWriterStartElement(w, BAD_CAST "Analyzer");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST s->ident);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "CreateTime");
    xmlTextWriterWriteAttribute(w, BAD_CAST "tz", BAD_CAST "+0000");
    xmlTextWriterWriteString(w, BAD_CAST when);
    xmlTextWriterEndElement(w);
    endpoint(w, "Source", a->source_ip, a->source_port, a->protocol);
    endpoint(w, "Target", s->target_ip, a->target_port, a->protocol);
    if (a->url) {
        char *escaped = curl_easy_escape(curl, a->url, 0);

        request(w, "url", escaped ? escaped : "");
        curl_free(escaped);
    }
    request(w, "description", s->kind->description);
    data(w, "hostname", s->hostname);
    if (s->kind->style == REQ_SHELL || s->kind->style == REQ_LOGIN) {
        data(w, "username", a->username);
        data(w, "password", a->password);
        encoded_data(w, curl, "starttime", when);
    }
    if (s->kind->style == REQ_SHELL) {
        data(w, "login", a->login);
        encoded_data(w, curl, "input", a->input);
    }
    if (s->kind->style == REQ_LOGIN)
        data(w, "protocol", "ssh");
    if (a->cve)
        data(w, "cve_id", a->cve);
    xmlTextWriterEndElement(w);
}

static bool write_message(const char *path, const struct options *o, const struct world *world, struct rng *r,
                          CURL *curl)
{
    xmlTextWriterPtr w = xmlNewTextWriterFilename(path, 0);
    unsigned tpot = rng_below(r, world->community_sensors / SENSORS_PER_TPOT), session_left = 0;
    const struct sensor *sensor = NULL;
    uint32_t attacker = 0;
    struct attack a;
    time_t now = time(NULL);
    int rc;

    if (!w)
        return false;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartElement(w, BAD_CAST "EWS-SimpleMessage");
    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "3.0");
    xmlTextWriterStartElement(w, BAD_CAST "Authentication");
    xmlTextWriterWriteElement(w, BAD_CAST "username", BAD_CAST o->user);
    xmlTextWriterWriteElement(w, BAD_CAST "token", BAD_CAST o->token);
    xmlTextWriterEndElement(w);
    for (unsigned long i = 0; i < o->alerts; i++) {
        if (session_left == 0) {
            /* a session: one attacker, one honeypot, a few alerts */
            attacker = (uint32_t)rng_below(r, 1u << 30);
            sensor = tpot_sensor(world, r, tpot);
            session_left = 1 + rng_below(r, 5);
        }
        session_left--;
        attack_sample(sensor, r, attacker, now - (time_t)rng_below(r, 600), false, &a);
        alert(w, curl, &a);
    }
    rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    return rc >= 0;
}

int main(int argc, char **argv)
{
    struct options o = {.messages = 100, .alerts = 100, .seed = 7, .user = "community-01-user",
                        .token = "foth{a5maiCee8fineu7"};
    static struct world world;
    struct rng r;
    char path[4096];
    CURL *curl;
    bool ok = true;

    if (!parse_options(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    rng_seed(&r, o.seed);
    world_init(&world);
    curl = curl_easy_init();
    for (unsigned long k = 0; ok && k < o.messages; k++) {
        snprintf(path, sizeof path, "%s/message-%04lu.xml", o.dir, k);
        ok = curl && write_message(path, &o, &world, &r, curl) && puts(path) >= 0;
    }
    curl_easy_cleanup(curl);
    if (ok && fflush(stdout) == 0)
        return 0;
    fprintf(stderr, "gen_message: cannot write %s\n", path);
    return 1;
}
