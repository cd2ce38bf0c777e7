/*
 * host_state.h: what the workers of one machine share: a small file mapped
 * into every worker (MAP_SHARED) in a run directory ([server] state_dir),
 * which each worker creates or attaches to by itself. So it works the same
 * under peba's own pool, spawn-fcgi and systemd socket activation, with no
 * master involved. It holds each search-engine host's health
 * (engine_health.h), then the counters of GET /metrics (metrics.h); further
 * sections go at its end, with a new HOST_STATE_VERSION. The file is about
 * 26 KB: HOST_STATE_ENGINES slots and one struct metrics_area.
 *
 * The file is created, checked and its slots claimed under flock(); after
 * that only atomics are touched. A file of another layout (an older peba)
 * is replaced by a new one, which processes still using the old one do not
 * see. Without a usable directory (empty state_dir, no permission) the
 * state is the process's own, and host_state_shared() says so.
 */
#ifndef PEBA_HOST_STATE_H
#define PEBA_HOST_STATE_H

#include <stdbool.h>

#include "engine_health.h"
#include "metrics.h"

#define HOST_STATE_FILE "host-state"
#define HOST_STATE_ENGINES 32  /* engine hosts remembered, over every configuration and reload */
#define HOST_STATE_URL_MAX 256 /* config.c refuses longer host URLs */

struct host_state;

/* Maps dir/host-state (dir NULL or "": a private state); NULL only when out of memory. */
struct host_state *host_state_open(const char *dir);
void host_state_close(struct host_state *hs);
/* Whether the state is shared with the machine's other workers (false: this process's own). */
bool host_state_shared(const struct host_state *hs);
/*
 * The health of the engine host with this URL (shorter than
 * HOST_STATE_URL_MAX): the shared slot of that URL, claimed on first use; a
 * private one when the table is full. Valid until host_state_close.
 */
struct engine_health *host_state_engine(struct host_state *hs, const char *url);
/* The machine's metrics (this process's own when the state is not shared). Valid until host_state_close. */
struct metrics_area *host_state_metrics(struct host_state *hs);

#endif
