/* alert_index.c: the alert field table turned into a mapping, and daily index names. */
#include "alert_index.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "array_len.h"
#include "timeutil.h"

enum field_type { F_KEYWORD, F_DATE, F_IP, F_BOOLEAN };

struct alert_field {
    const char *name;
    enum field_type type;
    bool indexed; /* false: doc values only (still aggregatable), as in the original template */
};

static const struct alert_field alert_fields[] = {
    {"additionalData", F_KEYWORD, false},  {"client", F_KEYWORD, false},
    {"clientDomain", F_BOOLEAN, true},     {"clientVersion", F_KEYWORD, false},
    {"country", F_KEYWORD, true},          {"countryName", F_KEYWORD, true},
    {"createTime", F_DATE, true},          {"externalIP", F_IP, false},
    {"hostname", F_KEYWORD, true},         {"internalIP", F_IP, false},
    {"location", F_KEYWORD, false},        {"locationDestination", F_KEYWORD, false},
    {"login", F_KEYWORD, false},           {"originalRequestString", F_KEYWORD, true},
    {"password", F_KEYWORD, false},        {"peerIdent", F_KEYWORD, true},
    {"peerType", F_KEYWORD, true},         {"rawhttp", F_KEYWORD, false},
    {"recievedTime", F_DATE, true},        {"sessionEnd", F_KEYWORD, false},
    {"sessionStart", F_KEYWORD, false},    {"sourceEntryAS", F_KEYWORD, true},
    {"sourceEntryIp", F_IP, true},         {"sourceEntryPort", F_KEYWORD, false},
    {"targetCountry", F_KEYWORD, true},    {"targetCountryName", F_KEYWORD, true},
    {"targetEntryAS", F_KEYWORD, false},   {"targetEntryIp", F_IP, true},
    {"targetEntryPort", F_KEYWORD, false}, {"targetport", F_KEYWORD, false},
    {"username", F_KEYWORD, false},        {"vulnid", F_KEYWORD, false},
};

bool alert_index_name(const char *prefix, const char *recieved_time, char out[ALERT_INDEX_NAME_MAX])
{
    char day[16];
    time_t t;
    int n;

    out[0] = '\0';
    if (!prefix || !recieved_time || !utc_parse_stamp(recieved_time, strlen(recieved_time), &t))
        return false;
    utc_strftime(t, "%Y.%m.%d", day, sizeof day);
    n = snprintf(out, ALERT_INDEX_NAME_MAX, "%s-%s-1", prefix, day);
    if (n < 0 || n >= ALERT_INDEX_NAME_MAX) {
        out[0] = '\0';
        return false;
    }
    return true;
}

bool alert_index_pattern(const char *prefix, char out[ALERT_INDEX_NAME_MAX])
{
    int n = snprintf(out, ALERT_INDEX_NAME_MAX, "%s-*.*.*-*", prefix);

    return n >= 0 && n < ALERT_INDEX_NAME_MAX;
}

bool alert_index_day(const char *prefix, const char *name, time_t *day)
{
    size_t plen = strlen(prefix);
    const char *date, *suffix;
    char compact[8];

    if (strncmp(name, prefix, plen) != 0 || name[plen] != '-')
        return false;
    date = name + plen + 1;
    /* YYYY.MM.DD-: digits and the dots and the dash where they belong */
    for (size_t i = 0; i < 11; i++) {
        bool sep = i == 4 || i == 7 || i == 10;

        if (sep ? date[i] != (i == 10 ? '-' : '.') : !isdigit((unsigned char)date[i]))
            return false;
    }
    suffix = date + 11;
    if (!*suffix || strspn(suffix, "0123456789") != strlen(suffix))
        return false;
    memcpy(compact, date, 4);
    memcpy(compact + 4, date + 5, 2);
    memcpy(compact + 6, date + 8, 2);
    return utc_parse_compact_day(compact, sizeof compact, day);
}

static cJSON *field_mapping(const struct alert_field *f)
{
    static const char *const type_names[] = {"keyword", "date", "ip", "boolean"};
    cJSON *m = cJSON_CreateObject();

    cJSON_AddStringToObject(m, "type", type_names[f->type]);
    if (!f->indexed)
        cJSON_AddFalseToObject(m, "index");
    if (f->type == F_KEYWORD)
        cJSON_AddNumberToObject(m, "ignore_above", ALERT_KEYWORD_IGNORE_ABOVE);
    if (f->type == F_DATE)
        cJSON_AddStringToObject(m, "format", ALERT_DATE_FORMAT);
    /* externalIP/internalIP are free text from the sensor: a bad one must not cost the alert */
    if (f->type == F_IP && !f->indexed)
        cJSON_AddTrueToObject(m, "ignore_malformed");
    return m;
}

cJSON *alert_index_mappings(void)
{
    cJSON *mappings = cJSON_CreateObject();
    cJSON *props;

    /* stray members of loaded or ingested documents must not grow the mapping */
    cJSON_AddFalseToObject(mappings, "dynamic");
    props = cJSON_AddObjectToObject(mappings, "properties");
    for (size_t i = 0; i < ARRAY_LEN(alert_fields); i++)
        cJSON_AddItemToObject(props, alert_fields[i].name, field_mapping(&alert_fields[i]));
    return mappings;
}

cJSON *alert_index_template(const char *prefix, int shards, int replicas)
{
    char pattern[ALERT_INDEX_NAME_MAX];
    cJSON *body = cJSON_CreateObject();
    cJSON *tmpl, *settings;

    alert_index_pattern(prefix, pattern);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "index_patterns"), cJSON_CreateString(pattern));
    /* above the engines' built-in templates (ES 8 uses 100), so an overlap can never tie */
    cJSON_AddNumberToObject(body, "priority", 200);
    tmpl = cJSON_AddObjectToObject(body, "template");
    settings = cJSON_AddObjectToObject(tmpl, "settings");
    cJSON_AddNumberToObject(settings, "number_of_shards", shards);
    cJSON_AddNumberToObject(settings, "number_of_replicas", replicas);
    cJSON_AddItemToObject(tmpl, "mappings", alert_index_mappings());
    return body;
}
