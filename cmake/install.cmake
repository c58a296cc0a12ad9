# Installation of the embeddable checker library and its CMake package (find_package(lincheck)); see
# docs/embedding.md. `cmake --install build/default --prefix /usr/local` installs:
#   bin/lincheck
#   include/lincheck/lincheck.hpp + what it includes   the public headers (no TBB, no nlohmann); not
#                                                 lincheck/internal/ nor engines.hpp
#   lib/liblincheck_checker.a                    (or .so with BUILD_SHARED_LIBS)
#   lib/cmake/lincheck/lincheckConfig.cmake ...  the package: target lincheck::checker
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Built against the source tree, installed against the prefix.
set_property(TARGET lincheck_checker PROPERTY INTERFACE_INCLUDE_DIRECTORIES
             "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/checker/include>"
             "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
set_property(TARGET lincheck_checker PROPERTY EXPORT_NAME checker)
target_compile_features(lincheck_checker PUBLIC cxx_std_20)  # the headers need C++20
# The warning flags are a build-time matter of this project: a static library would otherwise carry
# the (empty) link dependency on them into the package.
get_target_property(lincheck_checker_links lincheck_checker INTERFACE_LINK_LIBRARIES)
if(lincheck_checker_links)
  list(REMOVE_ITEM lincheck_checker_links "$<LINK_ONLY:lincheck_warnings>")
  set_property(TARGET lincheck_checker PROPERTY INTERFACE_LINK_LIBRARIES "${lincheck_checker_links}")
endif()

install(TARGETS lincheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS lincheck_checker EXPORT lincheckTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The public headers: lincheck.hpp (the umbrella) and what it includes. lincheck/internal/ and engines.hpp
# (the fast engines' dispatch) are lincheck's own; tests/consumer includes only the umbrella, so a
# public header that needs a header left out here fails install.consumer.
install(FILES checker/include/lincheck/lincheck.hpp checker/include/lincheck/check.hpp
              checker/include/lincheck/diagnose.hpp checker/include/lincheck/explain.hpp
              checker/include/lincheck/history.hpp checker/include/lincheck/model.hpp
              checker/include/lincheck/models.hpp checker/include/lincheck/pairing.hpp
              checker/include/lincheck/recorder.hpp checker/include/lincheck/value.hpp
              checker/include/lincheck/window.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lincheck)
# The JSON Lines writer is header-only over the checker's types: what an embedder needs to save a history.
install(FILES formats/include/lincheck/formats/write_jsonl.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lincheck/formats)

set(lincheck_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/lincheck)
install(EXPORT lincheckTargets NAMESPACE lincheck:: DESTINATION ${lincheck_cmake_dir})

# A static checker library needs TBB at the consumer's link step (it links TBB privately).
get_target_property(lincheck_checker_type lincheck_checker TYPE)
if(lincheck_checker_type STREQUAL "STATIC_LIBRARY")
  set(LINCHECK_FIND_TBB "find_dependency(TBB)")
else()
  set(LINCHECK_FIND_TBB "")
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/lincheckConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/lincheckConfig.cmake
                              INSTALL_DESTINATION ${lincheck_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/lincheckConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lincheckConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/lincheckConfigVersion.cmake
        DESTINATION ${lincheck_cmake_dir})
