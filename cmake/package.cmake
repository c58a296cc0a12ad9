# The Debian package: from the build directory, `cpack -G DEB` makes lincheck_<version>_amd64.deb with
# the binary, the libraries (liblincheck.so/.a for C, liblincheck_checker.a for C++), the headers, the
# CMake and pkg-config files, and a man page made from `lincheck --help`. Tested by tests/package_test.sh.
include(GNUInstallDirs)

# The man page: help2man when it is installed (scripts/test installs it), else cmake/manpage.cmake.
find_program(HELP2MAN help2man)
set(lincheck_man ${CMAKE_CURRENT_BINARY_DIR}/lincheck.1)
if(HELP2MAN)
  add_custom_command(OUTPUT ${lincheck_man}.gz
    COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section 1 --source "lincheck ${PROJECT_VERSION}"
            --name "offline linearizability checker for histories of concurrent operations"
            --output ${lincheck_man} $<TARGET_FILE:lincheck>
    COMMAND gzip -9nf ${lincheck_man}
    DEPENDS lincheck VERBATIM)
else()
  add_custom_command(OUTPUT ${lincheck_man}.gz
    COMMAND ${CMAKE_COMMAND} -DLINCHECK=$<TARGET_FILE:lincheck> -DOUTPUT=${lincheck_man} -DVERSION=${PROJECT_VERSION}
            -P ${CMAKE_CURRENT_LIST_DIR}/manpage.cmake
    COMMAND gzip -9nf ${lincheck_man}
    DEPENDS lincheck ${CMAKE_CURRENT_LIST_DIR}/manpage.cmake VERBATIM)
endif()
add_custom_target(lincheck_man ALL DEPENDS ${lincheck_man}.gz)
install(FILES ${lincheck_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lincheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "lincheck maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline linearizability checker for histories of concurrent operations")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
 lincheck reads histories logged by Jepsen tests, deterministic simulators and real
 systems, checks them against a model of the object and explains any failure. The
 libraries check histories in-process: liblincheck (C API, lincheck.h, pkg-config
 lincheck) and liblincheck_checker (C++, CMake package lincheck).")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # lincheck_<version>_<arch>.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

# Depends: dpkg-shlibdeps reads them off the binary and liblincheck.so (libc6, libstdc++6, TBB,
# Boost.Program_options, simdjson, with versions). Without it (no dpkg-dev), the packages that own the
# libraries linked here, asked of dpkg, and the C and C++ runtimes.
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(lincheck_depends "libc6" "libstdc++6" "libgcc-s1")
  foreach(library TBB::tbb Boost::program_options simdjson::simdjson)
    get_target_property(location ${library} IMPORTED_LOCATION)
    if(NOT location)
      get_target_property(location ${library} IMPORTED_LOCATION_RELEASE)
    endif()
    if(NOT location)
      get_target_property(location ${library} IMPORTED_LOCATION_NOCONFIG)
    endif()
    file(REAL_PATH "${location}" real)
    execute_process(COMMAND dpkg-query -S "${real}" OUTPUT_VARIABLE owner RESULT_VARIABLE code ERROR_QUIET)
    if(code EQUAL 0 AND owner MATCHES "^([^:, ]+)")
      list(APPEND lincheck_depends ${CMAKE_MATCH_1})
    else()
      message(STATUS "package: no Debian package owns ${real}; it is left out of Depends")
    endif()
  endforeach()
  list(JOIN lincheck_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
endif()

include(CPack)

if(LINCHECK_BUILD_TESTS AND NOT LINCHECK_SANITIZE)
  add_test(NAME package.deb
           COMMAND sh ${PROJECT_SOURCE_DIR}/tests/package_test.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                   ${PROJECT_VERSION} ${PROJECT_BINARY_DIR}/package-test)
  set_tests_properties(package.deb PROPERTIES TIMEOUT 300 LABELS no-sanitizer COST 10)  # COST: tests/CMakeLists.txt, end
endif()
