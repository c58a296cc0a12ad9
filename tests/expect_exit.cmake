# Runs lincheck on one input and requires an exit code; prints its output either way.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${LINCHECK} ${args} ${INPUT} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT code STREQUAL EXPECTED)
  message(FATAL_ERROR "lincheck ${ARGS} ${INPUT}: exit ${code}, expected ${EXPECTED}")
endif()
