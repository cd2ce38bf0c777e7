/* dispatch.h: one request's way from the worker through routing, validation, cache and handler. */
#ifndef PEBA_DISPATCH_H
#define PEBA_DISPATCH_H

#include "route.h"

/* Runs one request through routing, validation, cache and handler into w->res. */
void dispatch(struct worker *w, struct request *req);

/* The body size limit of the route at path: ingest_max_body_bytes for submissions, else max_body_bytes. */
long request_body_limit(const struct worker *w, const char *path);

#endif
