/* ip_class.c: the 16-byte address form and the table of non-global ranges. */
#include "ip_class.h"

#include <arpa/inet.h>
#include <string.h>

#include "array_len.h"

struct net {
    unsigned char prefix[IP_ADDR_LEN]; /* IPv4 ranges use the first 4 bytes */
    unsigned bits;
};

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Python's IPv4 private networks, CGNAT (is_global excludes it too) and multicast. */
static const struct net v4_local[] = {
    {{0, 0, 0, 0}, 8},      {{10, 0, 0, 0}, 8},     {{100, 64, 0, 0}, 10}, {{127, 0, 0, 0}, 8},
    {{169, 254, 0, 0}, 16}, {{172, 16, 0, 0}, 12},  {{192, 0, 0, 0}, 29},  {{192, 0, 0, 170}, 31},
    {{192, 0, 2, 0}, 24},   {{192, 168, 0, 0}, 16}, {{198, 18, 0, 0}, 15}, {{198, 51, 100, 0}, 24},
    {{203, 0, 113, 0}, 24}, {{224, 0, 0, 0}, 4},    {{240, 0, 0, 0}, 4},
};

/* Python's IPv6 private networks (2001:2::/48 and 2001:10::/28 lie inside 2001::/23) and multicast. */
static const struct net v6_local[] = {
    {{0}, 128},                     /* :: */
    {{[15] = 1}, 128},              /* ::1 */
    {{0x01, 0x00}, 64},             /* 100::/64 */
    {{0x20, 0x01}, 23},             /* 2001::/23 */
    {{0x20, 0x01, 0x0d, 0xb8}, 32}, /* 2001:db8::/32 */
    {{0xfc}, 7},                    /* fc00::/7 */
    {{0xfe, 0x80}, 10},             /* fe80::/10 */
    {{0xff}, 8},                    /* ff00::/8 */
};

static bool in_net(const unsigned char *addr, const struct net *net)
{
    unsigned full = net->bits / 8, rest = net->bits % 8;

    if (memcmp(addr, net->prefix, full) != 0)
        return false;
    return rest == 0 || ((addr[full] ^ net->prefix[full]) & (0xffu << (8 - rest)) & 0xffu) == 0;
}

static bool in_any(const unsigned char *addr, const struct net *nets, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (in_net(addr, &nets[i]))
            return true;
    return false;
}

bool ip_is_v4(const unsigned char addr[IP_ADDR_LEN])
{
    return memcmp(addr, v4_mapped, sizeof v4_mapped) == 0;
}

bool ip_parse(const char *text, unsigned char addr[IP_ADDR_LEN])
{
    if (inet_pton(AF_INET, text, addr + sizeof v4_mapped) == 1) {
        memcpy(addr, v4_mapped, sizeof v4_mapped);
        return true;
    }
    return inet_pton(AF_INET6, text, addr) == 1;
}

/* inet_ntop writes IPv4 through sprintf, a cost that shows in lists of half a million addresses. */
static void format_v4(const unsigned char *octets, char *out)
{
    for (int i = 0; i < 4; i++) {
        unsigned v = octets[i];

        if (v >= 100)
            *out++ = (char)('0' + v / 100);
        if (v >= 10)
            *out++ = (char)('0' + v / 10 % 10);
        *out++ = (char)('0' + v % 10);
        *out++ = i < 3 ? '.' : '\0';
    }
}

const char *ip_format(const unsigned char addr[IP_ADDR_LEN], char out[IP_TEXT_MAX])
{
    if (ip_is_v4(addr))
        format_v4(addr + sizeof v4_mapped, out);
    else
        inet_ntop(AF_INET6, addr, out, IP_TEXT_MAX);
    return out;
}

bool ip_is_global(const unsigned char addr[IP_ADDR_LEN])
{
    if (ip_is_v4(addr))
        return !in_any(addr + sizeof v4_mapped, v4_local, ARRAY_LEN(v4_local));
    return !in_any(addr, v6_local, ARRAY_LEN(v6_local));
}
