/*
 * engine_health.h: the health of one search-engine host, kept where every
 * worker of a machine sees it (host_state.h): healthy; failed until a moment
 * (the wait doubles with each failure in a row, up to a maximum); or, once
 * that moment has passed, on trial: one request at a time (the probe) may try
 * it until one succeeds. Every field is a lock-free C11 atomic, so the struct
 * works inside a mapping shared by processes. Times are milliseconds of
 * CLOCK_MONOTONIC, which all processes of a machine share; callers pass
 * them in, so the rules are testable without waiting.
 */
#ifndef PEBA_ENGINE_HEALTH_H
#define PEBA_ENGINE_HEALTH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a host failed a request; the detail is an HTTP status or the milliseconds a transfer was given. */
enum engine_fault {
    ENGINE_REFUSED,  /* no connection (refused, unreachable, unresolved, TLS handshake) */
    ENGINE_TIMEOUT,  /* no answer within the time the transfer had */
    ENGINE_BROKEN,   /* the connection broke (reset, closed without an answer) */
    ENGINE_OVERLOAD, /* answered 429, 502 or 503 */
};
#define ENGINE_FAULT_KINDS (ENGINE_OVERLOAD + 1)

struct engine_health {
    _Atomic int64_t failed_until; /* 0: healthy; else failed until then, on trial after */
    _Atomic int64_t failed_at;    /* when the last failure happened */
    _Atomic int64_t probe_until;  /* a probe is in flight until then (a dead prober frees it then) */
    _Atomic uint32_t failures;    /* failures in a row */
    _Atomic uint32_t last_fault;  /* engine_fault_code() of the last failure */
    /* since the state was created: requests that reached the host, of them failures by kind, and
     * answers of 400 or more that were no failure of the host (a query it refused, a missing index) */
    _Atomic uint64_t requests;
    _Atomic uint64_t faults[ENGINE_FAULT_KINDS];
    _Atomic uint64_t error_answers;
};

/* How long a failed host is left alone: first_ms after a first failure, doubling up to max_ms. */
struct engine_backoff {
    long first_ms;
    long max_ms;
};

enum engine_admission {
    ENGINE_GO,    /* healthy: send */
    ENGINE_PROBE, /* on trial and this caller holds the one probe: send, then report the outcome */
    ENGINE_WAIT,  /* failed, or another caller's probe is in flight: try another host */
};

/*
 * May a request go to the host now? A probe holds its claim for at most
 * probe_ms. A failure further in the future than b allows (a state file that
 * outlived a reboot, where the clock starts again) counts as over.
 */
enum engine_admission engine_admit(struct engine_health *h, int64_t now, int64_t probe_ms,
                                   const struct engine_backoff *b);
/* The host answered with this HTTP status: healthy again, its probe (if any) released. */
void engine_succeeded(struct engine_health *h, long status);
/* The host failed with fault (detail: status or ms): failed for the next wait of b, its probe released. */
void engine_failed(struct engine_health *h, int64_t now, enum engine_fault fault, uint32_t detail,
                   const struct engine_backoff *b);
/* A probe that ended without a verdict on the host (the request's own fault): another caller may probe. */
void engine_probe_release(struct engine_health *h);

/* What the heartbeat shows of a host. */
enum engine_state { ENGINE_HEALTHY, ENGINE_FAILED, ENGINE_ON_TRIAL, ENGINE_PROBING };

struct engine_view {
    enum engine_state state;
    uint32_t failures;         /* in a row */
    int64_t retry_in_ms;       /* ENGINE_FAILED: until the next probe may go */
    int64_t failed_ago_ms;     /* since the last failure (-1: none) */
    uint64_t requests, faults; /* faults: of every kind */
    uint64_t faults_by_kind[ENGINE_FAULT_KINDS], error_answers;
    char last_fault[64]; /* "timed out after 2000 ms", "refused the connection", ... ("" when none) */
};

/* A consistent-enough snapshot for display (fields are read one by one). */
void engine_view(const struct engine_health *h, int64_t now, struct engine_view *out);
/* "healthy", "failed", "on trial", "probing". */
const char *engine_state_name(enum engine_state s);
/* Whether a request may go to the host now or soon (healthy or on trial): when none may, the breaker is open. */
bool engine_usable(const struct engine_view *v);
/* "refused", "timeout", "broken", "overload": a fault's kind as one word. */
const char *engine_fault_name(enum engine_fault fault);
/* The text of a fault as engine_view shows it. */
void engine_fault_text(enum engine_fault fault, uint32_t detail, char *out, size_t size);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t engine_clock_ms(void);

#endif
