/* geo.c: City and ASN lookups (libmaxminddb), the private-address rule, the original's output strings. */
#include "geo.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <maxminddb.h>

#include "array_len.h"
#include "country_names.h"
#include "pyfloat.h"
#include "ip_class.h"
#include "log.h"

struct geo {
    MMDB_s city, asn;
    bool has_city, has_asn;
};

/* Python 3.7-3.11 `is_private` networks, the ones the original labels "IANA Private IP Range". */
static const char *const private_networks[] = {
    "0.0.0.0/8",       "10.0.0.0/8",     "127.0.0.0/8",  "169.254.0.0/16",     "172.16.0.0/12",
    "192.0.0.0/29",    "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16",     "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",  "255.255.255.255/32", "::1/128",
    "::/128",          "100::/64",       "2001::/23",    "2001:db8::/32",      "fc00::/7",
    "fe80::/10",
};

static bool open_db(MMDB_s *db, const char *path, const char *what, const char *lacking)
{
    int status;

    if (!path || !*path) {
        log_warn("geoip: no %s database configured ([geoip] %s_db); ingested alerts get %s", what, what,
                 lacking);
        return false;
    }
    status = MMDB_open(path, MMDB_MODE_MMAP, db);
    if (status != MMDB_SUCCESS) {
        log_warn("geoip: cannot open the %s database %s (%s); ingested alerts get %s", what, path,
                 status == MMDB_IO_ERROR ? "unreadable" : MMDB_strerror(status), lacking);
        return false;
    }
    return true;
}

struct geo *geo_open(const char *city_path, const char *asn_path)
{
    struct geo *g = calloc(1, sizeof *g);

    if (!g)
        return NULL;
    g->has_city = open_db(&g->city, city_path, "city", "country '-' and coordinates 0.0");
    g->has_asn = open_db(&g->asn, asn_path, "asn", "AS '-'");
    return g;
}

void geo_close(struct geo *g)
{
    if (!g)
        return;
    if (g->has_city)
        MMDB_close(&g->city);
    if (g->has_asn)
        MMDB_close(&g->asn);
    free(g);
}

/* Whether addr (16-byte form, IPv4 mapped) lies in the network text "a.b.c.d/n" or "x::/n". */
static bool in_network(const unsigned char addr[IP_ADDR_LEN], const char *cidr)
{
    unsigned char net[IP_ADDR_LEN];
    char text[IP_TEXT_MAX];
    const char *slash = strchr(cidr, '/');
    unsigned bits = (unsigned)atoi(slash + 1);

    snprintf(text, sizeof text, "%.*s", (int)(slash - cidr), cidr);
    if (!ip_parse(text, net))
        return false;
    if (ip_is_v4(net))
        bits += 96;
    for (unsigned i = 0; i < bits / 8; i++)
        if (addr[i] != net[i])
            return false;
    return bits % 8 == 0 || ((addr[bits / 8] ^ net[bits / 8]) & (0xffu << (8 - bits % 8)) & 0xffu) == 0;
}

static bool is_private(const unsigned char addr[IP_ADDR_LEN])
{
    for (size_t i = 0; i < ARRAY_LEN(private_networks); i++)
        if (in_network(addr, private_networks[i]))
            return true;
    return false;
}

void geo_format_coordinate(double v, bool single, char *out, size_t size)
{
    char repr[PY_FLOAT_REPR_LEN];

    if (isfinite(v))
        python_float_repr(v, single, repr);
    snprintf(out, size, "%s", isfinite(v) ? repr : "0.0");
}

/* The sockaddr libmaxminddb looks up: IPv4 (mapped ones too) as AF_INET, reaching IPv4 in IPv6 trees. */
static int lookup(const MMDB_s *db, const unsigned char addr[IP_ADDR_LEN], MMDB_lookup_result_s *result)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    int mmdb_error = MMDB_SUCCESS;

    if (ip_is_v4(addr)) {
        memcpy(&v4.sin_addr, addr + 12, 4);
        *result = MMDB_lookup_sockaddr(db, (const struct sockaddr *)&v4, &mmdb_error);
    } else {
        memcpy(&v6.sin6_addr, addr, IP_ADDR_LEN);
        *result = MMDB_lookup_sockaddr(db, (const struct sockaddr *)&v6, &mmdb_error);
    }
    return mmdb_error == MMDB_SUCCESS && result->found_entry;
}

/* A string at path (NULL-terminated) of the entry, copied into out; false when absent or not a string. */
static bool entry_string(MMDB_entry_s *entry, const char *const *path, char *out, size_t size)
{
    MMDB_entry_data_s data;

    if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data ||
        data.type != MMDB_DATA_TYPE_UTF8_STRING || data.data_size == 0 || data.data_size >= size)
        return false;
    memcpy(out, data.utf8_string, data.data_size);
    out[data.data_size] = '\0';
    return true;
}

static bool entry_number(MMDB_entry_s *entry, const char *const *path, double *v, bool *single)
{
    MMDB_entry_data_s data;

    if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data)
        return false;
    *single = data.type == MMDB_DATA_TYPE_FLOAT;
    if (data.type == MMDB_DATA_TYPE_DOUBLE)
        *v = data.double_value;
    else if (data.type == MMDB_DATA_TYPE_FLOAT)
        *v = data.float_value;
    else if (data.type == MMDB_DATA_TYPE_UINT32)
        *v = data.uint32;
    else
        return false;
    return true;
}

/* GeoLite2's layout first, then the flat one of ip-location-db's DB-IP files (country_code, latitude, longitude). */
static void city_fields(MMDB_entry_s *entry, struct geo_place *out)
{
    static const char *const iso[] = {"country", "iso_code", NULL}, *const flat_iso[] = {"country_code",
                                                                                         NULL};
    static const char *const name[] = {"country", "names", "en", NULL};
    static const char *const lat[] = {"location", "latitude", NULL}, *const flat_lat[] = {"latitude", NULL};
    static const char *const lon[] = {"location", "longitude", NULL}, *const flat_lon[] = {"longitude", NULL};
    char lat_text[32], lon_text[32];
    double la, lo;
    bool la_single, lo_single;

    if (entry_string(entry, iso, out->country, sizeof out->country) ||
        entry_string(entry, flat_iso, out->country, sizeof out->country)) {
        const char *known = country_name_en(out->country);

        if (!entry_string(entry, name, out->country_name, sizeof out->country_name) && known)
            snprintf(out->country_name, sizeof out->country_name, "%s", known);
    }
    if ((entry_number(entry, lat, &la, &la_single) || entry_number(entry, flat_lat, &la, &la_single)) &&
        (entry_number(entry, lon, &lo, &lo_single) || entry_number(entry, flat_lon, &lo, &lo_single))) {
        geo_format_coordinate(la, la_single, lat_text, sizeof lat_text);
        geo_format_coordinate(lo, lo_single, lon_text, sizeof lon_text);
        snprintf(out->location, sizeof out->location, "%s , %s", lat_text, lon_text);
    }
}

static void asn_fields(MMDB_entry_s *entry, struct geo_place *out)
{
    static const char *const number[] = {"autonomous_system_number", NULL};
    static const char *const org[] = {"autonomous_system_organization", NULL};
    MMDB_entry_data_s data;
    char name[GEO_TEXT_MAX - 16];

    if (MMDB_aget_value(entry, &data, number) == MMDB_SUCCESS && data.has_data &&
        data.type == MMDB_DATA_TYPE_UINT32 && entry_string(entry, org, name, sizeof name))
        snprintf(out->as_text, sizeof out->as_text, "AS%u %s", data.uint32, name);
}

static void set_place(struct geo_place *out, const char *country, const char *name, const char *as_text)
{
    snprintf(out->country, sizeof out->country, "%s", country);
    snprintf(out->country_name, sizeof out->country_name, "%s", name);
    snprintf(out->as_text, sizeof out->as_text, "%s", as_text);
    snprintf(out->location, sizeof out->location, "0.0 , 0.0");
}

void geo_lookup(const struct geo *g, const char *ip, struct geo_place *out)
{
    unsigned char addr[IP_ADDR_LEN];
    MMDB_lookup_result_s result;

    set_place(out, "-", "-", "-");
    if (!ip || !ip_parse(ip, addr))
        return;
    if (is_private(addr)) {
        set_place(out, "PIR", "IANA Private IP Range", "IANA");
        return;
    }
    if (g && g->has_city && lookup(&g->city, addr, &result))
        city_fields(&result.entry, out);
    if (g && g->has_asn && lookup(&g->asn, addr, &result))
        asn_fields(&result.entry, out);
}
