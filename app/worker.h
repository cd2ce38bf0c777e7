/* worker.h: one FastCGI worker process: its state across requests, the accept loop, stop and reload. */
#ifndef PEBA_WORKER_H
#define PEBA_WORKER_H

#include "buf.h"
#include "cache.h"
#include "config.h"
#include "es_client.h"
#include "geo.h"
#include "host_state.h"
#include "metrics.h"
#include "response.h"

/* Everything one worker process owns; created once, reused by every request. */
struct worker {
    struct peba_config cfg;
    const char *config_path;
    struct host_state *hosts; /* what the machine's workers share: the engine hosts' health, the metrics */
    struct metrics_area *metrics; /* in hosts */
    struct es_client *es;
    struct cache *cache;
    struct geo *geo; /* GeoIP databases of the ingest route (lib/geo.h) */
    struct response res;
    struct buf body;      /* the request body of POST routes */
    struct buf cache_key; /* dispatch.c's key of the request in flight, built once per request */
    unsigned long requests;
    unsigned long cache_hits;
};

/*
 * Serves FastCGI requests accepted on listen_fd until SIGTERM (the request
 * in flight finishes first). SIGHUP re-reads config_path between requests.
 * Returns the process exit status.
 */
int worker_run(int listen_fd, const char *config_path);

#endif
