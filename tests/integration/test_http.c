/*
 * test_http.c: what every route shares, through nginx on an empty engine: errors as 400, 404 and 405
 * in the route's format, OPTIONS and CORS, HEAD, the root redirect, the heartbeats, HTTPS with HTTP/2.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "harness.h"

#define ERROR_XML(status, message) \
    XML_DECL "<Error>\n  <Status>" #status "</Status>\n  <Message>" message "</Message>\n</Error>\n"
#define ERROR_JSON(status, message) "{\"error\":\"" message "\",\"status\":" #status "}\n"
#define TIME_RANGE "time: expected an integer from 0 to 525600 or 'day'"

START_TEST(bad_parameters_are_400)
{
    char path[512];

    http_get_expect("/alert/retrieveAlertsCount?time=abc", 400, HTTP_XML, ERROR_XML(400, TIME_RANGE));
    http_get_expect("/alert/retrieveAlertsCount?time=-5&out=json", 400, HTTP_JSON,
                    ERROR_JSON(400, TIME_RANGE));
    http_get_expect("/alert/retrieveAlertsCount?time=1.5", 400, HTTP_XML, ERROR_XML(400, TIME_RANGE));
    http_get_expect("/alert/retrieveAlertsCount?time=525601", 400, HTTP_XML, ERROR_XML(400, TIME_RANGE));
    http_get_expect("/alert/retrieveAlertsCount", 400, HTTP_XML, ERROR_XML(400, "time: required"));
    http_get_expect("/alert/retrieveAlertsCount?time=", 400, HTTP_XML, ERROR_XML(400, "time: required"));
    http_get_expect("/alert/retrieveAlertsCountWithType?time=abc", 400, HTTP_JSON,
                    ERROR_JSON(400, TIME_RANGE));
    http_get_expect("/alert/retrieveAlertsCount?time=10&ci=7", 400, HTTP_XML,
                    ERROR_XML(400, "ci: expected one of: 1 0 -1"));
    http_get_expect("/alert/retrieveAlertStats?ci=abc", 400, HTTP_JSON,
                    ERROR_JSON(400, "ci: expected one of: 1 0 -1"));
    http_get_expect("/alert/retrieveAlertsCount?time=10&out=yaml", 400, HTTP_XML,
                    ERROR_XML(400, "out: expected one of: xml json"));
    snprintf(path, sizeof path, "/alert/retrieveAlertsCount?time=%0300d", 5);
    http_get_expect(path, 400, HTTP_XML, ERROR_XML(400, "time: longer than 256 bytes"));
}
END_TEST

START_TEST(unknown_path_is_404)
{
    http_get_expect("/alert/noSuchThing", 404, HTTP_XML, ERROR_XML(404, "no such endpoint"));
    http_get_expect("/alert/noSuchThing?out=json", 404, HTTP_JSON, ERROR_JSON(404, "no such endpoint"));
    http_get_expect("/alert/retrieveAlertsCount/", 404, HTTP_XML, ERROR_XML(404, "no such endpoint"));
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    struct http_reply r;

    http_post("/alert/retrieveAlertsCount?time=10", "x=1", 3, "application/x-www-form-urlencoded", &r);
    http_expect(&r, 405, HTTP_XML, ERROR_XML(405, "method not allowed; allowed: GET, HEAD, OPTIONS"));
    ck_assert_str_eq(http_header(&r, "Allow"), "GET, HEAD, OPTIONS");
    http_reply_free(&r);
    http_request("DELETE", NULL, "/heartbeat", NULL, NULL, 0, &r);
    ck_assert_int_eq(r.status, 405);
    ck_assert_str_eq(http_header(&r, "Allow"), "GET, HEAD, OPTIONS");
    http_reply_free(&r);
}
END_TEST

START_TEST(options_answers_allow)
{
    static const char *const preflight[] = {
        "Origin: http://sicherheitstacho.eu",
        "Access-Control-Request-Method: GET",
        "Access-Control-Request-Headers: X-Requested-With",
        NULL,
    };
    struct http_reply r;

    http_request("OPTIONS", NULL, "/alert/retrieveAlertsJson", NULL, NULL, 0, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.len, 0);
    ck_assert_str_eq(http_header(&r, "Allow"), "GET, HEAD, OPTIONS");
    ck_assert_ptr_null(http_header(&r, "Access-Control-Allow-Methods"));
    http_reply_free(&r);
    http_request("OPTIONS", NULL, "/alert/retrieveAlertsCount", preflight, NULL, 0, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.len, 0);
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Methods"),
                     "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Headers"), "X-Requested-With");
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Origin"), "http://sicherheitstacho.eu");
    http_reply_free(&r);
}
END_TEST

START_TEST(head_has_no_body)
{
    struct http_reply r;

    http_request("HEAD", NULL, "/alert/retrieveAlertsCount?time=10", NULL, NULL, 0, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, HTTP_XML);
    ck_assert_uint_eq(r.len, 0);
    http_reply_free(&r);
    http_request("HEAD", NULL, "/heartbeat", NULL, NULL, 0, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.len, 0);
    http_reply_free(&r);
}
END_TEST

/* GETs path with an optional Origin header; the reply goes to r. */
static void get_with_origin(const char *path, const char *origin, struct http_reply *r)
{
    char line[256];
    const char *headers[] = {line, NULL};

    snprintf(line, sizeof line, "Origin: %s", origin ? origin : "");
    http_request("GET", NULL, path, origin ? headers : NULL, NULL, 0, r);
}

START_TEST(cors_headers)
{
    const char *configured = harness_config()->cors_origin;
    struct http_reply r;

    get_with_origin("/alert/retrieveAlertStats", NULL, &r);
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Origin"), configured);
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Credentials"), "true");
    http_reply_free(&r);
    get_with_origin("/alert/retrieveAlertStats", "HTTP://SicherheitsTacho.EU", &r);
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Origin"), "HTTP://SicherheitsTacho.EU");
    http_reply_free(&r);
    get_with_origin("/alert/retrieveAlertStats", "http://evil.example", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(http_header(&r, "Access-Control-Allow-Origin"));
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Credentials"), "true");
    http_reply_free(&r);
    get_with_origin("/heartbeat", configured, &r);
    ck_assert_ptr_null(http_header(&r, "Access-Control-Allow-Origin"));
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Credentials"), "true");
    http_reply_free(&r);
    get_with_origin("/alert/noSuchThing", NULL, &r);
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Credentials"), "true");
    ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Origin"), configured);
    http_reply_free(&r);
}
END_TEST

START_TEST(root_redirects)
{
    const char *configured = harness_config()->cors_origin;
    struct http_reply r;

    http_get("/", &r);
    http_expect(&r, 302, HTTP_HTML, NULL);
    ck_assert_str_eq(http_header(&r, "Location"), configured);
    ck_assert_ptr_nonnull(strstr(r.body, "Redirecting..."));
    http_reply_free(&r);
}
END_TEST

START_TEST(heartbeats)
{
    struct http_reply r;
    cJSON *doc;

    http_get_expect("/heartbeat", 200, HTTP_HTML, "I'm alive");
    http_get("/alert/heartbeat", &r);
    http_expect(&r, 200, HTTP_JSON, NULL);
    doc = cJSON_Parse(r.body);
    ck_assert_msg(doc != NULL, "not JSON: %s", r.body);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "ok");
    ck_assert_str_eq(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "elasticsearch"), "status")
            ->valuestring,
        "up");
    ck_assert_str_eq(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "memcached"), "status")
            ->valuestring,
        "up");
    cJSON_Delete(doc);
    http_reply_free(&r);
}
END_TEST

START_TEST(https_and_http2)
{
    const char *https = harness_env("HTTPS_URL");
    struct http_reply r;

    ck_assert_msg(https != NULL, "the stack's env has no HTTPS_URL");
    http_request("GET", https, "/heartbeat", NULL, NULL, 0, &r);
    http_expect(&r, 200, HTTP_HTML, "I'm alive");
    /* curl offers h2 by ALPN; the stack's nginx accepts it */
    if (curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2)
        ck_assert_int_eq(r.http_version, CURL_HTTP_VERSION_2_0);
    http_reply_free(&r);
    http_request("GET", https, "/alert/retrieveAlertsCount?time=10&out=json", NULL, NULL, 0, &r);
    http_expect(&r, 200, HTTP_JSON, "{\"AlertCount\":0}\n");
    http_reply_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http");

    HARNESS_CASE(s, "http", NULL, bad_parameters_are_400, unknown_path_is_404, wrong_method_is_405_with_allow,
                 options_answers_allow, head_has_no_body, cors_headers, root_redirects, heartbeats,
                 https_and_http2);
    return harness_run(s);
}
