#include "targets.hpp"

#include <stdexcept>
#include <string>

namespace lincheck::fuzz {

std::span<const Target> targets() {
    static constexpr Target kTargets[] = {
        {"fuzz_json", fuzz_json},
        {"fuzz_jsonl", fuzz_jsonl},
        {"fuzz_edn", fuzz_edn},
        {"fuzz_edn_lines", fuzz_edn_lines},
        {"fuzz_jepsen_log", fuzz_jepsen_log},
        {"fuzz_jepsen_log_2016", fuzz_jepsen_log_2016},
        {"fuzz_jepsen_txt", fuzz_jepsen_txt},
        {"fuzz_records", fuzz_records},
        {"fuzz_checker", fuzz_checker},
        {"fuzz_writers", fuzz_writers},
        {"fuzz_register_unique", fuzz_register_unique},
        {"fuzz_queue_unique", fuzz_queue_unique},
        {"fuzz_set_unique", fuzz_set_unique},
    };
    return kTargets;
}

void run_target(std::string_view target, std::string_view data) {
    for (const Target& t : targets()) {
        if (t.name == target) return t.property(data);
    }
    throw std::invalid_argument("unknown fuzz target " + std::string(target));
}

}  // namespace lincheck::fuzz
