/* ctl_prune.c: `pebactl prune`: deletes the daily alert indices past the days to keep, judged by the date in their names. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert_index.h"
#include "ctl.h"
#include "timeutil.h"

#define DAY_SECONDS 86400

struct prune_options {
    int keep_days; /* 0 until given: then the configuration's */
    bool dry_run;
};

static int prune_option(struct ctl *ctl, void *ctx, int opt, const char *arg)
{
    struct prune_options *o = ctx;

    if (opt == 'n')
        o->dry_run = true;
    else if (!ctl_parse_int(arg, 1, 36500, &o->keep_days))
        return ctl_usage_error(ctl, "--keep-days must be a whole number from 1 to 36500");
    return CTL_CONTINUE;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The names of every index the alert pattern matches, open or closed, sorted
 * (pointers into *reply, which the caller frees); NULL after a reported
 * failure. *n gets how many.
 */
static const char **matching_indices(struct ctl *ctl, cJSON **reply, size_t *n)
{
    char pattern[ALERT_INDEX_NAME_MAX], path[ALERT_INDEX_NAME_MAX + 96];
    const char **names;
    const cJSON *row;

    *n = 0;
    alert_index_pattern(ctl->cfg.alert_index, pattern);
    snprintf(path, sizeof path, "/_cat/indices/%s?format=json&h=index&expand_wildcards=open,closed", pattern);
    if (!ctl_call(ctl, "GET", path, NULL, reply))
        return NULL;
    if (!(names = calloc((size_t)cJSON_GetArraySize(*reply) + 1, sizeof *names))) {
        ctl_error(ctl, "out of memory");
        return NULL;
    }
    cJSON_ArrayForEach(row, *reply) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, "index"));

        if (name)
            names[(*n)++] = name;
    }
    qsort(names, *n, sizeof *names, by_name);
    return names;
}

/*
 * Today (UTC) and the keep_days - 1 days before it stay: with 28, the index
 * of the day 28 days ago is the newest to go, as the original's daily cron
 * deleted it. Indices whose names hold no such date are never touched.
 */
int ctl_prune(struct ctl *ctl, int argc, char **argv)
{
    static const struct option options[] = {
        {"keep-days", required_argument, NULL, 'k'},
        {"dry-run", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    struct prune_options o = {0};
    int rc = ctl_args(ctl, argc, argv, options, prune_option, &o, 0, 0);
    time_t today, oldest_kept;
    cJSON *reply = NULL;
    const char **names;
    size_t n, gone = 0, kept = 0, failed = 0;

    if (rc != CTL_CONTINUE)
        return rc;
    if (!ctl_connect(ctl, false))
        return CTL_EXIT_FAILED;
    if (!o.keep_days)
        o.keep_days = (int)ctl->cfg.keep_days;
    today = utc_day_start(time(NULL));
    oldest_kept = today - (time_t)(o.keep_days - 1) * DAY_SECONDS;
    if (!(names = matching_indices(ctl, &reply, &n))) {
        cJSON_Delete(reply);
        return CTL_EXIT_FAILED;
    }
    for (size_t i = 0; i < n; i++) {
        char path[ALERT_INDEX_NAME_MAX + 2];
        time_t day;

        if (!alert_index_day(ctl->cfg.alert_index, names[i], &day)) {
            printf("left alone: %s (no daily alert index name)\n", names[i]);
            continue;
        }
        if (day >= oldest_kept) {
            kept++;
            continue;
        }
        snprintf(path, sizeof path, "/%s", names[i]);
        if (!o.dry_run && !ctl_call(ctl, "DELETE", path, NULL, NULL)) {
            failed++;
            continue;
        }
        gone++;
        printf("%s %s (%lld days old)\n", o.dry_run ? "would delete" : "deleted", names[i],
               (long long)((today - day) / DAY_SECONDS));
    }
    printf("%s %zu daily alert ind%s dated %d or more days ago, kept %zu from the last %d day%s\n",
           o.dry_run ? "would delete" : "deleted", gone, gone == 1 ? "ex" : "ices", o.keep_days, kept,
           o.keep_days, o.keep_days == 1 ? "" : "s");
    if (failed)
        ctl_error(ctl, "%zu ind%s could not be deleted", failed, failed == 1 ? "ex" : "ices");
    free(names);
    cJSON_Delete(reply);
    return failed ? CTL_EXIT_FAILED : CTL_EXIT_OK;
}
