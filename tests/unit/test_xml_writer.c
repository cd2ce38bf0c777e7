/* test_xml_writer.c: unit tests of lib/xml_writer.c against the exact bytes of the original's XML examples. */
#include "array_len.h"
#include "unit.h"
#include "xml_writer.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

/* One writer call; a document is a root name and a list of these. */
struct xml_step {
    enum { STEP_DONE, STEP_OPEN, STEP_LEAF, STEP_LEAF_LEN, STEP_LEAF_INT, STEP_CLOSE } call;
    const char *name;
    const char *text; /* LEAF, LEAF_LEN */
    long long number; /* LEAF_INT: the value; LEAF_LEN: the length */
};

/* clang-format off */
#define OPEN(n) {.call = STEP_OPEN, .name = n}
#define LEAF(n, t) {.call = STEP_LEAF, .name = n, .text = t}
#define LEAF_LEN(n, t, len) {.call = STEP_LEAF_LEN, .name = n, .text = t, .number = len}
#define LEAF_INT(n, value) {.call = STEP_LEAF_INT, .name = n, .number = value}
#define CLOSE {.call = STEP_CLOSE}
/* clang-format on */
#define STEPS(...) ((const struct xml_step[]){__VA_ARGS__, {.call = STEP_DONE}})
#define NO_STEPS ((const struct xml_step[]){{.call = STEP_DONE}})

static const struct {
    const char *name;
    const char *root;
    const struct xml_step *steps;
    const char *want;
} documents[] = {
    {"the IP list example", "EWSSimpleIPInfo",
     STEPS(OPEN("Sources"), OPEN("Source"), LEAF("Address", "45.67.89.10"), LEAF_INT("Count", 17), CLOSE,
           OPEN("Source"), LEAF("Address", "185.10.20.30"), LEAF_INT("Count", 3), CLOSE),
     DECL "<EWSSimpleIPInfo>\n"
          "  <Sources>\n"
          "    <Source>\n"
          "      <Address>45.67.89.10</Address>\n"
          "      <Count>17</Count>\n"
          "    </Source>\n"
          "    <Source>\n"
          "      <Address>185.10.20.30</Address>\n"
          "      <Count>3</Count>\n"
          "    </Source>\n"
          "  </Sources>\n"
          "</EWSSimpleIPInfo>\n"},
    /* xml_end closes what is still open */
    {"the alert example", "EWSSimpleAlertInfo",
     STEPS(OPEN("Alerts"), OPEN("Alert"), LEAF("Id", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
           LEAF("DateCreated", "2024-05-01 10:00:03"), OPEN("Peer"), LEAF("Id", "glastopf-community-01"),
           LEAF("Type", "Webpage"), LEAF("Country", "DE"), CLOSE,
           LEAF("Request", "/wp-login.php?x=%3Cscript%3E"), OPEN("Source"), LEAF("Address", "45.67.89.10"),
           LEAF("Country", "NL"), LEAF("Latitude", "52.3824"), LEAF("Longitude", "4.8995")),
     DECL "<EWSSimpleAlertInfo>\n"
          "  <Alerts>\n"
          "    <Alert>\n"
          "      <Id>a1b2c3d4e5f60718293a4b5c6d7e8f90</Id>\n"
          "      <DateCreated>2024-05-01 10:00:03</DateCreated>\n"
          "      <Peer>\n"
          "        <Id>glastopf-community-01</Id>\n"
          "        <Type>Webpage</Type>\n"
          "        <Country>DE</Country>\n"
          "      </Peer>\n"
          "      <Request>/wp-login.php?x=%3Cscript%3E</Request>\n"
          "      <Source>\n"
          "        <Address>45.67.89.10</Address>\n"
          "        <Country>NL</Country>\n"
          "        <Latitude>52.3824</Latitude>\n"
          "        <Longitude>4.8995</Longitude>\n"
          "      </Source>\n"
          "    </Alert>\n"
          "  </Alerts>\n"
          "</EWSSimpleAlertInfo>\n"},
    {"an empty container is self-closed", "EWSSimpleAlertInfo", STEPS(OPEN("Alerts")),
     DECL "<EWSSimpleAlertInfo>\n  <Alerts />\n</EWSSimpleAlertInfo>\n"},
    {"a root without children is self-closed", "EWSSimpleIPInfo", NO_STEPS, DECL "<EWSSimpleIPInfo />\n"},
    {"empty or missing text gives a self-closed leaf", "Alert",
     STEPS(LEAF("Request", ""), LEAF("Request", NULL), LEAF_LEN("Request", "ignored", 0)),
     DECL "<Alert>\n  <Request />\n  <Request />\n  <Request />\n</Alert>\n"},
    {"a newline in text is kept literally", "Alert", STEPS(LEAF("Request", "\nuname -a\r\nwget x\t1")),
     DECL "<Alert>\n  <Request>\nuname -a\r\nwget x\t1</Request>\n</Alert>\n"},
    {"integers are written in decimal", "R",
     STEPS(LEAF_INT("A", 0), LEAF_INT("B", -5), LEAF_INT("C", 9007199254740993LL)),
     DECL "<R>\n  <A>0</A>\n  <B>-5</B>\n  <C>9007199254740993</C>\n</R>\n"},
    {"closing more than was opened is harmless", "R", STEPS(CLOSE, CLOSE), DECL "<R />\n"},
};

/* The buffer holds exactly want_len bytes at want; a failure names the table row. */
static void assert_row_output(const char *row, const struct buf *out, const char *want, size_t want_len)
{
    char msg[512];

    ck_assert_msg(unit_same(out->data ? out->data : "", out->len, want, want_len, msg, sizeof msg), "%s: %s",
                  row, msg);
}

START_TEST(documents_come_out_byte_for_byte)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, documents[_i].root);
    for (const struct xml_step *s = documents[_i].steps; s->call != STEP_DONE; s++) {
        switch (s->call) {
        case STEP_OPEN: xml_open(&w, s->name); break;
        case STEP_LEAF: xml_leaf(&w, s->name, s->text); break;
        case STEP_LEAF_LEN: xml_leaf_len(&w, s->name, s->text, (size_t)s->number); break;
        case STEP_LEAF_INT: xml_leaf_int(&w, s->name, s->number); break;
        case STEP_CLOSE: xml_close(&w); break;
        case STEP_DONE: break;
        }
    }
    xml_end(&w);
    assert_row_output(documents[_i].name, &out, documents[_i].want, strlen(documents[_i].want));
    buf_free(&out);
}
END_TEST

/* Rows of xml_escape: input and output bytes, embedded NULs included. */
/* clang-format off */
#define ESCAPE(name, text, want) {name, text, sizeof(text) - 1, want, sizeof(want) - 1}
/* clang-format on */
#define MULTIBYTE "Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd"

static const struct {
    const char *name;
    const char *text;
    size_t len;
    const char *want;
    size_t want_len;
} escapes[] = {
    ESCAPE("ampersand and angle brackets are escaped but quotes are not", "a&b <c> \"d\" 'e' &amp;",
           "a&amp;b &lt;c&gt; \"d\" 'e' &amp;amp;"),
    ESCAPE("valid multibyte text passes unchanged", MULTIBYTE, MULTIBYTE),
    /* clang-format off */
    ESCAPE("control characters XML forbids are dropped", "a\x01" "b\x0b" "c\x1f" "d\x0c" "e\x00" "f\x7f",
           "abcde" "f\x7f"),
    ESCAPE("the noncharacters U+FFFE and U+FFFF are dropped", "x\xef\xbf\xbey\xef\xbf\xbfz", "xyz"),
    ESCAPE("invalid UTF-8 becomes the replacement character", "a\xff" "b\xc3" "c\xc0\xaf" "d\xed\xa0\x80",
           "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd" "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
    /* clang-format on */
    ESCAPE("a truncated sequence at the end is replaced", "ok\xe2\x82", "ok\xef\xbf\xbd\xef\xbf\xbd"),
};

START_TEST(text_is_escaped)
{
    struct buf out;

    buf_init(&out, 0);
    xml_escape(&out, escapes[_i].text, escapes[_i].len);
    assert_row_output(escapes[_i].name, &out, escapes[_i].want, escapes[_i].want_len);
    buf_free(&out);
}
END_TEST

START_TEST(nesting_up_to_the_limit_works_and_deeper_fails)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "R");
    for (int i = 1; i < XML_MAX_DEPTH; i++)
        xml_open(&w, "E");
    ck_assert(!out.failed);
    ck_assert_int_eq(w.depth, XML_MAX_DEPTH);
    xml_open(&w, "TooDeep");
    ck_assert(out.failed);
    ck_assert_int_eq(w.depth, XML_MAX_DEPTH);
    xml_end(&w);
    ck_assert_int_eq(w.depth, 0);
    buf_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xml_writer");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_loop_test(core, documents_come_out_byte_for_byte, 0, ARRAY_LEN(documents));
    tcase_add_loop_test(core, text_is_escaped, 0, ARRAY_LEN(escapes));
    tcase_add_test(limits, nesting_up_to_the_limit_works_and_deeper_fails);
    return unit_run(s);
}
