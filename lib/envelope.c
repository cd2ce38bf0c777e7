/* envelope.c: EWS-SimpleMessage parsing with libxml2, refusing DTDs before any of them is read. */
#include "envelope.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "log.h"
#include "utf8.h"

/*
 * No network, no DTD loading, no entity substitution (XML_PARSE_NOENT,
 * DTDLOAD and DTDATTR stay off); the body is UTF-8 whatever its XML
 * declaration says (checked before parsing).
 */
#define ENVELOPE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC)

/* What the parse saw besides the tree: set by the DOCTYPE hook. */
struct parse_state {
    bool doctype;
};

/*
 * Called by libxml2 at `<!DOCTYPE name ...` before it reads the internal
 * subset: stopping here means no entity (XXE, billion laughs) is ever declared.
 */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *state = ctxt->_private;

    (void)name;
    (void)external_id;
    (void)system_id;
    state->doctype = true;
    xmlStopParser(ctxt);
}

static bool valid_utf8(const char *body, size_t len)
{
    const unsigned char *s = (const unsigned char *)body;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);

        if (cp == UTF8_REPLACEMENT && n == 1)
            return false;
        i += n;
    }
    return true;
}

static peba_err not_well_formed(xmlParserCtxtPtr ctxt)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    char message[121] = "";

    if (e && e->message) {
        size_t n = strlen(e->message);

        while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
            n--;
        log_sample(message, sizeof message, e->message, n);
    }
    return peba_fail(PEBA_E_BAD_REQUEST, "envelope: not well-formed XML (line %d: %s)", e ? e->line : 0,
                     message[0] ? message : "parse error");
}

/* Parses body into env->doc; DTDs and malformed input are refused. */
static peba_err parse_document(const char *body, size_t len, struct ews_envelope *env)
{
    struct parse_state state = {false};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    peba_err err = PEBA_OK;

    if (!ctxt)
        return peba_fail(PEBA_E_NOMEM, "envelope: out of memory");
    ctxt->_private = &state;
    ctxt->sax->internalSubset = refuse_doctype;
    env->doc = xmlCtxtReadMemory(ctxt, body, (int)len, NULL, "UTF-8", ENVELOPE_OPTIONS);
    if (state.doctype || (env->doc && (env->doc->intSubset || env->doc->extSubset)))
        err =
            peba_fail(PEBA_E_BAD_REQUEST, "envelope: a DOCTYPE (DTD or entity declarations) is not allowed");
    else if (!env->doc)
        err = not_well_formed(ctxt);
    if (err != PEBA_OK) {
        xmlFreeDoc(env->doc); /* a stopped parse still hands back its partial tree */
        env->doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return err;
}

static bool is_element(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && !node->ns && strcmp((const char *)node->name, name) == 0;
}

char *envelope_text(const xmlNode *element)
{
    xmlChar *text = xmlStrdup((const xmlChar *)"");

    for (const xmlNode *n = element->children; n && n->type != XML_ELEMENT_NODE && text; n = n->next)
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            text = xmlStrcat(text, n->content);
    return (char *)text;
}

/* Text of the first root/Authentication/<name> in document order, or NULL when there is none. */
static char *credential(const xmlNode *root, const char *name)
{
    for (const xmlNode *auth = root->children; auth; auth = auth->next) {
        if (!is_element(auth, "Authentication"))
            continue;
        for (const xmlNode *n = auth->children; n; n = n->next)
            if (is_element(n, name))
                return envelope_text(n);
    }
    return NULL;
}

peba_err envelope_parse(const char *body, size_t len, struct ews_envelope *env)
{
    peba_err err;

    memset(env, 0, sizeof *env);
    if (len == 0)
        return peba_fail(PEBA_E_BAD_REQUEST, "envelope: the request body is empty");
    if (len > INT32_MAX)
        return peba_fail(PEBA_E_TOO_LARGE, "envelope: larger than 2 GiB");
    if (!valid_utf8(body, len))
        return peba_fail(PEBA_E_BAD_REQUEST, "envelope: the body is not valid UTF-8");
    if ((err = parse_document(body, len, env)) != PEBA_OK)
        return err;
    env->root = xmlDocGetRootElement(env->doc);
    if (!env->root)
        return peba_fail(PEBA_E_BAD_REQUEST, "envelope: no root element");
    env->username = credential(env->root, "username");
    env->token = credential(env->root, "token");
    return PEBA_OK;
}

void envelope_free(struct ews_envelope *env)
{
    xmlFree((xmlChar *)env->username);
    xmlFree((xmlChar *)env->token);
    xmlFreeDoc(env->doc);
    memset(env, 0, sizeof *env);
}
