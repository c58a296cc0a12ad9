#include "lincheck/model.hpp"

namespace lincheck {

std::string Model::describe_op(const Operation& op, Value::Notation notation) const {
    std::string out = op.f;
    if (op.completed() && is_query(op)) {
        out += " → ";
        op.value.append_to(out, notation);
    } else if (!op.value.is_nil()) {
        out += ' ';
        op.value.append_to(out, notation);
    }
    return out;
}

}  // namespace lincheck
