/* h_dataset.h: the dashboard's per-day series: datasetAlertsPerMonth and datasetAlertTypesPerMonth. */
#ifndef PEBA_H_DATASET_H
#define PEBA_H_DATASET_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "route.h"

/* The parameters of both routes. */
enum { DATASET_DAYS };
extern const struct param_list dataset_params;

struct dataset_window {
    bool last_month; /* days absent: since 00:00 UTC one calendar month ago (no number of days) */
    long long days;  /* otherwise since 00:00 UTC `days` days ago */
};
struct dataset_window dataset_window_of(const struct param_value *days);
int dataset_index_days(struct dataset_window win);
/* One UTC-day histogram over the window up to today; per_type adds the peerType split. */
cJSON *dataset_query(struct dataset_window win, enum data_domain domain, bool per_type);
peba_err alerts_per_month_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err alert_types_per_month_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_alerts_per_month(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alert_types_per_month(struct worker *w, const struct request *req, struct response *res);

#endif
