/* pebactl.c: peba's admin tool: the subcommand table, option parsing and the helpers its commands share. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "ctl.h"
#include "progress.h"
#include "route.h"

static const struct ctl_command commands[] = {
    {"setup", "[--shards N] [--replicas N|auto]",
     "create or update the alert and statistics index templates and the users index",
     "  --shards N     primary shards of new indices (default: [elasticsearch] shards, 1)\n"
     "  --replicas N   copies of each shard on other nodes (default: [elasticsearch] replicas, auto:\n"
     "                 1 when the cluster has several data nodes, else 0)\n"
     "Safe to repeat: templates are replaced, the users index is only created when missing.\n"
     "Existing indices keep their settings; the next daily index takes the new ones.\n",
     ctl_setup},
    {"load", "FILE|-", "bulk-index alert documents (a JSON array or NDJSON) into their daily indices",
     "Each document goes to <alert_index>-YYYY.MM.DD-1 for the UTC day of its recievedTime\n"
     "(\"YYYY-MM-DD HH:MM:SS\"); a member \"_id\" becomes the document id. Exit 1 if any was rejected.\n",
     ctl_load},
    {"prune", "[--keep-days N] [--dry-run]",
     "delete the daily alert indices dated N or more days ago (UTC), judged by the date in their names",
     "  --keep-days N  today (UTC) and the N-1 days before it stay (default: [elasticsearch]\n"
     "                 keep_days, 28, as the original's daily clean-up)\n"
     "  --dry-run      list what would be deleted, delete nothing\n"
     "Only indices named <alert_index>-YYYY.MM.DD-N are touched; run it daily (a systemd timer or cron).\n",
     ctl_prune},
    {"user add", "NAME [--community] [--get-only] [--email E] [--md5]",
     "create or replace a user; the secret is the first line of standard input",
     "  --community    mark the user as a community account\n"
     "  --get-only     mark the user as read-only\n"
     "  --email E      contact address\n"
     "  --md5          store the legacy MD5 form of the secret instead of SHA-512\n",
     ctl_user_add},
    {"user del", "NAME", "delete a user and its cached credentials", "", ctl_user_del},
    {"health", "", "check the search engine and memcached; exit 1 if the engine is down", "", ctl_health},
    {"demo", "[--alerts N] [--days D] [--url URL] [--parallel P] [--user NAME] [--secret S] [--seed N]",
     "generate realistic honeypot alerts: history bulk-loaded, the last hour posted to the ingest endpoint",
     "  --alerts N     alerts in all (default 10000), 100 per EWS-SimpleMessage\n"
     "  --days D       spread over the last D days (default 30); 0: all posted now\n"
     "  --url URL      peba's base URL for POST /ews-0.1/alert/postSimpleMessage (default http://127.0.0.1:8080)\n"
     "  --parallel P   messages in flight at once (default 4, at most 16)\n"
     "  --user NAME    the private sensors' user (default demo-private), created when missing\n"
     "  --secret S     its secret (default demo-secret)\n"
     "  --seed N       picks this run's alerts (default 1); the attacker pool and sensors never change\n"
     "70 % of the traffic comes from community sensors, the rest from private ones. Ingest stamps\n"
     "recievedTime with the arrival time, so only the last hour's tenth goes through the endpoint;\n"
     "older messages become the documents ingest would have stored then (same code, GeoIP included),\n"
     "bulk-loaded into their daily indices. Needs 'pebactl setup' and the [geoip] databases.\n",
     ctl_demo},
};

#define COMMAND_COUNT ARRAY_LEN(commands)
#define MAX_OPTIONS 16

/* The full text on stdout for --help; one line on stderr after a mistake. */
static void usage(FILE *out)
{
    fprintf(out, "usage: pebactl [--config FILE] COMMAND [ARGS]");
    if (out != stdout) {
        fprintf(out, "; COMMAND is one of:");
        for (size_t i = 0; i < COMMAND_COUNT; i++)
            fprintf(out, "%s %s", i ? "," : "", commands[i].name);
        fputc('\n', out);
        return;
    }
    fprintf(out, "\n\ncommands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nThe configuration file (peba's INI) may also be named by PEBA_CONFIG.\n"
                 "'pebactl COMMAND --help' describes a command.\n");
}

void ctl_usage(const struct ctl_command *cmd, FILE *out)
{
    fprintf(out, "usage: pebactl [--config FILE] %s%s%s\n", cmd->name, cmd->synopsis[0] ? " " : "",
            cmd->synopsis);
    if (out == stdout)
        fprintf(out, "%s.\n%s", cmd->summary, cmd->details);
}

static void vmessage(const struct ctl *ctl, const char *fmt, va_list ap)
{
    progress_clear(); /* a message gets a line of its own; the progress line comes back with the next update */
    fprintf(stderr, "pebactl %s: ", ctl->cmd->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void ctl_error(const struct ctl *ctl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmessage(ctl, fmt, ap);
    va_end(ap);
}

int ctl_usage_error(const struct ctl *ctl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmessage(ctl, fmt, ap);
    va_end(ap);
    ctl_usage(ctl->cmd, stderr);
    return CTL_EXIT_USAGE;
}

bool ctl_parse_int(const char *text, int min, int max, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);

    if (end == text || *end || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

/* The command's options followed by --config and --help, as one getopt_long table. */
static bool option_table(const struct option *own, struct option table[MAX_OPTIONS])
{
    static const struct option common[] = {
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
    };
    size_t n = 0;

    for (; own && own[n].name; n++) {
        if (n >= MAX_OPTIONS - 3)
            return false;
        table[n] = own[n];
    }
    table[n++] = common[0];
    table[n++] = common[1];
    memset(&table[n], 0, sizeof table[n]);
    return true;
}

int ctl_args(struct ctl *ctl, int argc, char **argv, const struct option *options, ctl_option_fn on_option,
             void *ctx, int min_args, int max_args)
{
    struct option table[MAX_OPTIONS];
    int opt, rc;

    if (!option_table(options, table)) {
        ctl_error(ctl, "too many options in the command table");
        return CTL_EXIT_FAILED;
    }
    optind = 0; /* GNU getopt: start over on a new argv */
    while ((opt = getopt_long(argc, argv, ":c:h", table, NULL)) != -1) {
        if (opt == 'h') {
            ctl_usage(ctl->cmd, stdout);
            return CTL_EXIT_OK;
        }
        if (opt == 'c')
            ctl->config_path = optarg;
        else if (opt == '?')
            return ctl_usage_error(ctl, "unknown option '%s'", argv[optind - 1]);
        else if (opt == ':')
            return ctl_usage_error(ctl, "option '%s' needs a value", argv[optind - 1]);
        else if ((rc = on_option(ctl, ctx, opt, optarg)) != CTL_CONTINUE)
            return rc;
    }
    ctl->args = argv + optind;
    ctl->nargs = argc - optind;
    if (ctl->nargs < min_args)
        return ctl_usage_error(ctl, "missing argument");
    if (ctl->nargs > max_args)
        return ctl_usage_error(ctl, "unexpected argument '%s'", ctl->args[max_args]);
    return CTL_CONTINUE;
}

bool ctl_connect(struct ctl *ctl, bool with_cache)
{
    peba_err err = routes_config_load(ctl->config_path, &ctl->cfg);

    ctl->cfg_loaded = true;
    if (err != PEBA_OK) {
        ctl_error(ctl, "%s", peba_reason(err));
        return false;
    }
    if (!(ctl->es = es_client_new(&ctl->cfg, NULL))) {
        ctl_error(ctl, "cannot create the search engine client");
        return false;
    }
    if (with_cache)
        ctl->cache = cache_new(&ctl->cfg);
    return true;
}

void ctl_close(struct ctl *ctl)
{
    cache_free(ctl->cache);
    es_client_free(ctl->es);
    if (ctl->cfg_loaded)
        config_free(&ctl->cfg);
}

bool ctl_call(struct ctl *ctl, const char *method, const char *path, const cJSON *body, cJSON **reply)
{
    peba_err err = es_json(ctl->es, method, path, body, reply);

    if (err != PEBA_OK)
        ctl_error(ctl, "%s %s: %s", method, path, peba_reason(err));
    return err == PEBA_OK;
}

int ctl_exists(struct ctl *ctl, const char *path)
{
    const struct buf *raw;
    long status = 0;
    peba_err err = es_request(ctl->es, "HEAD", path, NULL, 0, &status, &raw);

    if (err != PEBA_OK) {
        ctl_error(ctl, "HEAD %s: %s", path, peba_reason(err));
        return -1;
    }
    if (status == 200 || status == 404)
        return status == 200;
    ctl_error(ctl, "HEAD %s answered %ld", path, status);
    return -1;
}

const struct es_flavor *ctl_engine(struct ctl *ctl)
{
    cJSON *info = NULL;

    if (ctl->engine_known)
        return &ctl->engine;
    if (!ctl_call(ctl, "GET", "/", NULL, &info))
        return NULL;
    ctl->engine_known = es_flavor_parse(info, &ctl->engine);
    cJSON_Delete(info);
    if (!ctl->engine_known)
        ctl_error(ctl, "GET /: the answer names no Elasticsearch or OpenSearch version");
    return ctl->engine_known ? &ctl->engine : NULL;
}

bool ctl_template_path(struct ctl *ctl, const char *name, char *out, size_t size)
{
    const struct es_flavor *engine = ctl_engine(ctl);

    if (!engine)
        return false;
    if (es_flavor_template_path(engine, name, out, size))
        return true;
    ctl_error(ctl, "index template name too long: %s", name);
    return false;
}

/* The table entry named by the leading words of argv ("user add"); *words gets how many it used. */
static const struct ctl_command *find_command(int argc, char **argv, int *words)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const char *name = commands[i].name, *space = strchr(name, ' ');
        size_t first = space ? (size_t)(space - name) : strlen(name);

        if (strncmp(argv[0], name, first) || argv[0][first])
            continue;
        if (!space) {
            *words = 1;
            return &commands[i];
        }
        if (argc > 1 && strcmp(argv[1], space + 1) == 0) {
            *words = 2;
            return &commands[i];
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ctl ctl = {.config_path = getenv("PEBA_CONFIG")};
    char label[64];
    int opt, words = 0, rc;

    /* '+': stop at the command, whose options are its own */
    while ((opt = getopt_long(argc, argv, "+c:h", options, NULL)) != -1) {
        switch (opt) {
        case 'c': ctl.config_path = optarg; break;
        case 'h': usage(stdout); return CTL_EXIT_OK;
        default: usage(stderr); return CTL_EXIT_USAGE;
        }
    }
    if (optind >= argc || !(ctl.cmd = find_command(argc - optind, argv + optind, &words))) {
        if (optind < argc)
            fprintf(stderr, "pebactl: unknown command '%s'\n", argv[optind]);
        usage(stderr);
        return CTL_EXIT_USAGE;
    }
    /* the command sees its own name as argv[0] */
    snprintf(label, sizeof label, "pebactl %s", ctl.cmd->name);
    argv += optind + words - 1;
    argc -= optind + words - 1;
    argv[0] = label;
    rc = ctl.cmd->run(&ctl, argc, argv);
    ctl_close(&ctl);
    return rc;
}
