/* test_honeynet.c: unit tests of lib/honeynet.c: determinism, the network's shape, and both writers against the ingest. */
#include <stdio.h>

#include "alert_index.h"
#include "array_len.h"
#include "classify.h"
#include "envelope.h"
#include "ews_alert.h"
#include "honeynet.h"
#include "ip_class.h"
#include "unit.h"

#define NOW 1714550400 /* 2024-05-01 08:00:00 UTC */
#define ROUND_TRIPS 3000

static struct honeynet net, other;

/* A day of alerts as the benchmark draws them: any T-Pot, busy attackers, some private sources. */
static void draw(struct honeynet *n, struct honeynet_alert *a)
{
    time_t created = honeynet_moment(n, NOW - 86400, NOW);
    unsigned sensor = honeynet_sensor(n, honeynet_tpot(n, false));
    uint32_t attacker = honeynet_busy_attacker(n, 100000);

    honeynet_attack(n, sensor, attacker, created, created + (time_t)honeynet_below(n, 5), true, a);
}

/* The compact text of a's document (free()). */
static char *document_text(const struct honeynet_alert *a)
{
    cJSON *doc = honeynet_document(a);
    char *text = cJSON_PrintUnformatted(doc);

    ck_assert_ptr_nonnull(text);
    cJSON_Delete(doc);
    return text;
}

/* Draws an alert from each network; true when their documents are the same. */
static bool same_draw(struct honeynet *x, struct honeynet *y)
{
    struct honeynet_alert a, b;
    char *one, *two;
    bool same;

    draw(x, &a);
    draw(y, &b);
    one = document_text(&a);
    two = document_text(&b);
    same = strcmp(one, two) == 0;
    free(one);
    free(two);
    return same;
}

/* a's XML in a message of its own through the ingest's parser and alert builder, which must accept it. */
static void ingest(const struct honeynet_alert *a, struct buf *message, struct ews_alert *stored)
{
    struct ews_submission sub = {.community = a->community, .recieved_time = a->received};
    struct ews_envelope env;
    const xmlNode *node;

    buf_reset(message, 0);
    honeynet_xml_begin(message, "u<", "t&");
    honeynet_xml_alert(message, a);
    honeynet_xml_end(message);
    ck_assert_int_eq(envelope_parse(message->data, message->len, &env), PEBA_OK);
    ck_assert_str_eq(env.username, "u<");
    ck_assert_str_eq(env.token, "t&");
    node = ews_alert_next(env.root, NULL);
    ck_assert_ptr_nonnull(node);
    ck_assert_msg(ews_alert_build(node, &sub, stored), "%s rejected: %s", a->peer_ident, stored->reason);
    envelope_free(&env);
}

START_TEST(same_seed_same_traffic)
{
    struct buf x, y;
    time_t times[50];

    honeynet_init(&net, 42);
    honeynet_init(&other, 42);
    for (int i = 0; i < 500; i++)
        ck_assert_msg(same_draw(&net, &other), "draw %d differs", i);
    for (size_t i = 0; i < ARRAY_LEN(times); i++)
        times[i] = NOW - (time_t)i * 7;
    buf_init(&x, 0);
    buf_init(&y, 0);
    honeynet_message(&net, 3, 3000, times, ARRAY_LEN(times), "u", "t", &x);
    honeynet_message(&other, 3, 3000, times, ARRAY_LEN(times), "u", "t", &y);
    assert_bytes_are(x.data, x.len, y.data, y.len);
    buf_free(&x);
    buf_free(&y);
}
END_TEST

START_TEST(another_seed_other_traffic)
{
    int differ = 0;

    honeynet_init(&net, 1);
    honeynet_init(&other, 2);
    for (int i = 0; i < 100; i++)
        differ += !same_draw(&net, &other);
    ck_assert_int_gt(differ, 90);
    /* the network itself does not follow the seed */
    for (int i = 0; i < HONEYNET_SENSORS; i++)
        ck_assert_str_eq(net.sensors[i].ident, other.sensors[i].ident);
    ck_assert_str_eq(net.tpots[7].target_ip, other.tpots[7].target_ip);
}
END_TEST

START_TEST(every_honeypot_type_in_both_domains)
{
    const char *types[32];
    size_t n = 0, community = 0;

    honeynet_init(&net, 1);
    for (int i = 0; i < HONEYNET_SENSORS; i++) {
        const struct honeynet_sensor *s = &net.sensors[i];
        size_t j = 0;

        ck_assert_str_eq(s->peer_type, classify_peer(s->ident));
        ck_assert_str_ne(s->peer_type, CLASSIFY_UNCLASSIFIED);
        ck_assert_ptr_eq(s->tpot, &net.tpots[i / HONEYNET_SENSORS_PER_TPOT]);
        community += s->tpot->community;
        while (j < n && strcmp(types[j], s->peer_type) != 0)
            j++;
        if (j == n && n < ARRAY_LEN(types))
            types[n++] = s->peer_type;
    }
    /* 15 honeypots; glastopf and tanner are both Webpage */
    ck_assert_uint_eq(n, 14);
    ck_assert_uint_eq(community, HONEYNET_COMMUNITY_TPOTS * HONEYNET_SENSORS_PER_TPOT);
    for (unsigned t = 0; t < 100; t++)
        ck_assert(net.tpots[honeynet_tpot(&net, true)].community);
}
END_TEST

static int compare_addresses(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

START_TEST(attackers_have_distinct_public_addresses)
{
    enum { N = 1 << 17 };
    static uint32_t addresses[N];
    unsigned char addr[IP_ADDR_LEN];
    struct geo_place place;
    char text[16];

    for (uint32_t i = 0; i < N; i++) {
        /* the first numbers, and numbers spread over the whole range */
        uint32_t attacker = i < N / 2 ? i : (i - N / 2) * 16381u + N / 2,
                 ip = honeynet_attacker_address(attacker);

        ck_assert_uint_lt(attacker, HONEYNET_ATTACKERS_MAX);
        snprintf(text, sizeof text, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
        ck_assert(ip_parse(text, addr));
        ck_assert_msg(ip_is_global(addr), "%s is not global", text);
        geo_lookup(NULL, text, &place);
        ck_assert_str_ne(place.country, "PIR");
        addresses[i] = ip;
    }
    qsort(addresses, N, sizeof addresses[0], compare_addresses);
    for (size_t i = 1; i < N; i++)
        ck_assert_uint_ne(addresses[i], addresses[i - 1]);
}
END_TEST

/* A private address has the place the ingest gives it without a lookup (PIR); others a country of the network's. */
static void assert_private_place(const struct geo_place *ingest, const char *country, const char *name,
                                 const char *as, const char *location)
{
    if (strcmp(ingest->country, "PIR") != 0) {
        ck_assert_uint_eq(strlen(country), 2);
        return;
    }
    ck_assert_str_eq(country, ingest->country);
    ck_assert_str_eq(name, ingest->country_name);
    ck_assert_str_eq(as, ingest->as_text);
    ck_assert_str_eq(location, ingest->location);
}

/*
 * The ingest turns each drawn alert's XML into exactly its document: every
 * field, in the ingest's order, except that the places come from the
 * geolocation (none here) rather than the network's.
 */
START_TEST(ingest_stores_what_the_document_writer_writes)
{
    struct buf message;
    struct honeynet_alert a;

    honeynet_init(&net, 7);
    buf_init(&message, 0);
    for (int i = 0; i < ROUND_TRIPS; i++) {
        struct geo_place source, target;
        struct ews_alert stored;
        char index[ALERT_INDEX_NAME_MAX], *got, *want;

        draw(&net, &a);
        ingest(&a, &message, &stored);
        geo_lookup(NULL, a.source_ip, &source);
        geo_lookup(NULL, a.target_ip, &target);
        assert_private_place(&source, a.country, a.country_name, a.source_as, a.location);
        assert_private_place(&target, a.target_country, a.target_country_name, a.target_as, a.location_dest);
        a.country = source.country;
        a.country_name = source.country_name;
        a.source_as = source.as_text;
        a.location = source.location;
        a.target_country = target.country;
        a.target_country_name = target.country_name;
        a.target_as = target.as_text;
        a.location_dest = target.location;
        want = cJSON_PrintUnformatted(stored.doc);
        got = document_text(&a);
        assert_text_is(got, want);
        ck_assert(alert_index_name("peba", a.received, index));
        free(got);
        free(want);
        ews_alert_free(&stored);
    }
    buf_free(&message);
}
END_TEST

/* A whole message, live-hour style: every alert accepted, the T-Pot's sensors only. */
START_TEST(messages_are_accepted_whole)
{
    struct ews_submission sub = {.community = true, .recieved_time = "2024-05-01 08:00:00"};
    struct ews_envelope env;
    struct buf message;
    time_t times[100];
    size_t alerts = 0;

    honeynet_init(&net, 3);
    for (size_t i = 0; i < ARRAY_LEN(times); i++)
        times[i] = NOW - (time_t)honeynet_below(&net, 3600);
    buf_init(&message, 0);
    honeynet_message(&net, 5, 3000, times, ARRAY_LEN(times), "community-01-user", "foth{a5maiCee8fineu7",
                     &message);
    ck_assert(!message.failed);
    ck_assert_int_eq(envelope_parse(message.data, message.len, &env), PEBA_OK);
    ck_assert_str_eq(env.token, "foth{a5maiCee8fineu7");
    for (const xmlNode *node = ews_alert_next(env.root, NULL); node; node = ews_alert_next(env.root, node)) {
        struct ews_alert stored;
        const char *ident;

        ck_assert_msg(ews_alert_build(node, &sub, &stored), "rejected: %s", stored.reason);
        ident = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stored.doc, "peerIdent"));
        ck_assert_msg(strstr(ident, "-community-0") != NULL, "%s is not on T-Pot 5", ident);
        ews_alert_free(&stored);
        alerts++;
    }
    ck_assert_uint_eq(alerts, ARRAY_LEN(times));
    envelope_free(&env);
    buf_free(&message);
}
END_TEST

/* Fixtures' own values: NULL fields left out, no extras "{}"; quotes and markup escaped in the XML. */
START_TEST(fixture_values_are_written_as_given)
{
    struct honeynet_alert a = {
        .created = "2024-05-01 08:00:00",
        .received = "2024-05-01 08:00:01",
        .peer_ident = "odd\"<&>-cowrie",
        .peer_type = "SSH/console(cowrie)",
        .source_ip = "2001:db8::1",
        .source_port = "1",
        .target_ip = "10.0.0.1",
        .target_port = "22",
        .protocol = "tcp",
        .hostname = "h\"<&>",
        .input = "\nls \"a\" & <b>",
        .request = "\nls \"a\" & <b>",
        .tz_minutes = -330,
    };
    struct ews_alert stored;
    struct buf message;
    char *text;

    text = document_text(&a);
    assert_text_is(text,
                   "{\"createTime\":\"2024-05-01 08:00:00\",\"hostname\":\"h\\\"<&>\","
                   "\"originalRequestString\":\"\\nls \\\"a\\\" & <b>\",\"peerIdent\":\"odd\\\"<&>-cowrie\","
                   "\"peerType\":\"SSH/console(cowrie)\",\"sourceEntryIp\":\"2001:db8::1\","
                   "\"sourceEntryPort\":\"1\",\"targetEntryIp\":\"10.0.0.1\",\"targetEntryPort\":\"22\","
                   "\"targetport\":\"tcp\",\"clientDomain\":false,\"recievedTime\":\"2024-05-01 08:00:01\","
                   "\"additionalData\":\"{}\"}");
    free(text);
    buf_init(&message, 0);
    ingest(&a, &message, &stored);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stored.doc, "peerIdent")),
                     a.peer_ident);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stored.doc, "hostname")),
                     a.hostname);
    ck_assert_str_eq(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stored.doc, "originalRequestString")),
        a.request);
    /* -0530 on the sensor's clock: 02:30 local is 08:00 UTC */
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stored.doc, "createTime")),
                     a.created);
    ck_assert_ptr_nonnull(strstr(message.data, "<CreateTime tz=\"-0530\">2024-05-01 02:30:00</CreateTime>"));
    ews_alert_free(&stored);
    buf_free(&message);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("honeynet");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, same_seed_same_traffic);
    tcase_add_test(core, another_seed_other_traffic);
    tcase_add_test(core, every_honeypot_type_in_both_domains);
    tcase_add_test(core, ingest_stores_what_the_document_writer_writes);
    tcase_add_test(core, messages_are_accepted_whole);
    tcase_add_test(limits, attackers_have_distinct_public_addresses);
    tcase_add_test(limits, fixture_values_are_written_as_given);
    return unit_run(s);
}
