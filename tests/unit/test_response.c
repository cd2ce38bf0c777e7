/* test_response.c: unit tests of lib/response.c: the error body in XML, JSON and text. */
#include "response.h"
#include "unit.h"

/* A fresh response whose body already holds a half-written answer, then the error rendered over it. */
static void render(struct response *res, enum out_format format, peba_err err)
{
    response_init(res);
    buf_puts(&res->body, "<partial>");
    response_error(res, format, err);
}

START_TEST(a_bad_request_in_xml_names_status_and_reason)
{
    struct response res;

    render(&res, FORMAT_XML,
           peba_fail(PEBA_E_BAD_REQUEST, "time: expected an integer from 0 to 525600 or 'day'"));
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(res.content_type, CT_XML);
    assert_buf_is(&res.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>\n"
                             "  <Status>400</Status>\n"
                             "  <Message>time: expected an integer from 0 to 525600 or 'day'</Message>\n"
                             "</Error>\n");
    response_free(&res);
}
END_TEST

START_TEST(a_bad_request_in_json_names_error_and_status)
{
    struct response res;

    render(&res, FORMAT_JSON, peba_fail(PEBA_E_BAD_REQUEST, "time: required"));
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(res.content_type, CT_JSON);
    assert_buf_is(&res.body, "{\"error\":\"time: required\",\"status\":400}\n");
    response_free(&res);
}
END_TEST

START_TEST(a_text_error_is_one_line)
{
    struct response res;

    render(&res, FORMAT_TEXT, peba_fail(PEBA_E_BACKEND, "search engine: connection refused"));
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(res.content_type, CT_HTML);
    assert_buf_is(&res.body, "search engine: connection refused\n");
    response_free(&res);
}
END_TEST

START_TEST(a_plain_error_is_one_line_of_text)
{
    struct response res;

    render(&res, FORMAT_PLAIN, peba_fail(PEBA_E_FORBIDDEN, "authentication failed"));
    ck_assert_int_eq(res.status, 403);
    ck_assert_str_eq(res.content_type, CT_PLAIN);
    assert_buf_is(&res.body, "authentication failed\n");
    response_free(&res);
}
END_TEST

START_TEST(without_a_recorded_reason_the_code_name_is_used)
{
    struct response res;

    peba_clear_reason();
    render(&res, FORMAT_JSON, PEBA_E_NOT_FOUND);
    ck_assert_int_eq(res.status, 404);
    assert_buf_is(&res.body, "{\"error\":\"not found\",\"status\":404}\n");
    response_free(&res);
    peba_clear_reason();
    render(&res, FORMAT_XML, PEBA_E_METHOD);
    assert_buf_is(&res.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>\n"
                             "  <Status>405</Status>\n"
                             "  <Message>method not allowed</Message>\n"
                             "</Error>\n");
    response_free(&res);
}
END_TEST

START_TEST(every_error_code_has_its_status)
{
    ck_assert_int_eq(peba_err_status(PEBA_OK), 200);
    ck_assert_int_eq(peba_err_status(PEBA_E_BAD_REQUEST), 400);
    ck_assert_int_eq(peba_err_status(PEBA_E_FORBIDDEN), 403);
    ck_assert_int_eq(peba_err_status(PEBA_E_TOO_LARGE), 413);
    ck_assert_int_eq(peba_err_status(PEBA_E_URI_TOO_LONG), 414);
    ck_assert_int_eq(peba_err_status(PEBA_E_NOMEM), 503);
    ck_assert_str_eq(http_reason(503), "Service Unavailable");
    ck_assert_str_eq(http_reason(304), "Not Modified");
    ck_assert_str_eq(http_reason(414), "URI Too Long");
    ck_assert_str_eq(http_reason(999), "Unknown");
}
END_TEST

START_TEST(headers_and_reset_prepare_the_next_request)
{
    struct response res;

    response_init(&res);
    response_header(&res, "Allow", "GET, HEAD, OPTIONS");
    assert_buf_is(&res.headers, "Allow: GET, HEAD, OPTIONS\r\n");
    res.status = 404;
    res.content_type = CT_JSON;
    buf_puts(&res.body, "x");
    response_reset(&res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(res.content_type, CT_HTML);
    ck_assert_uint_eq(res.headers.len, 0);
    ck_assert_uint_eq(res.body.len, 0);
    response_free(&res);
}
END_TEST

START_TEST(markup_in_a_reason_is_escaped_in_every_format)
{
    struct response res;

    render(&res, FORMAT_XML, peba_fail(PEBA_E_BAD_REQUEST, "out: <b>&\"x\"\x01"));
    ck_assert_ptr_nonnull(strstr(res.body.data, "<Message>out: &lt;b&gt;&amp;\"x\"</Message>"));
    response_free(&res);
    render(&res, FORMAT_JSON, peba_fail(PEBA_E_BAD_REQUEST, "out: <b>&\"x\"\x01\xc3\xa9"));
    assert_buf_is(&res.body, "{\"error\":\"out: <b>&\\\"x\\\"\\u0001\\u00e9\",\"status\":400}\n");
    response_free(&res);
    render(&res, FORMAT_TEXT, peba_fail(PEBA_E_BAD_REQUEST, "out: <script>"));
    assert_buf_is(&res.body, "out: &lt;script&gt;\n");
    response_free(&res);
    /* text/plain is no markup: only the control characters go, so the answer stays one line */
    render(&res, FORMAT_PLAIN, peba_fail(PEBA_E_BAD_REQUEST, "out: <b>\n\x01\x7f&"));
    assert_buf_is(&res.body, "out: <b>&\n");
    response_free(&res);
}
END_TEST

START_TEST(a_long_reason_is_truncated_not_overflowed)
{
    struct response res;
    char big[2000];

    memset(big, 'r', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    render(&res, FORMAT_JSON, peba_fail(PEBA_E_BAD_REQUEST, "%s", big));
    ck_assert_uint_lt(res.body.len, 300);
    ck_assert_ptr_nonnull(strstr(res.body.data, "\",\"status\":400}\n"));
    response_free(&res);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("response");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_bad_request_in_xml_names_status_and_reason);
    tcase_add_test(core, a_bad_request_in_json_names_error_and_status);
    tcase_add_test(core, a_plain_error_is_one_line_of_text);
    tcase_add_test(core, a_text_error_is_one_line);
    tcase_add_test(core, without_a_recorded_reason_the_code_name_is_used);
    tcase_add_test(core, every_error_code_has_its_status);
    tcase_add_test(core, headers_and_reset_prepare_the_next_request);
    tcase_add_test(limits, markup_in_a_reason_is_escaped_in_every_format);
    tcase_add_test(limits, a_long_reason_is_truncated_not_overflowed);
    return unit_run(s);
}
