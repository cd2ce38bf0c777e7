/*
 * classify.h: the honeypot type (peerType) of an alert from its Analyzer id,
 * by the original's ordered pattern table (spec 10.1). Kept exactly, quirks
 * included (P-06): the first pattern found as a case-sensitive substring
 * wins, so `Dionaea-01` is Unclassified and `x.html` is honeytrap; spec 11
 * asks for the same classification outputs, and stored types feed every
 * read endpoint.
 */
#ifndef PEBA_CLASSIFY_H
#define PEBA_CLASSIFY_H

#define CLASSIFY_UNCLASSIFIED "Unclassified"

/* The type string of analyzer_id (a static string), CLASSIFY_UNCLASSIFIED when no pattern matches. */
const char *classify_peer(const char *analyzer_id);

#endif
