/* demo_post.c: a few libcurl transfers kept busy with demo messages; every Result is checked. */
#include "demo_post.h"

#include <stdio.h>
#include <string.h>

#define INGEST_PATH "/ews-0.1/alert/postSimpleMessage"
#define ERRORS_SHOWN 5

static size_t on_reply(char *data, size_t size, size_t nmemb, void *ctx)
{
    return buf_append(ctx, data, size * nmemb) ? size * nmemb : 0;
}

bool demo_post_open(struct demo_poster *p, struct ctl *ctl, const char *base_url, int parallel)
{
    char url[2048];

    memset(p, 0, sizeof *p);
    p->ctl = ctl;
    p->parallel = parallel < 1 ? 1 : parallel > DEMO_POST_MAX ? DEMO_POST_MAX : parallel;
    snprintf(url, sizeof url, "%s%s", base_url, INGEST_PATH);
    p->headers = curl_slist_append(NULL, "Content-Type: text/xml;charset=UTF-8");
    p->headers = curl_slist_append(p->headers, "Expect:");
    if (!(p->multi = curl_multi_init()) || !p->headers)
        return false;
    for (int i = 0; i < p->parallel; i++) {
        struct demo_post_slot *s = &p->slots[i];

        buf_init(&s->body, 0);
        buf_init(&s->reply, 1u << 20);
        if (!(s->easy = curl_easy_init()))
            return false;
        curl_easy_setopt(s->easy, CURLOPT_URL, url);
        curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, p->headers);
        curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, on_reply);
        curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, &s->reply);
        curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
        curl_easy_setopt(s->easy, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
    }
    return true;
}

void demo_post_close(struct demo_poster *p)
{
    for (int i = 0; i < p->parallel; i++) {
        struct demo_post_slot *s = &p->slots[i];

        if (s->busy)
            curl_multi_remove_handle(p->multi, s->easy);
        curl_easy_cleanup(s->easy);
        buf_free(&s->body);
        buf_free(&s->reply);
    }
    curl_multi_cleanup(p->multi);
    curl_slist_free_all(p->headers);
}

/* Reads the Result of a finished transfer: "stored S of T alerts" with 200 is the only full success. */
static void finished(struct demo_poster *p, CURLMsg *msg)
{
    struct demo_post_slot *s = NULL;
    size_t stored = 0, total = 0;
    long status = 0;

    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
    curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(p->multi, msg->easy_handle);
    s->busy = false;
    p->busy--;
    buf_putc(&s->reply, '\0');
    if (msg->data.result != CURLE_OK) {
        ctl_error(p->ctl, "POST %s: %s", INGEST_PATH, curl_easy_strerror(msg->data.result));
        p->broken = true;
    } else if (sscanf(s->reply.data, "<Result><StatusCode>%*[^<]</StatusCode><Text>stored %zu of %zu",
                      &stored, &total) != 2 ||
               status != 200 || stored != s->alerts) {
        if (p->problems++ < ERRORS_SHOWN)
            ctl_error(p->ctl, "POST answered %ld: %.300s", status, s->reply.data);
        p->broken |= status != 200 && status != 503;
    }
    p->stored += stored;
    p->not_stored += s->alerts - (stored < s->alerts ? stored : s->alerts);
    p->messages++;
}

/* Lets the transfers run (waiting up to a second for news if wait) and collects those that finished. */
static void pump(struct demo_poster *p, bool wait)
{
    int running = 0, left = 0;
    CURLMsg *msg;

    curl_multi_perform(p->multi, &running);
    while ((msg = curl_multi_info_read(p->multi, &left)))
        if (msg->msg == CURLMSG_DONE)
            finished(p, msg);
    if (running && wait)
        curl_multi_poll(p->multi, NULL, 0, 1000, NULL);
}

struct buf *demo_post_next(struct demo_poster *p, size_t alerts)
{
    while (!p->broken && p->busy == p->parallel)
        pump(p, true);
    if (p->broken)
        return NULL;
    for (int i = 0; i < p->parallel; i++) {
        if (!p->slots[i].busy) {
            p->filling = &p->slots[i];
            p->filling->alerts = alerts;
            buf_reset(&p->filling->body, 1u << 20);
            return &p->filling->body;
        }
    }
    return NULL;
}

void demo_post_send(struct demo_poster *p)
{
    struct demo_post_slot *s = p->filling;

    buf_reset(&s->reply, 1u << 16);
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->body.data);
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->body.len);
    s->busy = true;
    p->busy++;
    p->filling = NULL;
    curl_multi_add_handle(p->multi, s->easy);
    pump(p, false);
}

void demo_post_finish(struct demo_poster *p)
{
    while (p->busy > 0)
        pump(p, true);
}
