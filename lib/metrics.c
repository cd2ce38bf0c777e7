/* metrics.c: the machine's request, cache, ingest and worker counters: relaxed atomics on the shared state. */
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shared between processes, the atomics must not fall back to a lock that lives in one process only. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "lock-free 64-bit atomics needed");

static const int status_codes[] = {METRICS_STATUS_CODES};
static const uint64_t bounds_us[] = {METRICS_BUCKET_BOUNDS_US};

/*
 * A worker's slot holds its pid and its start time (in clock ticks since boot, /proc/PID/stat), so a
 * slot whose worker died never counts a later process that got the same pid.
 */
#define PID_BITS 22 /* Linux's PID_MAX_LIMIT is 2^22 */
#define PID_MASK ((UINT64_C(1) << PID_BITS) - 1)

void metrics_init(struct metrics_area *m, time_t now)
{
    atomic_store(&m->created, (int64_t)now);
}

size_t metrics_status_slot(int status)
{
    size_t i = 0;

    while (i < METRICS_STATUSES - 1 && status_codes[i] != status)
        i++;
    return i;
}

int metrics_status_code(size_t i)
{
    return i < METRICS_STATUSES - 1 ? status_codes[i] : 0;
}

double metrics_bucket_seconds(size_t i)
{
    return (double)bounds_us[i] / 1e6;
}

static void observe(struct metrics_histogram *h, uint64_t us)
{
    size_t i = 0;

    while (i < METRICS_BUCKETS && us > bounds_us[i])
        i++;
    atomic_fetch_add_explicit(&h->counts[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->sum_us, us, memory_order_relaxed);
}

void metrics_request(struct metrics_area *m, size_t route, int status, uint64_t time_us, bool engine,
                     uint64_t engine_us)
{
    if (route >= METRICS_ROUTES)
        route = METRICS_NO_ROUTE;
    atomic_fetch_add_explicit(&m->requests[route][metrics_status_slot(status)], 1, memory_order_relaxed);
    observe(&m->request_time[route], time_us);
    if (engine)
        observe(&m->engine_time[route], engine_us);
}

void metrics_cache(struct metrics_area *m, size_t route, bool hit)
{
    if (route < METRICS_ROUTES)
        atomic_fetch_add_explicit(&m->cache[route][hit], 1, memory_order_relaxed);
}

void metrics_ingest(struct metrics_area *m, enum metrics_ingest outcome, size_t n)
{
    atomic_fetch_add_explicit(&m->ingest[outcome], n, memory_order_relaxed);
}

/* The identity of a running process: pid and start time; 0 when it has ended (or is a zombie). */
static uint64_t identity(int pid)
{
    char path[64], text[1024];
    unsigned long long started;
    const char *p;
    FILE *f;
    size_t n;

    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (!(f = fopen(path, "re")))
        return 0;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    /* "pid (comm) state ppid ...": comm may hold anything, so fields count from its last ')' */
    if (!(p = strrchr(text, ')')) || p[1] != ' ' || p[2] == 'Z')
        return 0;
    p += 2;
    for (int field = 3; field < 22 && p; field++)
        if ((p = strchr(p, ' ')))
            p++;
    if (!p || sscanf(p, "%llu", &started) != 1)
        return 0;
    return (uint64_t)started << PID_BITS | (uint64_t)pid;
}

/* Whether a slot's value names a process that still runs. */
static bool running(uint64_t held)
{
    return held && identity((int)(held & PID_MASK)) == held;
}

void metrics_worker_start(struct metrics_area *m, int pid)
{
    uint64_t me = identity(pid);

    atomic_fetch_add_explicit(&m->worker_starts, 1, memory_order_relaxed);
    for (size_t i = 0; me && i < METRICS_WORKERS; i++) {
        uint64_t held = atomic_load(&m->workers[i]);

        if (!running(held) && atomic_compare_exchange_strong(&m->workers[i], &held, me))
            return;
    }
}

void metrics_worker_exit(struct metrics_area *m, int pid)
{
    uint64_t me = identity(pid);

    atomic_fetch_add_explicit(&m->worker_exits, 1, memory_order_relaxed);
    for (size_t i = 0; me && i < METRICS_WORKERS; i++) {
        uint64_t held = me;

        if (atomic_compare_exchange_strong(&m->workers[i], &held, 0))
            return;
    }
}

size_t metrics_live_workers(const struct metrics_area *m)
{
    size_t live = 0;

    for (size_t i = 0; i < METRICS_WORKERS; i++)
        live += running(atomic_load(&m->workers[i]));
    return live;
}
