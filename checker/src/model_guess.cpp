#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "lincheck/models.hpp"

namespace lincheck {

namespace {

using Runs = std::span<const std::span<const Operation>>;

// Guessed models with the same functions are one family (set and counter); the guess picks within it
// by the values (ModelInfo::values_fit). Models not guessed (register, unordered-queue) have a
// guessed model accepting all their histories.
struct Family {
    std::string name;  // "set or counter"
    std::span<const std::string_view> functions;
    std::vector<const ModelInfo*> models;
};

std::vector<Family> families() {
    std::vector<Family> out;
    for (const ModelInfo& info : all_models()) {
        if (!info.guessed) continue;
        auto same = std::find_if(out.begin(), out.end(), [&](const Family& f) {
            return std::is_permutation(f.functions.begin(), f.functions.end(), info.functions.begin(), info.functions.end());
        });
        if (same == out.end()) {
            out.push_back({std::string(info.name), info.functions, {&info}});
        } else {
            same->name += " or " + std::string(info.name);
            same->models.push_back(&info);
        }
    }
    return out;
}

// Within a family, the one model the values point to.
ModelGuess by_values(const Family& family, Runs runs) {
    const ModelInfo* fit = nullptr;
    int fitting = 0;
    for (const ModelInfo* info : family.models) {
        if (info->values_fit && info->values_fit(runs)) {
            fit = info;
            ++fitting;
        }
    }
    if (fitting == 1) return {fit->name, std::string(fit->values_reason)};
    std::string fs, names;
    for (const std::string_view f : family.functions) fs += (fs.empty() ? "" : "/") + std::string(f);
    for (const ModelInfo* info : family.models) names += (names.empty() ? "" : " and ") + std::string(info->name);
    return {"cas-register", "operations " + fs + " fit both " + names + " and the values do not decide; pass --model"};
}

std::string join(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

ModelGuess guess(Runs runs) {
    std::set<std::string> fs;
    const std::string* last = nullptr;  // operations come in runs of one f: look each run up once
    for (const auto run : runs) {
        for (const Operation& op : run) {
            if (last && op.f == *last) continue;
            last = &*fs.insert(op.f).first;
        }
    }
    if (fs.empty()) return {"cas-register", "no operations: the default"};

    static const std::vector<Family> kFamilies = families();
    std::vector<const Family*> fitting;
    for (const Family& family : kFamilies) {
        const bool fits = std::all_of(fs.begin(), fs.end(), [&](const std::string& f) {
            return std::find(family.functions.begin(), family.functions.end(), f) != family.functions.end();
        });
        if (fits) fitting.push_back(&family);
    }
    if (fitting.empty()) return {"cas-register", "no model accepts all of the operations " + join(fs) + "; the default"};
    if (fitting.size() > 1) {
        std::string names;
        for (const Family* f : fitting) names += (names.empty() ? "" : ", ") + std::string(f->name);
        return {"cas-register", "operations " + join(fs) + " fit several models (" + names + "); the default"};
    }
    if (fitting[0]->models.size() > 1) return by_values(*fitting[0], runs);
    return {fitting[0]->models[0]->name, "operations " + join(fs) + " fit only " + std::string(fitting[0]->name)};
}

}  // namespace

ModelGuess guess_model(std::span<const Operation> ops) {
    const std::span<const Operation> runs[] = {ops};
    return guess(runs);
}

ModelGuess guess_model(const OperationRuns& runs) {
    return guess(std::vector<std::span<const Operation>>(runs.begin(), runs.end()));
}

}  // namespace lincheck
