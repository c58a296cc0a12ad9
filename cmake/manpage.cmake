# A man page from `lincheck --help`, for machines without help2man (cmake/package.cmake).
# -DLINCHECK=<binary> -DOUTPUT=<lincheck.1> -DVERSION=<version>
execute_process(COMMAND ${LINCHECK} --help OUTPUT_VARIABLE help ERROR_VARIABLE help_err RESULT_VARIABLE code)
string(APPEND help "${help_err}")
# roff: a backslash is \e; a line starting with . or ' would be a request.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(TIMESTAMP date "%Y-%m-%d" UTC)
file(WRITE ${OUTPUT} ".TH LINCHECK 1 \"${date}\" \"lincheck ${VERSION}\" \"User Commands\"
.SH NAME
lincheck \\- offline linearizability checker for histories of concurrent operations
.SH DESCRIPTION
.nf
${help}
.fi
")
