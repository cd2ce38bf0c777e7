/*
 * metrics.h: the counters behind GET /metrics, one set per machine: a section
 * of the state its workers share (host_state.h), which every worker adds to
 * with relaxed C11 atomics, so any worker can answer for all of them, under
 * peba's pool, spawn-fcgi and systemd socket activation alike.
 *
 * Its size is fixed (about 16 KB): requests and times by route (the route
 * table's row, at most METRICS_ROUTES - 1 rows; the last slot counts paths no
 * route has) and by status (METRICS_STATUS_CODES, the rest as "other"),
 * memcached's hits and misses by route, the ingest's alerts by outcome, and
 * the workers: starts, exits and one slot per live worker (METRICS_WORKERS).
 * The engine hosts' counters live in their health (engine_health.h).
 */
#ifndef PEBA_METRICS_H
#define PEBA_METRICS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define METRICS_ROUTES 32
#define METRICS_NO_ROUTE (METRICS_ROUTES - 1)
#define METRICS_WORKERS 256
/* The statuses peba answers; any other is counted as "other", in the slot after them. */
#define METRICS_STATUS_CODES 200, 302, 304, 400, 403, 404, 405, 413, 414, 500, 503
#define METRICS_STATUSES (sizeof(int[]){METRICS_STATUS_CODES} / sizeof(int) + 1)
/* Upper bounds of the latency buckets, in microseconds: 0.5 ms to 60 s, the longest engine budget. */
#define METRICS_BUCKET_BOUNDS_US                                                                             \
    500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000, \
        30000000, 60000000
#define METRICS_BUCKETS (sizeof(uint64_t[]){METRICS_BUCKET_BOUNDS_US} / sizeof(uint64_t))

enum metrics_ingest { METRICS_STORED, METRICS_REJECTED, METRICS_NOT_STORED, METRICS_INGEST_OUTCOMES };

struct metrics_histogram {
    _Atomic uint64_t
        counts[METRICS_BUCKETS + 1]; /* per bucket, not cumulative; the last: above every bound */
    _Atomic uint64_t sum_us;
};

struct metrics_area {
    _Atomic int64_t created; /* unix seconds */
    _Atomic uint64_t requests[METRICS_ROUTES][METRICS_STATUSES];
    struct metrics_histogram request_time[METRICS_ROUTES]; /* in the worker, arrival to last byte */
    struct metrics_histogram engine_time[METRICS_ROUTES];  /* of the requests that reached the engine */
    _Atomic uint64_t cache[METRICS_ROUTES][2];             /* memcached: [0] misses, [1] hits */
    _Atomic uint64_t ingest[METRICS_INGEST_OUTCOMES];      /* alerts */
    _Atomic uint64_t worker_starts, worker_exits;
    _Atomic uint64_t workers[METRICS_WORKERS]; /* a live worker's identity (see metrics.c), 0: free */
};

/* A new area's creation time; everything else starts at zero. */
void metrics_init(struct metrics_area *m, time_t now);

/* The status's slot of requests[route][]: its own, or the last one's ("other"). */
size_t metrics_status_slot(int status);
/* The status code of slot i; 0 for the last one ("other"). */
int metrics_status_code(size_t i);
/* The upper bound of bucket i < METRICS_BUCKETS in seconds. */
double metrics_bucket_seconds(size_t i);

/*
 * One answered request of route (a row of the route table, or
 * METRICS_NO_ROUTE) with its status and time; engine_us, when it reached the
 * engine. A handful of relaxed atomic additions.
 */
void metrics_request(struct metrics_area *m, size_t route, int status, uint64_t time_us, bool engine,
                     uint64_t engine_us);
/* A memcached lookup of route's answer. */
void metrics_cache(struct metrics_area *m, size_t route, bool hit);
/* n alerts of an ingest message ended with outcome. */
void metrics_ingest(struct metrics_area *m, enum metrics_ingest outcome, size_t n);

/*
 * The worker process pid has started: counted, and it takes a slot (a free
 * one, or one whose process has ended) that makes it count as live until
 * metrics_worker_exit or its death. No slot when more than METRICS_WORKERS
 * run: it is counted as started but not as live.
 */
void metrics_worker_start(struct metrics_area *m, int pid);
/* The worker process pid ends by itself (a stop): counted, its slot freed. */
void metrics_worker_exit(struct metrics_area *m, int pid);
/* The workers whose slots name a process that still runs. */
size_t metrics_live_workers(const struct metrics_area *m);

#endif
