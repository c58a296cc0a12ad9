#include "lincheck/explain.hpp"

#include <algorithm>
#include <cstdio>

#include "lincheck/internal/timeline.hpp"

namespace lincheck {

namespace {

std::string where(const SourcePos& pos) {
    if (pos.line != 0) return "line " + std::to_string(pos.line);
    if (pos.event_index != 0) return "event " + std::to_string(pos.event_index);
    return "";
}

std::string span_words(const Operation& op) {
    const std::string from = where(op.invoke_pos);
    if (from.empty()) return "";
    switch (op.outcome) {
        case Outcome::ok: {
            const std::string to = where(op.complete_pos);
            if (op.invoke_pos.line != 0 && op.complete_pos.line != 0) {
                return "lines " + std::to_string(op.invoke_pos.line) + "–" + std::to_string(op.complete_pos.line);
            }
            return from + " to " + to;
        }
        case Outcome::info: return from + ", indeterminate (info) at " + where(op.complete_pos);
        case Outcome::pending: return from + ", never completed";
        case Outcome::failed: return from + ", failed at " + where(op.complete_pos);
    }
    return from;
}

std::string list_states(const Model& model, const std::vector<Value>& states, Value::Notation notation) {
    constexpr std::size_t kShown = 8;
    std::string out;
    for (std::size_t i = 0; i < states.size() && i < kShown; ++i) {
        if (i) out += (i + 1 == states.size()) ? " or " : ", ";
        out += model.describe_state(states[i], notation);
    }
    if (states.size() > kShown) out += ", … (" + std::to_string(states.size()) + " states in all)";
    return out;
}

}  // namespace

std::string describe_span(const Operation& op) {
    return span_words(op);
}

std::string describe_operation(const Model& model, const Operation& op, Value::Notation notation) {
    std::string out = model.describe_op(op, notation) + " by process " + std::to_string(op.process);
    if (const std::string span = span_words(op); !span.empty()) out += " (" + span + ")";
    return out;
}

std::string explain_failure(const Model& model, const PartitionResult& partition, Value::Notation notation) {
    const CheckResult& result = partition.result;
    if (!result.counterexample) return "";
    const Counterexample& cx = *result.counterexample;
    const Operation& stuck = partition.ops[cx.stuck_op];
    std::size_t completed = 0;
    for (const Operation& op : partition.ops) completed += op.completed() ? 1 : 0;

    std::string out;
    if (partition.key) out += "Key " + partition.key->to_string(notation) + ": ";
    out += describe_operation(model, stuck, notation) + " cannot be linearized. ";
    out += "The longest linearizable prefix the search found places " + std::to_string(cx.longest_prefix.size()) +
           " of the " + std::to_string(partition.ops.size()) + " operations (" + std::to_string(completed) +
           " completed); after it the state could only be " + list_states(model, cx.states_before, notation) +
           ", and from there no order of the operations still open lets this one take effect before it completed.";
    return out;
}

namespace {

std::string seconds_words(std::chrono::steady_clock::duration d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", std::chrono::duration<double>(d).count());
    return std::string(text) + " s";
}

}  // namespace

Explanation explain(const Model& model, const PartitionResult& partition, std::span<const Operation> failed,
                    const CheckLimits& limits, std::span<const PartitionResult> other_keys,
                    std::optional<std::chrono::steady_clock::duration> budget) {
    // Without a memory limit of its own, the analysis gets one. It searches windows from every state the
    // history before them allows, which can be far more work than the check: a handful of indeterminate
    // enqueues give thousands of start states, and ten operations took 24 GB before the process was
    // killed. Past the limit the report falls back to the search's own counterexample.
    constexpr std::size_t kDefaultMemory = std::size_t{512} << 20;
    CheckLimits bounded = limits;
    if (bounded.memory_limit_bytes == 0 && bounded.memory_budget == nullptr) bounded.memory_limit_bytes = kDefaultMemory;
    // Nor can it run away in time (kExplainBudget).
    const bool own_budget = !bounded.deadline;
    const auto own = budget.value_or(kExplainBudget);
    if (own_budget) bounded.deadline = std::chrono::steady_clock::now() + own;
    Explanation explanation;
    const Counterexample* cx = partition.result.counterexample ? &*partition.result.counterexample : nullptr;
    if (cx && !cx->witness.empty()) {
        // A fast engine's failure: the window is sought within its witness, the few operations that
        // cannot be linearized whatever the rest did (the whole partition may be far too large).
        std::vector<Operation> sub;
        for (const std::size_t i : cx->witness) sub.push_back(partition.ops[i]);
        explanation.window = find_failure_window(model, sub, bounded);
        if (explanation.window) {
            FailureWindow& w = *explanation.window;
            const auto& to_partition = cx->witness;
            w.failing_op = to_partition[w.failing_op];
            for (std::size_t& i : w.ops) i = to_partition[i];
            for (std::size_t& i : w.optional_ops) i = to_partition[i];
        }
    } else {
        explanation.window = find_failure_window(model, partition.ops, bounded,
                                                 cx ? std::optional<std::size_t>(cx->stuck_op) : std::nullopt);
    }
    if (!explanation.window || !explanation.window->minimal) {
        // What stopped it (the history is not linearizable: only a limit leaves it without a window).
        if (std::chrono::steady_clock::now() >= *bounded.deadline) {
            explanation.stopped_by = own_budget ? "the explanation's budget of " + seconds_words(own) + " ran out"
                                                : "the time limit was reached";
        } else if (limits.cancel && limits.cancel->load()) {
            explanation.stopped_by = "the check was cancelled";
        } else {
            explanation.stopped_by = "a bound of the analysis (its memory or its number of searches) was reached";
        }
    }
    if (explanation.window) {
        explanation.hints = diagnose(model, partition.ops, failed, *explanation.window, Value::Notation::json, other_keys);
    }
    return explanation;
}

namespace {

std::string state_words(const Model& model, const std::vector<Value>& states, Value::Notation notation) {
    if (states.size() == 1) return "the state was " + model.describe_state(states[0], notation);
    return "the state could only be " + list_states(model, states, notation);
}

std::size_t display_columns(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Wraps a paragraph at spaces so that no line is wider than `width` columns (a longer word stays whole).
std::string wrap(std::string_view text, std::size_t width, std::string_view indent = "") {
    std::string out, line;
    auto flush = [&] {
        out += line;
        out += '\n';
        line.assign(indent);
    };
    line.assign(indent);
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        const bool line_empty = line.size() == indent.size();
        if (!line_empty && display_columns(line) + 1 + display_columns(word) > width) flush();
        if (line.size() != indent.size()) line += ' ';
        line += word;
        start = end + 1;
    }
    if (line.size() != indent.size()) flush();
    return out;
}

std::string lines_covered(std::span<const Operation> ops, std::span<const std::size_t> shown) {
    std::uint32_t first = 0, last = 0;
    for (std::size_t i : shown) {
        for (const SourcePos* pos : {&ops[i].invoke_pos, &ops[i].complete_pos}) {
            if (pos->line == 0) continue;
            first = first == 0 ? pos->line : std::min(first, pos->line);
            last = std::max(last, pos->line);
        }
    }
    if (first == 0) return "";
    return first == last ? "line " + std::to_string(first) : "lines " + std::to_string(first) + "–" + std::to_string(last);
}

// The window's operations to list: all of a window of up to kListed; of a longer one, the failing op,
// those the hints name, and the failing op's nearest neighbours in call order up to kListed.
constexpr std::size_t kListed = 20;
std::vector<std::size_t> rows_shown(const FailureWindow& w, const std::vector<std::size_t>& named) {
    if (w.ops.size() <= kListed) return w.ops;
    std::vector<bool> keep(w.ops.size(), false);
    std::size_t kept = 0, at = 0;
    for (std::size_t k = 0; k < w.ops.size(); ++k) {
        const std::size_t i = w.ops[k];
        if (i == w.failing_op) at = k;
        if (i == w.failing_op || std::binary_search(named.begin(), named.end(), i)) {
            keep[k] = true;
            ++kept;
        }
    }
    for (std::size_t d = 1; kept < kListed && (d <= at || at + d < w.ops.size()); ++d) {
        if (d <= at && !keep[at - d]) keep[at - d] = true, ++kept;
        if (kept < kListed && at + d < w.ops.size() && !keep[at + d]) keep[at + d] = true, ++kept;
    }
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < w.ops.size(); ++k) {
        if (keep[k]) rows.push_back(w.ops[k]);
    }
    return rows;
}

// The timeline of `pictured` (indices into the partition's ops), and of the other keys' operations the
// hints name, labelled with their key.
std::string timeline(const Model& model, const PartitionResult& partition, const Explanation& explanation,
                     std::vector<std::size_t> pictured, std::size_t failing, Value::Notation notation, std::size_t width,
                     std::span<const PartitionResult> other_keys) {
    std::vector<const Operation*> others;
    for (const Hint& hint : explanation.hints) {
        for (const Hint::OtherKeyOp& o : hint.other_key_ops) {
            if (o.partition < other_keys.size() && o.op < other_keys[o.partition].ops.size()) {
                others.push_back(&other_keys[o.partition].ops[o.op]);
            }
        }
    }
    if (others.empty()) return ascii_timeline(model, partition.ops, pictured, failing, notation, width);
    std::vector<Operation> drawn(partition.ops.begin(), partition.ops.end());
    std::vector<std::string> labels(drawn.size());
    for (const Operation* op : others) {
        pictured.push_back(drawn.size());
        drawn.push_back(*op);
        labels.push_back(model.describe_op(*op, notation) + (op->key ? " (key " + op->key->to_string(notation) + ")" : ""));
    }
    return ascii_timeline(model, drawn, pictured, failing, notation, width, labels);
}

// A fast engine's failure: its witness, the reason in words, hints and the witness's timeline.
std::string render_witness(const Model& model, const PartitionResult& partition, const Explanation& explanation,
                           Value::Notation notation, std::size_t width, std::span<const PartitionResult> other_keys) {
    const Counterexample& cx = *partition.result.counterexample;
    const auto& ops = partition.ops;
    const FailureWindow& w = *explanation.window;
    std::string head = partition.key ? "Key " + partition.key->to_string(notation) + ": " : "";
    head += "these " + std::to_string(cx.witness.size()) + " operations cannot all be linearized, whatever the rest of the "
            "history did (found by the " + partition.engine + " engine): " + cx.witness_reason + ".";
    std::string out = wrap(head, width) + "\n";
    const std::string covered = lines_covered(ops, cx.witness);
    out += wrap("Witness" + (covered.empty() ? std::string() : " (" + covered + ")") + ":", width);
    std::size_t widest = 0;
    std::vector<std::string> names;
    for (std::size_t i : cx.witness) {
        names.push_back("p" + std::to_string(ops[i].process) + "  " + model.describe_op(ops[i], notation));
        widest = std::max(widest, display_columns(names.back()));
    }
    for (std::size_t k = 0; k < cx.witness.size(); ++k) {
        const std::size_t i = cx.witness[k];
        std::string row = "  " + names[k] + std::string(widest - display_columns(names[k]) + 2, ' ') + describe_span(ops[i]);
        if (i == w.failing_op) row += "  ✗";
        out += row + "\n";
    }
    for (const Hint& hint : explanation.hints) out += "\n" + wrap("Hint (" + hint.code + "): " + hint.text + ".", width);
    out += "\n" + timeline(model, partition, explanation, cx.witness, w.failing_op, notation, width, other_keys);
    return out;
}

}  // namespace

std::string render_failure(const Model& model, const PartitionResult& partition, const Explanation& explanation,
                           Value::Notation notation, std::size_t width, std::span<const PartitionResult> other_keys) {
    std::string out;
    const std::string key = partition.key ? "key " + partition.key->to_string(notation) + ": " : "";
    if (!explanation.window) {
        std::string out = explain_failure(model, partition, notation) + "\n";
        if (!explanation.stopped_by.empty()) {
            out += wrap("No smaller failing window was computed: " + explanation.stopped_by + ".", width);
        }
        return out;
    }
    const FailureWindow& w = *explanation.window;
    const auto& ops = partition.ops;
    const Operation& x = ops[w.failing_op];
    if (partition.result.counterexample && !partition.result.counterexample->witness.empty()) {
        return render_witness(model, partition, explanation, notation, width, other_keys);
    }

    std::string head = key.empty() ? "" : "Key " + partition.key->to_string(notation) + ": ";
    head += describe_operation(model, x, notation) + " cannot be linearized";
    if (w.states_before_known && !w.states_before.empty()) {
        head += ": just before it, " + state_words(model, w.states_before, notation);
        if (w.failing_op_alone) {
            head += w.states_before.size() == 1 ? ", in which it cannot take effect" : ", in none of which it can take effect";
        } else {
            head += " (it could take effect in one of them, but not together with the window below)";
        }
    } else if (w.failing_op_alone) {
        head += ": it can take effect after no order of the operations that may precede it, whatever state "
                "they leave (those states were not listed: their search passed its bound)";
    }
    head += ".";
    head += " Everything that completed before it is linearizable.";
    out += wrap(head, width) + "\n";

    const std::string covered = lines_covered(ops, w.ops);
    if (w.failing_op_alone) {
        out += wrap("Smallest failing window: the failing operation alone" + (covered.empty() ? "" : " (" + covered + ")") +
                        (w.states_before_known ? ", from the states before it:" : ", whatever came before it:"),
                    width);
    } else {
        const std::string title = w.minimal ? "Smallest failing window: "
                                            : "A failing window, not minimised (" +
                                                  (explanation.stopped_by.empty() ? std::string("a limit stopped the shrinking")
                                                                                  : explanation.stopped_by) + "): ";
        out += wrap(title + std::to_string(w.ops.size()) +
                        (w.ops.size() == 1 ? " operation" : " operations") + (covered.empty() ? "" : " (" + covered + ")") +
                        ", starting from " + (w.start_states.size() == 1 ? "the state " : "any of the states ") +
                        list_states(model, w.start_states, notation) + " (every state the history before it allows):",
                    width);
    }

    // The operations the hints name: shown in the timeline, and kept when a long window is summarised.
    std::vector<std::size_t> named;
    for (const Hint& hint : explanation.hints) named.insert(named.end(), hint.ops.begin(), hint.ops.end());
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());

    const std::vector<std::size_t> rows = rows_shown(w, named);
    std::size_t widest = 0;
    std::vector<std::string> names;
    for (std::size_t i : rows) {
        names.push_back("p" + std::to_string(ops[i].process) + "  " + model.describe_op(ops[i], notation));
        widest = std::max(widest, display_columns(names.back()));
    }
    std::size_t previous = 0;  // place in w.ops of the last row printed, + 1
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::size_t i = rows[k];
        const std::size_t place = static_cast<std::size_t>(std::find(w.ops.begin(), w.ops.end(), i) - w.ops.begin());
        if (place > previous) out += "  … " + std::to_string(place - previous) + " more\n";
        previous = place + 1;
        std::string row = "  " + names[k] + std::string(widest - display_columns(names[k]) + 2, ' ') + describe_span(ops[i]);
        if (i == w.failing_op) row += "  ✗";
        std::string note;
        if (std::find(w.optional_ops.begin(), w.optional_ops.end(), i) != w.optional_ops.end() && ops[i].completed()) {
            if (ops[i].ret > x.ret) note = "(may or may not have taken effect yet)";
            else if (ops[i].call < w.cut) note = "(running at the window's start: may have taken effect before it)";
            else note = "(context: the failure stands whether or not it took effect)";
        }
        // A note that would pass the width goes on the lines below its row, indented.
        if (!note.empty() && display_columns(row) + 2 + display_columns(note) > width) {
            row += "\n" + wrap(note, width, "      ");
            row.pop_back();  // wrap's own newline
        } else if (!note.empty()) {
            row += "  " + note;
        }
        out += row + "\n";
    }
    if (previous < w.ops.size()) out += "  … " + std::to_string(w.ops.size() - previous) + " more\n";
    if (rows.size() < w.ops.size()) {
        out += wrap("(" + std::to_string(rows.size()) + " of the window's " + std::to_string(w.ops.size()) +
                        " operations shown: the failing one, those the hints name and its nearest neighbours; the "
                        "--json and --html reports list them all)",
                    width);
    }
    for (const Hint& hint : explanation.hints) out += "\n" + wrap("Hint (" + hint.code + "): " + hint.text + ".", width);

    std::vector<std::size_t> pictured = rows;
    pictured.insert(pictured.end(), named.begin(), named.end());
    std::sort(pictured.begin(), pictured.end());
    pictured.erase(std::unique(pictured.begin(), pictured.end()), pictured.end());
    out += "\n" + timeline(model, partition, explanation, std::move(pictured), w.failing_op, notation, width, other_keys);
    return out;
}

}  // namespace lincheck
