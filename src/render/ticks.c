/* ticks.c - axis ticks at round numbers (1, 2 or 5 times a power of ten)
 * for the charts with a numeric axis. */
#include <math.h>

#include "render_internal.h"

void tg_nice_ticks(double lo, double hi, int want, double *first, double *step, int *n)
{
    double range = hi - lo, rough, mag, r;

    if (want < 1)
        want = 1;
    if (!(range > 0)) {
        *first = lo;
        *step = 1;
        *n = 1;
        return;
    }
    rough = range / want;
    mag = pow(10, floor(log10(rough)));
    r = rough / mag;
    *step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    *first = ceil(lo / *step - 1e-9) * *step;
    /* up to the first tick at or above hi, so the axis covers the data */
    *n = (int)ceil((hi - *first) / *step - 1e-9) + 1;
    if (*n < 1)
        *n = 1;
}
