// Elementwise kernels written in C so the compiler can vectorise them for the CPU it runs
// on (AVX-512, AVX2 or plain SSE2, chosen when the program loads).
#ifndef NOS_KERNELS_H
#define NOS_KERNELS_H
#include <stddef.h>

void nos_tanh_f64(const double *x, double *y, ptrdiff_t n);
void nos_tanh_f32(const float *x, float *y, ptrdiff_t n);

#endif
