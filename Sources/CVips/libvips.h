// libvips' headers, found with pkg-config. Only CVipsShim uses them: it loads the library
// when the first image arrives, so nothing else may call libvips directly.
#ifndef CVIPS_LIBVIPS_H
#define CVIPS_LIBVIPS_H

#include <fontconfig/fontconfig.h>
#include <vips/vips.h>

#endif
