/*
 * config.h: peba's configuration, read from one INI file. Every key has a
 * default, bounds and a row in one static table (config.c); docs/configuration.md
 * documents the same table. Unknown keys and bad values fail at start-up with
 * the file, line and key named.
 */
#ifndef PEBA_CONFIG_H
#define PEBA_CONFIG_H

#include <stdbool.h>

#include "error.h"

#define CONFIG_MAX_HOSTS 8

/* Cached routes and their default TTL in seconds (spec 5.2); keys of the [cache_ttl] section. */
#define PEBA_CACHE_TTLS(X)                                   \
    X(TTL_ALERTS_COUNT, "retrieveAlertsCount", 60)           \
    X(TTL_ALERTS_COUNT_WITH_TYPE, "retrieveAlertsCountWithType", 13) \
    X(TTL_ALERTS_JSON, "retrieveAlertsJson", 25)             \
    X(TTL_ALERT_STATS, "retrieveAlertStats", 13)             \
    X(TTL_ALERTS_PER_MONTH, "datasetAlertsPerMonth", 600)    \
    X(TTL_ALERT_TYPES_PER_MONTH, "datasetAlertTypesPerMonth", 3600) \
    X(TTL_TOP_COUNTRIES, "topCountriesAttacks", 60)          \
    X(TTL_LATLON, "retrieveLatLonAttacks", 60)               \
    X(TTL_TPOT_STATS, "TpotStats", 2419200)                  \
    X(TTL_GET_STATS, "getStats", 1800)                       \
    X(TTL_TOPS, "tops", 7200)

enum cache_ttl_id {
    TTL_NONE = -1,
#define PEBA_TTL_ENUM(id, key, seconds) id,
    PEBA_CACHE_TTLS(PEBA_TTL_ENUM)
#undef PEBA_TTL_ENUM
    TTL_COUNT
};

struct peba_config {
    char *path;

    /* [server] */
    char *cors_origin;
    char *default_response;
    long max_body_bytes;
    long ingest_max_body_bytes;   /* POST /ews-0.1/alert/postSimpleMessage */
    long max_query_bytes;

    /* [elasticsearch] */
    char *es_hosts_text;
    char *es_hosts[CONFIG_MAX_HOSTS];
    int es_host_count;
    long es_timeout_ms;
    long es_connect_timeout_ms;
    char *es_username;
    char *es_password;
    char *es_api_key;
    char *es_ca_file;
    bool es_verify_tls;
    char *alert_index;
    char *user_index;
    char *statistic_index;

    /* [memcached] */
    bool cache_enabled;
    char *memcached_servers;
    long memcached_timeout_ms;
    long hot_seconds;
    long cache_ttl[TTL_COUNT];

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
};

/*
 * Loads path (NULL: defaults only) into cfg. On failure returns
 * PEBA_E_CONFIG with a reason naming file, line and key (peba_reason()).
 * Free with config_free, also after a failure.
 */
peba_err config_load(const char *path, struct peba_config *cfg);
void config_free(struct peba_config *cfg);
/* The [cache_ttl] key of a TTL id, e.g. "retrieveAlertsCount". */
const char *config_ttl_name(enum cache_ttl_id id);

#endif
