# tests/diff/EmuUnderTest.cmake: finds what the differential suites (diff, risu, busybox) compare:
# the oracle qemu-aarch64-static, the arm64 cross compiler, and the emulator under test.

# The emulator under test is emu-exec by default; -DEMU_EXEC_UNDER_TEST=/usr/bin/qemu-aarch64-static
# checks the harnesses themselves (every test must then pass).
set(EMU_EXEC_UNDER_TEST "" CACHE FILEPATH "Emulator the differential tests run (default: emu-exec of this build)")
if(EMU_EXEC_UNDER_TEST)
  set(EMU_UNDER_TEST ${EMU_EXEC_UNDER_TEST})
else()
  # shim/ may not be configured yet; the path is where the build puts emu-exec, and the
  # tests fail (not skip) until it is there.
  set(EMU_UNDER_TEST ${CMAKE_BINARY_DIR}/bin/emu-exec)
endif()

find_program(EMU_QEMU_AARCH64 qemu-aarch64-static)
find_program(EMU_AARCH64_CC aarch64-linux-gnu-gcc)
find_program(EMU_AARCH64_OBJDUMP aarch64-linux-gnu-objdump)
find_program(EMU_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT EMU_PYTHON3)
  find_program(EMU_PYTHON3 python3)
endif()

# Missing tools make one failing test per suite rather than a silently empty suite.
function(emu_require_tools suite)
  set(missing "")
  foreach(var ${ARGN})
    if(NOT ${var})
      string(APPEND missing " ${var}")
    endif()
  endforeach()
  if(missing)
    message(WARNING "${suite}: missing${missing}; run tools/setup")
    add_test(NAME ${suite}/prerequisites COMMAND ${CMAKE_COMMAND} -E false)
    set(EMU_TOOLS_OK FALSE PARENT_SCOPE)
  else()
    set(EMU_TOOLS_OK TRUE PARENT_SCOPE)
  endif()
endfunction()
