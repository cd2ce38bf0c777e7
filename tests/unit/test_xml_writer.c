/* test_xml_writer.c: unit tests of lib/xml_writer.c against the exact bytes of the spec's XML examples. */
#include "unit.h"
#include "xml_writer.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

/* Escapes text (len bytes) into a fresh buffer the caller frees. */
static void escaped(struct buf *out, const char *text, size_t len)
{
    buf_init(out, 0);
    xml_escape(out, text, len);
}

START_TEST(the_ip_list_example_comes_out_byte_for_byte)
{
    static const struct {
        const char *address;
        long long count;
    } sources[] = {{"45.67.89.10", 17}, {"185.10.20.30", 3}};
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "EWSSimpleIPInfo");
    xml_open(&w, "Sources");
    for (size_t i = 0; i < 2; i++) {
        xml_open(&w, "Source");
        xml_leaf(&w, "Address", sources[i].address);
        xml_leaf_int(&w, "Count", sources[i].count);
        xml_close(&w);
    }
    xml_end(&w);
    assert_buf_is(&out, DECL "<EWSSimpleIPInfo>\n"
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
                             "</EWSSimpleIPInfo>\n");
    buf_free(&out);
}
END_TEST

START_TEST(the_alert_example_comes_out_byte_for_byte)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "EWSSimpleAlertInfo");
    xml_open(&w, "Alerts");
    xml_open(&w, "Alert");
    xml_leaf(&w, "Id", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
    xml_leaf(&w, "DateCreated", "2024-05-01 10:00:03");
    xml_open(&w, "Peer");
    xml_leaf(&w, "Id", "glastopf-community-01");
    xml_leaf(&w, "Type", "Webpage");
    xml_leaf(&w, "Country", "DE");
    xml_close(&w);
    xml_leaf(&w, "Request", "/wp-login.php?x=%3Cscript%3E");
    xml_open(&w, "Source");
    xml_leaf(&w, "Address", "45.67.89.10");
    xml_leaf(&w, "Country", "NL");
    xml_leaf(&w, "Latitude", "52.3824");
    xml_leaf(&w, "Longitude", "4.8995");
    xml_end(&w);
    assert_buf_is(&out, DECL "<EWSSimpleAlertInfo>\n"
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
                             "</EWSSimpleAlertInfo>\n");
    buf_free(&out);
}
END_TEST

START_TEST(an_empty_container_is_self_closed)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "EWSSimpleAlertInfo");
    xml_open(&w, "Alerts");
    xml_end(&w);
    assert_buf_is(&out, DECL "<EWSSimpleAlertInfo>\n  <Alerts />\n</EWSSimpleAlertInfo>\n");
    buf_free(&out);
}
END_TEST

START_TEST(a_root_without_children_is_self_closed)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "EWSSimpleIPInfo");
    xml_end(&w);
    assert_buf_is(&out, DECL "<EWSSimpleIPInfo />\n");
    buf_free(&out);
}
END_TEST

START_TEST(empty_or_missing_text_gives_a_self_closed_leaf)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "Alert");
    xml_leaf(&w, "Request", "");
    xml_leaf(&w, "Request", NULL);
    xml_leaf_len(&w, "Request", "ignored", 0);
    xml_end(&w);
    assert_buf_is(&out, DECL "<Alert>\n  <Request />\n  <Request />\n  <Request />\n</Alert>\n");
    buf_free(&out);
}
END_TEST

START_TEST(a_newline_in_text_is_kept_literally)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "Alert");
    xml_leaf(&w, "Request", "\nuname -a\r\nwget x\t1");
    xml_end(&w);
    assert_buf_is(&out, DECL "<Alert>\n  <Request>\nuname -a\r\nwget x\t1</Request>\n</Alert>\n");
    buf_free(&out);
}
END_TEST

START_TEST(ampersand_and_angle_brackets_are_escaped_but_quotes_are_not)
{
    struct buf out;
    const char *text = "a&b <c> \"d\" 'e' &amp;";

    escaped(&out, text, strlen(text));
    assert_buf_is(&out, "a&amp;b &lt;c&gt; \"d\" 'e' &amp;amp;");
    buf_free(&out);
}
END_TEST

START_TEST(integers_are_written_in_decimal)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "R");
    xml_leaf_int(&w, "A", 0);
    xml_leaf_int(&w, "B", -5);
    xml_leaf_int(&w, "C", 9007199254740993LL);
    xml_end(&w);
    assert_buf_is(&out, DECL "<R>\n  <A>0</A>\n  <B>-5</B>\n  <C>9007199254740993</C>\n</R>\n");
    buf_free(&out);
}
END_TEST

START_TEST(valid_multibyte_text_passes_unchanged)
{
    struct buf out;
    const char *text = "Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd";

    escaped(&out, text, strlen(text));
    ck_assert_str_eq(out.data, text);
    buf_free(&out);
}
END_TEST

START_TEST(control_characters_xml_forbids_are_dropped)
{
    struct buf out;

    escaped(&out, "a\x01" "b\x0b" "c\x1f" "d\x0c" "e\x00" "f\x7f", 12);
    assert_buf_is(&out, "abcde" "f\x7f");
    buf_free(&out);
}
END_TEST

START_TEST(the_noncharacters_fffe_and_ffff_are_dropped)
{
    struct buf out;
    const char *text = "x\xef\xbf\xbey\xef\xbf\xbfz";

    escaped(&out, text, strlen(text));
    assert_buf_is(&out, "xyz");
    buf_free(&out);
}
END_TEST

START_TEST(invalid_utf8_becomes_the_replacement_character)
{
    struct buf out;
    const char *text = "a\xff" "b\xc3" "c\xc0\xaf" "d\xed\xa0\x80";

    escaped(&out, text, strlen(text));
    assert_buf_is(&out, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd"
                        "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    buf_free(&out);
}
END_TEST

START_TEST(a_truncated_sequence_at_the_end_is_replaced)
{
    struct buf out;

    escaped(&out, "ok\xe2\x82", 4);
    assert_buf_is(&out, "ok\xef\xbf\xbd\xef\xbf\xbd");
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

START_TEST(closing_more_than_was_opened_is_harmless)
{
    struct xml_writer w;
    struct buf out;

    buf_init(&out, 0);
    xml_begin(&w, &out, "R");
    xml_close(&w);
    xml_close(&w);
    xml_end(&w);
    assert_buf_is(&out, DECL "<R />\n");
    buf_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xml_writer");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_ip_list_example_comes_out_byte_for_byte);
    tcase_add_test(core, the_alert_example_comes_out_byte_for_byte);
    tcase_add_test(core, an_empty_container_is_self_closed);
    tcase_add_test(core, a_root_without_children_is_self_closed);
    tcase_add_test(core, empty_or_missing_text_gives_a_self_closed_leaf);
    tcase_add_test(core, a_newline_in_text_is_kept_literally);
    tcase_add_test(core, ampersand_and_angle_brackets_are_escaped_but_quotes_are_not);
    tcase_add_test(core, integers_are_written_in_decimal);
    tcase_add_test(core, valid_multibyte_text_passes_unchanged);
    tcase_add_test(limits, control_characters_xml_forbids_are_dropped);
    tcase_add_test(limits, the_noncharacters_fffe_and_ffff_are_dropped);
    tcase_add_test(limits, invalid_utf8_becomes_the_replacement_character);
    tcase_add_test(limits, a_truncated_sequence_at_the_end_is_replaced);
    tcase_add_test(limits, nesting_up_to_the_limit_works_and_deeper_fails);
    tcase_add_test(limits, closing_more_than_was_opened_is_harmless);
    return unit_run(s);
}
