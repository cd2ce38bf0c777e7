/* h_counts.h: alert counts over recent windows: retrieveAlertsCount, ...CountWithType, retrieveAlertStats. */
#ifndef PEBA_H_COUNTS_H
#define PEBA_H_COUNTS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "route.h"

/* The parameters of retrieveAlertsCount and retrieveAlertsCountWithType. */
enum { COUNT_TIME };
extern const struct param_list count_params;

struct count_window {
    bool today;        /* time=day: since 00:00 UTC */
    long long minutes; /* otherwise the last N minutes */
};
struct count_window count_window_of(const struct param_value *time);
/*
 * The daily indices a window searches, as the original chose them: the days it touches plus one,
 * since an index is named after the day it was created and may still take alerts the day after.
 */
int count_window_index_days(struct count_window win);
cJSON *alerts_count_query(struct count_window win, enum data_domain domain);
peba_err alerts_count_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *alerts_count_with_type_query(struct count_window win, enum data_domain domain);
peba_err alerts_count_with_type_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *alert_stats_query(enum data_domain domain);
peba_err alert_stats_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_alerts_count(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alerts_count_with_type(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alert_stats(struct worker *w, const struct request *req, struct response *res);

#endif
