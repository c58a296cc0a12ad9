# Sourced by scripts/setup, scripts/test and scripts/fuzz before they configure a preset: a build tree
# configured for the first time uses Ninja when it is installed (scripts/setup installs ninja-build). On
# 2 cores Ninja keeps both busy across targets, where Makefiles wait for each library before compiling
# what links it. A tree already configured keeps its generator (CMake ignores CMAKE_GENERATOR then);
# without ninja, or with CMAKE_GENERATOR set, CMake's choice stands. docs/reliability.md, "What CI runs".
if [ -z "${CMAKE_GENERATOR:-}" ] && command -v ninja > /dev/null 2>&1; then
    export CMAKE_GENERATOR=Ninja
fi
