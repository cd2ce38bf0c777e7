/*
 * config.h: peba's configuration, read from one INI file. Every key has a
 * default, bounds and a row in one static table (config.c), except the
 * per-route settings, whose defaults are in the route table (app/routes.c);
 * docs/configuration.md documents both. Unknown keys and bad values fail at
 * start-up with the file, line and key named.
 */
#ifndef PEBA_CONFIG_H
#define PEBA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define CONFIG_MAX_HOSTS 8
#define CONFIG_HOST_URL_MAX 255 /* host_state.h keeps each host's URL in its shared slot */
/* The value of a count that may also be "auto" (replicas), when it is. */
#define CONFIG_AUTO (-1)

enum key_type { KEY_STRING, KEY_INT, KEY_INT_OR_AUTO, KEY_BOOL, KEY_INDEX_NAME };

/* A row of the key table (config.c): the key, where its value goes in struct peba_config, bounds, default. */
struct config_key {
    const char *section;
    const char *key;
    enum key_type type;
    size_t offset;
    long min, max;   /* KEY_INT and KEY_INT_OR_AUTO bounds */
    const char *def; /* default as text */
};

/* The i-th row of the key table, NULL past its end: for listings that must agree with it (peba.ini(5)). */
const struct config_key *config_key_at(size_t i);

/*
 * Per-route settings: X(id, section, min, max). A route's row in the route
 * table gives its default of each; the section named here may override it
 * per route, keyed by the route's name: [cache_ttl] tops = 60. A route whose
 * default is 0 takes no such setting, and its name is no key of the section.
 */
#define PEBA_ROUTE_SETTINGS(X)                                                           \
    X(ROUTE_CACHE_TTL, "cache_ttl", 0, 31536000)            /* seconds; 0: not cached */ \
    X(ROUTE_ENGINE_BUDGET, "engine_budget_ms", 100, 600000) /* all of a request's engine time */

enum route_setting {
#define PEBA_ROUTE_SETTING_ENUM(id, section, min, max) id,
    PEBA_ROUTE_SETTINGS(PEBA_ROUTE_SETTING_ENUM)
#undef PEBA_ROUTE_SETTING_ENUM
        ROUTE_SETTING_COUNT
};

/* A route as the per-route sections see it: the key it answers to and its default of each setting. */
struct config_route {
    const char *name;
    long defaults[ROUTE_SETTING_COUNT];
};

struct peba_config {
    char *path;

    /* [server] */
    char *cors_origin;
    char *default_response;
    long max_body_bytes;
    long ingest_max_body_bytes; /* POST /ews-0.1/alert/postSimpleMessage */
    long max_query_bytes;
    char *state_dir; /* the workers' shared state (host_state.h); "": each its own */

    /* [elasticsearch] */
    char *es_hosts_text;
    char *es_hosts[CONFIG_MAX_HOSTS];
    int es_host_count;
    long es_timeout_ms;
    long es_connect_timeout_ms;
    long es_retry_after_ms; /* a failed host is left alone this long, doubling up to the max */
    long es_retry_after_max_ms;
    long es_probe_timeout_ms; /* a failed host's probe: HEAD / within this, then the request */
    char *es_username;
    char *es_password;
    char *es_api_key;
    char *es_ca_file;
    bool es_verify_tls;
    long es_bulk_retries;        /* times a refused bulk item is sent again, */
    long es_bulk_retry_ms;       /* after this wait, doubled each time, */
    long es_bulk_retry_total_ms; /* all waits of one batch together at most this */
    char *alert_index;
    char *user_index;
    char *statistic_index;
    long shards;    /* of new indices (pebactl setup) */
    long replicas;  /* of new indices; CONFIG_AUTO: 1 on a cluster of several data nodes, else 0 */
    long keep_days; /* pebactl prune's default: daily alert indices kept */

    /* [memcached] */
    bool cache_enabled;
    char *memcached_servers;
    long memcached_timeout_ms;

    /* [feeds] */
    long max_alerts;
    long badip_timespan;
    long ip_page_size;
    char *community_user;
    char *community_token;
    long user_cache_ttl;

    /* [geoip] */
    char *geoip_city_db;
    char *geoip_asn_db;

    /* the per-route settings of config_load_routes' routes: route i's setting s is route_values[i][s] */
    long (*route_values)[ROUTE_SETTING_COUNT];
    size_t route_count;
};

/*
 * Loads path (NULL: defaults only) into cfg, with the per-route settings of
 * routes[n]: a key of a per-route section must name one of them that takes
 * the setting. On failure returns PEBA_E_CONFIG with a reason naming file,
 * line and key (peba_reason()). Free with config_free, also after a failure.
 */
peba_err config_load_routes(const char *path, const struct config_route *routes, size_t n,
                            struct peba_config *cfg);
/* config_load_routes for a program that serves no routes: the per-route sections are not read. */
peba_err config_load(const char *path, struct peba_config *cfg);
void config_free(struct peba_config *cfg);
/*
 * A host's URL without the user:password@ it may carry, and all configured
 * hosts so as "url, url", for messages: a secret never reaches a log, an
 * answer or a terminal.
 */
void config_host_public(const char *url, char *out, size_t size);
void config_hosts_public(const struct peba_config *cfg, char *out, size_t size);
/* The section of a per-route setting, e.g. "cache_ttl". */
const char *config_route_section(enum route_setting s);

#endif
