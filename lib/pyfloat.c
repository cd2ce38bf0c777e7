/* pyfloat.c: Python's float repr in C: the shortest digits that round-trip, laid out as Python does. */
#include "pyfloat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lays out the shortest round-trip digits d1d2..dn times 10^(decpt-1) as Python's float repr does. */
static void lay_out_digits(const char *digits, int nd, int decpt, char *o)
{
    if (decpt <= -4 || decpt > 16) {
        *o++ = digits[0];
        if (nd > 1)
            o += sprintf(o, ".%.*s", nd - 1, digits + 1);
        sprintf(o, "e%c%02d", decpt > 0 ? '+' : '-', abs(decpt - 1));
    } else if (decpt <= 0) {
        o += sprintf(o, "0.");
        memset(o, '0', (size_t)-decpt);
        sprintf(o - decpt, "%.*s", nd, digits);
    } else if (decpt >= nd) {
        o += sprintf(o, "%.*s", nd, digits);
        memset(o, '0', (size_t)(decpt - nd));
        strcpy(o + decpt - nd, ".0"); /* an integral float keeps its ".0" */
    } else {
        sprintf(o, "%.*s.%.*s", decpt, digits, nd - decpt, digits + decpt);
    }
}

void python_float_repr(double v, bool single, char out[PY_FLOAT_REPR_LEN])
{
    char sci[32], digits[20];
    const char *p = sci;
    int nd = 0;

    if (!isfinite(v)) {
        snprintf(out, PY_FLOAT_REPR_LEN, "%s", isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        return;
    }
    for (int prec = 0; prec < 17; prec++) {
        double back;

        snprintf(sci, sizeof sci, "%.*e", prec, v);
        back = strtod(sci, NULL);
        if (single ? (float)back == (float)v : back == v)
            break;
    }
    if (*p == '-')
        *out++ = *p++;
    for (; *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    lay_out_digits(digits, nd, atoi(p + 1) + 1, out);
}
