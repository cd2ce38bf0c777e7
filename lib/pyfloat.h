/*
 * pyfloat.h: numbers printed as Python's repr(float) prints them (shortest
 * round-trip digits, `.0` on integral values, exponent form outside
 * 1e-4..1e16): the original's JSON shows getStats ratios and stored
 * coordinates that way.
 */
#ifndef PEBA_PYFLOAT_H
#define PEBA_PYFLOAT_H

#include <stdbool.h>

#define PY_FLOAT_REPR_LEN 32

/*
 * Writes v like repr(v); with single, the shortest digits that round-trip
 * through a 32-bit float (DB-IP stores coordinates as floats: 37.422, not
 * 37.42200088). Non-finite values give "NaN", "Infinity", "-Infinity".
 */
void python_float_repr(double v, bool single, char out[PY_FLOAT_REPR_LEN]);

#endif
