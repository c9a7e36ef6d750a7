// libvips' convenience calls are C variadics, which Swift cannot call.
// These fixed-argument wrappers expose only the operations VTON Lab uses.
#ifndef CVIPS_SHIM_H
#define CVIPS_SHIM_H

#include <fontconfig/fontconfig.h>
#include <vips/vips.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

// Text is drawn only from single glyphs rendered once at one fixed size (see GlyphAtlas):
// vips_text's fitting mode changes pango's font map resolution on every try, which frees
// font caches still in use and crashes the process (SIGFPE in g_hash_table_lookup,
// libvips#3660) even with every call serialised. At one resolution that path never runs.
#define CVIPS_GLYPH_FONT "Noto Sans CJK SC,DejaVu Sans 12"
#define CVIPS_GLYPH_DPI 384

static inline int cvips_init(void) { return VIPS_INIT("vton") ? -1 : 0; }

// pango reaches fonts through fontconfig, whose lazy first initialisation is not safe when
// several threads trigger it together; do it once, on one thread, and lay out one glyph so
// pango's font map exists, at the glyph resolution, before any drawing needs it. Only a
// process that draws text calls this: fonts and their caches cost a server that only
// inspects and converts images several MiB for nothing.
static inline void cvips_start_text(void) {
    FcInit();
    VipsImage *warm = NULL;
    if (vips_text(&warm, "W", "font", CVIPS_GLYPH_FONT, "dpi", CVIPS_GLYPH_DPI, NULL) == 0) g_object_unref(warm);
}

// See ImageMemory.keepLargeBuffersMapped.
static inline void cvips_fix_mmap_threshold(int bytes) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, bytes);
#endif
}

// Header-only load: width, height and format are known before any pixel is decoded.
static inline VipsImage *cvips_header_from_buffer(const void *buf, size_t len) {
    return vips_image_new_from_buffer(buf, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

static inline int cvips_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

static inline int cvips_thumbnail_image(VipsImage *in, VipsImage **out, int width, int height, int upscale) {
    return vips_thumbnail_image(in, out, width, "height", height, "size", upscale ? VIPS_SIZE_BOTH : VIPS_SIZE_DOWN, NULL);
}

static inline int cvips_pngsave(VipsImage *in, void **buf, size_t *len, int compression) {
    return vips_pngsave_buffer(in, buf, len, "compression", compression, "strip", TRUE, NULL);
}

static inline int cvips_jpegsave(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, NULL);
}

static inline int cvips_webpsave(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_webpsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, NULL);
}

static inline int cvips_black(VipsImage **out, int width, int height, int bands) {
    return vips_black(out, width, height, "bands", bands, NULL);
}

static inline int cvips_linear(VipsImage *in, VipsImage **out, const double *a, const double *b, int n) {
    return vips_linear(in, out, a, b, n, NULL);
}

static inline int cvips_copy_memory(VipsImage *in, VipsImage **out) {
    VipsImage *copy = vips_image_copy_memory(in);
    if (!copy) return -1;
    *out = copy;
    return 0;
}

static inline int cvips_draw_rect(VipsImage *image, double *ink, int n, int left, int top, int width, int height) {
    return vips_draw_rect(image, ink, n, left, top, width, height, "fill", TRUE, NULL);
}

// One piece of text at the glyph font and resolution, cropped to its ink; the image's
// Xoffset/Yoffset say where that ink sits in the text's layout box.
static inline int cvips_glyph(VipsImage **out, const char *markup) {
    return vips_text(out, markup, "font", CVIPS_GLYPH_FONT, "dpi", CVIPS_GLYPH_DPI, NULL);
}

static inline int cvips_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y) {
    return vips_insert(main, sub, out, x, y, NULL);
}

static inline int cvips_ifthenelse_blend(VipsImage *cond, VipsImage *in1, VipsImage *in2, VipsImage **out) {
    return vips_ifthenelse(cond, in1, in2, out, "blend", TRUE, NULL);
}

static inline int cvips_cast_uchar(VipsImage *in, VipsImage **out) {
    return vips_cast(in, out, VIPS_FORMAT_UCHAR, NULL);
}

static inline int cvips_colourspace_srgb(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, VIPS_INTERPRETATION_sRGB, NULL);
}

static inline int cvips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[3] = {255, 255, 255};
    VipsArrayDouble *bg = vips_array_double_new(white, 3);
    int r = vips_flatten(in, out, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(bg));
    return r;
}

static inline int cvips_extract_band(VipsImage *in, VipsImage **out, int band, int n) {
    return vips_extract_band(in, out, band, "n", n, NULL);
}



static inline int cvips_embed(VipsImage *in, VipsImage **out, int x, int y, int width, int height) {
    return vips_embed(in, out, x, y, width, height, NULL);
}


// Decodes, applies EXIF orientation and shrinks (using shrink-on-load where the format
// allows) in one step, never enlarging.
static inline int cvips_thumbnail_buffer(const void *buf, size_t len, VipsImage **out, int width, int height) {
    return vips_thumbnail_buffer((void *) buf, len, out, width, "height", height, "size", VIPS_SIZE_DOWN, NULL);
}

// 255 where the image is darker than `threshold` in every sense of "not white".
static inline int cvips_nonwhite_mask(VipsImage *in, VipsImage **out, double threshold) {
    VipsImage *grey = NULL;
    if (vips_colourspace(in, &grey, VIPS_INTERPRETATION_B_W, NULL)) return -1;
    VipsImage *first = NULL;
    int r = vips_extract_band(grey, &first, 0, NULL);
    g_object_unref(grey);
    if (r) return -1;
    r = vips_relational_const1(first, out, VIPS_OPERATION_RELATIONAL_LESS, threshold, NULL);
    g_object_unref(first);
    return r;
}

static inline void *cvips_write_to_memory(VipsImage *in, size_t *len) { return vips_image_write_to_memory(in, len); }

static inline void cvips_unref(VipsImage *image) { g_object_unref(image); }
static inline void cvips_free(void *p) { g_free(p); }

#endif
