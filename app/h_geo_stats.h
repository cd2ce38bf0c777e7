/* h_geo_stats.h: where attacks come from and go to: topCountriesAttacks and retrieveLatLonAttacks. */
#ifndef PEBA_H_GEO_STATS_H
#define PEBA_H_GEO_STATS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "route.h"

/* The parameters of topCountriesAttacks. */
enum { TOPC_MONTH_OFFSET, TOPC_TOPX };
extern const struct param_list top_countries_params;
/* The parameters of retrieveLatLonAttacks. */
enum { LATLON_OFFSET, LATLON_TOPX, LATLON_DIRECTION };
extern const struct param_list latlon_params;

cJSON *top_countries_query(long long month_offset, int topx, enum data_domain domain);
/* The body of the month req's monthOffset names; req->now dates it (UTC). */
peba_err top_countries_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *latlon_query(long long offset_days, int topx, bool destination, enum data_domain domain);
/* The body of the day req's offset names; req->now dates it (UTC). */
peba_err latlon_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_top_countries(struct worker *w, const struct request *req, struct response *res);
peba_err handle_latlon(struct worker *w, const struct request *req, struct response *res);

#endif
