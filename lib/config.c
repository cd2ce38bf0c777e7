/* config.c: the table of configuration keys, INI loading through iniparser, and value checks. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <iniparser.h>

#include "array_len.h"

/* clang-format off */
#define STR(sec, k, field, d) {sec, k, KEY_STRING, offsetof(struct peba_config, field), 0, 0, d}
#define INT(sec, k, field, lo, hi, d) {sec, k, KEY_INT, offsetof(struct peba_config, field), lo, hi, #d}
/* an integer, or the word auto (CONFIG_AUTO): the program decides */
#define INT_OR_AUTO(sec, k, field, lo, hi, d) {sec, k, KEY_INT_OR_AUTO, offsetof(struct peba_config, field), lo, hi, #d}
#define BOOL(sec, k, field, d) {sec, k, KEY_BOOL, offsetof(struct peba_config, field), 0, 0, d}
#define INDEX(sec, k, field, d) {sec, k, KEY_INDEX_NAME, offsetof(struct peba_config, field), 0, 0, d}
/* clang-format on */

static const struct config_key config_keys[] = {
    STR("server", "cors_origin", cors_origin, "http://sicherheitstacho.eu"),
    STR("server", "default_response", default_response, "Nope"),
    INT("server", "max_body_bytes", max_body_bytes, 1024, 104857600, 1048576),
    /* alert submissions: ewsposter batches; nginx/peba-locations.conf lets 20m through on that route */
    INT("server", "ingest_max_body_bytes", ingest_max_body_bytes, 1024, 104857600, 20971520),
    INT("server", "max_query_bytes", max_query_bytes, 256, 65536, 4096),
    /* /run is a tmpfs: the health of the engine hosts starts afresh after a reboot */
    STR("server", "state_dir", state_dir, "/run/peba"),

    STR("elasticsearch", "hosts", es_hosts_text, "http://127.0.0.1:9200"),
    INT("elasticsearch", "timeout_ms", es_timeout_ms, 100, 600000, 10000),
    INT("elasticsearch", "connect_timeout_ms", es_connect_timeout_ms, 10, 60000, 2000),
    INT("elasticsearch", "retry_after_ms", es_retry_after_ms, 100, 600000, 1000),
    INT("elasticsearch", "retry_after_max_ms", es_retry_after_max_ms, 100, 3600000, 10000),
    INT("elasticsearch", "probe_timeout_ms", es_probe_timeout_ms, 10, 60000, 500),
    STR("elasticsearch", "username", es_username, ""),
    STR("elasticsearch", "password", es_password, ""),
    STR("elasticsearch", "api_key", es_api_key, ""),
    STR("elasticsearch", "ca_file", es_ca_file, ""),
    BOOL("elasticsearch", "verify_tls", es_verify_tls, "true"),
    /* bulk items the engine refused for now (429, 503): sent again after a doubling wait, within bounds */
    INT("elasticsearch", "bulk_retries", es_bulk_retries, 0, 10, 3),
    INT("elasticsearch", "bulk_retry_ms", es_bulk_retry_ms, 1, 10000, 200),
    INT("elasticsearch", "bulk_retry_total_ms", es_bulk_retry_total_ms, 0, 60000, 3000),
    INDEX("elasticsearch", "alert_index", alert_index, "ews"),
    INDEX("elasticsearch", "user_index", user_index, "users"),
    INDEX("elasticsearch", "statistic_index", statistic_index, "statistics"),
    /* the index settings pebactl setup writes into the templates; replicas auto: one copy of each
       shard on another node when there are several, none on a single node (it could not be placed) */
    INT("elasticsearch", "shards", shards, 1, 1024, 1),
    INT_OR_AUTO("elasticsearch", "replicas", replicas, 0, 1024, auto),
    /* pebactl prune: the original's cron deleted the daily indices after 28 days */
    INT("elasticsearch", "keep_days", keep_days, 1, 36500, 28),

    BOOL("memcached", "enabled", cache_enabled, "true"),
    STR("memcached", "servers", memcached_servers, "127.0.0.1:11211"),
    INT("memcached", "timeout_ms", memcached_timeout_ms, 1, 10000, 250),

    INT("feeds", "max_alerts", max_alerts, 1, 10000, 5),
    INT("feeds", "badip_timespan", badip_timespan, 1, 525600, 120),
    /* addresses per composite page of retrieveIPs: the engine rescans the window for every page,
       so large pages are faster; at most search.max_buckets (65535 on ES >= 7.9 and OpenSearch) */
    INT("feeds", "ip_page_size", ip_page_size, 1000, 65535, 25000),
    STR("feeds", "community_user", community_user, "community-01-user"),
    STR("feeds", "community_token", community_token, "foth{a5maiCee8fineu7"),
    INT("feeds", "user_cache_ttl", user_cache_ttl, 0, 86400, 300),

    STR("geoip", "city_db", geoip_city_db, ""),
    STR("geoip", "asn_db", geoip_asn_db, ""),
};

const struct config_key *config_key_at(size_t i)
{
    return i < ARRAY_LEN(config_keys) ? &config_keys[i] : NULL;
}

/* The per-route settings: their sections and the bounds of their values. */
static const struct {
    const char *section;
    long min, max;
} route_settings[] = {
#define PEBA_ROUTE_SETTING_ROW(id, section, min, max) [id] = {section, min, max},
    PEBA_ROUTE_SETTINGS(PEBA_ROUTE_SETTING_ROW)
#undef PEBA_ROUTE_SETTING_ROW
};

const char *config_route_section(enum route_setting s)
{
    return route_settings[s].section;
}

/* Line number of key in section, for error messages only (0 when not found). */
static int find_key_line(const char *path, const char *section, const char *key)
{
    FILE *f;
    char line[1024], current[128] = "";
    int lineno = 0, found = 0;
    size_t keylen = strlen(key);

    if (!path || !(f = fopen(path, "r")))
        return 0;
    while (!found && fgets(line, sizeof line, f)) {
        char *p = line;

        lineno++;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '[') {
            char *end = strchr(p, ']');

            if (end) {
                *end = '\0';
                snprintf(current, sizeof current, "%s", p + 1);
                found = !*key && strcasecmp(current, section) == 0;
            }
        } else if (strcasecmp(current, section) == 0 && strncasecmp(p, key, keylen) == 0) {
            p += keylen;
            while (*p == ' ' || *p == '\t')
                p++;
            found = *p == '=' || *p == ':';
        }
    }
    fclose(f);
    return found ? lineno : 0;
}

static peba_err config_error(const struct peba_config *cfg, const char *section, const char *key,
                             const char *why)
{
    int line = find_key_line(cfg->path, section, key);

    return peba_fail(PEBA_E_CONFIG, "%s:%d: [%s]%s%s: %s", cfg->path ? cfg->path : "(defaults)", line,
                     section, *key ? " " : "", key, why);
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};

    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return *out = true, true;
        if (strcasecmp(s, no[i]) == 0)
            return *out = false, true;
    }
    return false;
}

static bool valid_index_name(const char *s)
{
    if (!*s || strlen(s) > 200 || *s == '-' || *s == '_' || *s == '+' || *s == '.')
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || strchr("._-", *s)))
            return false;
    return true;
}

/* An integer in [min, max] (or_auto: also the word auto, CONFIG_AUTO), or the error naming file, line and key. */
static peba_err parse_long(const struct peba_config *cfg, const char *section, const char *key,
                           const char *text, long min, long max, bool or_auto, long *out)
{
    char *end;
    long v = strtol(text, &end, 10);

    if (or_auto && strcasecmp(text, "auto") == 0) {
        *out = CONFIG_AUTO;
        return PEBA_OK;
    }
    if (end == text || *end || v < min || v > max) {
        char why[96];

        snprintf(why, sizeof why, "expected %san integer from %ld to %ld", or_auto ? "auto or " : "", min,
                 max);
        return config_error(cfg, section, key, why);
    }
    *out = v;
    return PEBA_OK;
}

static peba_err set_value(struct peba_config *cfg, const struct config_key *k, const char *text)
{
    char *field = (char *)cfg + k->offset;

    switch (k->type) {
    case KEY_INDEX_NAME:
        if (!valid_index_name(text))
            return config_error(cfg, k->section, k->key,
                                "not a valid index name (lowercase letters, digits, . _ -)");
        /* fall through */
    case KEY_STRING:
        free(*(char **)field);
        if (!(*(char **)field = strdup(text)))
            return PEBA_E_NOMEM;
        return PEBA_OK;
    case KEY_INT:
    case KEY_INT_OR_AUTO:
        return parse_long(cfg, k->section, k->key, text, k->min, k->max, k->type == KEY_INT_OR_AUTO,
                          (long *)field);
    case KEY_BOOL:
        if (!parse_bool(text, (bool *)field))
            return config_error(cfg, k->section, k->key, "expected true or false");
        return PEBA_OK;
    }
    return PEBA_E_CONFIG;
}

/* The per-route setting whose section this is, or -1. */
static int route_setting_of(const char *section)
{
    for (int s = 0; s < ROUTE_SETTING_COUNT; s++)
        if (strcasecmp(route_settings[s].section, section) == 0)
            return s;
    return -1;
}

/* A key of a per-route section: a route that takes the setting (any key when no routes were given). */
static bool route_key_known(const struct config_route *routes, size_t n, int setting, const char *key)
{
    if (!routes)
        return true;
    for (size_t i = 0; i < n; i++)
        if (routes[i].defaults[setting] && strcasecmp(routes[i].name, key) == 0)
            return true;
    return false;
}

static bool lookup_key(const struct config_route *routes, size_t n, const char *section, const char *key)
{
    int setting = route_setting_of(section);

    if (setting >= 0)
        return route_key_known(routes, n, setting, key);
    for (size_t i = 0; i < ARRAY_LEN(config_keys); i++)
        if (strcasecmp(config_keys[i].section, section) == 0 && strcasecmp(config_keys[i].key, key) == 0)
            return true;
    return false;
}

static bool lookup_section(const char *section)
{
    if (route_setting_of(section) >= 0)
        return true;
    for (size_t i = 0; i < ARRAY_LEN(config_keys); i++)
        if (strcasecmp(config_keys[i].section, section) == 0)
            return true;
    return false;
}

/* Rejects sections and keys the table does not know: a typo must not silently use a default. */
static peba_err check_known_keys(struct peba_config *cfg, dictionary *d, const struct config_route *routes,
                                 size_t nroutes)
{
    for (int s = 0; s < iniparser_getnsec(d); s++) {
        const char *sec = iniparser_getsecname(d, s);
        int n = iniparser_getsecnkeys(d, sec);
        const char **keys;

        if (!lookup_section(sec))
            return config_error(cfg, sec, "", "unknown section");
        keys = n > 0 ? calloc((size_t)n, sizeof *keys) : NULL;
        if (n > 0 && !keys)
            return PEBA_E_NOMEM;
        if (n > 0)
            iniparser_getseckeys(d, sec, keys);
        for (int i = 0; i < n; i++) {
            const char *key = strchr(keys[i], ':') + 1;

            if (!lookup_key(routes, nroutes, sec, key)) {
                peba_err err = config_error(cfg, sec, key, "unknown key");

                free(keys);
                return err;
            }
        }
        free(keys);
    }
    return PEBA_OK;
}

static peba_err split_hosts(struct peba_config *cfg)
{
    char *save = NULL, *tok;
    char *copy = strdup(cfg->es_hosts_text);

    if (!copy)
        return PEBA_E_NOMEM;
    for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        if (cfg->es_host_count == CONFIG_MAX_HOSTS || strlen(tok) > CONFIG_HOST_URL_MAX ||
            (strncmp(tok, "http://", 7) && strncmp(tok, "https://", 8))) {
            free(copy);
            return config_error(
                cfg, "elasticsearch", "hosts",
                "expected up to 8 comma-separated http:// or https:// URLs of up to 255 characters");
        }
        if (!(cfg->es_hosts[cfg->es_host_count++] = strdup(tok))) {
            free(copy);
            return PEBA_E_NOMEM;
        }
    }
    free(copy);
    if (cfg->es_host_count == 0)
        return config_error(cfg, "elasticsearch", "hosts", "no host given");
    return PEBA_OK;
}

static char ini_message[512];

/* Keeps iniparser's syntax-error message (it names the file and line) for our reason text. */
static int ini_error(const char *fmt, ...)
{
    va_list ap;

    if (ini_message[0])
        return 0;
    va_start(ap, fmt);
    vsnprintf(ini_message, sizeof ini_message, fmt, ap);
    va_end(ap);
    for (char *p = ini_message; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return 0;
}

/* Each route's value of each setting it takes: the file's, else the route's default. */
static peba_err load_route_settings(struct peba_config *cfg, dictionary *d, const struct config_route *routes,
                                    size_t n)
{
    if (n && !(cfg->route_values = calloc(n, sizeof *cfg->route_values)))
        return PEBA_E_NOMEM;
    cfg->route_count = n;
    for (size_t i = 0; i < n; i++) {
        for (int s = 0; s < ROUTE_SETTING_COUNT; s++) {
            const char *section = route_settings[s].section, *text = NULL;
            char name[160];
            peba_err err;

            cfg->route_values[i][s] = routes[i].defaults[s];
            if (!routes[i].defaults[s] || !d)
                continue;
            snprintf(name, sizeof name, "%s:%s", section, routes[i].name);
            text = iniparser_getstring(d, name, NULL);
            if (text && (err = parse_long(cfg, section, routes[i].name, text, route_settings[s].min,
                                          route_settings[s].max, false, &cfg->route_values[i][s])) != PEBA_OK)
                return err;
        }
    }
    return PEBA_OK;
}

peba_err config_load_routes(const char *path, const struct config_route *routes, size_t n,
                            struct peba_config *cfg)
{
    dictionary *d = NULL;
    peba_err err = PEBA_OK;

    memset(cfg, 0, sizeof *cfg);
    if (path && !(cfg->path = strdup(path)))
        return PEBA_E_NOMEM;
    if (path) {
        FILE *probe = fopen(path, "r");

        if (!probe)
            return peba_fail(PEBA_E_CONFIG, "%s: cannot open the configuration file", path);
        fclose(probe);
        ini_message[0] = '\0';
        iniparser_set_error_callback(ini_error);
        d = iniparser_load(path);
        if (!d)
            return peba_fail(PEBA_E_CONFIG, "%s", ini_message[0] ? ini_message : path);
        err = check_known_keys(cfg, d, routes, n);
    }
    for (size_t i = 0; err == PEBA_OK && i < ARRAY_LEN(config_keys); i++) {
        const struct config_key *k = &config_keys[i];
        char name[160];
        const char *text = k->def;

        snprintf(name, sizeof name, "%s:%s", k->section, k->key);
        if (d)
            text = iniparser_getstring(d, name, k->def);
        err = set_value(cfg, k, text);
    }
    if (err == PEBA_OK)
        err = load_route_settings(cfg, d, routes, n);
    if (d)
        iniparser_freedict(d);
    if (err == PEBA_OK)
        err = split_hosts(cfg);
    if (err == PEBA_OK && cfg->es_retry_after_max_ms < cfg->es_retry_after_ms)
        err =
            config_error(cfg, "elasticsearch", "retry_after_max_ms", "must not be less than retry_after_ms");
    return err;
}

void config_host_public(const char *url, char *out, size_t size)
{
    const char *host = strstr(url, "://");
    const char *at = host ? strchr(host + 3, '@') : NULL;

    /* an @ before the path ends the credentials; a later one is the path's */
    if (at && at < host + 3 + strcspn(host + 3, "/"))
        snprintf(out, size, "%.*s%s", (int)(host + 3 - url), url, at + 1);
    else
        snprintf(out, size, "%s", url);
}

void config_hosts_public(const struct peba_config *cfg, char *out, size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (int i = 0; i < cfg->es_host_count && used + 2 < size; i++) {
        if (i) {
            memcpy(out + used, ", ", 3);
            used += 2;
        }
        config_host_public(cfg->es_hosts[i], out + used, size - used);
        used += strlen(out + used);
    }
}

peba_err config_load(const char *path, struct peba_config *cfg)
{
    return config_load_routes(path, NULL, 0, cfg);
}

void config_free(struct peba_config *cfg)
{
    for (size_t i = 0; i < ARRAY_LEN(config_keys); i++)
        if (config_keys[i].type == KEY_STRING || config_keys[i].type == KEY_INDEX_NAME)
            free(*(char **)((char *)cfg + config_keys[i].offset));
    for (int i = 0; i < cfg->es_host_count; i++)
        free(cfg->es_hosts[i]);
    free(cfg->route_values);
    free(cfg->path);
    memset(cfg, 0, sizeof *cfg);
}
