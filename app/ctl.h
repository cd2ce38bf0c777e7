/* ctl.h: what pebactl's subcommands share: the command table entry, option parsing, connections, messages. */
#ifndef PEBA_CTL_H
#define PEBA_CTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "cache.h"
#include "config.h"
#include "es_client.h"

/* Exit codes of every subcommand. */
enum { CTL_EXIT_OK = 0, CTL_EXIT_FAILED = 1, CTL_EXIT_USAGE = 2 };
/* ctl_args(): the options were fine, carry on with the command. */
#define CTL_CONTINUE (-1)

struct ctl;

struct ctl_command {
    const char *name;     /* as typed: "setup", "user add" */
    const char *synopsis; /* arguments and options after the name */
    const char *summary;  /* one line for the command list */
    const char *details;  /* option lines for --help, may be "" */
    int (*run)(struct ctl *ctl, int argc, char **argv);
};

struct ctl {
    const char *config_path;
    const struct ctl_command *cmd;
    struct peba_config cfg;
    bool cfg_loaded;
    struct es_client *es;
    struct cache *cache;
    char **args; /* positional arguments left by ctl_args */
    int nargs;
    struct es_flavor engine; /* ctl_engine's answer, once known */
    bool engine_known;
};

/* Receives each of the command's own options (its `val` code and argument); returns CTL_CONTINUE or CTL_EXIT_USAGE. */
typedef int (*ctl_option_fn)(struct ctl *ctl, void *ctx, int opt, const char *arg);

/*
 * Parses argv (argv[0] is the command name) with the command's own long
 * options plus --config and --help, and checks there are min..max
 * positional arguments (left in ctl->args); on_option may be NULL when
 * options is. Returns CTL_CONTINUE, or the
 * exit code when the command should stop (0 after --help).
 */
int ctl_args(struct ctl *ctl, int argc, char **argv, const struct option *options, ctl_option_fn on_option,
             void *ctx, int min_args, int max_args);

/* Loads the configuration and creates the search engine client (and the memcached client if with_cache). */
bool ctl_connect(struct ctl *ctl, bool with_cache);
void ctl_close(struct ctl *ctl);

/* "pebactl <command>: <message>" on stderr, one line. */
void ctl_error(const struct ctl *ctl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: the message, then the command's synopsis; returns CTL_EXIT_USAGE. */
int ctl_usage_error(const struct ctl *ctl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ctl_usage(const struct ctl_command *cmd, FILE *out);
/* Parses a whole decimal number in min..max. */
bool ctl_parse_int(const char *text, int min, int max, int *out);

/*
 * Sends method path with an optional JSON body; true when the engine answered
 * 2xx with JSON, parsed into *reply (free with cJSON_Delete; reply may be
 * NULL to discard it). A failure is reported with the engine's reason.
 */
bool ctl_call(struct ctl *ctl, const char *method, const char *path, const cJSON *body, cJSON **reply);
/* HEAD path: 1 when it exists, 0 when not (404), -1 after a reported failure. */
int ctl_exists(struct ctl *ctl, const char *path);
/* The engine that answers (GET /, asked once per run); NULL after a reported failure. */
const struct es_flavor *ctl_engine(struct ctl *ctl);
/* The path of index template name in the engine's template API; false after a reported failure. */
bool ctl_template_path(struct ctl *ctl, const char *name, char *out, size_t size);

int ctl_setup(struct ctl *ctl, int argc, char **argv);
int ctl_load(struct ctl *ctl, int argc, char **argv);
int ctl_prune(struct ctl *ctl, int argc, char **argv);
int ctl_user_add(struct ctl *ctl, int argc, char **argv);
int ctl_user_del(struct ctl *ctl, int argc, char **argv);
int ctl_demo(struct ctl *ctl, int argc, char **argv);

/* Stores (or replaces) a plain user, neither community nor getOnly, with the SHA-512 of secret (ctl_user.c). */
bool ctl_user_store(struct ctl *ctl, const char *name, const char *secret);
int ctl_health(struct ctl *ctl, int argc, char **argv);

#endif
