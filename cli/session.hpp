#pragma once
// One run of lincheck on one history: everything the reports need.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/pairing.hpp"
#include "settings.hpp"

namespace lincheck::cli {

struct Session {
    Settings settings;
    std::unique_ptr<Model> model;
    formats::Format format = formats::Format::detect;
    Value::Notation notation = Value::Notation::json;
    std::size_t skipped_non_client = 0;
    formats::KeyConvention keys = formats::KeyConvention::none;
    bool dropped_truncated = false;
    std::string model_guess;  // why this model, when --model was not given
    PairingStats pairing;
    std::vector<Operation> ops;
    HistoryResult result;
    std::vector<std::pair<std::size_t, Explanation>> explanations;  // failing partition -> its analysis
    double read_ms = 0, check_ms = 0, explain_ms = 0;
    int exit_code = 0;

    std::string input_name() const { return settings.input == "-" ? "<stdin>" : settings.input; }
    // The reason of the first unknown partition, or empty.
    std::string unknown_reason() const;
};

// Runs the whole pipeline and writes the reports; returns the exit code.
int run_session(const Settings& settings);

void write_text_report(const Session& session, std::ostream& out);
void write_json_report(const Session& session, std::ostream& out);
void write_html_report(const Session& session, std::ostream& out);

}  // namespace lincheck::cli
