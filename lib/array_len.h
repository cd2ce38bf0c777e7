/* array_len.h: the number of elements of an array (never of a pointer: the divisor would be wrong). */
#ifndef PEBA_ARRAY_LEN_H
#define PEBA_ARRAY_LEN_H

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
