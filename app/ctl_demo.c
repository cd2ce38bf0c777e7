/*
 * ctl_demo.c: `pebactl demo`: realistic alerts over the last D days, drawn
 * from the synthetic network of lib/honeynet.h. Ingest stamps recievedTime
 * with the time of arrival, so posting a month of alerts now would put all of
 * them "now". The demo therefore sends the last hour's share (a tenth, or
 * everything with --days 0) through the ingest endpoint as ewsposter would,
 * and turns the older messages into documents with the same code
 * (lib/ews_alert.c, GeoIP included) but the recievedTime they would have had,
 * bulk-loaded into their daily indices.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert_index.h"
#include "auth.h"
#include "bulk.h"
#include "ctl.h"
#include "demo_post.h"
#include "envelope.h"
#include "es_query.h"
#include "ews_alert.h"
#include "honeynet.h"
#include "progress.h"
#include "timeutil.h"

#define PER_MESSAGE 100
#define LIVE_SECONDS 3600
#define POST_DELAY_MAX 300 /* ewsposter sends what it collected every few minutes */
#define BULK_DOCS 1000
#define BULK_BYTES (8u << 20)
#define INGEST_PATH "/ews-0.1/alert/postSimpleMessage"
#define ATTACKER_POOL 3000 /* the attackers a month of demo traffic comes from, a few of them busy */

struct demo_options {
    int alerts, days, seed, parallel;
    const char *url, *user, *secret;
};

struct demo_run {
    struct ctl *ctl;
    struct demo_options o;
    struct honeynet net;
    struct geo *geo;
    struct bulk bulk;
    struct buf message;
    time_t now;
    size_t history_failed;
    struct progress progress; /* alerts of both phases, on a terminal only */
    size_t done;              /* alerts generated so far */
};

/* count more alerts are on their way. */
static void advance(struct demo_run *run, size_t count)
{
    run->done += count;
    progress_update(&run->progress, run->done, (double)run->done / run->o.alerts);
}

static int demo_option(struct ctl *ctl, void *ctx, int opt, const char *arg)
{
    struct demo_options *o = ctx;

    switch (opt) {
    case 'a':
        if (!ctl_parse_int(arg, 1, 100000000, &o->alerts))
            return ctl_usage_error(ctl, "--alerts must be 1..100000000");
        break;
    case 'd':
        if (!ctl_parse_int(arg, 0, 366, &o->days))
            return ctl_usage_error(ctl, "--days must be 0..366");
        break;
    case 'S':
        if (!ctl_parse_int(arg, 0, 2147483647, &o->seed))
            return ctl_usage_error(ctl, "--seed must be a non-negative integer");
        break;
    case 'u':
        if (strncmp(arg, "http://", 7) != 0 && strncmp(arg, "https://", 8) != 0)
            return ctl_usage_error(ctl, "--url must start with http:// or https://");
        o->url = arg;
        break;
    case 'p':
        if (!ctl_parse_int(arg, 1, DEMO_POST_MAX, &o->parallel))
            return ctl_usage_error(ctl, "--parallel must be 1..%d", DEMO_POST_MAX);
        break;
    case 'U': o->user = arg; break;
    case 's': o->secret = arg; break;
    }
    return CTL_CONTINUE;
}

static bool user_exists(struct demo_run *run)
{
    cJSON *query = cJSON_CreateObject(), *reply = NULL;
    char path[512];
    bool ok;

    cJSON_AddItemToObject(query, "query", esq_term("peerName", run->o.user));
    cJSON_AddNumberToObject(query, "size", 0);
    snprintf(path, sizeof path, "/%s/_search", run->ctl->cfg.user_index);
    ok = ctl_call(run->ctl, "POST", path, query, &reply) && es_hits_total(reply) > 0;
    cJSON_Delete(reply);
    cJSON_Delete(query);
    return ok;
}

/* The private sensors' user: used as it is when its secret matches, created when missing. */
static bool ensure_user(struct demo_run *run)
{
    struct auth_user user;
    peba_err err = auth_verify(run->ctl->es, NULL, &run->ctl->cfg, run->o.user, run->o.secret, &user);

    if (err == PEBA_OK && !user.community && !user.get_only)
        return true;
    if (err == PEBA_OK) {
        ctl_error(run->ctl, "user %s may not submit private alerts (community or getOnly)", run->o.user);
        return false;
    }
    if (err != PEBA_E_FORBIDDEN) {
        ctl_error(run->ctl, "cannot check user %s: %s", run->o.user, peba_reason(err));
        return false;
    }
    if (user_exists(run)) {
        ctl_error(run->ctl, "user %s exists with another secret: give it with --secret, or another --user",
                  run->o.user);
        return false;
    }
    return ctl_user_store(run->ctl, run->o.user, run->o.secret);
}

static bool templates_ready(struct demo_run *run)
{
    char name[ALERT_INDEX_NAME_MAX + 16], path[ALERT_INDEX_NAME_MAX + 32];
    int exists;

    snprintf(name, sizeof name, "%s-alerts", run->ctl->cfg.alert_index);
    if (!ctl_template_path(run->ctl, name, path, sizeof path))
        return false;
    if ((exists = ctl_exists(run->ctl, path)) == 0)
        ctl_error(run->ctl, "no index template %s-alerts: run 'pebactl setup' first",
                  run->ctl->cfg.alert_index);
    return exists == 1;
}

/*
 * Creates the daily indices of the history window first: creating thirty of
 * them inside one bulk request can outlast the engine timeout.
 */
static bool create_history_indices(struct demo_run *run)
{
    char index[ALERT_INDEX_NAME_MAX], path[ALERT_INDEX_NAME_MAX + 2], stamp[UTC_STAMP_LEN];
    int exists = 0;

    for (int day = 0; day <= run->o.days && exists >= 0; day++) {
        utc_format(run->now - (time_t)day * 86400, stamp);
        alert_index_name(run->ctl->cfg.alert_index, stamp, index);
        snprintf(path, sizeof path, "/%s", index);
        if ((exists = ctl_exists(run->ctl, path)) == 0 && !ctl_call(run->ctl, "PUT", path, NULL, NULL))
            exists = -1;
    }
    return exists >= 0;
}

static void on_history_result(void *ctx, size_t seq, bool stored, const char *reason)
{
    struct demo_run *run = ctx;

    (void)seq;
    if (!stored && run->history_failed++ < 5)
        ctl_error(run->ctl, "a backdated alert was not stored: %s", reason);
}

/*
 * A message of n alerts from T-Pot tpot, their event times spread over the
 * `spread` seconds before `until`, signed as the T-Pot's domain submits.
 */
static void message(struct demo_run *run, unsigned tpot, time_t until, time_t spread, size_t n,
                    struct buf *out)
{
    bool community = run->net.tpots[tpot].community;
    time_t times[PER_MESSAGE];

    for (size_t i = 0; i < n; i++)
        times[i] = until - (time_t)(honeynet_random(&run->net) * (double)spread);
    honeynet_message(&run->net, tpot, ATTACKER_POOL, times, n,
                     community ? run->ctl->cfg.community_user : run->o.user,
                     community ? run->ctl->cfg.community_token : run->o.secret, out);
}

/* A message posted at `posted` (in the past): its alerts as ingest would have stored them then. */
static bool store_backdated(struct demo_run *run, unsigned tpot, time_t posted, size_t n)
{
    char received[UTC_STAMP_LEN], index[ALERT_INDEX_NAME_MAX];
    struct ews_submission sub = {
        .community = run->net.tpots[tpot].community, .recieved_time = received, .geo = run->geo};
    struct ews_envelope env;
    bool ok = true;

    buf_reset(&run->message, 1u << 20);
    message(run, tpot, posted, POST_DELAY_MAX, n, &run->message);
    utc_format(posted, received);
    alert_index_name(run->ctl->cfg.alert_index, received, index);
    if (envelope_parse(run->message.data, run->message.len, &env) != PEBA_OK) {
        ctl_error(run->ctl, "generated message does not parse: %s", peba_reason(PEBA_E_BAD_REQUEST));
        envelope_free(&env);
        return false;
    }
    for (const xmlNode *node = ews_alert_next(env.root, NULL); node && ok;
         node = ews_alert_next(env.root, node)) {
        struct ews_alert a;

        if (!ews_alert_build(node, &sub, &a)) {
            ctl_error(run->ctl, "generated alert rejected: %s", a.reason);
            run->history_failed++;
            continue;
        }
        ok = bulk_add(&run->bulk, index, a.id, a.doc) == PEBA_OK;
        ews_alert_free(&a);
    }
    envelope_free(&env);
    return ok;
}

static double elapsed(const struct timespec *start)
{
    struct timespec end;

    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start->tv_sec) + (double)(end.tv_nsec - start->tv_nsec) / 1e9;
}

static int compare_moments(const void *a, const void *b)
{
    time_t x = *(const time_t *)a, y = *(const time_t *)b;

    return (x > y) - (x < y);
}

/* Messages in time order, so that each bulk request writes to one or two daily indices. */
static bool run_history(struct demo_run *run, size_t alerts)
{
    size_t messages = (alerts + PER_MESSAGE - 1) / PER_MESSAGE;
    time_t *moments;
    struct timespec start;
    double took;
    bool ok = true;

    if (alerts == 0)
        return true;
    if (!create_history_indices(run) || !(moments = calloc(messages, sizeof *moments)))
        return false;
    for (size_t i = 0; i < messages; i++)
        moments[i] =
            honeynet_moment(&run->net, run->now - (time_t)run->o.days * 86400, run->now - LIVE_SECONDS);
    qsort(moments, messages, sizeof *moments, compare_moments);
    clock_gettime(CLOCK_MONOTONIC, &start);
    bulk_init(&run->bulk, run->ctl->es, BULK_DOCS, BULK_BYTES, on_history_result, run);
    for (size_t i = 0; i < messages && ok; i++) {
        size_t done = i * PER_MESSAGE, n = alerts - done < PER_MESSAGE ? alerts - done : PER_MESSAGE;

        ok = store_backdated(run, honeynet_tpot(&run->net, false), moments[i], n);
        advance(run, n);
    }
    free(moments);
    ok = ok && bulk_flush(&run->bulk) == PEBA_OK;
    took = elapsed(&start);
    progress_end(&run->progress);
    printf("history: %zu alerts over %d days bulk-loaded in %.1f s (%.0f alerts/s), %zu not stored\n",
           run->bulk.stored, run->o.days, took, (double)run->bulk.stored / (took > 0 ? took : 1),
           run->history_failed);
    bulk_free(&run->bulk);
    return ok && run->history_failed == 0;
}

static bool run_live(struct demo_run *run, size_t alerts)
{
    struct demo_poster poster;
    struct timespec start;
    struct buf *body;
    double took;
    bool ok = demo_post_open(&poster, run->ctl, run->o.url, run->o.parallel);

    clock_gettime(CLOCK_MONOTONIC, &start);
    for (size_t done = 0; ok && done < alerts; done += PER_MESSAGE) {
        size_t n = alerts - done < PER_MESSAGE ? alerts - done : PER_MESSAGE;

        if (!(body = demo_post_next(&poster, n)))
            break;
        message(run, honeynet_tpot(&run->net, false), time(NULL), LIVE_SECONDS, n, body);
        demo_post_send(&poster);
        advance(run, n);
    }
    demo_post_finish(&poster);
    took = elapsed(&start);
    progress_end(&run->progress);
    printf("live: %zu alerts posted to %s%s in %zu messages, %d at a time, "
           "in %.1f s (%.0f alerts/s), %zu not stored\n",
           poster.stored, run->o.url, INGEST_PATH, poster.messages, run->o.parallel, took,
           (double)poster.stored / (took > 0 ? took : 1), poster.not_stored);
    ok = ok && !poster.broken && poster.not_stored == 0 && poster.stored == alerts;
    demo_post_close(&poster);
    return ok;
}

int ctl_demo(struct ctl *ctl, int argc, char **argv)
{
    static const struct option options[] = {
        {"alerts", required_argument, NULL, 'a'},   {"days", required_argument, NULL, 'd'},
        {"url", required_argument, NULL, 'u'},      {"user", required_argument, NULL, 'U'},
        {"secret", required_argument, NULL, 's'},   {"seed", required_argument, NULL, 'S'},
        {"parallel", required_argument, NULL, 'p'}, {NULL, 0, NULL, 0},
    };
    struct demo_run run = {.ctl = ctl,
                           .o = {.alerts = 10000,
                                 .days = 30,
                                 .seed = 1,
                                 .parallel = 4,
                                 .url = "http://127.0.0.1:8080",
                                 .user = "demo-private",
                                 .secret = "demo-secret"}};
    int rc = ctl_args(ctl, argc, argv, options, demo_option, &run.o, 0, 0);
    size_t live;
    bool ok;

    if (rc != CTL_CONTINUE)
        return rc;
    live = run.o.days ? ((size_t)run.o.alerts + 9) / 10 : (size_t)run.o.alerts;
    if (!ctl_connect(ctl, true) || !templates_ready(&run) || !ensure_user(&run))
        return CTL_EXIT_FAILED;
    honeynet_init(&run.net, (unsigned long)run.o.seed);
    run.geo = geo_open(ctl->cfg.geoip_city_db, ctl->cfg.geoip_asn_db);
    run.now = time(NULL);
    buf_init(&run.message, 0);
    progress_start(&run.progress, stderr, "pebactl demo", "alerts");
    ok = run_history(&run, (size_t)run.o.alerts - live) && run_live(&run, live);
    buf_free(&run.message);
    geo_close(run.geo);
    return ok ? CTL_EXIT_OK : CTL_EXIT_FAILED;
}
