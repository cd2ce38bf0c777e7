/* main.c: peba-fcgi's command line: one worker on the socket of fd 0, or a prefork pool on it or its own. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "route.h"
#include "pool.h"
#include "worker.h"

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: peba-fcgi [--config FILE] [--listen unix:/path|host:port [--socket-mode MODE]] [--workers N]\n"
        "       peba-fcgi --check-config [--config FILE]\n"
        "\n"
        "Without --listen the FastCGI socket is expected on fd 0 (spawn-fcgi, systemd's\n"
        "StandardInput=socket). With --listen or --workers a master process keeps N workers\n"
        "(default 2) running on the socket. The configuration file may also be named by PEBA_CONFIG.\n");
}

static int check_config(const char *path)
{
    struct peba_config cfg;
    peba_err err = routes_config_load(path, &cfg);

    config_free(&cfg);
    if (err != PEBA_OK) {
        fprintf(stderr, "peba-fcgi: %s\n", peba_reason(err));
        return 1;
    }
    printf("configuration %s is valid\n", path ? path : "(defaults)");
    return 0;
}

static int parse_int(const char *text, int min, int max, int base, const char *what)
{
    char *end;
    long v = strtol(text, &end, base);

    if (end == text || *end || v < min || v > max) {
        fprintf(stderr, "peba-fcgi: %s must be between %d and %d\n", what, min, max);
        exit(2);
    }
    return (int)v;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'},
        {"listen", required_argument, NULL, 'l'},
        {"workers", required_argument, NULL, 'w'},
        {"socket-mode", required_argument, NULL, 'm'},
        {"check-config", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct pool_options pool = {.workers = 2, .socket_mode = 0660, .backlog = 1024};
    bool check_only = false, as_pool = false;
    struct stat st;
    int opt;

    pool.config_path = getenv("PEBA_CONFIG");
    while ((opt = getopt_long(argc, argv, "c:l:w:m:kh", options, NULL)) != -1) {
        switch (opt) {
        case 'c': pool.config_path = optarg; break;
        case 'l': pool.listen = optarg; break;
        case 'w':
            pool.workers = parse_int(optarg, 1, 256, 10, "--workers");
            as_pool = true;
            break;
        case 'm': pool.socket_mode = parse_int(optarg, 0, 0777, 8, "--socket-mode"); break;
        case 'k': check_only = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    if (check_only)
        return check_config(pool.config_path);
    if (pool.listen)
        return pool_run(&pool);
    if (fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        fprintf(stderr,
                "peba-fcgi: fd 0 is not a socket; run under spawn-fcgi or systemd, or give --listen\n");
        usage(stderr);
        return 2;
    }
    return as_pool ? pool_run(&pool) : worker_run(0, pool.config_path);
}
