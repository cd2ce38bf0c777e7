/*
 * classify.h: the honeypot type (peerType) of an alert from its Analyzer id,
 * by the original's ordered pattern table. Kept exactly, quirks included:
 * the first pattern found as a case-sensitive substring wins, so
 * `Dionaea-01` is Unclassified and `x.html` is honeytrap. Stored types feed
 * every read endpoint and must match those of alerts the original stored.
 */
#ifndef PEBA_CLASSIFY_H
#define PEBA_CLASSIFY_H

#define CLASSIFY_UNCLASSIFIED "Unclassified"

/* The type string of analyzer_id (a static string), CLASSIFY_UNCLASSIFIED when no pattern matches. */
const char *classify_peer(const char *analyzer_id);

#endif
