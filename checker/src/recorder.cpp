// Recording: the Recorder's API as a simulator calls it (invoke, ok, fail, info), stored as compact
// records. Conversion to operations and events is in recorder_history.cpp; the check in
// recorder_check.cpp, and the records' way into the one search in recorder_search.cpp.
#include "lincheck/recorder.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace lincheck {

namespace {

constexpr OpId kNoOp = std::numeric_limits<OpId>::max();
constexpr std::int64_t kDenseProcesses = 4096;  // process ids below this are tracked in a vector

std::string op_words(OpId id) {
    return "operation " + std::to_string(id);
}

}  // namespace

Datum::Datum(const Value& v) noexcept {
    if (v.is_nil()) return;
    if (v.is_integer()) {
        kind_ = Kind::integer;
        first_ = v.as_integer();
        return;
    }
    if (v.is_list() && v.size() == 2 && v.items()[0].is_integer() && v.items()[1].is_integer()) {
        kind_ = Kind::pair;
        first_ = v.items()[0].as_integer();
        second_ = v.items()[1].as_integer();
        return;
    }
    kind_ = Kind::value;
    value_ = &v;
}

Value Datum::to_value() const {
    switch (kind_) {
        case Kind::nil: return Value::nil();
        case Kind::integer: return Value::integer(first_);
        case Kind::pair: return Value::list({Value::integer(first_), Value::integer(second_)});
        case Kind::value: return *value_;
    }
    return Value::nil();
}


FunctionId Recorder::function(std::string_view f) {
    for (std::size_t i = 0; i < functions_.size(); ++i) {
        if (functions_[i] == f) return static_cast<FunctionId>(i);
    }
    if (functions_.size() > std::numeric_limits<std::uint16_t>::max()) {
        throw std::logic_error("lincheck::Recorder: more than 65536 distinct operation names");
    }
    functions_.emplace_back(f);
    return static_cast<FunctionId>(functions_.size() - 1);
}

std::string_view Recorder::function_name(FunctionId f) const {
    const auto i = static_cast<std::size_t>(f);
    if (i >= functions_.size()) throw std::logic_error("lincheck::Recorder: unknown function id " + std::to_string(i));
    return functions_[i];
}

Recorder::Slot Recorder::store(Datum d, Datum::Kind& kind) {
    kind = d.kind();
    switch (d.kind()) {
        case Datum::Kind::nil: return {};
        case Datum::Kind::integer: return {d.first(), 0};
        case Datum::Kind::pair: return {d.first(), d.second()};
        case Datum::Kind::value:
            values_.push_back(*d.value());
            return {static_cast<std::int64_t>(values_.size() - 1), 0};
    }
    return {};
}

OpId Recorder::add(std::int64_t process, FunctionId f, bool keyed, Datum key, Datum value) {
    if (static_cast<std::size_t>(f) >= functions_.size()) {
        throw std::logic_error("lincheck::Recorder: unknown function id " + std::to_string(static_cast<std::size_t>(f)));
    }
    if (keyed_ != -1 && keyed_ != static_cast<int>(keyed)) {
        throw std::logic_error(std::string("lincheck::Recorder: invoke of `") + functions_[static_cast<std::size_t>(f)] +
                               (keyed ? "` names a key, but earlier operations named none"
                                      : "` names no key, but earlier operations did") +
                               ": either every operation names a key or none does");
    }
    keyed_ = keyed;
    if (records_.size() >= kNoOp) throw std::logic_error("lincheck::Recorder: too many operations");
    const auto id = static_cast<OpId>(records_.size());

    OpId* open = nullptr;
    if (process >= 0 && process < kDenseProcesses) {
        const auto p = static_cast<std::size_t>(process);
        if (p >= open_small_.size()) open_small_.resize(p + 1, kNoOp);
        open = &open_small_[p];
    } else {
        open = &open_large_.try_emplace(process, kNoOp).first->second;
    }
    if (*open != kNoOp) {
        throw std::logic_error("lincheck::Recorder: invoke of `" + std::string(functions_[static_cast<std::size_t>(f)]) +
                               "` by process " + std::to_string(process) + ", but its " + op_words(*open) +
                               " is still open (a process runs one operation at a time; complete it first, "
                               "or use info() for one that timed out)");
    }
    *open = id;

    Record r{};
    r.process = process;
    r.f = f;
    r.value = store(value, r.value_kind);
    if (keyed && key.kind() == Datum::Kind::pair) {
        // A key has one inline word: a pair key is kept as a Value.
        values_.push_back(key.to_value());
        r.key = static_cast<std::int64_t>(values_.size() - 1);
        r.key_kind = Datum::Kind::value;
    } else if (keyed) {
        r.key = store(key, r.key_kind).a;
    } else {
        r.key_kind = Datum::Kind::nil;
    }
    r.result_kind = Datum::Kind::nil;
    r.call = ticks_++;
    r.ret = 0;
    r.status = Status::open;
    r.has_result = false;
    records_.push_back(r);
    return id;
}

Recorder::Record& Recorder::open_record(OpId id, const char* what) {
    if (id >= records_.size()) {
        throw std::logic_error(std::string("lincheck::Recorder: ") + what + " of an unknown " + op_words(id));
    }
    Record& r = records_[id];
    if (r.status != Status::open) {
        throw std::logic_error(std::string("lincheck::Recorder: ") + what + " of " + op_words(id) + " (`" +
                               functions_[static_cast<std::size_t>(r.f)] + "` by process " +
                               std::to_string(r.process) + "), which was already completed");
    }
    return r;
}

void Recorder::close(Record& r) {
    r.ret = ticks_++;
    if (r.process >= 0 && r.process < kDenseProcesses) {
        open_small_[static_cast<std::size_t>(r.process)] = kNoOp;
    } else {
        open_large_.erase(r.process);
    }
}

void Recorder::ok(OpId id) {
    Record& r = open_record(id, "ok");
    r.status = Status::ok;
    close(r);
}

void Recorder::ok(OpId id, Datum result) {
    Record& r = open_record(id, "ok");
    r.status = Status::ok;
    r.has_result = true;
    r.result = store(result, r.result_kind);
    close(r);
}

void Recorder::fail(OpId id) {
    Record& r = open_record(id, "fail");
    r.status = Status::failed;
    close(r);
}

void Recorder::info(OpId id) {
    Record& r = open_record(id, "info");
    r.status = Status::info;
    close(r);
}

bool Recorder::is_open(OpId id) const {
    return id < records_.size() && records_[id].status == Status::open;
}

void Recorder::reset() {
    records_.clear();
    values_.clear();
    ticks_ = 0;
    keyed_ = -1;
    std::fill(open_small_.begin(), open_small_.end(), kNoOp);
    open_large_.clear();
}

}  // namespace lincheck
