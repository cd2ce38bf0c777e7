/* test_ip_class.c: unit tests of lib/ip_class.c: parsing, formatting and the globally-routable rule. */
#include <arpa/inet.h>

#include "ip_class.h"
#include "unit.h"

static bool global(const char *text)
{
    unsigned char addr[IP_ADDR_LEN];

    ck_assert_msg(ip_parse(text, addr), "%s does not parse", text);
    return ip_is_global(addr);
}

static const char *round_trip(const char *text)
{
    static char out[IP_TEXT_MAX];
    unsigned char addr[IP_ADDR_LEN];

    ck_assert_msg(ip_parse(text, addr), "%s does not parse", text);
    ip_format(addr, out);
    return out;
}

START_TEST(ipv4_is_held_as_mapped_ipv6)
{
    static const unsigned char want[IP_ADDR_LEN] = {
        [10] = 0xff, [11] = 0xff, [12] = 45, [13] = 67, [14] = 89, [15] = 10};
    unsigned char addr[IP_ADDR_LEN];

    ck_assert(ip_parse("45.67.89.10", addr));
    ck_assert_mem_eq(addr, want, IP_ADDR_LEN);
    ck_assert(ip_is_v4(addr));
    ck_assert(ip_parse("::ffff:45.67.89.10", addr));
    ck_assert_mem_eq(addr, want, IP_ADDR_LEN);
    ck_assert(ip_parse("2001:db8::1", addr));
    ck_assert(!ip_is_v4(addr));
}
END_TEST

START_TEST(formatting_is_canonical)
{
    ck_assert_str_eq(round_trip("45.67.89.10"), "45.67.89.10");
    ck_assert_str_eq(round_trip("::ffff:45.67.89.10"), "45.67.89.10");
    ck_assert_str_eq(round_trip("2001:DB8:0:0:0::1"), "2001:db8::1");
    ck_assert_str_eq(round_trip("::"), "::");
    ck_assert_str_eq(round_trip("255.255.255.255"), "255.255.255.255");
    ck_assert_str_eq(round_trip("0.0.0.0"), "0.0.0.0");
    ck_assert_str_eq(round_trip("100.10.9.109"), "100.10.9.109");
    ck_assert_str_eq(round_trip("::ffff:1.0.0.0"), "1.0.0.0");
    /* every octet as inet_ntop writes it */
    for (unsigned v = 0; v < 256; v++) {
        char text[IP_TEXT_MAX];

        snprintf(text, sizeof text, "%u.%u.%u.%u", v, 255 - v, v / 3, v % 100);
        ck_assert_str_eq(round_trip(text), text);
    }
}
END_TEST

/* ip_format writes IPv4 by hand: the same text as inet_ntop for the four bytes, at the edges of each octet. */
START_TEST(ipv4_text_is_inet_ntops)
{
    static const unsigned char cases[][4] = {
        {0, 0, 0, 0},     {255, 255, 255, 255}, {10, 0, 0, 1},   {1, 2, 3, 40},
        {9, 10, 99, 100}, {199, 200, 249, 250}, {100, 0, 10, 1}, {127, 0, 0, 1},
    };
    size_t n = sizeof cases / sizeof cases[0];

    /* the table, then every octet value in every position */
    for (size_t i = 0; i < n + 256; i++) {
        unsigned v = (unsigned)(i % 256);
        const unsigned char every[4] = {v, 255 - v, v * 7, v / 2};
        unsigned char addr[IP_ADDR_LEN] = {[10] = 0xff, [11] = 0xff};
        char got[IP_TEXT_MAX], want[INET_ADDRSTRLEN];

        memcpy(addr + 12, i < n ? cases[i] : every, 4);
        ck_assert_ptr_nonnull(inet_ntop(AF_INET, addr + 12, want, sizeof want));
        ck_assert_str_eq(ip_format(addr, got), want);
    }
}
END_TEST

START_TEST(non_addresses_do_not_parse)
{
    static const char *const bad[] = {"",         "1.2.3",    "1.2.3.4.5",  "256.1.1.1",   " 1.2.3.4",
                                      "1.2.3.4 ", "01.2.3.4", "1.2.3.4/24", "example.org", "2001:db8::1::2",
                                      "[::1]",    "::g"};
    unsigned char addr[IP_ADDR_LEN];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!ip_parse(bad[i], addr), "'%s' parsed", bad[i]);
}
END_TEST

START_TEST(ipv4_ranges_follow_the_original)
{
    static const char *const local[] = {
        "0.0.0.0",      "0.255.255.255", "10.0.0.0",   "10.255.255.255",  "100.64.0.0", "100.127.255.255",
        "127.0.0.1",    "169.254.1.1",   "172.16.0.0", "172.31.255.255",  "192.0.0.0",  "192.0.0.7",
        "192.0.0.170",  "192.0.0.171",   "192.0.2.1",  "192.168.1.1",     "198.18.0.1", "198.19.255.255",
        "198.51.100.1", "203.0.113.9",   "240.0.0.1",  "255.255.255.255",
    };
    static const char *const routable[] = {
        "1.0.0.0",         "8.8.8.8",         "9.255.255.255",  "11.0.0.0",        "100.63.255.255",
        "100.128.0.0",     "126.255.255.255", "128.0.0.0",      "169.253.255.255", "172.15.255.255",
        "172.32.0.0",      "192.0.0.8",       "192.0.0.169",    "192.0.0.172",     "192.0.1.255",
        "192.0.3.0",       "192.167.255.255", "198.17.255.255", "198.20.0.0",      "203.0.112.255",
        "223.255.255.255", "45.67.89.10",
    };

    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
        ck_assert_msg(!global(local[i]), "%s counted as global", local[i]);
    for (size_t i = 0; i < sizeof routable / sizeof routable[0]; i++)
        ck_assert_msg(global(routable[i]), "%s counted as local", routable[i]);
}
END_TEST

START_TEST(ipv6_ranges_follow_the_original)
{
    static const char *const local[] = {
        "::",
        "::1",
        "100::",
        "100::ffff:ffff:ffff:ffff",
        "2001::",
        "2001:1ff:ffff::1",
        "2001:db8::1",
        "2001:db8:ffff::1",
        "fc00::1",
        "fdff:ffff::1",
        "fe80::1",
        "febf::1",
        "::ffff:10.0.0.1",
    };
    static const char *const routable[] = {
        "::2",          "100:0:0:1::1", "2001:200::1", "2001:4860:4860::8888", "2001:db7::1", "2001:db9::1",
        "2a00:1450::1", "fbff::1",      "fec0::1",     "::ffff:8.8.8.8",
    };

    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
        ck_assert_msg(!global(local[i]), "%s counted as global", local[i]);
    for (size_t i = 0; i < sizeof routable / sizeof routable[0]; i++)
        ck_assert_msg(global(routable[i]), "%s counted as local", routable[i]);
}
END_TEST

START_TEST(multicast_is_not_global_unlike_the_original)
{
    ck_assert(!global("224.0.0.1"));
    ck_assert(!global("239.255.255.255"));
    ck_assert(!global("ff02::1"));
    ck_assert(!global("ff0e::101"));
    ck_assert(global("feff::1"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ip_class");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, ipv4_is_held_as_mapped_ipv6);
    tcase_add_test(core, formatting_is_canonical);
    tcase_add_test(core, ipv4_text_is_inet_ntops);
    tcase_add_test(core, ipv4_ranges_follow_the_original);
    tcase_add_test(core, ipv6_ranges_follow_the_original);
    tcase_add_test(core, multicast_is_not_global_unlike_the_original);
    tcase_add_test(limits, non_addresses_do_not_parse);
    return unit_run(s);
}
