/* utf8.h: strict UTF-8 decoding of one code point, shared by the XML and JSON writers. */
#ifndef PEBA_UTF8_H
#define PEBA_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes the code point at s (len > 0 bytes available) into *cp and returns
 * the bytes consumed. Overlong forms, surrogates, values above U+10FFFF and
 * truncated sequences give U+FFFD and consume one byte, so callers never stall.
 */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif
