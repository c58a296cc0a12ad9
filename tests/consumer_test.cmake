# Installs lincheck into a temporary prefix, builds tests/consumer against the installed package
# (find_package(lincheck)), runs it, and checks the history it saved again with the installed binary.
# -DBUILD_DIR=<lincheck build> -DSOURCE_DIR=<tests/consumer> -DWORK_DIR=<scratch>
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
# Only the public headers are installed (cmake/install.cmake): lincheck's own stay in the tree.
foreach(private internal engines.hpp)
  if(EXISTS ${prefix}/include/lincheck/${private})
    message(FATAL_ERROR "include/lincheck/${private} is lincheck's own, yet installed")
  endif()
endforeach()
foreach(public lincheck.hpp check.hpp formats/read.hpp formats/read_in_pieces.hpp formats/write_jsonl.hpp)
  if(NOT EXISTS ${prefix}/include/lincheck/${public})
    message(FATAL_ERROR "include/lincheck/${public} is public, yet not installed")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_CXX_FLAGS=-Wall\ -Wextra\ -Wpedantic\ -Werror)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer ${WORK_DIR}/failure.jsonl)
message("${out}")

execute_process(COMMAND ${prefix}/bin/lincheck --model cas-register ${WORK_DIR}/failure.jsonl
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT code EQUAL 1 OR NOT out MATCHES "Hint \\(zero-as-nil\\)")
  message(FATAL_ERROR "the installed lincheck should find the saved history not linearizable (exit 1, zero-as-nil), got exit ${code}")
endif()
