/* h_tops.h: tops: the most frequent attacked URLs or destination ports, each with its time line. */
#ifndef PEBA_H_TOPS_H
#define PEBA_H_TOPS_H

#include <cjson/cJSON.h>

#include "route.h"

enum { TOPS_TYPE, TOPS_DAYS, TOPS_TOPX };
extern const struct param_list tops_params;

enum tops_kind { TOPS_URLS, TOPS_PORTS };           /* the order of the `type` choices */
enum tops_span { TOPS_DAY, TOPS_WEEK, TOPS_MONTH }; /* the order of the `days` choices 1, 7, 28 */
struct tops_request {
    enum tops_kind kind;
    enum tops_span span;
    int topx;
};
struct tops_request tops_request_of(const struct request *req);
int tops_index_days(enum tops_span span);
cJSON *tops_query(struct tops_request t);
peba_err tops_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_tops(struct worker *w, const struct request *req, struct response *res);

#endif
