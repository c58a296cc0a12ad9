#pragma once
// A test knob of the search (not installed): searches of at most 64 operations take the small path
// (checker/src/search/configs.hpp: the set of linearized ops in one word, a flat cache) unless a test
// turns it off on its thread, to compare the two paths (tests/search_paths_test.cpp).
namespace lincheck::detail {

void allow_small_path(bool allowed);
bool small_path_allowed();

}  // namespace lincheck::detail
