/*
 * geo.h: GeoIP enrichment of ingested alerts with libmaxminddb, with the
 * original's output strings. A City database gives the country and
 * coordinates, an ASN database the autonomous system; both are memory-mapped
 * once per worker and looked up independently, so a missing ASN entry never
 * costs the country (in the original, the first failed lookup ended all).
 * Either database may be absent: its fields then keep their defaults.
 */
#ifndef PEBA_GEO_H
#define PEBA_GEO_H

#include <stdbool.h>
#include <stddef.h>

#define GEO_TEXT_MAX 256

/* The output strings the original stored, defaults included: the dashboard shows them. */
struct geo_place {
    char country[8];                 /* ISO code; "PIR" private; "-" unknown */
    char country_name[GEO_TEXT_MAX]; /* English name; "IANA Private IP Range"; "-" */
    char as_text[GEO_TEXT_MAX];      /* "AS<number> <organisation>"; "IANA"; "-" */
    char location[80];               /* "<lat> , <lon>"; "0.0 , 0.0" */
};

struct geo;

/*
 * Opens the databases whose paths are non-empty. A path that is empty,
 * missing or unreadable gives one warning on stderr naming what ingest
 * will lack; it is never fatal. NULL only when out of memory.
 */
struct geo *geo_open(const char *city_path, const char *asn_path);
void geo_close(struct geo *g);

/*
 * Fills out for the address text ip (IPv4 or IPv6). Private addresses
 * (Python's is_private set, which the original used) give PIR / IANA Private IP Range /
 * IANA / "0.0 , 0.0" without a lookup. g may be NULL (no databases).
 */
void geo_lookup(const struct geo *g, const char *ip, struct geo_place *out);

/*
 * A coordinate as Python prints a float: the shortest decimal that reads
 * back as the same value (of single precision when single), at least one
 * fraction digit ("51.2993", "-97.822", "9.0").
 */
void geo_format_coordinate(double v, bool single, char *out, size_t size);

#endif
