# Installation of the embeddable checker library and its CMake package (find_package(lincheck)); see
# docs/embedding.md. `cmake --install build/default --prefix /usr/local` installs:
#   bin/lincheck
#   include/lincheck/*.hpp                       the public headers (no TBB, no nlohmann): lincheck.hpp,
#                                                 the umbrella, and every header beside it; not lincheck/internal/
#   include/lincheck/formats/*.hpp               the readers' and the writer's public headers
#   lib/liblincheck_checker.a, liblincheck_formats.a   (or .so with BUILD_SHARED_LIBS)
#   lib/cmake/lincheck/lincheckConfig.cmake ...  the package: targets lincheck::checker, lincheck::formats
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Built against the source tree, installed against the prefix.
foreach(part checker formats)
  set_property(TARGET lincheck_${part} PROPERTY INTERFACE_INCLUDE_DIRECTORIES
               "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/${part}/include>"
               "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
  set_property(TARGET lincheck_${part} PROPERTY EXPORT_NAME ${part})
  target_compile_features(lincheck_${part} PUBLIC cxx_std_20)  # the headers need C++20
  # The warning flags are a build-time matter of this project: a static library would otherwise carry
  # the (empty) link dependency on them into the package.
  get_target_property(links lincheck_${part} INTERFACE_LINK_LIBRARIES)
  if(links)
    list(REMOVE_ITEM links "$<LINK_ONLY:lincheck_warnings>")
    set_property(TARGET lincheck_${part} PROPERTY INTERFACE_LINK_LIBRARIES "${links}")
  endif()
endforeach()

# The public headers, by one rule: the headers in `dir` (not its subfolders, so not lincheck/internal/)
# that include nothing from lincheck/internal/. The umbrella lincheck.hpp must include each of the
# checker's (checked here), so an embedder who includes it gets the whole API.
function(lincheck_public_headers out dir)
  file(GLOB headers ${dir}/*.hpp)
  set(public "")
  foreach(header ${headers})
    file(STRINGS ${header} internal REGEX "#include \"lincheck/internal/")
    if(NOT internal OR header MATCHES "/lincheck.hpp$")
      list(APPEND public ${header})
    endif()
  endforeach()
  set(${out} ${public} PARENT_SCOPE)
endfunction()
lincheck_public_headers(lincheck_checker_headers ${PROJECT_SOURCE_DIR}/checker/include/lincheck)
lincheck_public_headers(lincheck_formats_headers ${PROJECT_SOURCE_DIR}/formats/include/lincheck/formats)
file(READ ${PROJECT_SOURCE_DIR}/checker/include/lincheck/lincheck.hpp lincheck_umbrella)
foreach(header ${lincheck_checker_headers})
  get_filename_component(name ${header} NAME)
  if(NOT name STREQUAL "lincheck.hpp" AND NOT lincheck_umbrella MATCHES "#include \"lincheck/${name}\"")
    message(FATAL_ERROR "checker/include/lincheck/${name} is public (installed) but lincheck/lincheck.hpp does not "
                        "include it: include it there, or move it to lincheck/internal/")
  endif()
endforeach()

install(TARGETS lincheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS lincheck_checker lincheck_formats EXPORT lincheckTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${lincheck_checker_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lincheck)
# Reading histories as the CLI does (read.hpp: read_history, read_value; read_in_pieces.hpp:
# read_and_pair, a large file in pieces on several threads), and saving them (write_jsonl.hpp).
install(FILES ${lincheck_formats_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lincheck/formats)

set(lincheck_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/lincheck)
install(EXPORT lincheckTargets NAMESPACE lincheck:: DESTINATION ${lincheck_cmake_dir})

# Static libraries need their private dependencies at the consumer's link step: TBB (both), simdjson
# and nlohmann_json (formats).
get_target_property(lincheck_checker_type lincheck_checker TYPE)
if(lincheck_checker_type STREQUAL "STATIC_LIBRARY")
  set(LINCHECK_FIND_TBB "find_dependency(TBB)\nfind_dependency(simdjson)\nfind_dependency(nlohmann_json)")
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
