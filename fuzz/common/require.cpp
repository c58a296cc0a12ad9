#include "common/require.hpp"

namespace lincheck::fuzz::detail {

std::string dump(std::span<const Operation> ops) {
    std::string out;
    for (const Operation& op : ops) {
        out += "  p" + std::to_string(op.process) + " " + op.f + " " + op.value.to_string() +
               (op.key ? " key " + op.key->to_string() : "") + " " + std::string(to_string(op.outcome)) + " [" +
               std::to_string(op.call) + ", " + (op.ret == kNever ? std::string("inf") : std::to_string(op.ret)) +
               "]\n";
    }
    return out;
}

}  // namespace lincheck::fuzz::detail
