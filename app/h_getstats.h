/* h_getstats.h: getStats: pre-computed community ratio statistics read from the statistics index. */
#ifndef PEBA_H_GETSTATS_H
#define PEBA_H_GETSTATS_H

#include <time.h>

#include <cjson/cJSON.h>

#include "route.h"

enum { GETSTATS_GTE, GETSTATS_LT, GETSTATS_VALUES };
extern const struct param_list getstats_params;

/* The 16 peerType names `values` may list (NULL-terminated; bit i of the parsed value is name i). */
extern const char *const getstats_types[];

struct stats_window {
    time_t gte, lt; /* UTCtimeFrom in [gte, lt) */
};
/* The window, by default the last 24 hours up to now (defaults that move with the clock), if gte < lt. */
peba_err getstats_window(const struct param_value *gte, const struct param_value *lt, time_t now,
                         struct stats_window *win);
cJSON *getstats_query(struct stats_window win, long long types);
peba_err getstats_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_get_stats(struct worker *w, const struct request *req, struct response *res);

#endif
