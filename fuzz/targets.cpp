#include "targets.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/require.hpp"
#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "support/oracle.hpp"
// The unique-value engines' properties (check_unique_register, _queue, _set), a header that expects
// the above.
#include "engine_entry.hpp"

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
        {"fuzz_register_unique", check_unique_register},
        {"fuzz_queue_unique", check_unique_queue},
        {"fuzz_set_unique", check_unique_set},
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
