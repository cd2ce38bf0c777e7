/*
 * fuzz_envelope.c: arbitrary bytes as the POST body of an authenticated
 * route through envelope_parse. An accepted document must be UTF-8 and hold
 * no DTD or entity of any kind; a refused one must render a well-formed
 * XML and JSON error body.
 */
#include "envelope.h"
#include "ews_alert.h"
#include "fuzz.h"

/* Nothing a DOCTYPE brings may survive in an accepted tree. */
static void check_tree(const xmlNode *node)
{
    for (; node; node = node->next) {
        switch (node->type) {
        case XML_DTD_NODE:
        case XML_ENTITY_REF_NODE:
        case XML_ENTITY_NODE:
        case XML_ENTITY_DECL:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
        case XML_XINCLUDE_START:
            fuzz_fail("envelope: a DTD or entity node in an accepted document", (const char *)node->name,
                      node->name ? strlen((const char *)node->name) : 0);
        default: break;
        }
        if (node->type == XML_ELEMENT_NODE)
            check_tree(node->children);
    }
}

static void check_text(const char *text, const char *what)
{
    if (text && !fuzz_valid_utf8(text, strlen(text)))
        fuzz_fail(what, text, strlen(text));
}

static void check_accepted(const char *body, size_t len, const struct ews_envelope *env)
{
    const xmlNode *alert = NULL;

    if (!fuzz_valid_utf8(body, len))
        fuzz_fail("envelope: a body that is not UTF-8 was accepted", body, len);
    if (!env->doc || !env->root || env->doc->intSubset || env->doc->extSubset)
        fuzz_fail("envelope: accepted without a root, or with a DTD", body, len);
    check_tree(env->doc->children);
    check_text(env->username, "envelope: username is not UTF-8");
    check_text(env->token, "envelope: token is not UTF-8");
    while ((alert = ews_alert_next(env->root, alert)) != NULL) {
        char *text = envelope_text(alert);

        if (!text)
            fuzz_fail("envelope_text: out of memory", NULL, 0);
        check_text(text, "envelope_text: not UTF-8");
        xmlFree(text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ews_envelope env;
    peba_err err = envelope_parse((const char *)data, size, &env);

    if (err == PEBA_OK)
        check_accepted((const char *)data, size, &env);
    else
        fuzz_check_error_bodies(err);
    envelope_free(&env);
    return 0;
}
