#pragma once
// The fuzz input read as a stream of choices; past its end every choice is 0.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lincheck::fuzz::detail {

class Bytes {
public:
    explicit Bytes(std::string_view data) : data_(data) {}
    bool empty() const { return at_ >= data_.size(); }
    std::uint8_t next() { return empty() ? 0 : static_cast<std::uint8_t>(data_[at_++]); }
    // 0 .. n-1
    unsigned below(unsigned n) { return next() % n; }

private:
    std::string_view data_;
    std::size_t at_ = 0;
};

}  // namespace lincheck::fuzz::detail
