/* timeutil.h: UTC timestamp strings (`YYYY-MM-DD HH:MM:SS`) and calendar helpers; never local time. */
#ifndef PEBA_TIMEUTIL_H
#define PEBA_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define UTC_STAMP_LEN 20 /* "YYYY-MM-DD HH:MM:SS" plus NUL */

/* Formats t as "YYYY-MM-DD HH:MM:SS" (UTC). */
void utc_format(time_t t, char out[UTC_STAMP_LEN]);
/* Formats t with a strftime pattern in UTC. */
void utc_strftime(time_t t, const char *fmt, char *out, size_t size);
/* Parses exactly "YYYY-MM-DD HH:MM:SS" as UTC with calendar checks. */
bool utc_parse_stamp(const char *s, size_t len, time_t *out);
/* Parses exactly "YYYYMMDD" as the start of that UTC day. */
bool utc_parse_compact_day(const char *s, size_t len, time_t *out);
/* Start (00:00:00) of the UTC day containing t. */
time_t utc_day_start(time_t t);
/* Adds months to t, clamping the day of month (as calendar arithmetic does). */
time_t utc_add_months(time_t t, int months);

#endif
