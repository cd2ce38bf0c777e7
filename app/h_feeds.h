/* h_feeds.h: the private feeds: retrieveIPs, retrieveIPs15m, retrieveAlertsCyber, querySingleIP. */
#ifndef PEBA_H_FEEDS_H
#define PEBA_H_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "etag.h"
#include "ip_class.h"
#include "route.h"

/* The parameters of querySingleIP. */
enum { SINGLE_IP };
extern const struct param_list single_ip_params;

struct ip_count {
    unsigned char addr[IP_ADDR_LEN];
    long long count;
};
struct ip_counts { /* one growable array: 24 bytes an address */
    struct ip_count *items;
    size_t len, cap;
};
void ip_counts_free(struct ip_counts *list);

/* A span of the address space, [from, to) in the engine's order of `ip` values; open: to its end. */
struct ip_span {
    unsigned char from[IP_ADDR_LEN], to[IP_ADDR_LEN];
    bool open;
};
/*
 * The cells the address space is counted in: IPv4 by /8, 2000::/3 by its
 * first byte, and the rest of IPv6 in three cells around them.
 */
#define IP_CELLS 291
/* The window's alerts per cell, as an ip_range aggregation named "cells". */
cJSON *bad_ips_cells_query(long minutes, time_t now, enum data_domain domain);
/*
 * Joins neighbouring cells of that reply into spans of at most max_docs
 * alerts each (a cell with more is a span of its own) and leaves empty
 * cells out. Returns the number of spans (at most IP_CELLS) written to
 * out, and the alerts of all cells in *total.
 */
size_t bad_ips_spans(const cJSON *reply, long long max_docs, struct ip_span out[IP_CELLS], long long *total);
/*
 * Alerts received since now - minutes, per sourceEntryIp, as a composite
 * aggregation named "ips": all of them, or those whose address lies in span.
 */
cJSON *bad_ips_query(long minutes, time_t now, enum data_domain domain, int page_size,
                     const struct ip_span *span);
/* key_count_visitor of that aggregation: keeps globally routable addresses in ctx (struct ip_counts). */
peba_err bad_ips_visit(const char *key, long long count, void *ctx);
/* Most alerts first, ties by address (binary order, as the engine's terms order). */
void bad_ips_sort(struct ip_counts *list);
/* Writes the XML, JSON or text list; a streaming out is flushed as it fills. False when writing failed. */
bool bad_ips_write(const struct ip_counts *list, enum out_format format, struct buf *out);
/* The entity tag of the (sorted) list written in format: it changes whenever those bytes do. */
bool bad_ips_etag(const struct ip_counts *list, enum out_format format, char out[ETAG_SIZE]);
cJSON *alerts_cyber_query(enum data_domain domain, long max_alerts);
peba_err alerts_cyber_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *single_ip_query(const char *ip, enum data_domain domain, long max_alerts);
peba_err single_ip_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_bad_ips(struct worker *w, const struct request *req, struct response *res);
peba_err handle_bad_ips_15m(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alerts_cyber(struct worker *w, const struct request *req, struct response *res);
peba_err handle_single_ip(struct worker *w, const struct request *req, struct response *res);

#endif
