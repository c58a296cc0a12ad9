#pragma once
// The search's limits: the deadline, the caller's cancel and stop, and the memory limit or the
// budget shared with other searches. Each part of the search counts its own bytes; the search adds
// them up (Search::memory_bytes) and charges the sum here.
#include <chrono>
#include <string>

#include "lincheck/check.hpp"
#include "lincheck/internal/limits.hpp"

namespace lincheck::detail::wgl {

class Limits {
public:
    void begin(const CheckLimits& limits) {
        end();
        limits_ = &limits;
    }
    // Gives back the memory charged to the budget.
    void end() {
        if (limits_ && limits_->memory_budget && charged_ != 0) {
            limits_->memory_budget->charge(-static_cast<std::int64_t>(charged_));
        }
        charged_ = 0;
        limits_ = nullptr;
    }

    bool cancelled() const {
        return stopped(*limits_);
    }
    // Whether work of about `nanoseconds` would end past the deadline.
    bool short_of_time(std::size_t nanoseconds) const {
        return limits_->deadline &&
               std::chrono::steady_clock::now() + std::chrono::nanoseconds(nanoseconds) >= *limits_->deadline;
    }
    // Charges `bytes` (what the search would hold) against the memory limit; false, with the reason in
    // `reason`, when that is over it. `growing`: the bytes are those a growth about to happen would take.
    bool within_memory(std::size_t bytes, std::string& reason, bool growing = false) {
        bool over = false;
        if (limits_->memory_budget) {
            over = !limits_->memory_budget->charge(static_cast<std::int64_t>(bytes) - static_cast<std::int64_t>(charged_));
            charged_ = bytes;
        } else {
            over = limits_->memory_limit_bytes != 0 && bytes > limits_->memory_limit_bytes;
        }
        if (over) {
            const std::size_t limit = limits_->memory_budget ? limits_->memory_budget->limit() : limits_->memory_limit_bytes;
            reason = "memory limit of " + std::to_string(limit >> 20) + " MiB reached (this search's caches" +
                     (growing ? " would grow to " : ": ") + std::to_string(bytes >> 20) + " MiB)";
            return false;
        }
        return true;
    }

private:
    const CheckLimits* limits_ = nullptr;
    std::size_t charged_ = 0;  // bytes charged to limits_->memory_budget
};

}  // namespace lincheck::detail::wgl
