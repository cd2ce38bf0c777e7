/* engine_health.c: a search-engine host's health: failures in a row, a doubling wait, one probe at a time. */
#include "engine_health.h"

#include <stdio.h>
#include <time.h>

/* Shared between processes, the atomics must not fall back to a lock that lives in one process only. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
               "lock-free 32- and 64-bit atomics needed");

/* The stored fault: its kind in the top byte, its detail below. */
static uint32_t fault_code(enum engine_fault fault, uint32_t detail)
{
    return (uint32_t)fault << 24 | (detail & 0xffffffu);
}

enum engine_admission engine_admit(struct engine_health *h, int64_t now, int64_t probe_ms,
                                   const struct engine_backoff *b)
{
    int64_t until = atomic_load(&h->failed_until);
    int64_t probe;

    if (until == 0)
        return ENGINE_GO;
    if (now < until && until - now <= b->max_ms)
        return ENGINE_WAIT;
    probe = atomic_load(&h->probe_until);
    if (probe > now)
        return ENGINE_WAIT;
    return atomic_compare_exchange_strong(&h->probe_until, &probe, now + probe_ms) ? ENGINE_PROBE
                                                                                   : ENGINE_WAIT;
}

void engine_succeeded(struct engine_health *h, long status)
{
    atomic_fetch_add(&h->requests, 1);
    if (status >= 400)
        atomic_fetch_add(&h->error_answers, 1);
    if (atomic_load(&h->failed_until) == 0)
        return; /* the common case stays one shared write */
    atomic_store(&h->failures, 0);
    atomic_store(&h->failed_until, 0);
    atomic_store(&h->probe_until, 0);
}

void engine_failed(struct engine_health *h, int64_t now, enum engine_fault fault, uint32_t detail,
                   const struct engine_backoff *b)
{
    uint32_t failures = atomic_fetch_add(&h->failures, 1) + 1;
    int64_t wait = b->first_ms;

    for (uint32_t i = 1; i < failures && wait < b->max_ms; i++)
        wait *= 2;
    if (wait > b->max_ms)
        wait = b->max_ms;
    atomic_fetch_add(&h->requests, 1);
    atomic_fetch_add(&h->faults[fault], 1);
    atomic_store(&h->last_fault, fault_code(fault, detail));
    atomic_store(&h->failed_at, now);
    atomic_store(&h->failed_until, now + wait);
    atomic_store(&h->probe_until, 0);
}

void engine_probe_release(struct engine_health *h)
{
    atomic_store(&h->probe_until, 0);
}

void engine_view(const struct engine_health *h, int64_t now, struct engine_view *out)
{
    int64_t until = atomic_load(&h->failed_until);
    int64_t at = atomic_load(&h->failed_at);
    uint32_t fault = atomic_load(&h->last_fault);

    out->failures = atomic_load(&h->failures);
    out->requests = atomic_load(&h->requests);
    out->faults = 0;
    for (int i = 0; i < ENGINE_FAULT_KINDS; i++) {
        out->faults_by_kind[i] = atomic_load(&h->faults[i]);
        out->faults += out->faults_by_kind[i];
    }
    out->error_answers = atomic_load(&h->error_answers);
    out->retry_in_ms = 0;
    out->failed_ago_ms = at && at <= now ? now - at : -1;
    if (until == 0)
        out->state = ENGINE_HEALTHY;
    else if (now < until)
        out->state = ENGINE_FAILED, out->retry_in_ms = until - now;
    else
        out->state = atomic_load(&h->probe_until) > now ? ENGINE_PROBING : ENGINE_ON_TRIAL;
    out->last_fault[0] = '\0';
    if (out->faults)
        engine_fault_text((enum engine_fault)(fault >> 24), fault & 0xffffffu, out->last_fault,
                          sizeof out->last_fault);
}

const char *engine_state_name(enum engine_state s)
{
    static const char *const names[] = {[ENGINE_HEALTHY] = "healthy",
                                        [ENGINE_FAILED] = "failed",
                                        [ENGINE_ON_TRIAL] = "on trial",
                                        [ENGINE_PROBING] = "probing"};

    return names[s];
}

bool engine_usable(const struct engine_view *v)
{
    return v->state == ENGINE_HEALTHY || v->state == ENGINE_ON_TRIAL;
}

const char *engine_fault_name(enum engine_fault fault)
{
    static const char *const names[] = {[ENGINE_REFUSED] = "refused",
                                        [ENGINE_TIMEOUT] = "timeout",
                                        [ENGINE_BROKEN] = "broken",
                                        [ENGINE_OVERLOAD] = "overload"};

    return names[fault];
}

void engine_fault_text(enum engine_fault fault, uint32_t detail, char *out, size_t size)
{
    switch (fault) {
    case ENGINE_REFUSED: snprintf(out, size, "refused the connection"); return;
    case ENGINE_TIMEOUT: snprintf(out, size, "timed out after %u ms", (unsigned)detail); return;
    case ENGINE_BROKEN: snprintf(out, size, "broke the connection"); return;
    case ENGINE_OVERLOAD: snprintf(out, size, "answered %u", (unsigned)detail); return;
    }
    snprintf(out, size, "failed");
}

int64_t engine_clock_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
