/*
 * demo_post.h: the HTTP side of `pebactl demo`: EWS-SimpleMessage bodies
 * posted to the ingest endpoint with libcurl, several in flight at once (as
 * many sensors would), and each Result read for how many alerts were stored.
 */
#ifndef PEBA_DEMO_POST_H
#define PEBA_DEMO_POST_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "buf.h"
#include "ctl.h"

#define DEMO_POST_MAX 16

struct demo_post_slot {
    CURL *easy;
    struct buf body, reply;
    size_t alerts; /* in the message being sent */
    bool busy;
};

struct demo_poster {
    struct ctl *ctl; /* for messages */
    CURLM *multi;
    struct curl_slist *headers;
    struct demo_post_slot slots[DEMO_POST_MAX];
    struct demo_post_slot *filling;
    int parallel, busy;
    size_t stored, not_stored, messages, problems;
    bool broken; /* a transport failure or a refusal: stop sending */
};

/* parallel (1..DEMO_POST_MAX) connections to base_url's ingest path. */
bool demo_post_open(struct demo_poster *p, struct ctl *ctl, const char *base_url, int parallel);
void demo_post_close(struct demo_poster *p);
/*
 * An empty body for the next message of `alerts` alerts, waiting until a
 * connection is free; NULL once the poster is broken. Fill it, then demo_post_send.
 */
struct buf *demo_post_next(struct demo_poster *p, size_t alerts);
void demo_post_send(struct demo_poster *p);
/* Waits for every message in flight. */
void demo_post_finish(struct demo_poster *p);

#endif
