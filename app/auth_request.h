/* auth_request.h: the authentication step of dispatch for the routes the table marks AUTH_PRIVATE or AUTH_SUBMIT. */
#ifndef PEBA_AUTH_REQUEST_H
#define PEBA_AUTH_REQUEST_H

#include "envelope.h"
#include "route.h"

/*
 * Parses req->body into env (which req->envelope then points to), verifies
 * its credentials into req->user and applies the route's auth rule. 403 for
 * missing or wrong credentials and refused users (logged with the claimed
 * name and REMOTE_ADDR, never the token), 400 for a body that is no
 * acceptable envelope, 503 when the users index cannot be read. The caller
 * frees env with envelope_free, whatever the outcome.
 */
peba_err authenticate_request(struct worker *w, struct request *req, struct ews_envelope *env);

#endif
