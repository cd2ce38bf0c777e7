/* xml_writer.c: indentation-exact XML output with escaping and XML 1.0 character filtering. */
#include "xml_writer.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

static void indent(struct xml_writer *w, int level)
{
    buf_putc(w->out, '\n');
    for (int i = 0; i < level; i++)
        buf_append(w->out, "  ", 2);
}

/* Writes the parent's pending start tag before its first child. */
static void start_child(struct xml_writer *w)
{
    int parent = w->depth - 1;

    if (parent < 0)
        return;
    if (!w->has_children[parent]) {
        buf_printf(w->out, "<%s>", w->names[parent]);
        w->has_children[parent] = 1;
    }
    indent(w, w->depth);
}

static int xml_allowed(uint32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    if (cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return 1;
}

void xml_escape(struct buf *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);

        if (cp == '&')
            buf_append(out, "&amp;", 5);
        else if (cp == '<')
            buf_append(out, "&lt;", 4);
        else if (cp == '>')
            buf_append(out, "&gt;", 4);
        else if (cp == UTF8_REPLACEMENT && n == 1 && s[i] >= 0x80)
            buf_append(out, "\xEF\xBF\xBD", 3);
        else if (xml_allowed(cp))
            buf_append(out, s + i, n);
        i += n;
    }
}

void xml_begin(struct xml_writer *w, struct buf *out, const char *root)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w->names[0] = root;
    w->depth = 1;
}

void xml_open(struct xml_writer *w, const char *name)
{
    if (w->depth >= XML_MAX_DEPTH) {
        w->out->failed = 1;
        return;
    }
    start_child(w);
    w->names[w->depth] = name;
    w->has_children[w->depth] = 0;
    w->depth++;
}

void xml_leaf_len(struct xml_writer *w, const char *name, const char *text, size_t len)
{
    start_child(w);
    if (!text || len == 0) {
        buf_printf(w->out, "<%s />", name);
        return;
    }
    buf_printf(w->out, "<%s>", name);
    xml_escape(w->out, text, len);
    buf_printf(w->out, "</%s>", name);
}

void xml_leaf(struct xml_writer *w, const char *name, const char *text)
{
    xml_leaf_len(w, name, text, text ? strlen(text) : 0);
}

void xml_leaf_int(struct xml_writer *w, const char *name, long long value)
{
    start_child(w);
    buf_putc(w->out, '<');
    buf_puts(w->out, name);
    buf_putc(w->out, '>');
    buf_put_int(w->out, value);
    buf_puts(w->out, "</");
    buf_puts(w->out, name);
    buf_putc(w->out, '>');
}

void xml_close(struct xml_writer *w)
{
    int level;

    if (w->depth == 0)
        return;
    level = --w->depth;
    if (!w->has_children[level]) {
        buf_printf(w->out, "<%s />", w->names[level]);
        return;
    }
    indent(w, level);
    buf_printf(w->out, "</%s>", w->names[level]);
}

void xml_end(struct xml_writer *w)
{
    while (w->depth > 0)
        xml_close(w);
    buf_putc(w->out, '\n');
}
