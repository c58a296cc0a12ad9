# Installation of the embeddable checker library and its CMake package (find_package(lincheck)).
# (Filled in by the embedding work; see docs/embedding.md.)
