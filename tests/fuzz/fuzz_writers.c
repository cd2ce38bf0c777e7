/*
 * fuzz_writers.c: arbitrary bytes as text, keys and numbers through the XML
 * and JSON writers. The input's lines drive the structure (a line starting
 * with '{' or '[' opens a container, an empty line closes one, a '#' line is
 * a number, other lines are leaves and keys); the whole input is one more
 * leaf. The output must parse, and text that is valid UTF-8 of allowed
 * characters must read back as written.
 */
#include <math.h>

#include "fuzz.h"
#include "json_writer.h"
#include "utf8.h"
#include "xml_writer.h"

#define TREE_MAX 80 /* deeper than the JSON writer goes, to reach its limit */

struct line {
    const char *text;
    size_t len;
};

/* The next '\n'-separated line at *pos; false past the end. */
static bool next_line(const char *data, size_t size, size_t *pos, struct line *line)
{
    const char *nl;

    if (*pos > size)
        return false;
    line->text = data + *pos;
    nl = memchr(line->text, '\n', size - *pos);
    line->len = nl ? (size_t)(nl - line->text) : size - *pos;
    *pos += line->len + 1;
    return true;
}

/* True when every character is UTF-8 that XML 1.0 allows. */
static bool xml_clean(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;

    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);

        if ((cp == UTF8_REPLACEMENT && n == 1) || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
            cp == 0xFFFE || cp == 0xFFFF)
            return false;
        i += n;
    }
    return true;
}

/* text as an XML parser reports it: line ends ("\r\n", "\r") read as "\n". */
static size_t xml_normalised(const char *text, size_t len, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            continue;
        out[o++] = text[i] == '\r' ? '\n' : text[i];
    }
    return o;
}

/* The root's last element holds the whole input, unchanged when it was clean text. */
static void check_xml_round_trip(xmlDoc *doc, const char *data, size_t size)
{
    xmlNode *last = xmlGetLastChild(xmlDocGetRootElement(doc));
    xmlChar *got;
    char *want;
    size_t want_len;

    if (!xml_clean(data, size))
        return;
    while (last && last->type != XML_ELEMENT_NODE)
        last = last->prev;
    if (!last || !(got = xmlNodeGetContent(last)) || !(want = malloc(size + 1)))
        fuzz_fail("xml: the last leaf is missing", data, size);
    want_len = xml_normalised(data, size, want);
    if (strlen((const char *)got) != want_len || memcmp(got, want, want_len) != 0)
        fuzz_fail("xml: text does not read back as written", (const char *)got, strlen((const char *)got));
    free(want);
    xmlFree(got);
}

/* The line as a NUL-terminated text (a key, a number), cut at a NUL as a C string would be. */
static char *key_of(const struct line *line)
{
    char *key = strndup(line->text, line->len);

    if (!key)
        fuzz_fail("strndup: out of memory", NULL, 0);
    return key;
}

static void xml_number(struct xml_writer *w, const struct line *line)
{
    char *text = key_of(line);

    xml_leaf_int(w, "Number", strtoll(text + 1, NULL, 10));
    free(text);
}

static void xml_part(const char *data, size_t size)
{
    struct xml_writer w;
    struct line line;
    struct buf out;
    size_t pos = 0;

    buf_init(&out, 0);
    xml_begin(&w, &out, "Fuzz");
    while (next_line(data, size, &pos, &line)) {
        if (line.len == 0 && w.depth > 1)
            xml_close(&w);
        else if (line.len && line.text[0] == '{')
            xml_open(&w, "Group");
        else if (line.len && line.text[0] == '#')
            xml_number(&w, &line);
        else
            xml_leaf_len(&w, "Text", line.text, line.len);
    }
    while (w.depth > 1)
        xml_close(&w);
    xml_leaf_len(&w, "All", data, size);
    xml_end(&w);
    if (!out.failed) {
        xmlDoc *doc = fuzz_xml(out.data, out.len);

        check_xml_round_trip(doc, data, size);
        xmlFreeDoc(doc);
    }
    buf_free(&out);
}

/* One string value: it parses, and clean text (UTF-8 without NUL) reads back byte for byte. */
static void check_json_string(const char *data, size_t size)
{
    struct buf out;
    cJSON *item;

    buf_init(&out, 0);
    json_write_string(&out, data, size);
    item = fuzz_json(out.data, out.len, false);
    if (!cJSON_IsString(item))
        fuzz_fail("json_write_string: not a string", out.data, out.len);
    if (fuzz_valid_utf8(data, size) && !memchr(data, '\0', size) &&
        (strlen(item->valuestring) != size || memcmp(item->valuestring, data, size) != 0))
        fuzz_fail("json_write_string: text does not read back as written", out.data, out.len);
    cJSON_Delete(item);
    buf_free(&out);
}

/* Every 8 bytes as a double: finite ones read back exactly, the others as null. */
static void check_json_numbers(const char *data, size_t size)
{
    for (size_t at = 0; at + sizeof(double) <= size; at += sizeof(double)) {
        struct buf out;
        double v;
        cJSON *item;

        memcpy(&v, data + at, sizeof v);
        buf_init(&out, 0);
        json_write_number(&out, v);
        item = fuzz_json(out.data, out.len, false);
        if (isfinite(v) ? !cJSON_IsNumber(item) || strtod(out.data, NULL) != v : !cJSON_IsNull(item))
            fuzz_fail("json_write_number: does not read back", out.data, out.len);
        cJSON_Delete(item);
        buf_free(&out);
    }
}

/* An object whose keys are the lines; '{' lines open nested objects, '[' lines arrays, empty lines close them. */
static cJSON *json_tree(const char *data, size_t size)
{
    cJSON *stack[TREE_MAX], *root = cJSON_CreateObject();
    int depth = 0;
    struct line line;
    size_t pos = 0;

    stack[0] = root;
    while (root && next_line(data, size, &pos, &line)) {
        cJSON *parent = stack[depth], *item;
        char *key;

        if (line.len == 0) {
            depth -= depth > 0;
            continue;
        }
        key = key_of(&line);
        if ((line.text[0] == '{' || line.text[0] == '[') && depth + 1 < TREE_MAX)
            item = stack[++depth] = line.text[0] == '{' ? cJSON_CreateObject() : cJSON_CreateArray();
        else if (line.text[0] == '#')
            item = cJSON_CreateNumber(strtod(key + 1, NULL));
        else
            item = cJSON_CreateString(key);
        if (cJSON_IsArray(parent))
            cJSON_AddItemToArray(parent, item);
        else
            cJSON_AddItemToObject(parent, key, item);
        free(key);
    }
    return root;
}

/* Keys of every object read back in byte order (checked when the input is UTF-8, so keys are unchanged). */
static void check_sorted(const cJSON *item)
{
    for (const cJSON *child = item->child; child; child = child->next) {
        if (cJSON_IsObject(item) && child->next && strcmp(child->string, child->next->string) > 0)
            fuzz_fail("json_write: keys out of order", child->string, strlen(child->string));
        check_sorted(child);
    }
}

static void json_part(const char *data, size_t size)
{
    cJSON *tree = json_tree(data, size);
    struct buf out;

    check_json_string(data, size);
    check_json_numbers(data, size);
    buf_init(&out, 0);
    if (tree && json_write_body(&out, tree)) {
        cJSON *back = fuzz_json(out.data, out.len, true);

        if (fuzz_valid_utf8(data, size))
            check_sorted(back);
        cJSON_Delete(back);
    }
    buf_free(&out);
    cJSON_Delete(tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xml_part((const char *)data, size);
    json_part((const char *)data, size);
    return 0;
}
