#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "lincheck/models.hpp"

namespace lincheck {

namespace {

// Models that share functions are one family here; the guess picks within it (queues: the stricter
// FIFO; registers: cas-register, which also accepts read/write-only histories).
struct Family {
    std::string_view name;
    std::vector<std::string_view> functions;
};

const Family kFamilies[] = {
    {"cas-register", {"read", "write", "cas"}},
    {"kv", {"get", "put", "append"}},
    {"multi-register", {"txn"}},
    {"set or counter", {"add", "read"}},
    {"fifo-queue", {"enqueue", "dequeue"}},
    {"mutex", {"acquire", "release"}},
};

bool is_collection(const Value& v) {
    return v.kind() == Value::Kind::list || v.kind() == Value::Kind::set;
}

// add/read: integer adds and integer reads are a counter; collection reads (or adds of non-integers)
// are a set.
ModelGuess set_or_counter(std::span<const std::span<const Operation>> runs) {
    bool set_like = false, counter_like = false;
    for (const auto run : runs) {
        for (const Operation& op : run) {
            if (op.f == "add") {
                if (!op.value.is_integer()) set_like = true;
            } else if (op.completed() && !op.value.is_nil()) {
                if (is_collection(op.value)) set_like = true;
                else if (op.value.is_integer()) counter_like = true;
            }
        }
    }
    if (set_like && !counter_like) return {"set", "operations add/read, and reads return collections or adds carry non-integers"};
    if (counter_like && !set_like) return {"counter", "operations add/read, with integer adds and integer reads"};
    return {"cas-register", "operations add/read fit both set and counter and the values do not decide; pass --model"};
}

std::string join(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

ModelGuess guess(std::span<const std::span<const Operation>> runs) {
    std::set<std::string> fs;
    const std::string* last = nullptr;  // operations come in runs of one f: look each run up once
    for (const auto run : runs) {
        for (const Operation& op : run) {
            if (last && op.f == *last) continue;
            last = &*fs.insert(op.f).first;
        }
    }
    if (fs.empty()) return {"cas-register", "no operations: the default"};

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
    if (fitting[0]->name == "set or counter") return set_or_counter(runs);
    return {fitting[0]->name, "operations " + join(fs) + " fit only " + std::string(fitting[0]->name)};
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
