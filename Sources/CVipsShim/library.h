// Every libvips, GLib and fontconfig function the shim calls, reached through pointers that
// loader.c fills from the loaded library. The pointers take their types from the libraries'
// own headers, so a call through them is checked exactly as a direct call would be.
#ifndef CVIPS_LIBRARY_H
#define CVIPS_LIBRARY_H

#include <fontconfig/fontconfig.h>
#include <vips/vips.h>

#define CVIPS_LIBRARY_FUNCTIONS(X) \
    X(vips_init) \
    X(vips_cache_set_max) \
    X(vips_error_buffer) \
    X(vips_error_clear) \
    X(vips_image_get_width) \
    X(vips_image_get_height) \
    X(vips_image_get_bands) \
    X(vips_image_hasalpha) \
    X(vips_image_get_orientation) \
    X(vips_image_get_xoffset) \
    X(vips_image_get_yoffset) \
    X(vips_image_new_from_buffer) \
    X(vips_image_new_from_memory_copy) \
    X(vips_image_copy_memory) \
    X(vips_image_write_to_memory) \
    X(vips_autorot) \
    X(vips_thumbnail_image) \
    X(vips_thumbnail_buffer) \
    X(vips_pngsave_buffer) \
    X(vips_jpegsave_buffer) \
    X(vips_webpsave_buffer) \
    X(vips_black) \
    X(vips_linear) \
    X(vips_draw_rect) \
    X(vips_text) \
    X(vips_insert) \
    X(vips_ifthenelse) \
    X(vips_cast) \
    X(vips_colourspace) \
    X(vips_array_double_new) \
    X(vips_area_unref) \
    X(vips_flatten) \
    X(vips_extract_band) \
    X(vips_embed) \
    X(vips_relational_const1) \
    X(vips_gaussnoise) \
    X(vips_add) \
    X(g_object_unref) \
    X(g_free) \
    X(FcInit)

#define CVIPS_DECLARE_POINTER(name) extern __typeof__(name) *cvips_##name;
CVIPS_LIBRARY_FUNCTIONS(CVIPS_DECLARE_POINTER)
#undef CVIPS_DECLARE_POINTER

#endif
