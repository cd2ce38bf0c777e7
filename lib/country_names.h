/*
 * country_names.h: English country names by ISO 3166-1 alpha-2 code, for City
 * databases that carry only the code (DB-IP Lite as ip-location-db ships it).
 * Spelled as GeoLite2's country.names.en where known (Russia, South Korea,
 * Czechia), so stored countryName values look alike whichever database is used.
 */
#ifndef PEBA_COUNTRY_NAMES_H
#define PEBA_COUNTRY_NAMES_H

/* The name of code (two uppercase letters), or NULL when unknown. */
const char *country_name_en(const char *code);

#endif
