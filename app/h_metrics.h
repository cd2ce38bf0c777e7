/* h_metrics.h: GET /metrics: the counters of the machine's workers in Prometheus's text format. */
#ifndef PEBA_H_METRICS_H
#define PEBA_H_METRICS_H

#include <stdbool.h>

#include "buf.h"
#include "es_client.h"
#include "metrics.h"
#include "route.h"

/*
 * The page: m's counters by route (the route table's paths), the health of
 * es's hosts (their URLs without credentials) and whether m is shared by the
 * machine's workers. Pure but for reading the clock and /proc (live workers).
 */
void metrics_page(const struct metrics_area *m, const struct es_client *es, bool shared, struct buf *out);
peba_err handle_metrics(struct worker *w, const struct request *req, struct response *res);

#endif
