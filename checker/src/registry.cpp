#include <memory>

#include "lincheck/models.hpp"

namespace lincheck {

// Each model is one file, checker/models/<name>.cpp, whose last block defines its description (name,
// summary, factory, functions, guessing hints, generator). Adding a model is that file, one
// declaration below and one line in the table.
const ModelInfo& register_model_info();
const ModelInfo& cas_register_model_info();
const ModelInfo& kv_model_info();
const ModelInfo& multi_register_model_info();
const ModelInfo& set_model_info();
const ModelInfo& fifo_queue_model_info();
const ModelInfo& unordered_queue_model_info();
const ModelInfo& mutex_model_info();
const ModelInfo& counter_model_info();

std::span<const ModelInfo> all_models() {
    static const ModelInfo models[] = {
        register_model_info(),
        cas_register_model_info(),
        kv_model_info(),
        multi_register_model_info(),
        set_model_info(),
        fifo_queue_model_info(),
        unordered_queue_model_info(),
        mutex_model_info(),
        counter_model_info(),
    };
    return models;
}

const ModelInfo* find_model(std::string_view name) {
    for (const ModelInfo& info : all_models()) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::unique_ptr<Model> make_model(std::string_view name, const ModelOptions& options) {
    const ModelInfo* info = find_model(name);
    return info ? info->make(options) : nullptr;
}

}  // namespace lincheck
