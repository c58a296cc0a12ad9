#include "lincheck/internal/piece_pairer.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace lincheck {

namespace {

constexpr std::uint32_t kNone = 0xffffffffu;

// The rules an event must keep, stated once: the pre-pairing tests them, the error messages say them.
bool same_f(const Event& completion, const std::string& invoked_f) { return completion.f == invoked_f; }
bool same_key(const Event& completion, const std::optional<Value>& invoked_key) {
    return !completion.key || !invoked_key || *completion.key == *invoked_key;
}

std::string event_words(const Event& e) {
    return std::string(to_string(e.type)) + " of `" + e.f + "` by process " + std::to_string(e.process);
}
InputError busy_error(std::int64_t process, const std::string& f, const SourcePos& pos, const std::string& busy_f,
                      const SourcePos& busy_pos) {
    return InputError("invoke of `" + f + "` by process " + std::to_string(process) + ", but its `" + busy_f +
                          "` invoked at " + describe(busy_pos) +
                          " has not completed (a process runs one operation at a time)",
                      pos);
}
InputError no_open_error(const Event& e) { return InputError(event_words(e) + " has no open invoke on that process", e.pos); }
// The completion `e` breaks a rule against the operation invoked at `invoked_pos`.
InputError completion_error(const Event& e, const std::string& invoked_f, const std::optional<Value>& invoked_key,
                            const SourcePos& invoked_pos) {
    if (!same_f(e, invoked_f)) {
        return InputError(event_words(e) + " completes an invoke of `" + invoked_f + "` at " + describe(invoked_pos) +
                              ": the f differs",
                          e.pos);
    }
    return InputError(event_words(e) + " names key " + e.key->to_string() + " but its invoke at " +
                          describe(invoked_pos) + " named " + invoked_key->to_string(),
                      e.pos);
}

Operation invoked(Event&& e, std::uint64_t tick) {
    Operation op;
    op.process = e.process;
    op.f = std::move(e.f);
    op.value = std::move(e.value);
    op.value_missing = !e.has_value;
    op.key = std::move(e.key);
    op.outcome = Outcome::pending;
    op.call = tick;
    op.ret = kNever;
    op.invoke_pos = e.pos;
    return op;
}

// `op` completed by `e` (which passed same_f and same_key), at `tick` and `pos`.
void complete(Operation& op, Event&& e, std::uint64_t tick, const SourcePos& pos) {
    if (e.key && !op.key) op.key = std::move(e.key);
    op.complete_pos = pos;
    switch (e.type) {
        case EventType::ok:
            op.outcome = Outcome::ok;
            op.ret = tick;
            if (e.has_value) {
                // Validation decides whether that may be (a read's result) or not (a write's argument).
                if (!op.value_missing && e.value != op.value) op.completion_differs = true;
                op.value = std::move(e.value);
                op.value_missing = false;
            }
            break;
        case EventType::fail:  // never searched: `ret` only places it (the HTML report draws it, struck)
            op.outcome = Outcome::failed;
            op.ret = tick;
            break;
        case EventType::info: op.outcome = Outcome::info; break;
        case EventType::pending: op.outcome = Outcome::pending; break;
        case EventType::invoke: break;  // not a completion
    }
}

// Process id -> its state within one piece: open addressing, no erasure (a piece has few processes).
class ProcessTable {
public:
    struct Entry {
        std::int64_t process = 0;
        std::uint32_t open = kNone;          // the process's open operation in the piece
        std::uint32_t invoke_event = kNone;  // that operation's invoke
        bool seen = false;                   // an event of the process came earlier in the piece
        bool used = false;
    };
    Entry& at(std::int64_t process) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        Entry& e = probe(process);
        if (!e.used) {
            e.used = true;
            e.process = process;
            ++size_;
        }
        return e;
    }
    template <class F>
    void for_each(F&& f) const {
        for (const Entry& e : slots_) {
            if (e.used) f(e);
        }
    }

private:
    Entry& probe(std::int64_t process) {
        const std::size_t mask = slots_.size() - 1;
        auto h = static_cast<std::uint64_t>(process) * 0x9e3779b97f4a7c15ULL;
        for (std::size_t i = (h >> 32) & mask;; i = (i + 1) & mask) {
            if (!slots_[i].used || slots_[i].process == process) return slots_[i];
        }
    }
    void grow() {
        std::vector<Entry> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(32, old.size() * 2), Entry{});
        for (const Entry& e : old) {
            if (e.used) probe(e.process) = e;
        }
    }
    std::vector<Entry> slots_;
    std::size_t size_ = 0;
};

void order_by_time(std::vector<Event>& events) {
    for (const Event& e : events) {
        if (!e.time) throw InputError("--order=time needs a `time` on every event; this one has none", e.pos);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return *a.time < *b.time; });
}

}  // namespace

SourcePos shifted(SourcePos pos, PieceOffset offset) {
    if (pos.line != 0) pos.line += offset.lines;
    if (pos.event_index != 0) pos.event_index += offset.events;
    return pos;
}

std::vector<Operation> pair_events(std::vector<Event> events, const PairingOptions& options,
                                   PairingStats* stats) {
    if (options.order_by_time) order_by_time(events);
    PiecePairer pairer;
    pairer.add(PiecePairer::pre_pair(std::move(events)), {});
    return pairer.finish(stats);
}

PiecePairer::Piece PiecePairer::pre_pair(std::vector<Event>&& events) {
    Piece piece;
    piece.event_count_ = events.size();
    // First pass: which operation each event invokes or completes, without touching the events, so
    // that a piece breaking a rule keeps them for add() to replay with the whole history's state.
    constexpr std::uint32_t kForeign = kNone - 1;
    constexpr std::uint32_t kOrphan = kNone - 2;
    std::vector<std::uint32_t> op_of(events.size());
    std::vector<bool> fails;  // operation -> failed within the piece
    ProcessTable table;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        ProcessTable::Entry& p = table.at(e.process);
        const bool first = !p.seen;
        p.seen = true;
        if (e.type == EventType::invoke) {
            if (p.open != kNone) {
                piece.events_ = std::move(events);
                return piece;
            }
            op_of[i] = static_cast<std::uint32_t>(fails.size());
            fails.push_back(false);
            p.open = op_of[i];
            if (first) piece.boundary_.push_back({i, e.process, p.open, true, false});
            p.invoke_event = static_cast<std::uint32_t>(i);
            continue;
        }
        if (p.open != kNone) {
            const Event& invoke = events[p.invoke_event];
            if (!same_f(e, invoke.f) || !same_key(e, invoke.key)) {
                piece.events_ = std::move(events);
                return piece;
            }
            op_of[i] = p.open;
            fails[p.open] = e.type == EventType::fail;
            p.open = kNone;
        } else if (first) {  // completes an earlier piece's operation, or is an orphan: add() tells
            op_of[i] = kForeign;
            piece.boundary_.push_back({i, e.process, static_cast<std::uint32_t>(piece.foreign_.size()), false, false});
            piece.foreign_.emplace_back();  // filled below
        } else if (e.type == EventType::info) {
            op_of[i] = kOrphan;  // a client's log event, not an operation
            ++piece.orphan_info_;
        } else {
            piece.events_ = std::move(events);
            return piece;
        }
    }
    // Each operation's place: in ops_, or in failed_ when it failed within the piece.
    std::vector<std::uint32_t> place(fails.size());
    std::uint32_t kept = 0, failed = 0;
    for (std::size_t k = 0; k < fails.size(); ++k) place[k] = fails[k] ? failed++ : kept++;
    for (Piece::Boundary& b : piece.boundary_) {
        if (!b.invoke) continue;
        b.failed = fails[b.index];
        b.index = place[b.index];
    }
    // Second pass: build the operations.
    piece.ops_.reserve(kept);
    piece.failed_.reserve(failed);
    std::size_t foreign = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        if (e.type == EventType::invoke) {
            (fails[op_of[i]] ? piece.failed_ : piece.ops_).push_back(invoked(std::move(e), i));
        } else if (op_of[i] == kForeign) {
            piece.foreign_[foreign++] = std::move(e);
        } else if (op_of[i] == kOrphan) {
            continue;
        } else {
            const std::uint32_t k = op_of[i];
            const SourcePos pos = e.pos;
            complete((fails[k] ? piece.failed_ : piece.ops_)[place[k]], std::move(e), i, pos);
        }
    }
    table.for_each([&](const ProcessTable::Entry& p) {
        if (p.open != kNone) piece.open_at_end_.push_back({p.process, place[p.open]});
    });
    return piece;
}

void PiecePairer::add(Piece&& piece, Offset offset) {
    if (!piece.events_.empty()) replay(piece.events_, offset);
    for (const Piece::Boundary& b : piece.boundary_) {
        const auto open = open_.find(b.process);
        if (b.invoke) {
            if (open == open_.end()) continue;
            const Operation& mine = (b.failed ? piece.failed_ : piece.ops_)[b.index];
            const Chunk& home = chunks_[open->second.chunk];
            const Operation& busy = home.ops[open->second.op];
            throw busy_error(b.process, mine.f, shifted(mine.invoke_pos, offset), busy.f,
                             shifted(busy.invoke_pos, home.offset));
        }
        Event& e = piece.foreign_[b.index];
        e.pos = shifted(e.pos, offset);
        if (open == open_.end() && e.type == EventType::info) {
            ++orphan_info_;  // a client's log event, not an operation
            continue;
        }
        if (open == open_.end()) throw no_open_error(e);
        Chunk& home = chunks_[open->second.chunk];
        Operation& op = home.ops[open->second.op];
        if (!same_f(e, op.f) || !same_key(e, op.key)) {
            throw completion_error(e, op.f, op.key, shifted(op.invoke_pos, home.offset));
        }
        // Ticks and positions of an operation are relative to the piece it was invoked in.
        SourcePos pos = e.pos;
        if (pos.line != 0) pos.line -= home.offset.lines;
        if (pos.event_index != 0) pos.event_index -= home.offset.events;
        complete(op, std::move(e), ticks_ + b.tick - home.ticks, pos);
        if (op.outcome == Outcome::failed) ++home.late_failed;
        open_.erase(open);
    }
    orphan_info_ += piece.orphan_info_;
    const auto number = static_cast<std::uint32_t>(chunks_.size());
    for (const auto& [process, op] : piece.open_at_end_) open_[process] = Open{number, op};
    chunks_.push_back(Chunk{std::move(piece.ops_), std::move(piece.failed_), offset, ticks_, 0});
    ticks_ += piece.event_count_;
}

void PiecePairer::replay(std::vector<Event>& events, Offset offset) const {
    // The piece breaks a rule: pair it the plain way, one event at a time from the state the earlier
    // pieces left, to find the first offending event (which may also be a boundary one).
    struct Invoked {
        std::string f;
        std::optional<Value> key;
        SourcePos pos;
    };
    std::unordered_map<std::int64_t, std::optional<Invoked>> open;  // process -> its open operation
    for (Event& e : events) {
        e.pos = shifted(e.pos, offset);
        auto [it, first] = open.try_emplace(e.process);
        if (first) {
            if (const auto earlier = open_.find(e.process); earlier != open_.end()) {
                const Chunk& home = chunks_[earlier->second.chunk];
                const Operation& op = home.ops[earlier->second.op];
                it->second = Invoked{op.f, op.key, shifted(op.invoke_pos, home.offset)};
            }
        }
        std::optional<Invoked>& mine = it->second;
        if (e.type == EventType::invoke) {
            if (mine) throw busy_error(e.process, e.f, e.pos, mine->f, mine->pos);
            mine = Invoked{e.f, e.key, e.pos};
            continue;
        }
        if (!mine && e.type == EventType::info) continue;  // an orphan info: a log event
        if (!mine) throw no_open_error(e);
        if (!same_f(e, mine->f) || !same_key(e, mine->key)) throw completion_error(e, mine->f, mine->key, mine->pos);
        mine.reset();
    }
    throw std::logic_error("pairing: a piece was found to break a rule, but replaying it broke none");
}

OperationRuns PiecePairer::finish_runs(PairingStats* stats, OperationRuns& failed, unsigned threads) {
    // Per piece: positions and ticks made whole-file ones, and the operations a later piece failed
    // moved out (into the piece's failed ones, kept in invoke order).
    std::vector<std::size_t> indeterminate(chunks_.size(), 0);
    auto settle = [&](std::size_t c) {
        Chunk& chunk = chunks_[c];
        const auto place = [&](Operation& op) {
            op.call += chunk.ticks;
            if (op.ret != kNever) op.ret += chunk.ticks;
            op.invoke_pos = shifted(op.invoke_pos, chunk.offset);
            op.complete_pos = shifted(op.complete_pos, chunk.offset);
        };
        for (Operation& op : chunk.ops) {
            place(op);
            if (!op.completed() && op.outcome != Outcome::failed) ++indeterminate[c];
        }
        for (Operation& op : chunk.failed) place(op);
        if (chunk.late_failed == 0) return;
        std::vector<Operation> late;
        const auto kept_end = std::stable_partition(chunk.ops.begin(), chunk.ops.end(), [](const Operation& op) {
            return op.outcome != Outcome::failed;
        });
        std::move(kept_end, chunk.ops.end(), std::back_inserter(late));
        chunk.ops.erase(kept_end, chunk.ops.end());
        std::vector<Operation> merged;
        merged.reserve(chunk.failed.size() + late.size());
        std::merge(std::make_move_iterator(chunk.failed.begin()), std::make_move_iterator(chunk.failed.end()),
                   std::make_move_iterator(late.begin()), std::make_move_iterator(late.end()),
                   std::back_inserter(merged), [](const Operation& a, const Operation& b) { return a.call < b.call; });
        chunk.failed = std::move(merged);
    };
    if (threads > 1 && chunks_.size() > 1) {
        tbb::task_arena arena(static_cast<int>(threads));
        arena.execute([&] { tbb::parallel_for(std::size_t{0}, chunks_.size(), settle); });
    } else {
        for (std::size_t c = 0; c < chunks_.size(); ++c) settle(c);
    }
    OperationRuns runs;
    runs.reserve(chunks_.size());
    PairingStats out;
    out.events = ticks_;
    out.orphan_info = orphan_info_;
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
        Chunk& chunk = chunks_[c];
        out.indeterminate += indeterminate[c];
        out.failed_dropped += chunk.failed.size();
        if (!chunk.failed.empty()) failed.push_back(std::move(chunk.failed));
        if (!chunk.ops.empty()) runs.push_back(std::move(chunk.ops));
    }
    if (stats) *stats = std::move(out);
    *this = PiecePairer();
    return runs;
}

namespace {

std::vector<Operation> concatenated(OperationRuns&& runs) {
    if (runs.size() == 1) return std::move(runs.front());
    std::vector<Operation> out;
    std::size_t total = 0;
    for (const auto& run : runs) total += run.size();
    out.reserve(total);
    for (auto& run : runs) std::move(run.begin(), run.end(), std::back_inserter(out));
    return out;
}

}  // namespace

std::vector<Operation> PiecePairer::finish(PairingStats* stats) {
    OperationRuns failed;
    std::vector<Operation> ops = concatenated(finish_runs(stats, failed));
    if (stats) stats->failed = concatenated(std::move(failed));
    return ops;
}

}  // namespace lincheck
