/*
 * test_lifecycle.c: the alert indices' lifecycle against the real engine: `pebactl prune` deletes
 * exactly the daily indices dated keep_days or more days ago and nothing else, `--dry-run` deletes
 * nothing; `pebactl setup` writes the shards and replicas new daily indices take.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "timeutil.h"

#define DAY 86400L

/* An index of another name that the alert pattern does not match; prune must leave it. */
#define OTHER_INDEX "lifecycle-other-2001.01.01-1"

/* The daily index of prefix dated days_ago days before today (UTC), into out. */
static void daily_name(const char *prefix, long days_ago, char *out, size_t size)
{
    char day[16];

    utc_strftime(time(NULL) - days_ago * DAY, "%Y.%m.%d", day, sizeof day);
    snprintf(out, size, "%s-%s-1", prefix, day);
}

static bool created_statistics; /* the statistics index was made here, and goes at the end */

/* The backdated indices (days before today) around the default 28 days. */
static const long backdated[] = {0, 1, 27, 28, 29, 400};
#define BACKDATED ARRAY_LEN(backdated)

static bool exists(const char *index)
{
    struct http_reply r;
    char path[300];
    long status;

    snprintf(path, sizeof path, "/%s", index);
    es_raw("HEAD", path, NULL, &r);
    status = r.status;
    http_reply_free(&r);
    ck_assert_msg(status == 200 || status == 404, "HEAD %s: %ld", index, status);
    return status == 200;
}

static void create(const char *index)
{
    struct http_reply r;
    char path[300];

    snprintf(path, sizeof path, "/%s", index);
    es_raw("PUT", path, "{\"settings\":{\"number_of_replicas\":0}}", &r);
    ck_assert_msg(r.status == 200, "PUT %s: %ld %s", index, r.status, r.body);
    http_reply_free(&r);
}

/* The daily indices of every age in backdated[], one old index closed, and indices of other names. */
static void load_backdated(void)
{
    const char *prefix = harness_config()->alert_index;
    char name[300], path[320];
    struct http_reply r;

    for (size_t i = 0; i < BACKDATED; i++) {
        daily_name(prefix, backdated[i], name, sizeof name);
        create(name);
    }
    /* a rolled-over name with the counter of the original's rollover, closed: still an alert index */
    snprintf(name, sizeof name, "%s-2019.01.01-000002", prefix);
    create(name);
    snprintf(path, sizeof path, "/%s/_close", name);
    es_raw("POST", path, NULL, &r);
    ck_assert_msg(r.status == 200, "close %s: %ld %s", name, r.status, r.body);
    http_reply_free(&r);
    /* the alert pattern matches this one, but it holds no date */
    snprintf(name, sizeof name, "%s-archive.2019.01-1", prefix);
    create(name);
    es_delete_index(OTHER_INDEX);
    create(OTHER_INDEX);
    if (!exists(harness_config()->statistic_index)) {
        create(harness_config()->statistic_index);
        created_statistics = true;
    }
}

/* Fails unless the daily index days_ago days old exists (want) or not. */
static void expect_daily(long days_ago, bool want)
{
    char name[300];

    daily_name(harness_config()->alert_index, days_ago, name, sizeof name);
    ck_assert_msg(exists(name) == want, "%s (%ld days old) %s", name, days_ago,
                  want ? "is gone" : "is still there");
}

/* The indices prune must never touch. */
static void expect_others_kept(void)
{
    const char *prefix = harness_config()->alert_index;
    char name[300];

    snprintf(name, sizeof name, "%s-archive.2019.01-1", prefix);
    ck_assert_msg(exists(name), "%s is gone", name);
    ck_assert_msg(exists(OTHER_INDEX), OTHER_INDEX " is gone");
    ck_assert_msg(exists(harness_config()->user_index), "the users index is gone");
    ck_assert_msg(exists(harness_config()->statistic_index), "the statistics index is gone");
}

START_TEST(dry_run_lists_the_old_indices_and_deletes_nothing)
{
    char name[300];

    ck_assert_int_eq(run_pebactl(NULL, "prune --dry-run"), 0);
    for (size_t i = 0; i < BACKDATED; i++) {
        daily_name(harness_config()->alert_index, backdated[i], name, sizeof name);
        ck_assert_msg((strstr(pebactl_output(), name) != NULL) == (backdated[i] >= 28), "%s: %s", name,
                      pebactl_output());
        expect_daily(backdated[i], true);
    }
    ck_assert_msg(strstr(pebactl_output(), "would delete 4 daily alert indices dated 28 or more days ago"),
                  "%s", pebactl_output());
    snprintf(name, sizeof name, "%s-2019.01.01-000002", harness_config()->alert_index);
    ck_assert(exists(name));
    expect_others_kept();
}
END_TEST

START_TEST(prune_deletes_exactly_the_indices_dated_28_or_more_days_ago)
{
    char name[300];

    ck_assert_int_eq(run_pebactl(NULL, "prune"), 0);
    for (size_t i = 0; i < BACKDATED; i++)
        expect_daily(backdated[i], backdated[i] < 28);
    snprintf(name, sizeof name, "%s-2019.01.01-000002", harness_config()->alert_index);
    ck_assert_msg(!exists(name), "the closed %s is still there", name);
    expect_others_kept();
    /* nothing left to do: a second run deletes nothing */
    ck_assert_int_eq(run_pebactl(NULL, "prune"), 0);
    ck_assert_msg(strstr(pebactl_output(), "deleted 0 daily alert indices dated 28 or more days ago, kept 3"),
                  "%s", pebactl_output());
}
END_TEST

START_TEST(keep_days_on_the_command_line_wins)
{
    ck_assert_int_eq(run_pebactl(NULL, "prune --keep-days 1"), 0);
    expect_daily(0, true);
    expect_daily(1, false);
    expect_daily(27, false);
    expect_others_kept();
    ck_assert_int_eq(run_pebactl(NULL, "prune --keep-days 0"), 2);
    ck_assert_int_eq(run_pebactl(NULL, "prune --keep-days x"), 2);
    ck_assert_int_eq(run_pebactl(NULL, "prune extra"), 2);
    expect_daily(0, true);
}
END_TEST

/* Fails unless the alert index template gives new indices these shards and replicas. */
static void expect_template_settings(const char *shards, const char *replicas)
{
    struct http_reply r;
    char path[300], want[64];

    snprintf(path, sizeof path, "/_index_template/%s-alerts?filter_path=**.settings",
             harness_config()->alert_index);
    es_raw("GET", path, NULL, &r);
    ck_assert_msg(r.status == 200, "GET %s: %ld %s", path, r.status, r.body);
    snprintf(want, sizeof want, "\"number_of_shards\":\"%s\"", shards);
    ck_assert_msg(strstr(r.body, want), "%s: %s", want, r.body);
    snprintf(want, sizeof want, "\"number_of_replicas\":\"%s\"", replicas);
    ck_assert_msg(strstr(r.body, want), "%s: %s", want, r.body);
    http_reply_free(&r);
}

START_TEST(setup_writes_shards_and_replicas_that_new_daily_indices_take)
{
    char name[300], path[400];
    struct http_reply r;

    ck_assert_int_eq(run_pebactl(NULL, "setup --shards 2 --replicas 0"), 0);
    ck_assert_msg(strstr(pebactl_output(), "index settings: 2 shards, 0 replicas\n"), "%s", pebactl_output());
    expect_template_settings("2", "0");
    LOAD_ALERTS({.id = "lifecycle-1"});
    daily_name(harness_config()->alert_index, 0, name, sizeof name);
    snprintf(path, sizeof path, "/%s/_settings/index.number_of_shards?flat_settings=true", name);
    es_raw("GET", path, NULL, &r);
    ck_assert_msg(strstr(r.body, "\"index.number_of_shards\":\"2\""), "%s", r.body);
    http_reply_free(&r);
    /* back to the configuration's: one shard, replicas auto, which a single node makes 0 */
    ck_assert_int_eq(run_pebactl(NULL, "setup"), 0);
    ck_assert_msg(strstr(pebactl_output(), "index settings: 1 shard, 0 replicas (auto: 1 data node)\n"), "%s",
                  pebactl_output());
    expect_template_settings("1", "0");
    ck_assert_int_eq(run_pebactl(NULL, "setup --replicas some"), 2);
}
END_TEST

/* The templates as the other tests expect them, whatever a failed test left. */
static void setup_defaults(void)
{
    run_pebactl(NULL, "setup");
}

/* Whatever a test created beside the alert indices goes (those go with every reset). */
static void remove_others(void)
{
    es_delete_index(OTHER_INDEX);
    if (created_statistics)
        es_delete_index(harness_config()->statistic_index);
}

int main(void)
{
    Suite *s = suite_create("lifecycle");
    /* in this order: the dry run sees every index, the real run then deletes */
    TCase *prune = HARNESS_CASE(s, "prune", load_backdated, dry_run_lists_the_old_indices_and_deletes_nothing,
                                prune_deletes_exactly_the_indices_dated_28_or_more_days_ago);
    TCase *keep = HARNESS_CASE(s, "keep_days", load_backdated, keep_days_on_the_command_line_wins);
    TCase *setup =
        HARNESS_CASE(s, "setup", NULL, setup_writes_shards_and_replicas_that_new_daily_indices_take);

    tcase_add_unchecked_fixture(prune, NULL, remove_others);
    tcase_add_unchecked_fixture(keep, NULL, remove_others);
    tcase_add_unchecked_fixture(setup, NULL, setup_defaults);
    return harness_run(s);
}
