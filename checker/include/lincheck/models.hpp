#pragma once
// The registry of models selectable by name (`--model`).
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "lincheck/model.hpp"

namespace lincheck {

struct ModelInfo {
    std::string_view name;
    std::string_view summary;  // one line, for --list-models
    std::unique_ptr<Model> (*make)(const ModelOptions&);
};

std::span<const ModelInfo> all_models();

// nullptr when no model has that name. Throws ModelError when the options do not fit the model
// (e.g. an initial state of the wrong shape).
std::unique_ptr<Model> make_model(std::string_view name, const ModelOptions& options = {});

struct ModelGuess {
    std::string_view name;  // a registry name; "cas-register" (the default) when no single model fits
    std::string reason;     // one line saying why, for -v and messages
};

// The model a history's `f`s (and, between set and counter, its value shapes) point to. Only a hint:
// the history is still validated against whatever model is used.
ModelGuess guess_model(std::span<const Operation> ops);
ModelGuess guess_model(const OperationRuns& runs);

}  // namespace lincheck
