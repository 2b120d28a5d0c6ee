// im2col and its adjoint col2im for one image, in C: the data movement of convolutions
// computed as GEMMs (Tensor+ConvGEMM.swift); 2-D max and average pooling and their adjoints.
#ifndef NOS_CONV_H
#define NOS_CONV_H
#include <stddef.h>

/// The window of a convolution: kernel, stride, zero padding and dilation (height, width),
/// the input size h × w and the output size oh × ow (computed and checked by the caller).
typedef struct {
  ptrdiff_t h, w, oh, ow;
  ptrdiff_t kh, kw, sh, sw, ph, pw, dh, dw;
} nos_window;

/// im2col of `c` planes of `img` ([c, h, w]) into `col` ([c·kh·kw, oh·ow]), rows ordered
/// (channel, i, j) as PyTorch's unfold; padding reads as zero.
void nos_im2col_f32(const float *img, float *col, ptrdiff_t c, const nos_window *g);
void nos_im2col_f64(const double *img, double *col, ptrdiff_t c, const nos_window *g);

/// The flipped, transposed kernel of an input gradient for output rows [r0, r1):
/// out[row][oi][e] = w[gi·og + oi][ci][k − 1 − e] with row = gi·cg + ci (k = kh·kw).
void nos_flip_kernel_f32(const float *w, float *out, ptrdiff_t og, ptrdiff_t cg, ptrdiff_t k,
                         ptrdiff_t r0, ptrdiff_t r1);

/// col2im, the adjoint: adds the rows of `col` into `img` (which the caller initialises);
/// entries that fall on the padding are dropped.
void nos_col2im_f32(const float *col, float *img, ptrdiff_t c, const nos_window *g);
void nos_col2im_f64(const double *col, double *img, ptrdiff_t c, const nos_window *g);
/// Max pooling of `planes` planes [h, w] → [oh, ow]: padding never wins (−inf); a NaN in a
/// window gives NaN.
void nos_maxpool_f32(const float *x, float *y, ptrdiff_t planes, const nos_window *g);
void nos_maxpool_f64(const double *x, double *y, ptrdiff_t planes, const nos_window *g);

/// The adjoint pair of a pool's gradient. Each window routes to its in-image elements with
/// weight 1/count: for max (`is_max` 1) the elements equal to the window's maximum y (ties
/// share; count = their number), for average all of them (count = kh·kw, padding included).
/// scatter: gx[elements] += g[o] / count (gx initialised by the caller).
/// gather: out[o] = Σ u[elements] / count.
void nos_pool_scatter_f32(const float *x, const float *y, const float *g, float *gx,
                          ptrdiff_t planes, const nos_window *w, int is_max);
void nos_pool_scatter_f64(const double *x, const double *y, const double *g, double *gx,
                          ptrdiff_t planes, const nos_window *w, int is_max);
void nos_pool_gather_f32(const float *x, const float *y, const float *u, float *out,
                         ptrdiff_t planes, const nos_window *w, int is_max);
void nos_pool_gather_f64(const double *x, const double *y, const double *u, double *out,
                         ptrdiff_t planes, const nos_window *w, int is_max);

/// 2×2 stride-2 max pooling without padding of `planes` planes [h, w] → [h/2, w/2], and its
/// gradient scatter writing all of gx (the same values as the general kernels above).
void nos_maxpool2_f32(const float *x, float *y, ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w);
void nos_maxpool2_f64(const double *x, double *y, ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w);
void nos_maxpool2_scatter_f32(const float *x, const float *y, const float *g, float *gx,
                              ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w);
void nos_maxpool2_scatter_f64(const double *x, const double *y, const double *g, double *gx,
                              ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w);

/// Direct stride-1 convolution in f32 (conv_direct.c): out[o, q] = Σ_ch Σ_t
/// wpk[o/6][ch][t][o%6] · xp[ch·plane + q + off[t]] for q < qr (a multiple of 16) and
/// `oblocks`·6 rows of `out` ([oblocks·6, qr]). xp holds zero-padded planes `plane` floats
/// apart; the caller makes every read q + off[t] + 15 fall inside its buffer.
void nos_conv_direct_f32(const float *xp, ptrdiff_t plane, const float *wpk, ptrdiff_t c,
                         const ptrdiff_t *off, ptrdiff_t taps, ptrdiff_t oblocks, ptrdiff_t qr,
                         float *out);
/// The same sums for output rows of `ow` (a multiple of 16) positions at q = y·pitch + x,
/// y < oh, x < ow only, into out [oblocks·6, oh·ow] (compact rows: NCHW per channel).
void nos_conv_direct_rows_f32(const float *xp, ptrdiff_t plane, const float *wpk, ptrdiff_t c,
                              const ptrdiff_t *off, ptrdiff_t taps, ptrdiff_t oblocks,
                              ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t pitch, float *out);
/// Its weight gradient: dw[o][ch][t] += Σ_{q < qr} g[o·qr + q] · xp[ch·plane + q + off[t]]
/// with g [oblocks·4, qr] (zero where the forward output has no pixel) and dw
/// [oblocks·4, c, taps] (blocks of 4 output channels here); the same buffer rules as
/// nos_conv_direct_f32.
void nos_conv_direct_wgrad_f32(const float *xp, ptrdiff_t plane, const float *g, ptrdiff_t qr,
                               ptrdiff_t c, const ptrdiff_t *off, ptrdiff_t taps,
                               ptrdiff_t oblocks, float *dw);
/// 1 when the CPU runs the AVX2 build of nos_conv_direct_f32 (else the baseline build runs).
int nos_conv_direct_fast(void);
#endif
