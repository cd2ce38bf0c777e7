/*
 * h_feeds.c: the private feeds of authenticated partners: the bad-IP lists
 * (retrieveIPs, retrieveIPs15m), the newest alerts with attacker addresses
 * (retrieveAlertsCyber) and the alerts of one address (querySingleIP).
 */
#include "h_feeds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "h_counts.h"
#include "json_writer.h"
#include "search.h"
#include "timeutil.h"
#include "worker.h"
#include "xml_writer.h"

#define BAD_IPS_WINDOW_15M 15
#define FEED_FLUSH_BYTES (64u << 10) /* streamed answers leave in chunks of about this size */
#define IP_COUNTS_FIRST 1024

/* any IPv4 or IPv6 address (the original took only global IPv4 and answered others with nothing) */
static const struct param_spec single_ip_specs[] = {
    [SINGLE_IP] = {.name = "ip", .validate = param_ip, .required = true},
};
const struct param_list single_ip_params = PARAM_LIST(single_ip_specs);

static const char *const cyber_fields[] = {
    "createTime",    "recievedTime",          "peerIdent", "peerType",      "country",
    "targetCountry", "originalRequestString", "location",  "sourceEntryIp",
};
static const char *const single_ip_fields[] = {"createTime", "peerType", "targetCountry",
                                               "originalRequestString"};

/* ---- bad-IP lists ---- */

/* {"size":0,"query":{"bool":{"filter":[the window, the domain]}}}, the bool object in *bool_q. */
static cJSON *window_body(long minutes, time_t now, enum data_domain domain, cJSON **bool_q)
{
    cJSON *body = cJSON_CreateObject();
    char since[UTC_STAMP_LEN];

    /* one fixed lower bound, so every search of the listing sees the same window */
    utc_format(now - (time_t)minutes * 60, since);
    cJSON_AddNumberToObject(body, "size", 0);
    *bool_q = esq_object(esq_object(body, "query"), "bool");
    esq_push(*bool_q, "filter", esq_range("recievedTime", since, NULL, NULL));
    esq_push(*bool_q, "filter", esq_domain_filter(domain));
    return body;
}

/* The first address of cell i of IP_CELLS, in the engine's order: ::, IPv4, the rest of ::/8, 2000::/3, the end. */
static void cell_start(size_t i, unsigned char addr[IP_ADDR_LEN])
{
    memset(addr, 0, IP_ADDR_LEN);
    if (i >= 1 && i <= 256) { /* ::ffff:(i-1).0.0.0, IPv4's /8s */
        addr[10] = addr[11] = 0xff;
        addr[12] = (unsigned char)(i - 1);
    } else if (i == 257) { /* ::1:0:0:0, right after ::ffff:255.255.255.255 */
        addr[9] = 1;
    } else if (i > 257) { /* 2000:: to 3f00:: by first byte, then 4000:: to the end */
        addr[0] = (unsigned char)(0x20 + (i - 258));
    }
}

cJSON *bad_ips_cells_query(long minutes, time_t now, enum data_domain domain)
{
    cJSON *bool_q, *body = window_body(minutes, now, domain, &bool_q);
    cJSON *agg = esq_object(esq_object(esq_object(body, "aggs"), "cells"), "ip_range");
    cJSON *ranges;

    cJSON_AddStringToObject(agg, "field", "sourceEntryIp");
    ranges = cJSON_AddArrayToObject(agg, "ranges");
    for (size_t i = 0; i < IP_CELLS; i++) {
        cJSON *range = cJSON_CreateObject();
        unsigned char addr[IP_ADDR_LEN];
        char key[8], text[IP_TEXT_MAX];

        snprintf(key, sizeof key, "%zu", i);
        cJSON_AddStringToObject(range, "key", key);
        cell_start(i, addr);
        cJSON_AddStringToObject(range, "from", ip_format(addr, text));
        if (i + 1 < IP_CELLS) {
            cell_start(i + 1, addr);
            cJSON_AddStringToObject(range, "to", ip_format(addr, text));
        }
        cJSON_AddItemToArray(ranges, range);
    }
    return body;
}

/*
 * The spans cover the whole address space, empty cells included: an address
 * that arrives in one between this count and the listing is still listed.
 */
size_t bad_ips_spans(const cJSON *reply, long long max_docs, struct ip_span out[IP_CELLS], long long *total)
{
    long long count[IP_CELLS] = {0}, sum = 0;
    const cJSON *bucket;
    size_t n = 0;

    cJSON_ArrayForEach(bucket, cJSON_GetObjectItemCaseSensitive(reply_agg(reply, "cells", NULL), "buckets")) {
        const char *key = json_text(bucket, "key");
        char *end;
        unsigned long i = key ? strtoul(key, &end, 10) : IP_CELLS;

        if (key && *key && !*end && i < IP_CELLS)
            count[i] = json_count(bucket, "doc_count");
    }
    *total = 0;
    for (size_t i = 0; i < IP_CELLS; i++) {
        if (i == 0 || (sum > 0 && sum + count[i] > max_docs)) {
            if (n) {
                cell_start(i, out[n - 1].to);
                out[n - 1].open = false;
            }
            cell_start(i, out[n].from);
            out[n++].open = true;
            sum = 0;
        }
        sum += count[i];
        *total += count[i];
    }
    return n;
}

cJSON *bad_ips_query(long minutes, time_t now, enum data_domain domain, int page_size,
                     const struct ip_span *span)
{
    cJSON *bool_q, *body = window_body(minutes, now, domain, &bool_q);
    cJSON *source = cJSON_CreateObject();
    cJSON *composite;

    if (span) {
        char from[IP_TEXT_MAX], to[IP_TEXT_MAX];

        ip_format(span->from, from);
        esq_push(bool_q, "filter",
                 esq_range("sourceEntryIp", from, span->open ? NULL : "lt",
                           span->open ? NULL : ip_format(span->to, to)));
    }
    composite = esq_object(esq_object(esq_object(body, "aggs"), "ips"), "composite");
    cJSON_AddNumberToObject(composite, "size", page_size);
    cJSON_AddStringToObject(esq_object(esq_object(source, "ip"), "terms"), "field", "sourceEntryIp");
    esq_push(composite, "sources", source);
    return body;
}

static bool ip_counts_push(struct ip_counts *list, const unsigned char addr[IP_ADDR_LEN], long long count)
{
    if (list->len == list->cap) {
        size_t cap = list->cap ? list->cap : IP_COUNTS_FIRST / 2, bytes;
        struct ip_count *items;

        if (__builtin_mul_overflow(cap, 2, &cap) || __builtin_mul_overflow(cap, sizeof *items, &bytes) ||
            !(items = realloc(list->items, bytes)))
            return false;
        list->items = items;
        list->cap = cap;
    }
    memcpy(list->items[list->len].addr, addr, IP_ADDR_LEN);
    list->items[list->len++].count = count;
    return true;
}

void ip_counts_free(struct ip_counts *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}

peba_err bad_ips_visit(const char *key, long long count, void *ctx)
{
    unsigned char addr[IP_ADDR_LEN];

    /* a keyword-mapped index may hold text that is no address: it is no bad IP either */
    if (!key || !ip_parse(key, addr) || !ip_is_global(addr))
        return PEBA_OK;
    if (!ip_counts_push(ctx, addr, count))
        return peba_fail(PEBA_E_NOMEM, "out of memory collecting addresses");
    return PEBA_OK;
}

/* Most alerts first; ties by address in the engine's binary order (IPv4 before 2000::/3). */
static int by_count_then_address(const void *a, const void *b)
{
    const struct ip_count *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return memcmp(x->addr, y->addr, IP_ADDR_LEN);
}

void bad_ips_sort(struct ip_counts *list)
{
    if (list->len > 1)
        qsort(list->items, list->len, sizeof list->items[0], by_count_then_address);
}

static void bad_ips_xml(const struct ip_counts *list, struct buf *out)
{
    struct xml_writer w;
    char ip[IP_TEXT_MAX];

    xml_begin(&w, out, "EWSSimpleIPInfo");
    xml_open(&w, "Sources");
    for (size_t i = 0; i < list->len && buf_maybe_flush(out, FEED_FLUSH_BYTES); i++) {
        ip_format(list->items[i].addr, ip);
        xml_open(&w, "Source");
        xml_leaf(&w, "Address", ip);
        xml_leaf_int(&w, "Count", list->items[i].count);
        xml_close(&w);
    }
    xml_end(&w);
}

static void bad_ips_json(const struct ip_counts *list, struct buf *out)
{
    char ip[IP_TEXT_MAX];

    buf_putc(out, '[');
    for (size_t i = 0; i < list->len && buf_maybe_flush(out, FEED_FLUSH_BYTES); i++) {
        ip_format(list->items[i].addr, ip);
        buf_puts(out, i ? ",{\"count\":" : "{\"count\":");
        buf_put_int(out, list->items[i].count);
        buf_puts(out, ",\"ip\":");
        json_write_string(out, ip, strlen(ip));
        buf_putc(out, '}');
    }
    buf_puts(out, "]\n");
}

/* One address per line and nothing else: what ipset, nftables sets and firewall URL tables read. */
static void bad_ips_txt(const struct ip_counts *list, struct buf *out)
{
    char ip[IP_TEXT_MAX];

    for (size_t i = 0; i < list->len && buf_maybe_flush(out, FEED_FLUSH_BYTES); i++) {
        ip_format(list->items[i].addr, ip);
        buf_puts(out, ip);
        buf_putc(out, '\n');
    }
}

bool bad_ips_write(const struct ip_counts *list, enum out_format format, struct buf *out)
{
    if (format == FORMAT_JSON)
        bad_ips_json(list, out);
    else if (format == FORMAT_PLAIN)
        bad_ips_txt(list, out);
    else
        bad_ips_xml(list, out);
    return !out->failed;
}

/* The digest reads the array as it lies in memory, so it must hold no padding bytes. */
_Static_assert(sizeof(struct ip_count) == IP_ADDR_LEN + sizeof(long long), "struct ip_count has padding");

bool bad_ips_etag(const struct ip_counts *list, enum out_format format, char out[ETAG_SIZE])
{
    const char *kind = format == FORMAT_JSON ? "json" : format == FORMAT_PLAIN ? "txt" : "xml";

    /* the text form leaves the counts out, but they order it: hashing them too is never wrong */
    return etag_of(kind, list->items ? (const void *)list->items : "", list->len * sizeof *list->items, out);
}

/*
 * The list's entity tag goes out with it; a client that names it in
 * If-None-Match (a firewall polling every minute) gets a 304 without the
 * list. RFC 9110 has other methods than GET and HEAD answer 412 there, but
 * these POSTs only carry credentials and read, like a GET.
 */
static void bad_ips_answer(const struct ip_counts *list, const struct request *req, struct response *res)
{
    char etag[ETAG_SIZE];

    if (bad_ips_etag(list, req->format, etag)) {
        response_header(res, "ETag", etag);
        if (etag_none_match(req->if_none_match, etag)) {
            res->status = 304;
            return;
        }
    }
    bad_ips_write(list, req->format, &res->body);
}

/*
 * A composite aggregation reads its whole query again for every page, so
 * one listing of 500,000 addresses in pages of 25,000 searches the window
 * twenty times. Counted per cell of the address space first, the window
 * splits into spans of at most a page of alerts each, and each span's
 * search reads only its part of the window (the `ip` field's index finds
 * it). No spans (*n 0) when one page holds the window anyway, or when an
 * index maps the address as something else than `ip` (a keyword of older
 * data), where ranges of addresses are not ranges of text.
 */
static peba_err plan_spans(struct worker *w, const struct request *req, long minutes, int days,
                           struct ip_span spans[IP_CELLS], size_t *n)
{
    long long total = 0;
    cJSON *reply = NULL;
    bool ip_typed;
    peba_err err = search_field_type_is(w, days, "sourceEntryIp", "ip", &ip_typed);

    *n = 0;
    if (err != PEBA_OK || !ip_typed)
        return err;
    err = search_alerts(w, days, bad_ips_cells_query(minutes, req->now, req->domain), &reply);
    if (err == PEBA_OK)
        *n = bad_ips_spans(reply, w->cfg.ip_page_size, spans, &total);
    if (total <= w->cfg.ip_page_size)
        *n = 0;
    cJSON_Delete(reply);
    return err;
}

/*
 * The whole list is collected (compactly, 24 bytes an address) before the
 * first byte goes out: an engine failure on a later page is still a clean
 * 503, and the sort needs every count anyway. Only the text is streamed.
 */
static peba_err bad_ips(struct worker *w, const struct request *req, struct response *res, long minutes)
{
    struct count_window win = {.today = false, .minutes = minutes};
    int days = count_window_index_days(win), page_size = (int)w->cfg.ip_page_size;
    struct ip_counts list = {NULL, 0, 0};
    struct ip_span spans[IP_CELLS];
    size_t n = 0;
    peba_err err = plan_spans(w, req, minutes, days, spans, &n);

    for (size_t i = 0; err == PEBA_OK && i < (n ? n : 1); i++)
        err = search_composite_keys(
            w, days, bad_ips_query(minutes, req->now, req->domain, page_size, n ? &spans[i] : NULL), "ips",
            "ip", bad_ips_visit, &list);
    if (err == PEBA_OK) {
        bad_ips_sort(&list);
        bad_ips_answer(&list, req, res);
    }
    ip_counts_free(&list);
    return err;
}

peba_err handle_bad_ips(struct worker *w, const struct request *req, struct response *res)
{
    return bad_ips(w, req, res, w->cfg.badip_timespan);
}

peba_err handle_bad_ips_15m(struct worker *w, const struct request *req, struct response *res)
{
    return bad_ips(w, req, res, BAD_IPS_WINDOW_15M);
}

/* ---- alert lists ---- */

/* {"query":..., "sort": {field: desc}, "size": n, "_source": [...]}: the newest n alerts of a query. */
static cJSON *newest_alerts(cJSON *query, const char *sort_field, long size, const char *const *fields,
                            size_t nfields)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *source;

    cJSON_AddItemToObject(body, "query", query);
    cJSON_AddStringToObject(esq_object(esq_object(body, "sort"), sort_field), "order", "desc");
    cJSON_AddNumberToObject(body, "size", (double)size);
    source = cJSON_AddArrayToObject(body, "_source");
    for (size_t i = 0; i < nfields; i++)
        cJSON_AddItemToArray(source, cJSON_CreateStringReference(fields[i]));
    return body;
}

/* A leaf with the string field of obj; anything else (absent, a number, null) leaves it empty. */
static void field_leaf(struct xml_writer *w, const char *name, const cJSON *obj, const char *field)
{
    xml_leaf(w, name, json_text(obj, field));
}

static void trimmed_leaf(struct xml_writer *w, const char *name, const char *text, size_t len)
{
    while (len && strchr(" \t\n\r\v\f", *text)) {
        text++;
        len--;
    }
    while (len && strchr(" \t\n\r\v\f", text[len - 1]))
        len--;
    xml_leaf_len(w, name, text, len);
}

/* "<lat> , <lon>" split at the first ',', both parts trimmed; no ',' gives two empty values. */
static void location_leaves(struct xml_writer *w, const char *location)
{
    const char *comma = location ? strchr(location, ',') : NULL;

    if (!comma) {
        xml_leaf(w, "Latitude", NULL);
        xml_leaf(w, "Longitude", NULL);
        return;
    }
    trimmed_leaf(w, "Latitude", location, (size_t)(comma - location));
    trimmed_leaf(w, "Longitude", comma + 1, strlen(comma + 1));
}

typedef void (*alert_writer)(struct xml_writer *w, const cJSON *hit, const cJSON *source);

/* <EWSSimpleAlertInfo><Alerts> with one <Alert> per hit, in hit order. */
static peba_err alert_list(const cJSON *reply, struct buf *out, alert_writer write_alert)
{
    const cJSON *hits =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "hits"), "hits");
    const cJSON *hit;
    struct xml_writer w;

    if (!cJSON_IsArray(hits))
        return peba_fail(PEBA_E_BACKEND, "search engine reply has no hits");
    xml_begin(&w, out, "EWSSimpleAlertInfo");
    xml_open(&w, "Alerts");
    cJSON_ArrayForEach(hit, hits) {
        xml_open(&w, "Alert");
        field_leaf(&w, "Id", hit, "_id");
        write_alert(&w, hit, cJSON_GetObjectItemCaseSensitive(hit, "_source"));
        xml_close(&w);
    }
    xml_end(&w);
    return PEBA_OK;
}

cJSON *alerts_cyber_query(enum data_domain domain, long max_alerts)
{
    return newest_alerts(esq_domain_filter(domain), "recievedTime", max_alerts, cyber_fields,
                         ARRAY_LEN(cyber_fields));
}

/*
 * DateCreated is recievedTime and Peer/Country the honeypot's country: odd, but what the original
 * sent, and the partners' parsers read these fields by name.
 */
static void cyber_alert(struct xml_writer *w, const cJSON *hit, const cJSON *source)
{
    (void)hit;
    field_leaf(w, "DateCreated", source, "recievedTime");
    xml_open(w, "Peer");
    field_leaf(w, "Id", source, "peerIdent");
    field_leaf(w, "Type", source, "peerType");
    field_leaf(w, "Country", source, "targetCountry");
    xml_close(w);
    field_leaf(w, "Request", source, "originalRequestString");
    xml_open(w, "Source");
    field_leaf(w, "Address", source, "sourceEntryIp");
    field_leaf(w, "Country", source, "country");
    location_leaves(w, json_text(source, "location"));
    xml_close(w);
}

peba_err alerts_cyber_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    (void)req;
    return alert_list(reply, out, cyber_alert);
}

peba_err handle_alerts_cyber(struct worker *w, const struct request *req, struct response *res)
{
    return search_and_map(w, req, res, 2, alerts_cyber_query(req->domain, w->cfg.max_alerts),
                          alerts_cyber_map);
}

cJSON *single_ip_query(const char *ip, enum data_domain domain, long max_alerts)
{
    cJSON *query = cJSON_CreateObject();
    cJSON *bool_q = esq_object(query, "bool");

    esq_push(bool_q, "must", esq_term("sourceEntryIp", ip));
    esq_push(bool_q, "must", esq_domain_filter(domain));
    return newest_alerts(query, "createTime", max_alerts, single_ip_fields, ARRAY_LEN(single_ip_fields));
}

/* Here DateCreated is createTime and there is neither Peer/Id nor Source, again as the original sent it. */
static void single_ip_alert(struct xml_writer *w, const cJSON *hit, const cJSON *source)
{
    (void)hit;
    field_leaf(w, "DateCreated", source, "createTime");
    xml_open(w, "Peer");
    field_leaf(w, "Type", source, "peerType");
    field_leaf(w, "Country", source, "targetCountry");
    xml_close(w);
    field_leaf(w, "Request", source, "originalRequestString");
}

peba_err single_ip_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    (void)req;
    return alert_list(reply, out, single_ip_alert);
}

peba_err handle_single_ip(struct worker *w, const struct request *req, struct response *res)
{
    char ip[IP_TEXT_MAX];

    /* one spelling per address, whichever way the client wrote it */
    ip_format(req->params[SINGLE_IP].addr, ip);
    return search_and_map(w, req, res, 0, single_ip_query(ip, req->domain, w->cfg.max_alerts), single_ip_map);
}
