/* response.c: response state and the one renderer of error bodies. */
#include "response.h"

#include <string.h>

#include "json_writer.h"
#include "xml_writer.h"

#define BODY_KEEP (256u << 10)

void response_init(struct response *res)
{
    memset(res, 0, sizeof *res);
    buf_init(&res->headers, 64u << 10);
    buf_init(&res->body, 0);
    response_reset(res);
}

void response_free(struct response *res)
{
    buf_free(&res->headers);
    buf_free(&res->body);
}

void response_reset(struct response *res)
{
    res->status = 200;
    res->content_type = CT_HTML;
    buf_reset(&res->headers, 4096);
    buf_reset(&res->body, BODY_KEEP);
}

void response_header(struct response *res, const char *name, const char *value)
{
    buf_puts(&res->headers, name);
    buf_append(&res->headers, ": ", 2);
    buf_puts(&res->headers, value);
    buf_append(&res->headers, "\r\n", 2);
}

const char *format_content_type(enum out_format format)
{
    switch (format) {
    case FORMAT_XML: return CT_XML;
    case FORMAT_JSON: return CT_JSON;
    case FORMAT_PLAIN: return CT_PLAIN;
    case FORMAT_TEXT: break;
    }
    return CT_HTML;
}

void response_error(struct response *res, enum out_format format, peba_err err)
{
    const char *reason = peba_reason(err);
    int status = peba_err_status(err);

    res->status = status;
    res->content_type = format_content_type(format);
    buf_reset(&res->body, BODY_KEEP);
    if (format == FORMAT_JSON) {
        buf_puts(&res->body, "{\"error\":");
        json_write_string(&res->body, reason, strlen(reason));
        buf_printf(&res->body, ",\"status\":%d}\n", status);
    } else if (format == FORMAT_XML) {
        struct xml_writer w;

        xml_begin(&w, &res->body, "Error");
        xml_leaf_int(&w, "Status", status);
        xml_leaf(&w, "Message", reason);
        xml_end(&w);
    } else if (format == FORMAT_PLAIN) {
        for (const char *p = reason; *p; p++)
            if ((unsigned char)*p >= 0x20 && *p != 0x7F)
                buf_putc(&res->body, *p);
        buf_putc(&res->body, '\n');
    } else {
        xml_escape(&res->body, reason, strlen(reason));
        buf_putc(&res->body, '\n');
    }
}

const char *http_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
    }
}
