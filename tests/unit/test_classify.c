/* test_classify.c: unit tests of lib/classify.c: the original's Analyzer-id pattern table, its order and its quirks. */
#include "classify.h"
#include "unit.h"

START_TEST(the_spec_examples)
{
    ck_assert_str_eq(classify_peer("heralding-community-01"), "Passwords(heralding)");
    ck_assert_str_eq(classify_peer("glastopf-community-01"), "Webpage");
    ck_assert_str_eq(classify_peer("MSTest4"), "Unclassified");
    ck_assert_str_eq(classify_peer("honeytrap-community-01"), "Network(honeytrap)");
    ck_assert_str_eq(classify_peer("cowrie-community-01"), "SSH/console(cowrie)");
    ck_assert_str_eq(classify_peer("kippo-community-01"), "SSH/console(cowrie)");
    ck_assert_str_eq(classify_peer("conpot-community-01"), "Industrial(conpot)");
    ck_assert_str_eq(classify_peer("ciscoasa-community-01"), "Network(cisco-asa)");
    ck_assert_str_eq(classify_peer("suricata-community-01"), "Network(suricata)");
}
END_TEST

/* Every pattern of the table once, each alone in its id. */
START_TEST(every_pattern_gives_its_type)
{
    static const char *const rows[][2] = {
        {"WebHoneypot", "Webpage"},
        {"dionaea", "Network(Dionaea)"},
        {"a.dio", "Network(Dionaea)"},
        {"honeytrap", "Network(honeytrap)"},
        {"a.ht", "Network(honeytrap)"},
        {"kippo", "SSH/console(cowrie)"},
        {"a.kip", "SSH/console(cowrie)"},
        {"cowrie", "SSH/console(cowrie)"},
        {"a.cow", "SSH/console(cowrie)"},
        {"glastopf", "Webpage"},
        {"a.gt3", "Webpage"},
        {"vnclowpot", "VNC(vnclowpot)"},
        {"a.vnc", "VNC(vnclowpot)"},
        {"rdpy", "RDP(rdpy)"},
        {"a.rdp", "RDP(rdpy)"},
        {"mailoney", "E-Mail(mailoney)"},
        {"a.mail", "E-Mail(mailoney)"},
        {"heralding", "Passwords(heralding)"},
        {"a.her", "Passwords(heralding)"},
        {"ciscoasa", "Network(cisco-asa)"},
        {"elasticpot", "Service(ES)"},
        {"a.elk", "Service(ES)"},
        {"suricata", "Network(suricata)"},
        {"tanner", "Webpage"},
        {"a.tan", "Webpage"},
        {"medpot", "Service(Medicine)"},
        {"emobility", "Service(emobility)"},
        {"conpot", "Industrial(conpot)"},
        {"a.con", "Industrial(conpot)"},
        {"glutton", "Network(glutton)"},
    };

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_msg(strcmp(classify_peer(rows[i][0]), rows[i][1]) == 0, "%s gave %s, not %s", rows[i][0],
                      classify_peer(rows[i][0]), rows[i][1]);
}
END_TEST

/* P-06, kept on purpose: case-sensitive substrings, first match in table order. */
START_TEST(the_original_quirks_stay)
{
    ck_assert_str_eq(classify_peer("Dionaea-x"), "Unclassified");
    ck_assert_str_eq(classify_peer("x.html"), "Network(honeytrap)");
    ck_assert_str_eq(classify_peer("cowrie.dio"), "Network(Dionaea)");
    ck_assert_str_eq(classify_peer("glutton-honeytrap"), "Network(honeytrap)");
    ck_assert_str_eq(classify_peer("COWRIE"), "Unclassified");
    ck_assert_str_eq(classify_peer("my.content"), "Industrial(conpot)");
}
END_TEST

START_TEST(empty_and_missing_ids_are_unclassified)
{
    ck_assert_str_eq(classify_peer(""), CLASSIFY_UNCLASSIFIED);
    ck_assert_str_eq(classify_peer(NULL), CLASSIFY_UNCLASSIFIED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("classify");
    TCase *core = unit_case(s, "Core");

    tcase_add_test(core, the_spec_examples);
    tcase_add_test(core, every_pattern_gives_its_type);
    tcase_add_test(core, the_original_quirks_stay);
    tcase_add_test(core, empty_and_missing_ids_are_unclassified);
    return unit_run(s);
}
