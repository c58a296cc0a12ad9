#include "truncation.hpp"

namespace lincheck::formats::detail {

void handle_cut_off_last_event(const InputError& cause, bool allow_truncated, ReadResult& out) {
    if (allow_truncated) {
        out.dropped_truncated = true;
        return;
    }
    throw InputError(std::string("the last event is cut off (truncated file?) — --allow-truncated accepts the "
                                 "history without it (") +
                         cause.what() + ")",
                     cause.pos());
}

void handle_unclosed_history(const InputError& cause, bool allow_truncated, ReadResult& /*out*/) {
    if (allow_truncated) return;  // every event is whole: nothing to drop
    throw InputError(std::string(cause.what()) +
                         " (truncated file?) — --allow-truncated accepts the history as it is",
                     cause.pos());
}

}  // namespace lincheck::formats::detail
