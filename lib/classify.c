/* classify.c: the original's ordered Analyzer-id pattern table. */
#include "classify.h"

#include <stddef.h>
#include <string.h>

#include "array_len.h"

static const struct {
    const char *pattern;
    const char *type;
} patterns[] = {
    {"WebHoneypot", "Webpage"},
    {"dionaea", "Network(Dionaea)"},
    {".dio", "Network(Dionaea)"},
    {"honeytrap", "Network(honeytrap)"},
    {".ht", "Network(honeytrap)"},
    {"kippo", "SSH/console(cowrie)"},
    {".kip", "SSH/console(cowrie)"},
    {"cowrie", "SSH/console(cowrie)"},
    {".cow", "SSH/console(cowrie)"},
    {"glastopf", "Webpage"},
    {".gt3", "Webpage"},
    {"vnclowpot", "VNC(vnclowpot)"},
    {".vnc", "VNC(vnclowpot)"},
    {"rdpy", "RDP(rdpy)"},
    {".rdp", "RDP(rdpy)"},
    {"mailoney", "E-Mail(mailoney)"},
    {".mail", "E-Mail(mailoney)"},
    {"heralding", "Passwords(heralding)"},
    {".her", "Passwords(heralding)"},
    {"ciscoasa", "Network(cisco-asa)"},
    {"elasticpot", "Service(ES)"},
    {".elk", "Service(ES)"},
    {"suricata", "Network(suricata)"},
    {"tanner", "Webpage"},
    {".tan", "Webpage"},
    {"medpot", "Service(Medicine)"},
    {"emobility", "Service(emobility)"},
    {"conpot", "Industrial(conpot)"},
    {".con", "Industrial(conpot)"},
    {"glutton", "Network(glutton)"},
};

const char *classify_peer(const char *analyzer_id)
{
    for (size_t i = 0; analyzer_id && i < ARRAY_LEN(patterns); i++)
        if (strstr(analyzer_id, patterns[i].pattern))
            return patterns[i].type;
    return CLASSIFY_UNCLASSIFIED;
}
