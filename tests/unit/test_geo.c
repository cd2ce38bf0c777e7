/* test_geo.c: unit tests of lib/geo.c against the databases make-test-mmdb.pl writes (TEST_MMDB_DIR). */
#include <stdio.h>

#include "geo.h"
#include "unit.h"

#define CITY_DB TEST_MMDB_DIR "/test-city.mmdb"
#define FLAT_CITY_DB TEST_MMDB_DIR "/test-city-flat.mmdb"
#define ASN_DB TEST_MMDB_DIR "/test-asn.mmdb"

static void assert_place(const struct geo *g, const char *ip, const char *country, const char *name,
                         const char *as_text, const char *location)
{
    struct geo_place p;

    geo_lookup(g, ip, &p);
    ck_assert_msg(strcmp(p.country, country) == 0, "%s: country %s, not %s", ip, p.country, country);
    ck_assert_msg(strcmp(p.country_name, name) == 0, "%s: countryName %s, not %s", ip, p.country_name, name);
    ck_assert_msg(strcmp(p.as_text, as_text) == 0, "%s: AS %s, not %s", ip, p.as_text, as_text);
    ck_assert_msg(strcmp(p.location, location) == 0, "%s: location %s, not %s", ip, p.location, location);
}

static void assert_coordinate(double v, bool single, const char *want)
{
    char out[48];

    geo_format_coordinate(v, single, out, sizeof out);
    ck_assert_msg(strcmp(out, want) == 0, "%.17g printed as %s, not %s", v, out, want);
}

START_TEST(coordinates_print_like_python)
{
    assert_coordinate(51.2993, false, "51.2993");
    assert_coordinate(-97.822, false, "-97.822");
    assert_coordinate(9.0, false, "9.0");
    assert_coordinate(0.0, false, "0.0");
    assert_coordinate(100.0, false, "100.0");
    assert_coordinate(-0.0931, false, "-0.0931");
    assert_coordinate(1e-05, false, "1e-05");
    assert_coordinate(0.1 + 0.2, false, "0.30000000000000004");
    /* DB-IP's single-precision values: the shortest text of the float, not of its double widening */
    assert_coordinate(52.374001f, true, "52.374");
    assert_coordinate(-122.084999f, true, "-122.085");
}
END_TEST

START_TEST(known_networks_give_their_fields)
{
    struct geo *g = geo_open(CITY_DB, ASN_DB);

    ck_assert_ptr_nonnull(g);
    assert_place(g, "45.67.89.10", "NL", "Netherlands", "AS64500 Example Hosting B.V.", "52.3824 , 4.8995");
    assert_place(g, "93.184.216.34", "US", "United States", "AS15133 Edgecast Inc.", "37.751 , -97.822");
    assert_place(g, "2a02:2e0:3fe:1001::1", "DE", "Germany", "AS3320 Deutsche Telekom AG", "51.2993 , 9.491");
    assert_place(g, "::ffff:45.67.89.10", "NL", "Netherlands", "AS64500 Example Hosting B.V.",
                 "52.3824 , 4.8995");
    geo_close(g);
}
END_TEST

/* P-12: a missing ASN entry keeps the country, a City entry without location keeps the ASN. */
START_TEST(each_database_is_looked_up_on_its_own)
{
    struct geo *g = geo_open(CITY_DB, ASN_DB);

    assert_place(g, "81.2.69.160", "GB", "United Kingdom", "-", "51.5142 , -0.0931");
    assert_place(g, "89.160.20.112", "SE", "Sweden", "AS29518 Bredband2 AB", "0.0 , 0.0");
    assert_place(g, "8.8.8.8", "-", "-", "-", "0.0 , 0.0");
    assert_place(g, "2001:4860::8888", "-", "-", "-", "0.0 , 0.0");
    geo_close(g);
}
END_TEST

START_TEST(private_addresses_are_labelled_without_lookup)
{
    static const char *const private_ips[] = {
        "10.1.1.1",  "172.20.0.2", "192.168.8.1", "127.0.0.1",   "0.1.2.3",         "169.254.1.1",
        "192.0.2.7", "198.18.0.1", "203.0.113.5", "240.0.0.1",   "255.255.255.255", "::1",
        "::",        "fd00::1",    "fe80::1",     "2001:db8::1", "100::1",          "192.0.0.171"};
    struct geo *g = geo_open(CITY_DB, ASN_DB);

    for (size_t i = 0; i < sizeof private_ips / sizeof private_ips[0]; i++)
        assert_place(g, private_ips[i], "PIR", "IANA Private IP Range", "IANA", "0.0 , 0.0");
    /* Python's private set leaves out CGNAT and multicast: they are looked up (and unknown here) */
    assert_place(g, "100.64.0.1", "-", "-", "-", "0.0 , 0.0");
    assert_place(g, "224.0.0.1", "-", "-", "-", "0.0 , 0.0");
    assert_place(g, "192.0.0.8", "-", "-", "-", "0.0 , 0.0");
    geo_close(g);
    assert_place(NULL, "172.20.0.2", "PIR", "IANA Private IP Range", "IANA", "0.0 , 0.0");
}
END_TEST

START_TEST(the_flat_dbip_layout_is_read_too)
{
    struct geo *g = geo_open(FLAT_CITY_DB, "");

    assert_place(g, "45.67.89.10", "NL", "Netherlands", "-", "52.374 , 4.88969");
    /* a code without a known name keeps the name "-" */
    assert_place(g, "93.184.216.34", "ZZ", "-", "-", "0.5 , -120.0");
    geo_close(g);
}
END_TEST

START_TEST(missing_databases_leave_the_defaults)
{
    struct geo *g = geo_open(TEST_MMDB_DIR "/no-such.mmdb", __FILE__);

    ck_assert_ptr_nonnull(g);
    assert_place(g, "45.67.89.10", "-", "-", "-", "0.0 , 0.0");
    assert_place(g, "10.0.0.1", "PIR", "IANA Private IP Range", "IANA", "0.0 , 0.0");
    geo_close(g);
    g = geo_open(NULL, "");
    assert_place(g, "45.67.89.10", "-", "-", "-", "0.0 , 0.0");
    geo_close(g);
    geo_close(NULL);
}
END_TEST

START_TEST(garbage_addresses_get_the_defaults)
{
    struct geo *g = geo_open(CITY_DB, ASN_DB);

    assert_place(g, "asasasas", "-", "-", "-", "0.0 , 0.0");
    assert_place(g, "", "-", "-", "-", "0.0 , 0.0");
    assert_place(g, NULL, "-", "-", "-", "0.0 , 0.0");
    assert_place(g, " 45.67.89.10", "-", "-", "-", "0.0 , 0.0");
    geo_close(g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, coordinates_print_like_python);
    tcase_add_test(core, known_networks_give_their_fields);
    tcase_add_test(core, each_database_is_looked_up_on_its_own);
    tcase_add_test(core, private_addresses_are_labelled_without_lookup);
    tcase_add_test(core, the_flat_dbip_layout_is_read_too);
    tcase_add_test(limits, missing_databases_leave_the_defaults);
    tcase_add_test(limits, garbage_addresses_get_the_defaults);
    return unit_run(s);
}
