/*
 * demo_gen.h: plausible honeypot traffic for `pebactl demo`: T-Pot-like sensors
 * running the honeypot types of spec 10, a fixed pool of public attacker
 * addresses (a few of them very busy, most seen rarely), and the
 * EWS-SimpleMessage XML ewsposter would send for their alerts.
 */
#ifndef PEBA_DEMO_GEN_H
#define PEBA_DEMO_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"

#define DEMO_SENSORS 10
#define DEMO_POOL 3000

struct demo_sensor {
    char host[16];       /* hostname, "tpot-03" */
    char suffix[24];     /* Analyzer id suffix, "community-03" */
    char ip[16];         /* its public address: Target and externalIP */
    bool community;      /* submits with the community credentials */
    int tz_minutes;      /* the zone its clock reports in, east of UTC */
};

struct demo_gen {
    unsigned short rng[3];      /* nrand48/erand48 state of this run */
    char pool[DEMO_POOL][16];   /* attacker addresses, the same in every run */
    struct demo_sensor sensors[DEMO_SENSORS];
};

/* The pool and sensors come from a fixed seed; seed picks this run's alerts. */
void demo_gen_init(struct demo_gen *g, unsigned seed);
/* Uniform in [0, 1). */
double demo_random(struct demo_gen *g);
/* A sensor; community ones send about 70 % of the traffic. */
const struct demo_sensor *demo_gen_sensor(struct demo_gen *g);
/*
 * Appends a whole message from sensor s signed by user/token, with one
 * alert per event time (UTC seconds) in times[0..n).
 */
void demo_gen_message(struct demo_gen *g, const struct demo_sensor *s, const char *user, const char *token,
                      const time_t *times, size_t n, struct buf *out);

#endif
