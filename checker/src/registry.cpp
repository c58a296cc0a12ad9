#include <memory>

#include "lincheck/models.hpp"

namespace lincheck {

// Each model lives in checker/models/<name>.cpp and defines its factory; adding a model is one
// declaration and one line in the table below.
std::unique_ptr<Model> make_register(const ModelOptions&);
std::unique_ptr<Model> make_cas_register(const ModelOptions&);
std::unique_ptr<Model> make_kv(const ModelOptions&);
std::unique_ptr<Model> make_multi_register(const ModelOptions&);
std::unique_ptr<Model> make_set(const ModelOptions&);
std::unique_ptr<Model> make_fifo_queue(const ModelOptions&);
std::unique_ptr<Model> make_unordered_queue(const ModelOptions&);
std::unique_ptr<Model> make_mutex(const ModelOptions&);
std::unique_ptr<Model> make_counter(const ModelOptions&);

namespace {
const ModelInfo kModels[] = {
    {"register", "a read/write register: read → v, write v", make_register},
    {"cas-register", "a register with compare-and-set: read → v, write v, cas [expected new]",
     make_cas_register},
    {"kv", "string registers by key (Porcupine): get → v, put v, append v; keys start \"\"", make_kv},
    {"multi-register", "registers by name (Knossos): txn [[read k v] [write k v] ...], atomic", make_multi_register},
    {"set", "a grow-only set: add v, read → the whole set", make_set},
    {"fifo-queue", "a FIFO queue: enqueue v, dequeue → v (nil when empty)", make_fifo_queue},
    {"unordered-queue", "a queue in any order (multiset): enqueue v, dequeue → v (nil when empty)", make_unordered_queue},
    {"mutex", "a lock: acquire (only when free), release (only when held)", make_mutex},
    {"counter", "an integer counter from 0: add n, read → sum", make_counter},
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
