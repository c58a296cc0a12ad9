#include <memory>

#include "lincheck/models.hpp"

namespace lincheck {

// Each model lives in checker/models/<name>.cpp and defines its factory; adding a model is one
// declaration and one line in the table below.
std::unique_ptr<Model> make_register(const ModelOptions&);
std::unique_ptr<Model> make_cas_register(const ModelOptions&);

namespace {
const ModelInfo kModels[] = {
    {"register", "a read/write register: read → v, write v", make_register},
    {"cas-register", "a register with compare-and-set: read → v, write v, cas [expected new]",
     make_cas_register},
};
}  // namespace

std::span<const ModelInfo> all_models() {
    return kModels;
}

std::unique_ptr<Model> make_model(std::string_view name, const ModelOptions& options) {
    for (const ModelInfo& info : kModels) {
        if (info.name == name) return info.make(options);
    }
    return nullptr;
}

}  // namespace lincheck
