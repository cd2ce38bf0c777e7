/*
 * faults.h: what the fault tests share (test_resilience.c, test_pools.c): a load of requests from a
 * thread of its own, second worker sets and nginx beside the stack (stack/variant), the stack's
 * memcached servers (stack/mc-ctl) and their counters, and the lines of the logs.
 */
#ifndef PEBA_FAULTS_H
#define PEBA_FAULTS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define LOAD_PARALLEL 4 /* requests in flight at once */
#define LOAD_FAILURES_KEPT 8
#define FAULT_STATE_MAX_S 15.0 /* for a state the stack reaches by itself: a log line, a worker set */

/* ---- load: LOAD_PARALLEL GET requests at a time, from a thread of its own with its own curl handles ---- */

struct load {
    char base[256];
    const char *const *paths;
    size_t npaths, next;
    /* each request its own URL (a `load=N` parameter peba ignores): no cache of nginx answers it */
    bool unique;
    atomic_bool stop;
    pthread_t thread;
    atomic_ulong sent, ok, failed; /* read while the load runs too */
    /* read after load_stop() */
    double slowest;
    char failures[LOAD_FAILURES_KEPT][200];
};

/* Starts sending GET base + paths[i], in turn, until load_stop(); unique as in struct load. */
void load_start(struct load *l, const char *base, const char *const *paths, size_t npaths, bool unique);
/* Waits until the load has had n more answers: it runs, whatever the stack is going through. */
void wait_for_answers(struct load *l, unsigned long n, const char *what);
/* Stops sending, waits for the answers in flight, reports them on stderr. */
void load_stop(struct load *l, const char *what);

/* ---- stack/variant (harness_variant_*): worker sets and an nginx beside the stack ---- */

/* harness_variant_up with an empty nginx access log, then the variant's HTTP_URL into base. */
void variant_up(const char *name, const char *settings, char *base, size_t size);
/* The pid in the variant's file (a pool master's: "workers.pid", "pool-2/workers.pid"). */
int variant_pid(const char *name, const char *file);

/* ---- memcached ---- */

/*
 * stack/mc-ctl RUNDIR verb name: stops or starts one of the stack's memcached servers (name NULL:
 * its own). A start puts the server's address in addr (unless NULL).
 */
void mc_ctl(const char *verb, const char *name, char *addr, size_t size);
/* A counter of the memcached servers (a libmemcached list; the first server's), such as total_items. */
unsigned long long mc_stat(const char *servers, const char *name);

/* ---- logs ---- */

/* Lines of text after byte offset `from` that contain every one of the (NULL-ended) words. */
int count_lines(const char *text, size_t from, ...);
/* The size of the file at path (0 when it cannot be read): where its next lines will begin. */
size_t file_size(const char *path);

#endif
