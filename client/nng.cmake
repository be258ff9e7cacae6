# nng.cmake — finds Debian's nng (libnng-dev) as a static archive and defines emu_nng, the nng
# every emud binary links; below nng 1.6 it adds the nng#1518 workaround (see nng_fixups.c).

# Where: pkg-config's nng.pc when the installed nng ships one (newer nng), else the plain files
# (Debian bookworm's 1.5.2 ships only the archive, the headers and a CMake file for the .so).
pkg_check_modules(NNG QUIET nng)
if(NNG_FOUND)
  find_path(EMU_NNG_INCLUDE_DIR nng/nng.h HINTS ${NNG_INCLUDE_DIRS})
  find_library(EMU_NNG_ARCHIVE NAMES libnng.a HINTS ${NNG_LIBRARY_DIRS})
else()
  find_path(EMU_NNG_INCLUDE_DIR nng/nng.h)
  find_library(EMU_NNG_ARCHIVE NAMES libnng.a)
endif()
if(NOT EMU_NNG_INCLUDE_DIR OR NOT EMU_NNG_ARCHIVE)
  message(FATAL_ERROR "nng's headers or static libnng.a not found: install libnng-dev")
endif()

file(STRINGS ${EMU_NNG_INCLUDE_DIR}/nng/nng.h EMU_NNG_VERSION_LINES
     REGEX "^#define NNG_(MAJOR|MINOR|PATCH)_VERSION[ \t]+[0-9]+")
foreach(part MAJOR MINOR PATCH)
  string(REGEX REPLACE ".*#define NNG_${part}_VERSION[ \t]+([0-9]+).*" "\\1" EMU_NNG_${part}
         "${EMU_NNG_VERSION_LINES}")
endforeach()
set(EMU_NNG_VERSION ${EMU_NNG_MAJOR}.${EMU_NNG_MINOR}.${EMU_NNG_PATCH})

# What the archive needs besides libc: Debian builds nng with TLS, so its transport table pulls
# in mbedtls, and a static link needs all three of mbedtls's archives (libmbedtls-dev).
set(EMU_NNG_DEPS)
execute_process(COMMAND ${CMAKE_NM} -u ${EMU_NNG_ARCHIVE} OUTPUT_VARIABLE EMU_NNG_UNDEF
                RESULT_VARIABLE EMU_NM_RC ERROR_QUIET)
if(NOT EMU_NM_RC EQUAL 0)
  message(FATAL_ERROR "${CMAKE_NM} cannot read ${EMU_NNG_ARCHIVE}")
endif()
if(EMU_NNG_UNDEF MATCHES "U mbedtls_")
  foreach(lib mbedtls mbedx509 mbedcrypto)
    find_library(EMU_${lib}_ARCHIVE NAMES lib${lib}.a)
    if(NOT EMU_${lib}_ARCHIVE)
      message(FATAL_ERROR "${EMU_NNG_ARCHIVE} needs lib${lib}.a: install libmbedtls-dev")
    endif()
    list(APPEND EMU_NNG_DEPS ${EMU_${lib}_ARCHIVE})
  endforeach()
endif()

set(EMU_NNG_LINKED ${EMU_NNG_ARCHIVE})
set(EMU_NNG_DEFS)
if(EMU_NNG_VERSION VERSION_LESS 1.6.0)
  # nng#1518 (fixed in 1.6.0): a copy of the archive whose sendmsg calls go to emu_nng_sendmsg,
  # which reports EPIPE as ECONNRESET; why this and not a liveness probe: nng_fixups.c. Its
  # sysconf calls (only the CPU count) go to emu_nng_sysconf, so that a guest process keeps nng
  # to a few threads. The calls that make descriptors (socket, accept, epoll_create1, eventfd,
  # pipe) go to wrappers that can move them above a floor, out of the guest's way. Only nng's own objects are renamed: nothing else in a program (the shim,
  # libuv, the tests) sees a difference.
  set(EMU_NNG_LINKED ${CMAKE_BINARY_DIR}/nng/libnng-emu.a)
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/nng)
  execute_process(COMMAND ${CMAKE_OBJCOPY} --redefine-sym sendmsg=emu_nng_sendmsg
                          --redefine-sym sysconf=emu_nng_sysconf
                          --redefine-sym socket=emu_nng_socket --redefine-sym accept=emu_nng_accept
                          --redefine-sym epoll_create1=emu_nng_epoll_create1
                          --redefine-sym eventfd=emu_nng_eventfd --redefine-sym pipe=emu_nng_pipe
                          ${EMU_NNG_ARCHIVE}
                          ${EMU_NNG_LINKED}
                  RESULT_VARIABLE EMU_OBJCOPY_RC)
  execute_process(COMMAND ${CMAKE_NM} -A -u ${EMU_NNG_LINKED} OUTPUT_VARIABLE EMU_NNG_RENAMED
                  ERROR_QUIET)
  # The workaround holds only while the IPC connection writes through sendmsg: check it does.
  if(NOT EMU_OBJCOPY_RC EQUAL 0 OR NOT EMU_NNG_RENAMED MATCHES
                                    "posix_ipcconn[^:\n]*:[ \t]+U emu_nng_sendmsg")
    message(FATAL_ERROR "nng ${EMU_NNG_VERSION}: ${EMU_NNG_ARCHIVE}'s IPC connection no longer "
                        "writes through sendmsg; the nng#1518 workaround (client/nng_fixups.c) "
                        "must be revisited")
  endif()
  if(NOT EMU_NNG_RENAMED MATCHES "U emu_nng_sysconf")
    message(WARNING "nng ${EMU_NNG_VERSION} does not count CPUs with sysconf: guest processes "
                    "get nng's full thread pools")
  endif()
  # a changed system archive (an upgrade of libnng-dev) makes a fresh copy
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${EMU_NNG_ARCHIVE})
  add_library(emu_nng_fixups STATIC ${CMAKE_CURRENT_LIST_DIR}/nng_fixups.c)
  list(PREPEND EMU_NNG_DEPS emu_nng_fixups)
  set(EMU_NNG_DEFS EMU_NNG_FIXUPS=1)
endif()
message(STATUS "nng ${EMU_NNG_VERSION}: ${EMU_NNG_LINKED}")

# The archive as a target, so that what it needs always follows it on the link line.
add_library(emu_nng_archive STATIC IMPORTED GLOBAL)
set_target_properties(emu_nng_archive PROPERTIES IMPORTED_LOCATION ${EMU_NNG_LINKED}
  INTERFACE_INCLUDE_DIRECTORIES ${EMU_NNG_INCLUDE_DIR}
  INTERFACE_LINK_LIBRARIES "${EMU_NNG_DEPS};Threads::Threads")

add_library(emu_nng INTERFACE)
target_link_libraries(emu_nng INTERFACE emu_nng_archive)
target_compile_definitions(emu_nng INTERFACE ${EMU_NNG_DEFS})
