/* timeutil.c: strict UTC date parsing and formatting. */
#include "timeutil.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 && leap ? 29 : dim[month - 1];
}

static bool make_time(int y, int mo, int d, int h, int mi, int s, time_t *out)
{
    struct tm tm = {0};

    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
        s > 59)
        return false;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    *out = timegm(&tm);
    return true;
}

void utc_strftime(time_t t, const char *fmt, char *out, size_t size)
{
    struct tm tm;

    /* a time past year 2^31 (from a reply's number) has no broken-down form: empty text */
    if ((!gmtime_r(&t, &tm) || strftime(out, size, fmt, &tm) == 0) && size)
        out[0] = '\0';
}

void utc_format(time_t t, char out[UTC_STAMP_LEN])
{
    utc_strftime(t, "%Y-%m-%d %H:%M:%S", out, UTC_STAMP_LEN);
}

bool utc_parse_stamp(const char *s, size_t len, time_t *out)
{
    int y, mo, d, h, mi, sec;

    if (len != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        return false;
    return digits(s, 4, &y) && digits(s + 5, 2, &mo) && digits(s + 8, 2, &d) && digits(s + 11, 2, &h) &&
           digits(s + 14, 2, &mi) && digits(s + 17, 2, &sec) && make_time(y, mo, d, h, mi, sec, out);
}

bool utc_parse_compact_day(const char *s, size_t len, time_t *out)
{
    int y, mo, d;

    return len == 8 && digits(s, 4, &y) && digits(s + 4, 2, &mo) && digits(s + 6, 2, &d) &&
           make_time(y, mo, d, 0, 0, 0, out);
}

time_t utc_day_start(time_t t)
{
    return t - (t % 86400 + 86400) % 86400;
}

time_t utc_add_months(time_t t, int months)
{
    struct tm tm;
    int total, y, mo;

    gmtime_r(&t, &tm);
    total = tm.tm_year * 12 + tm.tm_mon + months;
    y = total / 12;
    mo = total % 12;
    if (mo < 0) {
        mo += 12;
        y--;
    }
    tm.tm_year = y;
    tm.tm_mon = mo;
    if (tm.tm_mday > days_in_month(y + 1900, mo + 1))
        tm.tm_mday = days_in_month(y + 1900, mo + 1);
    return timegm(&tm);
}
