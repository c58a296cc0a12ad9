#pragma once
// The fuzz targets' properties, by name. Each fuzz/fuzz_<name>.cpp defines one; a libFuzzer target
// is that property behind fuzz/common/libfuzzer_main.cpp, and tests/fuzz_regressions_test.cpp replays
// every saved input (fuzz/regressions/<name>/, fuzz/corpus/<name>/) through the same function, from the
// library `lincheck_fuzz_properties`.
//
// Contract: a property returns normally for any input. Bad input is fine (readers, pairing and
// validation throw InputError, which the property catches); a broken invariant throws
// lincheck::fuzz::Bug (fuzz/common/require.hpp), which nothing catches.
#include <span>
#include <string_view>

namespace lincheck::fuzz {

void fuzz_json(std::string_view data);
void fuzz_jsonl(std::string_view data);
void fuzz_edn(std::string_view data);
void fuzz_edn_lines(std::string_view data);
void fuzz_jepsen_log(std::string_view data);
void fuzz_jepsen_log_2016(std::string_view data);
void fuzz_jepsen_txt(std::string_view data);
void fuzz_records(std::string_view data);
void fuzz_checker(std::string_view data);
void fuzz_writers(std::string_view data);
void fuzz_register_unique(std::string_view data);
void fuzz_queue_unique(std::string_view data);
void fuzz_set_unique(std::string_view data);

struct Target {
    std::string_view name;
    void (*property)(std::string_view data);
};

// Every target, as fuzz/regressions/<name>/ names them.
std::span<const Target> targets();

// The property of `target` on `data`; std::invalid_argument for a name no target has.
void run_target(std::string_view target, std::string_view data);

}  // namespace lincheck::fuzz
