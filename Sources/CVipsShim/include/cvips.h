// The libvips operations VTON Lab uses, with fixed arguments: libvips' convenience calls are
// C variadics, which Swift cannot call. libvips itself is loaded on the first call to
// cvips_init, not when the process starts (loader.c says why).
#ifndef CVIPS_SHIM_H
#define CVIPS_SHIM_H

#include <stddef.h>

typedef struct _VipsImage VipsImage;

// 0 once libvips is loaded and initialised; -1 with the reason in cvips_init_error().
int cvips_init(void);
const char *cvips_init_error(void);

// Prepares text drawing (fontconfig and pango's font map) on the calling thread.
void cvips_start_text(void);

// See ImageMemory.keepLargeBuffersMapped.
void cvips_fix_mmap_threshold(int bytes);

const char *cvips_error_buffer(void);
void cvips_error_clear(void);

int cvips_width(VipsImage *image);
int cvips_height(VipsImage *image);
int cvips_bands(VipsImage *image);
int cvips_has_alpha(VipsImage *image);
int cvips_orientation(VipsImage *image);
int cvips_xoffset(VipsImage *image);
int cvips_yoffset(VipsImage *image);

VipsImage *cvips_header_from_buffer(const void *buf, size_t len);
VipsImage *cvips_from_memory_uchar(const void *pixels, size_t len, int width, int height, int bands);
int cvips_autorot(VipsImage *in, VipsImage **out);
int cvips_thumbnail_image(VipsImage *in, VipsImage **out, int width, int height, int upscale);
int cvips_thumbnail_buffer(const void *buf, size_t len, VipsImage **out, int width, int height);
int cvips_pngsave(VipsImage *in, void **buf, size_t *len, int compression);
int cvips_jpegsave(VipsImage *in, void **buf, size_t *len, int quality);
int cvips_webpsave(VipsImage *in, void **buf, size_t *len, int quality);
int cvips_black(VipsImage **out, int width, int height, int bands);
int cvips_linear(VipsImage *in, VipsImage **out, const double *a, const double *b, int n);
int cvips_copy_memory(VipsImage *in, VipsImage **out);
int cvips_draw_rect(VipsImage *image, double *ink, int n, int left, int top, int width, int height);
int cvips_glyph(VipsImage **out, const char *markup);
int cvips_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y);
int cvips_ifthenelse_blend(VipsImage *cond, VipsImage *in1, VipsImage *in2, VipsImage **out);
int cvips_cast_uchar(VipsImage *in, VipsImage **out);
int cvips_colourspace_srgb(VipsImage *in, VipsImage **out);
int cvips_flatten_white(VipsImage *in, VipsImage **out);
int cvips_extract_band(VipsImage *in, VipsImage **out, int band, int n);
int cvips_embed(VipsImage *in, VipsImage **out, int x, int y, int width, int height);
int cvips_nonwhite_mask(VipsImage *in, VipsImage **out, double threshold);
int cvips_add_grain(VipsImage *in, VipsImage **out, double sigma, int seed);
void *cvips_write_to_memory(VipsImage *in, size_t *len);

void cvips_unref(VipsImage *image);
void cvips_free(void *p);

#endif
