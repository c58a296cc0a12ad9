#pragma once
// The registry of models selectable by name (`--model`).
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "lincheck/model.hpp"

namespace lincheck {

struct ModelGenerator;  // lincheck/internal/simulation.hpp: for lincheck's own tests, bench and fuzz targets

// One model's description: everything the rest of lincheck needs to know of a model. Each model file
// (checker/models/<name>.cpp) defines its own at its end; checker/src/registry.cpp lists them.
struct ModelInfo {
    std::string_view name;
    std::string_view summary;  // one line, for --list-models
    std::unique_ptr<Model> (*make)(const ModelOptions&);
    std::span<const std::string_view> functions = {};  // the `f`s it accepts (Model::functions), for guess_model
    // guess_model: false when another model with these functions is the better guess (register:
    // cas-register also accepts read/write-only histories; unordered-queue: FIFO is the stricter).
    bool guessed = true;
    // guess_model, between guessed models with the same functions (set and counter): whether the
    // values point to this model, and the reason it then gives.
    bool (*values_fit)(std::span<const std::span<const Operation>> runs) = nullptr;
    std::string_view values_reason = {};
    // Random operations and the simulated object, for generated histories (never null).
    const ModelGenerator* generator = nullptr;
};

// Every model, in the order --list-models shows them.
std::span<const ModelInfo> all_models();
// nullptr when no model has that name.
const ModelInfo* find_model(std::string_view name);

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
