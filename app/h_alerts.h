/* h_alerts.h: the dashboard's live ticker, retrieveAlertsJson. */
#ifndef PEBA_H_ALERTS_H
#define PEBA_H_ALERTS_H

#include <cjson/cJSON.h>

#include "route.h"

cJSON *alerts_json_query(enum data_domain domain);
peba_err alerts_json_map(const cJSON *reply, const struct request *req, struct buf *out);
/* The dashboard's requestString of one alert source, as the original derived it, as a new string (free()). */
char *alerts_json_request_string(const cJSON *source);
peba_err handle_alerts_json(struct worker *w, const struct request *req, struct response *res);

#endif
