// libvips pulls in about a hundred shared libraries (codecs, pango, cairo, librsvg…). Linked
// normally, every one is mapped and relocated when the process starts: 17 MiB of a server's
// 50 MiB at idle, although a server that only lists tasks never touches an image. Opened here
// on first use instead (`make` links with --as-needed, see as-needed.cfg, so nothing else
// asks for them); a process that never handles an image never loads them.
#include <dlfcn.h>
#include <stdio.h>

#include "library.h"

#define CVIPS_DEFINE_POINTER(name) __typeof__(name) *cvips_##name;
CVIPS_LIBRARY_FUNCTIONS(CVIPS_DEFINE_POINTER)
#undef CVIPS_DEFINE_POINTER

static char init_error[512];

const char *cvips_init_error(void) { return init_error; }

// The library with the ABI these headers describe, as a normal link would have recorded it.
static void *open_library(void) {
    char soname[64];
    snprintf(soname, sizeof soname, "libvips.so.%d", VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
    // Global, as a linked library would be: libvips' loadable modules (HEIF, PDF…) expect it.
    void *library = dlopen(soname, RTLD_NOW | RTLD_GLOBAL);
    if (!library) snprintf(init_error, sizeof init_error, "cannot load libvips: %s", dlerror());
    return library;
}

// Called once per process (VipsRuntime guarantees it).
int cvips_init(void) {
    void *library = open_library();
    if (!library) return -1;
#define CVIPS_RESOLVE(name)                                                                  \
    if (!(cvips_##name = (__typeof__(name) *) dlsym(library, #name))) {                       \
        snprintf(init_error, sizeof init_error, "libvips (or a library it uses) has no %s", #name); \
        return -1;                                                                           \
    }
    CVIPS_LIBRARY_FUNCTIONS(CVIPS_RESOLVE)
#undef CVIPS_RESOLVE
    if (cvips_vips_init("vton") != 0) {
        snprintf(init_error, sizeof init_error, "vips_init failed: %s", cvips_vips_error_buffer());
        return -1;
    }
    // Every operation here runs on fresh inputs; libvips' operation cache would only hold memory.
    cvips_vips_cache_set_max(0);
    return 0;
}
