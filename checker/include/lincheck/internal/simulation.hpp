#pragma once
// The atomic object a model stands for, simulated — for generating histories, not for checking them.
// Each model file (checker/models/<name>.cpp) gives one in its ModelInfo (models.hpp), written apart
// from its Model::step: a history of the simulated object's answers is linearizable by construction,
// so checking an uncorrupted one is itself a check of the model. The random histories of the
// differential tests (tests/support/random_model_history.*), the stress generator
// (bench/stress_history.*, lincheck-generate --model) and the fuzz targets draw their operations here.
//
// Not installed: lincheck's own tests, bench and fuzz targets use it.
//
//     const ModelInfo& info = *find_model("fifo-queue");
//     RandomChoices choices(rng);
//     long next_value = 0;
//     SmallOp op = draw_op(*info.generator, choices, Mix{}, nullptr, next_value);
//     auto object = info.generator->simulate(ModelOptions{});
//     std::optional<Value> result = object->apply(op, choices);  // nullopt: refused, logged fail
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "lincheck/model.hpp"
#include "lincheck/value.hpp"

namespace lincheck {

// Where a generator's random choices come from.
class Choices {
public:
    virtual ~Choices() = default;
    virtual long pick(long n) = 0;  // 0 .. n-1 (n >= 1)
    virtual double uniform() = 0;   // in [0, 1)
    bool chance(double p) { return uniform() < p; }
};

// A seeded std::mt19937_64 (held by the caller), drawn as the stress generator always drew.
class RandomChoices final : public Choices {
public:
    explicit RandomChoices(std::mt19937_64& rng) : rng_(rng) {}
    long pick(long n) override { return std::uniform_int_distribution<long>(0, n - 1)(rng_); }
    double uniform() override { return std::uniform_real_distribution<double>(0, 1)(rng_); }
    std::mt19937_64& rng() { return rng_; }

private:
    std::mt19937_64& rng_;
};

// A fuzz target's input bytes, one byte a choice (zeros once they run out).
class ByteChoices final : public Choices {
public:
    explicit ByteChoices(std::string_view bytes) : bytes_(bytes) {}
    long pick(long n) override { return n <= 1 ? 0 : static_cast<long>(next() % static_cast<unsigned long>(n)); }
    double uniform() override { return next() / 256.0; }
    bool empty() const { return at_ >= bytes_.size(); }

private:
    unsigned char next() { return empty() ? 0 : static_cast<unsigned char>(bytes_[at_++]); }
    std::string_view bytes_;
    std::size_t at_ = 0;
};

// How operations are drawn.
struct Mix {
    double update_rate = 0.5;  // updates (write, cas, put, append, add, enqueue, txn with writes) vs reads
    double cas_rate = 0.5;     // cas-register: the share of updates that are cas
    long values = 0;           // 0: every update's value is new (`next_value` counts them); else 0 .. values-1
};

// One call as a generator invents it: what the invoke event carries.
struct SmallOp {
    std::string f;
    Value value;  // the invoke's value: nil for a read
    bool has_value = true;
    std::optional<Value> key;  // set by the caller (keys are independent objects), never by a model
};

// One object (one key): its state and how it answers.
class ObjectSimulator {
public:
    virtual ~ObjectSimulator() = default;
    // Performs `op` atomically now. Its result (an update's is its argument), or nothing when it
    // cannot take effect in this state (a cas that does not match, a lock already held: logged fail).
    // May settle what the invoke carries only now (a cas's expected value, as a client that read it).
    virtual std::optional<Value> apply(SmallOp& op, Choices& choices) = 0;
    // A plausible wrong result for a completed `op` whose right result is `result`; nothing when the
    // operation returns nothing worth changing.
    virtual std::optional<Value> corrupt(const SmallOp& op, const Value& result, Choices& choices) = 0;
    // `op` never took effect: settle what apply would have settled (a cas's expected value).
    virtual void never_applied(SmallOp& /*op*/, Choices& /*choices*/) {}
};

// A model's generator: how its operations are drawn and how its object answers.
struct ModelGenerator {
    // A new operation of a client whose previous one was `previous` (nullptr: none yet, or the client
    // crashed); a mutex client alternates acquire and release.
    // `update`: whether to draw an update (write, cas, put, append, add, enqueue) or a read.
    SmallOp (*choose)(Choices& choices, const Mix& mix, bool update, const SmallOp* previous, long& next_value) = nullptr;
    // The object in the state the model starts from with these options.
    std::unique_ptr<ObjectSimulator> (*simulate)(const ModelOptions& options) = nullptr;
};

// A new operation, an update with probability mix.update_rate.
inline SmallOp draw_op(const ModelGenerator& generator, Choices& choices, const Mix& mix, const SmallOp* previous,
                       long& next_value) {
    const bool update = choices.chance(mix.update_rate);
    return generator.choose(choices, mix, update, previous, next_value);
}

// The value of a new update: new (counted by next_value) or one of mix.values.
inline Value drawn_value(Choices& choices, const Mix& mix, long& next_value) {
    return Value::integer(mix.values == 0 ? next_value++ : choices.pick(mix.values));
}

// The shape of most models' operations: an update `update_f` carrying a drawn value, or a read `read_f`
// carrying none.
inline SmallOp update_or_read(bool update, std::string_view update_f, std::string_view read_f, Choices& choices,
                              const Mix& mix, long& next_value) {
    SmallOp op;
    op.f = update ? update_f : read_f;
    if (update) op.value = drawn_value(choices, mix, next_value);
    else op.has_value = false;
    return op;
}

}  // namespace lincheck
