// The reference Argon2 library (Debian's libargon2-dev), found with pkg-config: it verifies
// the argon2 password hashes of accounts imported from the system this one replaces.
#ifndef CARGON2_ARGON2_H
#define CARGON2_ARGON2_H

#include <argon2.h>

#endif
