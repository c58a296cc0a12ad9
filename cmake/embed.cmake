# Embeds a text file in the program: writes OUT, a C++ source defining `const unsigned char NAME[]`
# (the file's bytes, then a 0) in namespace NAMESPACE, declared in HEADER. Run at build time:
#   cmake -DIN=file -DOUT=file.cpp -DNAME=kName -DNAMESPACE=ns -DHEADER=path/to/decl.hpp -P embed.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(([^,]+,){16})" "\\1\n" bytes "${bytes}")
get_filename_component(from "${IN}" NAME)
file(WRITE "${OUT}.tmp"
     "// Generated from ${from} by cmake/embed.cmake at build time: edit ${from}, not this.\n"
     "#include \"${HEADER}\"\n\nnamespace ${NAMESPACE} {\n\nconst unsigned char ${NAME}[] = {\n${bytes}0};\n\n}\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
