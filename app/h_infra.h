/* h_infra.h: the routes that are not alert queries: /, /heartbeat and /alert/heartbeat. */
#ifndef PEBA_H_INFRA_H
#define PEBA_H_INFRA_H

#include "route.h"

peba_err handle_root(struct worker *w, const struct request *req, struct response *res);
peba_err handle_heartbeat(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alert_heartbeat(struct worker *w, const struct request *req, struct response *res);

#endif
