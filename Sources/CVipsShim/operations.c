#include <cvips.h>
#include <stdlib.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "library.h"

// Text is drawn only from single glyphs rendered once at one fixed size (see GlyphAtlas):
// vips_text's fitting mode changes pango's font map resolution on every try, which frees
// font caches still in use and crashes the process (SIGFPE in g_hash_table_lookup,
// libvips#3660) even with every call serialised. At one resolution that path never runs.
#define CVIPS_GLYPH_FONT "Noto Sans CJK SC,DejaVu Sans 12"
#define CVIPS_GLYPH_DPI 384

// pango reaches fonts through fontconfig, whose lazy first initialisation is not safe when
// several threads trigger it together; do it once, on one thread, and lay out one glyph so
// pango's font map exists, at the glyph resolution, before any drawing needs it. Only a
// process that draws text calls this: fonts and their caches cost a server that only
// inspects and converts images several MiB for nothing.
void cvips_start_text(void) {
    cvips_FcInit();
    VipsImage *warm = NULL;
    if (cvips_vips_text(&warm, "W", "font", CVIPS_GLYPH_FONT, "dpi", CVIPS_GLYPH_DPI, NULL) == 0) cvips_g_object_unref(warm);
}

void cvips_fix_mmap_threshold(int bytes) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, bytes);
#endif
}

const char *cvips_error_buffer(void) { return cvips_vips_error_buffer(); }
void cvips_error_clear(void) { cvips_vips_error_clear(); }

int cvips_width(VipsImage *image) { return cvips_vips_image_get_width(image); }
int cvips_height(VipsImage *image) { return cvips_vips_image_get_height(image); }
int cvips_bands(VipsImage *image) { return cvips_vips_image_get_bands(image); }
int cvips_has_alpha(VipsImage *image) { return cvips_vips_image_hasalpha(image); }
int cvips_orientation(VipsImage *image) { return cvips_vips_image_get_orientation(image); }
int cvips_xoffset(VipsImage *image) { return cvips_vips_image_get_xoffset(image); }
int cvips_yoffset(VipsImage *image) { return cvips_vips_image_get_yoffset(image); }

// Header-only load: width, height and format are known before any pixel is decoded.
VipsImage *cvips_header_from_buffer(const void *buf, size_t len) {
    return cvips_vips_image_new_from_buffer(buf, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

VipsImage *cvips_from_memory_uchar(const void *pixels, size_t len, int width, int height, int bands) {
    return cvips_vips_image_new_from_memory_copy(pixels, len, width, height, bands, VIPS_FORMAT_UCHAR);
}

int cvips_autorot(VipsImage *in, VipsImage **out) { return cvips_vips_autorot(in, out, NULL); }

int cvips_thumbnail_image(VipsImage *in, VipsImage **out, int width, int height, int upscale) {
    return cvips_vips_thumbnail_image(in, out, width, "height", height, "size", upscale ? VIPS_SIZE_BOTH : VIPS_SIZE_DOWN, NULL);
}

// Decodes, applies EXIF orientation and shrinks (using shrink-on-load where the format
// allows) in one step, never enlarging.
int cvips_thumbnail_buffer(const void *buf, size_t len, VipsImage **out, int width, int height) {
    return cvips_vips_thumbnail_buffer((void *) buf, len, out, width, "height", height, "size", VIPS_SIZE_DOWN, NULL);
}

int cvips_pngsave(VipsImage *in, void **buf, size_t *len, int compression) {
    return cvips_vips_pngsave_buffer(in, buf, len, "compression", compression, "strip", TRUE, NULL);
}

int cvips_jpegsave(VipsImage *in, void **buf, size_t *len, int quality) {
    return cvips_vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, NULL);
}

// Effort 2 of 0-6 (libvips' default is 4): 2.4 times faster for files 5 % larger, measured on a
// 9 MP photo. A server makes a WebP thumbnail of every result as it arrives, and at effort 4
// that was a quarter of its CPU while results came in.
int cvips_webpsave(VipsImage *in, void **buf, size_t *len, int quality) {
    return cvips_vips_webpsave_buffer(in, buf, len, "Q", quality, "effort", 2, "strip", TRUE, NULL);
}

int cvips_black(VipsImage **out, int width, int height, int bands) { return cvips_vips_black(out, width, height, "bands", bands, NULL); }

int cvips_linear(VipsImage *in, VipsImage **out, const double *a, const double *b, int n) {
    return cvips_vips_linear(in, out, a, b, n, NULL);
}

int cvips_copy_memory(VipsImage *in, VipsImage **out) {
    VipsImage *copy = cvips_vips_image_copy_memory(in);
    if (!copy) return -1;
    *out = copy;
    return 0;
}

int cvips_draw_rect(VipsImage *image, double *ink, int n, int left, int top, int width, int height) {
    return cvips_vips_draw_rect(image, ink, n, left, top, width, height, "fill", TRUE, NULL);
}

// One piece of text at the glyph font and resolution, cropped to its ink; the image's
// Xoffset/Yoffset say where that ink sits in the text's layout box.
int cvips_glyph(VipsImage **out, const char *markup) {
    return cvips_vips_text(out, markup, "font", CVIPS_GLYPH_FONT, "dpi", CVIPS_GLYPH_DPI, NULL);
}

int cvips_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y) { return cvips_vips_insert(main, sub, out, x, y, NULL); }

int cvips_ifthenelse_blend(VipsImage *cond, VipsImage *in1, VipsImage *in2, VipsImage **out) {
    return cvips_vips_ifthenelse(cond, in1, in2, out, "blend", TRUE, NULL);
}

int cvips_cast_uchar(VipsImage *in, VipsImage **out) { return cvips_vips_cast(in, out, VIPS_FORMAT_UCHAR, NULL); }

int cvips_colourspace_srgb(VipsImage *in, VipsImage **out) { return cvips_vips_colourspace(in, out, VIPS_INTERPRETATION_sRGB, NULL); }

int cvips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[3] = {255, 255, 255};
    VipsArrayDouble *background = cvips_vips_array_double_new(white, 3);
    int status = cvips_vips_flatten(in, out, "background", background, NULL);
    cvips_vips_area_unref(VIPS_AREA(background));
    return status;
}

int cvips_extract_band(VipsImage *in, VipsImage **out, int band, int n) { return cvips_vips_extract_band(in, out, band, "n", n, NULL); }

int cvips_embed(VipsImage *in, VipsImage **out, int x, int y, int width, int height) {
    return cvips_vips_embed(in, out, x, y, width, height, NULL);
}

// 255 where the image is darker than `threshold` in every sense of "not white".
int cvips_nonwhite_mask(VipsImage *in, VipsImage **out, double threshold) {
    VipsImage *grey = NULL;
    if (cvips_vips_colourspace(in, &grey, VIPS_INTERPRETATION_B_W, NULL)) return -1;
    VipsImage *first = NULL;
    int status = cvips_vips_extract_band(grey, &first, 0, NULL);
    cvips_g_object_unref(grey);
    if (status) return -1;
    status = cvips_vips_relational_const1(first, out, VIPS_OPERATION_RELATIONAL_LESS, threshold, NULL);
    cvips_g_object_unref(first);
    return status;
}

// The same Gaussian noise, of mean 0, added to every band (a grey film grain), clipped back to
// 8 bits. The seed makes it repeatable: libvips derives each pixel's noise from it and the
// pixel's position, whatever the threads.
int cvips_add_grain(VipsImage *in, VipsImage **out, double sigma, int seed) {
    VipsImage *noise = NULL;
    if (cvips_vips_gaussnoise(&noise, cvips_vips_image_get_width(in), cvips_vips_image_get_height(in), "mean", 0.0, "sigma", sigma,
                              "seed", seed, NULL))
        return -1;
    VipsImage *sum = NULL;
    int status = cvips_vips_add(in, noise, &sum, NULL);
    cvips_g_object_unref(noise);
    if (status) return -1;
    status = cvips_vips_cast(sum, out, VIPS_FORMAT_UCHAR, NULL);
    cvips_g_object_unref(sum);
    return status;
}

void *cvips_write_to_memory(VipsImage *in, size_t *len) { return cvips_vips_image_write_to_memory(in, len); }

void cvips_unref(VipsImage *image) { cvips_g_object_unref(image); }
void cvips_free(void *p) { cvips_g_free(p); }
