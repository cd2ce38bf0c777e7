/*
 * harness.h: what every integration test uses to talk to the real stack
 * (nginx -> peba-fcgi workers -> OpenSearch, memcached) that stack/up started.
 *
 * A test program is a Check suite whose main makes its cases with HARNESS_CASE()
 * and returns harness_run(suite). Each case starts from a clean stack: no alert
 * indices, no users, an empty memcached, then the case's fixture loaded.
 * Every HTTP helper fails the running test (ck_abort_msg) on a transport
 * error, so a test only looks at statuses, headers and bodies.
 *
 * Environment (set by tests/CMakeLists.txt): PEBA_RUNDIR (the stack's run
 * directory holding `env`), PEBACTL (the pebactl binary), PEBA_SOURCE_DIR.
 */
#ifndef PEBA_HARNESS_H
#define PEBA_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <check.h>

#include "array_len.h"
#include "config.h"

/* What peba's answers are: the content types, and the XML declaration every XML body begins with. */
#define HTTP_XML "text/xml; charset=utf-8"
#define HTTP_JSON "application/json"
#define HTTP_HTML "text/html; charset=utf-8"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

/* ---- stack ---- */

/* Reads $PEBA_RUNDIR/env and the workers' configuration; exits the program when the stack is not up. */
void harness_setup(void);
/* A value of $PEBA_RUNDIR/env (ES_URL, MC, HTTP_URL, HTTPS_URL, CONFIG, SOCKET, RUNDIR, ...), or NULL. */
const char *harness_env(const char *key);
/* The configuration the workers run with (alert_index, user_index, cors_origin, es_timeout_ms, ...). */
const struct peba_config *harness_config(void);
/* Deletes every alert index and user document and empties both caches (harness_flush_cache). */
void harness_reset(void);
/* Flushes memcached and empties nginx's cache: the next request of every route reaches the engine. */
void harness_flush_cache(void);
/*
 * Empties nginx's cache only (the files of RUNDIR/nginx-cache, which nginx then takes for misses):
 * the next request reaches the workers, and memcached answers it if it holds the answer. Tests of
 * peba's own cache call it between two requests, so the second one exercises memcached.
 */
void harness_empty_nginx_cache(void);

/*
 * A TCase of suite s holding the n tests, with a 60 s timeout and an (unchecked, once per TCase)
 * fixture that runs harness_reset() and then load (may be NULL) to put its data in place.
 * HARNESS_CASE(s, "name", load, test_a, test_b, ...) lists the tests directly.
 */
TCase *harness_case(Suite *s, const char *name, void (*load)(void), const TTest *const *tests, size_t n);
#define HARNESS_CASE(s, name, load, ...)                                   \
    harness_case((s), (name), (load), (const TTest *const[]){__VA_ARGS__}, \
                 ARRAY_LEN(((const TTest *const[]){__VA_ARGS__})))
/* harness_setup(), runs the suite (CK_FORK etc. honoured), returns the exit status for main. */
int harness_run(Suite *suite);

/* ---- HTTP ---- */

struct http_reply {
    long status;
    char *body; /* NUL-terminated (len excludes the NUL); "" for HEAD */
    size_t len;
    char content_type[128]; /* "" when the reply had none */
    char *headers;          /* the header lines "Name: value\n" as received, for messages */
    long http_version;      /* CURL_HTTP_VERSION_1_1, CURL_HTTP_VERSION_2_0, ... */
    char *header_values;    /* private: headers split into NUL-terminated lines for http_header() */
};

/* Every function filling a reply overwrites *r: free the previous reply first. */
void http_reply_free(struct http_reply *r);

/* GET HTTP_URL + path_query (the path with its query string, already URL-encoded). */
void http_get(const char *path_query, struct http_reply *r);
/* POST with a body; content_type may be NULL (then none is sent). */
void http_post(const char *path_query, const char *body, size_t len, const char *content_type,
               struct http_reply *r);
/*
 * Any method ("HEAD" sends no body and reads none) against base_url (NULL:
 * HTTP_URL), with extra request headers ("Origin: http://x", NULL-terminated
 * array, or NULL) and an optional body. HTTPS is not verified (the stack's
 * certificate is self-signed) and offers HTTP/2. Redirects are not followed.
 */
void http_request(const char *method, const char *base_url, const char *path_query,
                  const char *const *headers, const char *body, size_t len, struct http_reply *r);
/* The first response header called name (case-insensitive), or NULL. Valid until http_reply_free(). */
const char *http_header(const struct http_reply *r, const char *name);
/* Fails the test unless r has this status, content type and (unless body is NULL) exactly this body. */
void http_expect(const struct http_reply *r, long status, const char *content_type, const char *body);
/* http_get(path_query) and http_expect() in one, for tables of requests. */
void http_get_expect(const char *path_query, long status, const char *content_type, const char *body);
/*
 * GETs path_query twice with a cold cache (the caller flushed memcached or never asked this before):
 * the first answer must reach the engine (a new search on index_pattern; NULL: the alert indices);
 * the second, past nginx's cache (emptied in between), must come from memcached (no new search)
 * when `cached`, or reach the engine again when not. Both must be 200 with this content type and the same body, which must be `body` unless NULL.
 */
void http_expect_cached(const char *path_query, const char *index_pattern, bool cached,
                        const char *content_type, const char *body);

/*
 * The file in which nginx's cache holds the answer to GET path_query with this Origin header
 * (NULL: none) as text (free()), or NULL when nginx stores none. It begins with nginx's own
 * binary header, then "KEY: ..." and the headers peba sent, X-Accel-Expires included.
 */
char *harness_nginx_cache_entry(const char *path_query, const char *origin);

/* ---- load: GETs from a thread of its own, a fixed number of connections ---- */

enum harness_cache_status { CACHE_HIT, CACHE_MISS, CACHE_EXPIRED, CACHE_STALE, CACHE_UPDATING, CACHE_NONE };

struct harness_load_result {
    unsigned long requests;                 /* answered */
    unsigned long ok;                       /* answered 200 */
    double slowest_s;                       /* the longest a request took */
    unsigned long by_cache[CACHE_NONE + 1]; /* answers by X-Cache-Status (CACHE_NONE: none or another) */
    char failure[256];                      /* the first answer that was not 200, or "" */
};

struct harness_load;
/*
 * Keeps `connections` GETs of HTTP_URL + paths[i] (cycling) going until harness_load_stop, each
 * connection sending its next request pause_ms after its last answer (0: at once).
 */
struct harness_load *harness_load_start(const char *const *paths, size_t n, int connections, int pause_ms);
/* Stops sending, waits for the answers in flight, fills *out and frees the load. */
void harness_load_stop(struct harness_load *load, struct harness_load_result *out);
/* "HIT", "MISS", ... as nginx writes them. */
const char *harness_cache_status_name(enum harness_cache_status s);

/* ---- the engine, directly (fixtures and statistics only; tests of peba go through nginx) ---- */

/* method ES_URL+path with an optional JSON body; any HTTP status is returned in r->status. */
void es_raw(const char *method, const char *path, const char *body, struct http_reply *r);
/* The engine's cumulative count of search queries on the indices index_pattern names (0 while there are none). */
long long es_search_count(const char *index_pattern);
/* es_search_count() of the alert indices. */
long long es_search_total(void);
/* The pattern that names every alert index ("ews-*" for the prefix "ews"). */
const char *harness_alert_pattern(void);
/* Stores the JSON document as index/_doc/id, visible to searches at once. */
void es_put_doc(const char *index, const char *id, const char *json);
/* Deletes the index if it exists. */
void es_delete_index(const char *index);

/* ---- fixtures ---- */

/*
 * One stored alert document (the fields the ingest writes) described relative to a moment `now`;
 * alert_doc writes it with the generator's document writer (lib/honeynet.h).
 * Every field left NULL/0 takes the default in brackets, so a fixture names
 * only what the test is about:
 *     { .id = "a1", .age = 30, .peer_type = "Webpage" }
 */
struct alert {
    const char *id;                  /* _id [the engine picks one] */
    long age;                        /* recievedTime = now - age seconds [now] */
    long create_lag;                 /* createTime = recievedTime - create_lag seconds [same] */
    const char *peer_type;           /* ["Webpage"] */
    bool private_domain;             /* clientDomain false (private user) [true: community] */
    const char *country;             /* ["NL"] */
    const char *country_name;        /* ["Netherlands"] */
    const char *target_country;      /* ["DE"] */
    const char *target_country_name; /* ["Germany"] */
    const char *location;            /* ["52.5 , 13.4"] */
    const char *location_dest;       /* locationDestination ["51.2993 , 9.491"] */
    const char *request;             /* originalRequestString ["/index.html"] */
    const char *username;            /* [absent] */
    const char *password;            /* [absent] */
    const char *login;               /* [absent] */
    const char *source_ip;           /* sourceEntryIp ["192.0.2.10"] */
    const char *target_port;         /* targetEntryPort ["80"] */
    const char *peer_ident;          /* ["sensor-01"] */
    const char *hostname;            /* ["honeypot-01"] */
    const char *extra;               /* a JSON object whose members are added last (and win), e.g.
                                   "{\"sourceEntryAS\":\"AS3320 Deutsche Telekom AG\"}" */
};

/* "YYYY-MM-DD HH:MM:SS" (UTC) of now - age_seconds, as fixtures store times. */
void alert_time(time_t now, long age_seconds, char out[20]);
/* The document of a as compact JSON text with an "_id" member when a->id is set (free()). */
char *alert_doc(time_t now, const struct alert *a);
/* Loads NDJSON text (one document per line) through `pebactl load`; fails the test unless all are indexed. */
void load_alerts(const char *ndjson);
/* Loads n alerts timed against one `now`, which it returns for the test's expectations. */
time_t load_alert_list(const struct alert *alerts, size_t n);
/* LOAD_ALERTS({.age = 30}, {.age = 300, .private_domain = true}): load_alert_list of a literal list. */
#define LOAD_ALERTS(...)                                 \
    load_alert_list((const struct alert[]){__VA_ARGS__}, \
                    sizeof((const struct alert[]){__VA_ARGS__}) / sizeof(struct alert))

/*
 * Runs `$PEBACTL --config $CONFIG <args>` where args is printf(fmt, ...)
 * split by /bin/sh (quote arguments with spaces). stdin_text (may be NULL)
 * is its standard input. Returns the exit status; its standard output is
 * kept for pebactl_output() and echoed, with its stderr, to the test log.
 */
int run_pebactl(const char *stdin_text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The standard output of the last run_pebactl() ("" before the first). */
const char *pebactl_output(void);

/* ---- small helpers ---- */

/* Seconds since an arbitrary start, for timing answers. */
double harness_clock(void);
/*
 * Polls ready(ctx) until it is true, a few milliseconds apart at first and at most a tenth of a
 * second apart later. harness_poll_until returns false when deadline_s seconds pass first;
 * harness_wait_until fails the test then, saying "<what>: not within N s", and otherwise returns
 * the seconds it waited. Waits in tests are these, never a fixed sleep: they end as soon as the
 * awaited state is there and say which state never came.
 */
bool harness_poll_until(double deadline_s, bool (*ready)(void *ctx), void *ctx);
double harness_wait_until(const char *what, double deadline_s, bool (*ready)(void *ctx), void *ctx);
/* The whole file as a string (free()); "" when it cannot be read. */
char *harness_read_file(const char *path);
/* The whitespace-separated pids in the file at path, at most max of them; returns how many. */
size_t harness_read_pids(const char *path, int *pids, size_t max);
/* A RUNDIR file's pids (such as "workers.pid"), at most max of them; returns how many. */
size_t harness_pids(const char *pid_file, int *pids, size_t max);
/* The live child processes of pid, at most max of them; returns how many. */
size_t harness_children(int pid, int *pids, size_t max);
/* The stack's workers: the children of their supervisor (RUNDIR/workers.pid); returns how many. */
size_t harness_workers(int *pids, size_t max);
/*
 * Waits until pid has n live children that have all run for more than seconds: a supervisor's
 * workers past their start (peba's pool holds back a worker that ends within a second of its start).
 */
void harness_wait_children_older(int pid, size_t n, double seconds);
/* Runs the /bin/sh command printf(fmt, ...); fails the test unless it exits 0. */
void harness_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs the /bin/sh command printf(fmt, ...), its output and errors to *out (free()); returns its exit status or -1. */
int harness_capture(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Writes a copy of the stack's configuration to path, with the line `key = ...` made `key = value`
 * (unless key is NULL) and extra (may be NULL) appended.
 */
void harness_write_config(const char *path, const char *key, const char *value, const char *extra);
/* The value of key in a file of KEY=VALUE lines (an env file) into out; false when the file has none. */
bool harness_file_value(const char *path, const char *key, char *out, size_t size);
/* The path of a file in the stack's RUNDIR. */
void harness_rundir_path(const char *name, char *out, size_t size);

/* ---- wrk ---- */

struct wrk_result {
    long long requests, socket_errors;
    long long failed; /* socket errors and answers that are not 2xx/3xx (or the script's count, below) */
    double rps;
    double slowest_s; /* the slowest answer, when the script prints "Slowest answer: S s"; else 0 */
};

/*
 * Reads wrk's report out: "N requests in", "Socket errors: connect A, read B, write C, timeout D",
 * "Requests/sec: R"; scripted: a script decides which statuses failed and prints "Unexpected
 * statuses: N" (tests/integration/soak.lua). Fails the test when out is no wrk report.
 */
void harness_wrk_parse(const char *out, bool scripted, struct wrk_result *w);

/* ---- stack/variant: another set of workers and an nginx beside the stack ---- */

/* The variant's run directory, RUNDIR/variant-<name>. */
void harness_variant_dir(const char *name, char *out, size_t size);
/*
 * `settings stack/variant up RUNDIR DIR` with PEBA_FCGI (the build's worker unless settings name
 * another), settings being shell assignments ("WORKERS_MODE=pool WORKERS=2"); the variant's
 * workers.log starts empty. Fails the test unless it comes up.
 */
void harness_variant_up(const char *name, const char *settings);
/* A value of the running variant's env file (HTTP_URL, HTTPS_URL, SOCKET, ...). */
void harness_variant_env(const char *name, const char *key, char *out, size_t size);
/* stack/variant down; no workers.log of the variant's pools may hold a sanitizer report (leaks show at exit). */
void harness_variant_down(const char *name);
/* The path of file in the variant's run directory. */
void harness_variant_file(const char *name, const char *file, char *out, size_t size);
/* The pid of the variant's supervisor (its workers.pid). */
int harness_variant_master(const char *name);

/* ---- engine faults ---- */

/*
 * Sends es_raw() and the helpers on it to url from now on instead of ES_URL: a test that stops the
 * node ES_URL names (a cluster's first) keeps a way to the engine.
 */
void harness_set_engine_url(const char *url);

/* stack/es-ctl RUNDIR verb: stop, start, kill, pause, resume, with a node ("kill 2"; node 1 when none); fails the test unless it succeeds. */
void harness_es_ctl(const char *verb);
/* Polls /heartbeat until peba reaches the engine again (90 s at most); returns the seconds it took. */
double harness_wait_for_engine(void);
/*
 * Whatever a fault test did to the engine, it runs and answers again, and `pebactl setup` has put
 * back what a restarted (empty) engine lacks. Harmless for an engine that was never touched.
 */
void harness_restore_engine(void);

#endif
