/* pool.h: the prefork master of standalone mode: N workers on one socket, replaced when they die. */
#ifndef PEBA_POOL_H
#define PEBA_POOL_H

struct pool_options {
    const char *listen; /* "unix:/path" or "host:port"; NULL: the listening socket on fd 0 */
    int workers;
    int socket_mode; /* permissions of a unix socket */
    int backlog;
    const char *config_path;
};

/* Runs until SIGTERM/SIGINT (workers finish their request), forwarding SIGHUP; returns the exit status. */
int pool_run(const struct pool_options *opt);

#endif
