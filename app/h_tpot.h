/* h_tpot.h: TpotStats: alerts, T-Pot installations and daemons of the community on one UTC day. */
#ifndef PEBA_H_TPOT_H
#define PEBA_H_TPOT_H

#include <stdbool.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "route.h"

enum { TPOT_DAY };
extern const struct param_list tpot_params;

enum tpot_scan { TPOT_NEW_DAEMONS, TPOT_OLD_DAEMONS, TPOT_NEW_TYPES, TPOT_OLD_TYPES, TPOT_SCANS };
struct tpot_stats {
    cJSON *doc;                                              /* the answer being built */
    cJSON *community, *alerts_per_type, *honeypots_per_type; /* parts of doc */
    long long alerts, honeypots, daemons;
    char *last_host; /* host of the scan's previous bucket */
};
/* The first search: alerts of the UTC day starting at `day`, per type. */
cJSON *tpot_alerts_query(time_t day);
/* The four scans after it: one composite aggregation of (host, peerIdent or peerType) pairs each. */
cJSON *tpot_hosts_query(time_t day, enum tpot_scan scan);
bool tpot_stats_init(struct tpot_stats *st, time_t day);
void tpot_stats_free(struct tpot_stats *st);
peba_err tpot_read_alerts(const cJSON *reply, struct tpot_stats *st);
/* Bucket visitors of the scans (ctx: struct tpot_stats; last_host NULL at a scan's start). */
peba_err tpot_count_daemons(const cJSON *bucket, void *ctx);
peba_err tpot_count_types(const cJSON *bucket, void *ctx);
/* Adds the totals and writes the body; st->doc is consumed. */
peba_err tpot_write(struct tpot_stats *st, struct buf *out);
/* The route's TTL once the day is over; a short one while it still collects alerts. */
unsigned tpot_cache_ttl(time_t day, time_t now, unsigned route_ttl);
peba_err handle_tpot_stats(struct worker *w, const struct request *req, struct response *res);

#endif
