/*
 * gen_data.c: the benchmark's data from the synthetic network (lib/honeynet.h).
 *   gen_data alerts: stored alert documents as NDJSON for `pebactl load -`,
 *     spread over the last days with a daily rhythm, plus a recent wave of
 *     distinct community attackers that the bad-IP feeds must list.
 *   gen_data messages: ewsposter EWS-SimpleMessage files for the ingest
 *     benchmark, each from the honeypots of one community T-Pot, attackers
 *     spread over the address space so geolocation is not all cache hits.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "honeynet.h"

struct options {
    const char *mode;
    unsigned long alerts;         /* alerts: documents in all; messages: alerts per message */
    unsigned long recent;         /* of which in the wave, one per distinct attacker */
    unsigned long recent_minutes; /* the wave covers [now - recent_minutes, now - 1 min] */
    unsigned long attackers;      /* the pool the rest draws from (attackers 0..recent-1 are the wave's) */
    unsigned long days, seed, messages;
    unsigned long now;
    const char *dir, *user, *token;
};

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: gen_data alerts [--alerts N] [--recent N] [--recent-minutes M] [--attackers N] [--days D]\n"
        "                       [--seed S] [--now EPOCH]\n"
        "       gen_data messages --dir DIR [--messages K] [--alerts N] [--user U] [--token T] [--seed S]\n"
        "alerts: writes N alert documents as NDJSON to standard output: N - recent spread over the last D days\n"
        "  (attackers drawn from a pool of --attackers, a few heavy hitters), and a wave of --recent alerts\n"
        "  from as many distinct community attackers in the last M minutes (the bad-IP feeds' window;\n"
        "  at most half of N, at most --attackers). Defaults: 1000000, 500000, 60, 800000, 30, 1, now.\n"
        "messages: writes DIR/message-0000.xml ... (K messages of N alerts, default 100 of 100) signed with\n"
        "  the community credentials U/T and prints their paths (default seed 7).\n");
}

static bool parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"alerts", required_argument, NULL, 'a'},
        {"recent", required_argument, NULL, 'r'},
        {"recent-minutes", required_argument, NULL, 'm'},
        {"attackers", required_argument, NULL, 'p'},
        {"days", required_argument, NULL, 'd'},
        {"seed", required_argument, NULL, 's'},
        {"now", required_argument, NULL, 'n'},
        {"messages", required_argument, NULL, 'k'},
        {"dir", required_argument, NULL, 'D'},
        {"user", required_argument, NULL, 'u'},
        {"token", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned long *numbers[128] = {['a'] = &o->alerts,    ['r'] = &o->recent,  ['m'] = &o->recent_minutes,
                                   ['p'] = &o->attackers, ['d'] = &o->days,    ['s'] = &o->seed,
                                   ['n'] = &o->now,       ['k'] = &o->messages};
    const char **texts[128] = {['D'] = &o->dir, ['u'] = &o->user, ['t'] = &o->token};
    char *end;
    int opt;

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        exit(0);
    }
    if (argc < 2 || (strcmp(argv[1], "alerts") != 0 && strcmp(argv[1], "messages") != 0))
        return false;
    o->mode = argv[1];
    if (strcmp(o->mode, "messages") == 0) {
        o->alerts = 100;
        o->seed = 7;
    }
    optind = 2;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (opt == 'h') {
            usage(stdout);
            exit(0);
        }
        if (opt > 0 && opt < (int)ARRAY_LEN(texts) && texts[opt]) {
            *texts[opt] = optarg;
        } else if (opt > 0 && opt < (int)ARRAY_LEN(numbers) && numbers[opt]) {
            *numbers[opt] = strtoul(optarg, &end, 10);
            if (!*optarg || *end)
                return false;
        } else {
            return false;
        }
    }
    if (optind != argc || o->alerts == 0)
        return false;
    if (strcmp(o->mode, "messages") == 0)
        return o->dir && o->messages > 0;
    return o->recent <= o->alerts / 2 && o->recent <= o->attackers && o->attackers < HONEYNET_ATTACKERS_MAX &&
           o->days >= 1 && o->recent_minutes >= 2;
}

static bool emit(const struct honeynet_alert *a)
{
    cJSON *doc = honeynet_document(a);
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    bool ok = text && puts(text) >= 0;

    cJSON_free(text);
    cJSON_Delete(doc);
    return ok;
}

static bool write_alerts(const struct options *o, struct honeynet *net)
{
    time_t now = (time_t)o->now;
    struct honeynet_alert a;
    bool ok = true;

    for (unsigned long i = 0; ok && i < o->alerts; i++) {
        /* interleaved with the spread part so every loaded prefix of the stream looks alike */
        bool wave = i % 2 == 1 && i / 2 < o->recent;
        unsigned sensor = honeynet_sensor(net, honeynet_tpot(net, wave));
        uint32_t attacker;
        time_t created;

        if (wave) {
            attacker = (uint32_t)(i / 2);
            created = now - 60 - (time_t)(honeynet_random(net) * (double)((o->recent_minutes - 1) * 60));
        } else {
            /* a third are attackers of the wave coming back */
            attacker =
                honeynet_below(net, 3)
                    ? (uint32_t)o->recent + honeynet_busy_attacker(net, (uint32_t)(o->attackers - o->recent))
                    : honeynet_busy_attacker(net, (uint32_t)o->attackers);
            created = honeynet_moment(net, now - (time_t)o->days * 86400, now - 60);
        }
        honeynet_attack(net, sensor, attacker, created, created + (time_t)honeynet_below(net, 5), !wave, &a);
        ok = emit(&a);
    }
    return ok;
}

static bool write_messages(const struct options *o, struct honeynet *net)
{
    time_t now = time(NULL), *times = calloc(o->alerts, sizeof *times);
    struct buf message;
    char path[4096];
    bool ok = times != NULL;

    buf_init(&message, 0);
    for (unsigned long k = 0; ok && k < o->messages; k++) {
        FILE *f = NULL;

        for (unsigned long i = 0; i < o->alerts; i++)
            times[i] = now - (time_t)honeynet_below(net, 600);
        buf_reset(&message, 1u << 20);
        honeynet_message(net, honeynet_tpot(net, true), HONEYNET_ATTACKERS_MAX, times, o->alerts, o->user,
                         o->token, &message);
        snprintf(path, sizeof path, "%s/message-%04lu.xml", o->dir, k);
        if (!message.failed)
            f = fopen(path, "w");
        ok = f && fwrite(message.data, 1, message.len, f) == message.len;
        ok = f && fclose(f) == 0 && ok && puts(path) >= 0;
        if (!ok)
            fprintf(stderr, "gen_data: cannot write %s\n", path);
    }
    buf_free(&message);
    free(times);
    return ok;
}

int main(int argc, char **argv)
{
    struct options o = {.alerts = 1000000,
                        .recent = 500000,
                        .recent_minutes = 60,
                        .attackers = 800000,
                        .days = 30,
                        .seed = 1,
                        .now = (unsigned long)time(NULL),
                        .messages = 100,
                        .user = "community-01-user",
                        .token = "foth{a5maiCee8fineu7"};
    static struct honeynet net;
    bool ok;

    if (!parse_options(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    honeynet_init(&net, o.seed);
    ok = strcmp(o.mode, "alerts") == 0 ? write_alerts(&o, &net) : write_messages(&o, &net);
    if (ok && fflush(stdout) == 0)
        return 0;
    perror("gen_data: writing standard output");
    return 1;
}
