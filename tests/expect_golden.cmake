# Runs lincheck on a sample and compares its stdout with tests/golden/<name>.txt, timings masked.
# Set UPDATE=1 (cmake -DUPDATE=1 ... or env LINCHECK_UPDATE_GOLDEN=1) to rewrite the golden file.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${LINCHECK} ${args} ${INPUT} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
string(REGEX REPLACE "[0-9]+\\.[0-9] ms\\)" "X ms)" out "${out}")
if(UPDATE OR "$ENV{LINCHECK_UPDATE_GOLDEN}")
  file(WRITE ${GOLDEN} "${out}")
  return()
endif()
file(READ ${GOLDEN} expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "output of lincheck ${ARGS} ${INPUT} differs from ${GOLDEN}:\n--- got ---\n${out}\n--- expected ---\n${expected}")
endif()
