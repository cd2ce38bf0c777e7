/* test_envelope.c: unit tests of lib/envelope.c: credentials, refusal of DTDs, entities, bad UTF-8 and malformed XML. */
#include <stdio.h>
#include <time.h>

#include "array_len.h"
#include "envelope.h"
#include "unit.h"

#define ENVELOPE(auth) "<EWS-SimpleMessage version=\"2.0\">" auth "</EWS-SimpleMessage>"

static peba_err parse(const char *body, struct ews_envelope *env)
{
    return envelope_parse(body, strlen(body), env);
}

/* Parses body, expects a 400 whose reason contains `why`, and checks nothing is left behind. */
static void assert_refused(const char *what, const char *body, size_t len, const char *why)
{
    struct ews_envelope env;

    ck_assert_msg(envelope_parse(body, len, &env) == PEBA_E_BAD_REQUEST, "%s: not refused", what);
    ck_assert_msg(strstr(peba_reason(PEBA_E_BAD_REQUEST), why), "%s: reason '%s' lacks '%s'", what,
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

/* ---- accepted bodies: the credentials they give (NULL: absent) ---- */

static const struct {
    const char *name;
    const char *body;
    const char *username, *token;
} accepted[] = {
    {"the sample request",
     "<EWS-SimpleMessage version=\"2.0\">\n    <Authentication>\n"
     "        <username>community-01-user</username>\n"
     "        <token>foth{a5maiCee8fineu7</token>\n"
     "    </Authentication>\n</EWS-SimpleMessage>\n",
     "community-01-user", "foth{a5maiCee8fineu7"},
    {"credentials are verbatim, with entities and CDATA decoded",
     ENVELOPE("<Authentication><username> al ice\n</username>"
              "<token>a&amp;b&lt;&#x20AC;<![CDATA[<x>]]></token></Authentication>"),
     " al ice\n", "a&b<\xE2\x82\xAC<x>"},
    {"the first credential in document order wins",
     ENVELOPE(
         "<Authentication><token>t1</token></Authentication>"
         "<Authentication><username>u2</username><token>t2</token><username>u3</username></Authentication>"),
     "u2", "t1"},
    {"only the root's Authentication children count",
     ENVELOPE(
         "<Wrapper><Authentication><username>deep</username></Authentication></Wrapper>"
         "<Authentication><x:username xmlns:x=\"urn:x\">ns</x:username><token>t</token></Authentication>"),
     NULL, "t"},
    {"text stops at the first child element",
     ENVELOPE("<Authentication><username>a<!-- c -->b<i>x</i>c</username><token/></Authentication>"), "ab",
     ""},
    {"missing credentials are not a parse error", "<EWS-SimpleMessage/>", NULL, NULL},
    /* the body is read as UTF-8 whatever it declares */
    {"an encoding declaration does not change the decoding",
     "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" ENVELOPE(
         "<Authentication><username>J\xC3\xBCrgen</username></Authentication>"),
     "J\xC3\xBCrgen", NULL},
};

/* The credential `what` is want (NULL: absent). */
static void assert_credential(const char *row, const char *what, const char *got, const char *want)
{
    if (!want)
        ck_assert_msg(got == NULL, "%s: %s is '%s', expected none", row, what, got);
    else
        ck_assert_msg(got && strcmp(got, want) == 0, "%s: %s is '%s', expected '%s'", row, what,
                      got ? got : "(none)", want);
}

START_TEST(accepted_bodies_give_their_credentials)
{
    struct ews_envelope env;

    ck_assert_msg(parse(accepted[_i].body, &env) == PEBA_OK, "%s: refused: %s", accepted[_i].name,
                  peba_reason(PEBA_E_BAD_REQUEST));
    ck_assert_str_eq((const char *)env.root->name, "EWS-SimpleMessage");
    assert_credential(accepted[_i].name, "username", env.username, accepted[_i].username);
    assert_credential(accepted[_i].name, "token", env.token, accepted[_i].token);
    envelope_free(&env);
    ck_assert_ptr_null(env.doc);
}
END_TEST

/* ---- refused bodies: a 400 whose reason names why ---- */

/* clang-format off */
#define REFUSED(name, body, why) {name, body, sizeof(body) - 1, why}
/* clang-format on */

static const struct {
    const char *name;
    const char *body;
    size_t len;
    const char *why;
} refused[] = {
    REFUSED("an empty body", "", "empty"),
    REFUSED("text that is not XML", "not xml at all", "not well-formed"),
    REFUSED("crossed elements", "<a><b></a>", "not well-formed"),
    REFUSED("an undeclared entity", "<a>&undeclared;</a>", "not well-formed"),
    REFUSED("two roots", "<a/><b/>", "not well-formed"),
    REFUSED("a NUL byte", "<a>\0</a>", "not well-formed"),
    /* bad UTF-8 is refused before parsing */
    REFUSED("a truncated sequence", "<a>\xC3</a>", "UTF-8"),
    REFUSED("an overlong '/'", "<a>\xC0\xAF</a>", "UTF-8"),
    REFUSED("a surrogate", "<a>\xED\xA0\x80</a>", "UTF-8"),
    REFUSED("UTF-16", "\xFF\xFE<\0a\0/\0>\0", "UTF-8"),
    /* any DOCTYPE at all */
    REFUSED("a bare DOCTYPE", "<!DOCTYPE a><a/>", "DOCTYPE"),
    REFUSED("an external DTD", "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>", "DOCTYPE"),
    REFUSED("an internal subset", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ELEMENT a ANY>]><a/>", "DOCTYPE"),
    REFUSED("a public identifier", "<!DOCTYPE a PUBLIC \"-//x//y\" \"file:///etc/passwd\"><a/>", "DOCTYPE"),
    REFUSED("XXE reads no file",
            "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" ENVELOPE(
                "<Authentication><username>&xxe;</username><token>t</token></Authentication>"),
            "DOCTYPE"),
};

START_TEST(bad_bodies_are_refused)
{
    assert_refused(refused[_i].name, refused[_i].body, refused[_i].len, refused[_i].why);
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
    buf_printf(out, "]>" ENVELOPE("<Authentication><username>&lol%d;</username></Authentication>"),
               levels - 1);
}

START_TEST(a_billion_laughs_is_refused_at_once)
{
    struct timespec t0;
    struct buf body;
    double took;

    buf_init(&body, 0);
    laughs(&body, 10);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_refused("a billion laughs", body.data, body.len, "DOCTYPE");
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
    assert_refused("100000 nested elements", body.data, body.len, "not well-formed");
    buf_free(&body);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("envelope");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_loop_test(core, accepted_bodies_give_their_credentials, 0, ARRAY_LEN(accepted));
    tcase_add_loop_test(limits, bad_bodies_are_refused, 0, ARRAY_LEN(refused));
    tcase_add_test(limits, a_billion_laughs_is_refused_at_once);
    tcase_add_test(limits, deep_nesting_is_bounded_by_the_parser);
    return unit_run(s);
}
