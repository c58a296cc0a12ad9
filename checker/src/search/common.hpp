#pragma once
// Small things every part of the search shares.
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace lincheck::detail::wgl {

constexpr std::uint32_t kNone = 0xffffffffu;

// The capacity a std::vector that started empty would have after growing from `old_size` to
// `new_size` (libstdc++ grows to size + max(size, added)). Memory accounting charges what a fresh
// search would hold, not what a reused container happens to keep from earlier searches: so a
// search's figures and its verdict under --memory-limit do not depend on what ran before it on the
// thread. (What the workspace keeps between searches is bounded by Search::kKeepBytes.)
struct FreshCapacity {
    std::size_t value = 0;
    void grow(std::size_t old_size, std::size_t new_size) {
        if (new_size > value) value = old_size + std::max(old_size, new_size - old_size);
    }
};

// Bytes a vector's allocation holds.
template <class V>
std::size_t held(const V& v) {
    return v.capacity() * sizeof(typename V::value_type);
}

}  // namespace lincheck::detail::wgl
