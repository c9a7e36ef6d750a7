// The MariaDB client library (Debian's libmariadb-dev), found with pkg-config. It speaks to
// MariaDB and MySQL servers alike; VTONMySQL is its only user.
#ifndef CMARIADB_MARIADB_H
#define CMARIADB_MARIADB_H

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#endif
