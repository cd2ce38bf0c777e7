/*
 * es_query.h: building blocks for search bodies (cJSON, never pasted text)
 * and the index expressions of the original's daily-index layout.
 */
#ifndef PEBA_ES_QUERY_H
#define PEBA_ES_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"

/* Data domain selected by the `ci` parameter: community, private or both. */
enum data_domain {
    DOMAIN_COMMUNITY, /* ci absent or 1: clientDomain true */
    DOMAIN_PRIVATE,   /* ci=0: clientDomain false */
    DOMAIN_BOTH,      /* ci=-1 */
};

/*
 * Writes the URL-encoded index expression covering `days` daily indices,
 * today first, as ES date math (`<ews-{now/d}-*>,<ews-{now/d-1d}-*>`...);
 * days == 0 means all alert indices (`ews-*`).
 */
void esq_index_days(struct buf *out, const char *prefix, int days);

/* {"terms": {"clientDomain": [...]}} for the domain. */
cJSON *esq_domain_filter(enum data_domain domain);
/* {"range": {field: {"gte": gte[, "lt"|"lte": upper]}}}; upper_op and upper may be NULL. */
cJSON *esq_range(const char *field, const char *gte, const char *upper_op, const char *upper);
/* {"term": {field: value}} with a string value. */
cJSON *esq_term(const char *field, const char *value);
/* {"terms": {"field": field, "size": size}} (a terms aggregation body, size > 0). */
cJSON *esq_terms_agg(const char *field, int size);
/* Adds `"track_total_hits": true` so counts are exact past 10,000 on ES 7+. */
void esq_track_total(cJSON *body);

/* Adds item to the array named `key` of obj, creating the array; returns item. */
cJSON *esq_push(cJSON *obj, const char *key, cJSON *item);
/* obj[key], creating an empty object when missing. */
cJSON *esq_object(cJSON *obj, const char *key);

#endif
