/* alert_index.h: names of the daily alert indices and the index template that maps their fields. */
#ifndef PEBA_ALERT_INDEX_H
#define PEBA_ALERT_INDEX_H

#include <stdbool.h>
#include <time.h>

#include <cjson/cJSON.h>

/* Room for any name built here: config limits a prefix to 200 characters. */
#define ALERT_INDEX_NAME_MAX 256

/*
 * Lucene refuses a term longer than 32766 bytes and rejects the whole
 * document. ignore_above counts characters and a UTF-8 character takes up
 * to 4 bytes, so 32766 / 4 = 8191 characters is the largest bound that can
 * never reject a document. A longer value (a 100 KB cowrie session) stays in
 * _source but is not indexed or aggregated (it drops out of /alert/tops).
 */
#define ALERT_KEYWORD_IGNORE_ABOVE 8191

/* The format of createTime/recievedTime (and the statistics dates): UTC text, as the original stored it. */
#define ALERT_DATE_FORMAT "yyyy-MM-dd HH:mm:ss||yyyy-MM-dd||epoch_millis"

/*
 * Writes "<prefix>-YYYY.MM.DD-1" for the UTC day of recieved_time, which must
 * be exactly "YYYY-MM-DD HH:MM:SS" with a real calendar date. Returns false
 * (out empty) when it is not, or the name does not fit.
 */
bool alert_index_name(const char *prefix, const char *recieved_time, char out[ALERT_INDEX_NAME_MAX]);

/*
 * Writes the pattern "<prefix>-*.*.*-*" matching every daily index
 * (<prefix>-2024.05.01-1, <prefix>-2024.05.02-000002) but not other
 * indices sharing the prefix, such as a users index "<prefix>-users".
 */
bool alert_index_pattern(const char *prefix, char out[ALERT_INDEX_NAME_MAX]);

/*
 * The UTC day in the name of daily alert index `name` of prefix
 * ("<prefix>-YYYY.MM.DD-N", N one or more digits, a real calendar date) as
 * the start of that day. False for any other name, so a caller deleting by
 * this date never touches another index that the pattern above happens to
 * match ("<prefix>-archive.2024.01-x").
 */
bool alert_index_day(const char *prefix, const char *name, time_t *day);

/* The "mappings" of an alert index: every field the original stored; unknown fields stay in _source only. */
cJSON *alert_index_mappings(void);

/* Body of PUT /_index_template/<prefix>-alerts (ES 7.8+, ES 8, OpenSearch 1/2). */
cJSON *alert_index_template(const char *prefix, int shards, int replicas);

#endif
