#pragma once
// For fuzz targets that define their own LLVMFuzzerTestOneInput and call run_target
// (fuzz_register_unique.cpp; its property is in engine_entry.hpp, registered in targets.cpp). A new
// target holds its property in fuzz/fuzz_<name>.cpp instead (fuzz/targets.hpp).
#include "common/require.hpp"
#include "targets.hpp"
