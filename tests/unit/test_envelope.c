/* test_envelope.c: unit tests of lib/envelope.c: credentials, refusal of DTDs, entities, bad UTF-8 and malformed XML. */
#include <stdio.h>
#include <time.h>

#include "envelope.h"
#include "unit.h"

#define ENVELOPE(auth) "<EWS-SimpleMessage version=\"2.0\">" auth "</EWS-SimpleMessage>"

static peba_err parse(const char *body, struct ews_envelope *env)
{
    return envelope_parse(body, strlen(body), env);
}

/* Parses body, expects a 400 whose reason contains `why`, and checks nothing is left behind. */
static void assert_refused(const char *body, size_t len, const char *why)
{
    struct ews_envelope env;

    ck_assert_int_eq(envelope_parse(body, len, &env), PEBA_E_BAD_REQUEST);
    ck_assert_msg(strstr(peba_reason(PEBA_E_BAD_REQUEST), why), "reason '%s' lacks '%s'",
                  peba_reason(PEBA_E_BAD_REQUEST), why);
    ck_assert_ptr_null(env.doc);
    envelope_free(&env);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(the_sample_request_gives_its_credentials)
{
    static const char body[] = "<EWS-SimpleMessage version=\"2.0\">\n    <Authentication>\n"
                               "        <username>community-01-user</username>\n"
                               "        <token>foth{a5maiCee8fineu7</token>\n"
                               "    </Authentication>\n</EWS-SimpleMessage>\n";
    struct ews_envelope env;

    ck_assert_int_eq(parse(body, &env), PEBA_OK);
    ck_assert_str_eq(env.username, "community-01-user");
    ck_assert_str_eq(env.token, "foth{a5maiCee8fineu7");
    ck_assert_str_eq((const char *)env.root->name, "EWS-SimpleMessage");
    envelope_free(&env);
    ck_assert_ptr_null(env.doc);
}
END_TEST

START_TEST(credentials_are_verbatim_with_entities_and_cdata_decoded)
{
    struct ews_envelope env;

    ck_assert_int_eq(parse(ENVELOPE("<Authentication><username> al ice\n</username>"
                                    "<token>a&amp;b&lt;&#x20AC;<![CDATA[<x>]]></token></Authentication>"),
                           &env),
                     PEBA_OK);
    ck_assert_str_eq(env.username, " al ice\n");
    ck_assert_str_eq(env.token, "a&b<\xE2\x82\xAC<x>");
    envelope_free(&env);
}
END_TEST

START_TEST(the_first_credential_in_document_order_wins)
{
    struct ews_envelope env;

    ck_assert_int_eq(parse(ENVELOPE("<Authentication><token>t1</token></Authentication>"
                                    "<Authentication><username>u2</username><token>t2</token>"
                                    "<username>u3</username></Authentication>"),
                           &env),
                     PEBA_OK);
    ck_assert_str_eq(env.username, "u2");
    ck_assert_str_eq(env.token, "t1");
    envelope_free(&env);
}
END_TEST

START_TEST(only_root_authentication_children_count)
{
    struct ews_envelope env;

    ck_assert_int_eq(parse(ENVELOPE("<Wrapper><Authentication><username>deep</username></Authentication></Wrapper>"
                                    "<Authentication><x:username xmlns:x=\"urn:x\">ns</x:username>"
                                    "<token>t</token></Authentication>"),
                           &env),
                     PEBA_OK);
    ck_assert_ptr_null(env.username);
    ck_assert_str_eq(env.token, "t");
    envelope_free(&env);
}
END_TEST

START_TEST(text_stops_at_the_first_child_element)
{
    struct ews_envelope env;

    ck_assert_int_eq(parse(ENVELOPE("<Authentication><username>a<!-- c -->b<i>x</i>c</username>"
                                    "<token/></Authentication>"),
                           &env),
                     PEBA_OK);
    ck_assert_str_eq(env.username, "ab");
    ck_assert_str_eq(env.token, "");
    envelope_free(&env);
}
END_TEST

START_TEST(missing_credentials_are_not_a_parse_error)
{
    struct ews_envelope env;

    ck_assert_int_eq(parse("<EWS-SimpleMessage/>", &env), PEBA_OK);
    ck_assert_ptr_null(env.username);
    ck_assert_ptr_null(env.token);
    envelope_free(&env);
}
END_TEST

START_TEST(an_encoding_declaration_does_not_change_the_decoding)
{
    struct ews_envelope env;

    ck_assert_int_eq(parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                           ENVELOPE("<Authentication><username>J\xC3\xBCrgen</username></Authentication>"),
                           &env),
                     PEBA_OK);
    ck_assert_str_eq(env.username, "J\xC3\xBCrgen");
    envelope_free(&env);
}
END_TEST

START_TEST(malformed_bodies_are_bad_requests)
{
    assert_refused("", 0, "empty");
    assert_refused("not xml at all", 14, "not well-formed");
    assert_refused("<a><b></a>", 10, "not well-formed");
    assert_refused("<a>&undeclared;</a>", 19, "not well-formed");
    assert_refused("<a/><b/>", 8, "not well-formed");
    assert_refused("<a>\0</a>", 8, "not well-formed");
}
END_TEST

START_TEST(invalid_utf8_is_refused_before_parsing)
{
    assert_refused("<a>\xC3</a>", 8, "UTF-8");
    assert_refused("<a>\xC0\xAF</a>", 9, "UTF-8");       /* overlong '/' */
    assert_refused("<a>\xED\xA0\x80</a>", 10, "UTF-8");  /* surrogate */
    assert_refused("\xFF\xFE<\0a\0/\0>\0", 10, "UTF-8"); /* UTF-16 */
}
END_TEST

START_TEST(any_doctype_is_refused)
{
    static const char *const bodies[] = {
        "<!DOCTYPE a><a/>",
        "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ELEMENT a ANY>]><a/>",
        "<!DOCTYPE a PUBLIC \"-//x//y\" \"file:///etc/passwd\"><a/>",
    };

    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        assert_refused(bodies[i], strlen(bodies[i]), "DOCTYPE");
}
END_TEST

START_TEST(xxe_reads_no_file)
{
    static const char body[] = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                               ENVELOPE("<Authentication><username>&xxe;</username>"
                                        "<token>t</token></Authentication>");

    assert_refused(body, strlen(body), "DOCTYPE");
}
END_TEST

/* A billion laughs: 10 levels of 10 references, 10^9 "lol"s if anything expanded it. */
static void laughs(struct buf *out, int levels)
{
    buf_puts(out, "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i < levels; i++) {
        buf_printf(out, "<!ENTITY lol%d \"", i);
        for (int j = 0; j < 10; j++)
            buf_printf(out, "&lol%d;", i - 1);
        buf_puts(out, "\">");
    }
    buf_printf(out, "]>" ENVELOPE("<Authentication><username>&lol%d;</username></Authentication>"), levels - 1);
}

START_TEST(a_billion_laughs_is_refused_at_once)
{
    struct timespec t0;
    struct buf body;
    double took;

    buf_init(&body, 0);
    laughs(&body, 10);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_refused(body.data, body.len, "DOCTYPE");
    took = seconds_since(&t0);
    printf("billion laughs refused in %.1f us\n", took * 1e6);
    ck_assert_double_lt(took, 0.05);
    buf_free(&body);
}
END_TEST

START_TEST(deep_nesting_is_bounded_by_the_parser)
{
    struct buf body;

    buf_init(&body, 0);
    for (int i = 0; i < 100000; i++)
        buf_puts(&body, "<a>");
    assert_refused(body.data, body.len, "not well-formed");
    buf_free(&body);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("envelope");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_sample_request_gives_its_credentials);
    tcase_add_test(core, credentials_are_verbatim_with_entities_and_cdata_decoded);
    tcase_add_test(core, the_first_credential_in_document_order_wins);
    tcase_add_test(core, only_root_authentication_children_count);
    tcase_add_test(core, text_stops_at_the_first_child_element);
    tcase_add_test(core, missing_credentials_are_not_a_parse_error);
    tcase_add_test(core, an_encoding_declaration_does_not_change_the_decoding);
    tcase_add_test(limits, malformed_bodies_are_bad_requests);
    tcase_add_test(limits, invalid_utf8_is_refused_before_parsing);
    tcase_add_test(limits, any_doctype_is_refused);
    tcase_add_test(limits, xxe_reads_no_file);
    tcase_add_test(limits, a_billion_laughs_is_refused_at_once);
    tcase_add_test(limits, deep_nesting_is_bounded_by_the_parser);
    return unit_run(s);
}
