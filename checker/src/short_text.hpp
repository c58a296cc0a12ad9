#pragma once
// Short strings (an operation's `f`: "read", "write", "cas") compared and hashed by words. Only
// checker/src includes it.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

namespace lincheck::detail {

// The first 8 bytes of `s` as a word, zero-padded. A string's buffer holds capacity() + 1 bytes (its
// terminating nul), so with 8 of them one load and a mask do (a memcpy of s.size() bytes was a call to
// libc's memcpy: ~30 instructions an op of a general check, session 12).
inline std::uint64_t head_of(const std::string& s) {
    const std::size_t n = s.size();
    std::uint64_t head = 0;
    if constexpr (std::endian::native == std::endian::little) {
        if (s.capacity() >= 7) {
            std::memcpy(&head, s.data(), 8);
            return n >= 8 ? head : n == 0 ? 0 : head & (~std::uint64_t{0} >> (64 - 8 * n));
        }
    }
    std::memcpy(&head, s.data(), std::min<std::size_t>(n, 8));
    return head;
}

}  // namespace lincheck::detail
