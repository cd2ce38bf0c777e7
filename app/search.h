/*
 * search.h: how handlers reach the search engine (the daily alert indices, a
 * named index, composite aggregations page by page) and read its replies.
 */
#ifndef PEBA_SEARCH_H
#define PEBA_SEARCH_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "route.h"

/* Turns a search reply into the response body; the shape every search-backed endpoint shares. */
typedef peba_err (*reply_mapper)(const cJSON *reply, const struct request *req, struct buf *out);

/* Runs query (consumed) against `index_days` daily alert indices (0: all). */
peba_err search_alerts(struct worker *w, int index_days, cJSON *query, cJSON **reply);
/*
 * Runs the n queries (consumed) against `index_days` daily alert indices in
 * one round trip (_msearch); replies[i] gets query i's reply (cJSON_Delete each).
 */
peba_err search_alerts_multi(struct worker *w, int index_days, cJSON **queries, size_t n, cJSON **replies);
/* search_alerts, then map the reply into res's body. */
peba_err search_and_map(struct worker *w, const struct request *req, struct response *res, int index_days,
                        cJSON *query, reply_mapper map);
/* Runs query (consumed) against one named index such as the statistics index (not user input). */
peba_err search_named_index(struct worker *w, const char *index, cJSON *query, cJSON **reply);
/* search_named_index, then map the reply into res's body. */
peba_err search_named_index_and_map(struct worker *w, const struct request *req, struct response *res,
                                    const char *index, cJSON *query, reply_mapper map);

/*
 * Whether every alert index of `index_days` (0: all) that maps field maps it
 * as type (an index without the field does not count against it) in *same.
 * Older indices may map an address as a keyword, where ranges of addresses
 * do not work.
 */
peba_err search_field_type_is(struct worker *w, int index_days, const char *field, const char *type,
                              bool *same);
/* The same for the reply of GET <indices>/_mapping/field/<field> (Elasticsearch 6 nests a mapping type). */
bool mapping_type_is(const cJSON *reply, const char *field, const char *type);

/* Takes one bucket of a composite aggregation page. */
typedef peba_err (*bucket_visitor)(const cJSON *bucket, void *ctx);
/*
 * Runs query (consumed), whose aggs.<name> is a composite aggregation, page
 * by page against `index_days` alert indices, handing every bucket to visit:
 * exact results however many buckets there are, within the engine's
 * search.max_buckets per page.
 */
peba_err search_composite(struct worker *w, int index_days, cJSON *query, const char *name,
                          bucket_visitor visit, void *ctx);
/* search_composite whose first page's reply is at hand (from search_alerts_multi; not consumed). */
peba_err search_composite_from(struct worker *w, int index_days, cJSON *query, const char *name,
                               const cJSON *first, bucket_visitor visit, void *ctx);
/* One page of that: visits reply's buckets; *after is the after_key when a full page may have a successor. */
peba_err composite_page(const cJSON *reply, const char *name, int page_size, bucket_visitor visit, void *ctx,
                        const cJSON **after);

/*
 * Takes one bucket of a one-source composite aggregation read as it is
 * parsed: its key (NULL when that is no plain string) and count.
 */
typedef peba_err (*key_count_visitor)(const char *key, long long count, void *ctx);
/*
 * search_composite for a composite aggregation of the one source `source`,
 * each page read as it is parsed (yajl's callbacks) instead of into a tree:
 * for listings of hundreds of thousands of buckets.
 */
peba_err search_composite_keys(struct worker *w, int index_days, cJSON *query, const char *name,
                               const char *source, key_count_visitor visit, void *ctx);
/*
 * One page of that, the reply's text: visits its buckets; *after gets the
 * after_key (cJSON_Delete it) when a full page may have a successor, else NULL.
 * Text that is not JSON, a bucket that is no object or has no integer
 * doc_count, buckets that are no list, or a full page's after_key without a
 * plain string `source` are the engine's fault (PEBA_E_BACKEND); a reply
 * without the aggregation or its buckets holds no data.
 */
peba_err composite_keys_page(const char *text, size_t len, const char *name, const char *source,
                             int page_size, key_count_visitor visit, void *ctx, cJSON **after);

/* The reply's aggregations.<path...> object (NULL-terminated names), or NULL. */
const cJSON *reply_agg(const cJSON *reply, ...);
/* An integer field of obj (doc_count and such), 0 when absent. */
long long json_count(const cJSON *obj, const char *name);
/* A string field of obj, or NULL when absent or not a string. */
const char *json_text(const cJSON *obj, const char *name);
/*
 * body.aggs.communityfilter filtering the data domain, with the original's
 * aggregation name, so replies keep the layout the mappers read; returns the
 * filter's aggs object for the route's own aggregations.
 */
cJSON *domain_aggs(cJSON *body, enum data_domain domain);
/* Writes doc (NULL: out of memory) as the JSON body and frees it. */
peba_err write_json_doc(struct buf *out, cJSON *doc);
/* An empty `{}` answer stays uncached (the original cached getStats and tops only when they found data). */
void skip_cache_when_empty(struct response *res);

#endif
