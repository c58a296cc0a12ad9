// --html: one self-contained HTML file (no network: inline CSS, JS and SVG). Per key, a timeline with
// processes as rows and operations as bars, coloured by outcome; the longest linearization the search
// found (or the witness, when valid) drawn as a path through the bars; the failing operation marked.
// Operations are embedded once, compactly, and drawn by the page itself, only those in view, so that
// large histories stay small on disk and quick to open.
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/batch.hpp"
#include "cli/exit_codes.hpp"
#include "cli/safe_text.hpp"
#include "cli/session.hpp"
#include "cli/writers/html_assets.hpp"

namespace lincheck::cli {

namespace {

using json = nlohmann::ordered_json;

// Every state possible after each op of `order`, replaying the model from its initial state.
// Stops early (a prefix of `order`) when `out_of_time` says so.
template <class OutOfTime>
std::map<std::size_t, std::string> states_along(const Model& model, const std::vector<Operation>& ops,
                                                const std::vector<std::size_t>& order, Value::Notation notation,
                                                OutOfTime out_of_time) {
    std::map<std::size_t, std::string> out;
    std::vector<Value> states{model.initial_state()};
    for (std::size_t n = 0; n < order.size(); ++n) {
        if (n % 256 == 0 && out_of_time()) break;
        const std::size_t i = order[n];
        std::vector<Value> next;
        for (const Value& s : states) model.step(s, ops[i], next);
        std::sort(next.begin(), next.end());
        next.erase(std::unique(next.begin(), next.end()), next.end());
        if (next.empty()) break;
        std::string text;
        for (std::size_t k = 0; k < next.size() && k < 8; ++k) text += (k ? " | " : "") + model.describe_state(next[k], notation);
        if (next.size() > 8) text += " | …";
        out[i] = text;
        states = std::move(next);
    }
    return out;
}

// The states of a failing key's explanation, as one line of text.
std::string states_text(const Model& model, const std::vector<Value>& states, Value::Notation notation) {
    std::string text;
    for (std::size_t k = 0; k < states.size() && k < 8; ++k) {
        if (k) text += k + 1 == states.size() ? " or " : ", ";
        text += model.describe_state(states[k], notation);
    }
    if (states.size() > 8) text += ", … (" + std::to_string(states.size()) + " states in all)";
    return text;
}

// The x axis of a history's timelines: the events' own `time` when every event has one and that
// order is the one checked, else the events' order (each invoke and completion one step).
struct Axis {
    bool time = false;
    std::string note;  // what the axis is, in words, for the page
};

// --time-limit holds for the page too (Report::deadline, issue 17): the page's data is built until the
// time spent on it so far, once and a half again for making it text, writing it and freeing it
// (measured: about as long as building it), would pass the deadline; what is left out is said on the
// page. Building it from a 144,734-operation key takes 0.1-0.3 s.
class PageClock {
public:
    explicit PageClock(std::optional<std::chrono::steady_clock::time_point> deadline)
        : deadline_(deadline), start_(std::chrono::steady_clock::now()) {}
    bool out_of_time() const {
        if (!deadline_) return false;
        const auto now = std::chrono::steady_clock::now();
        return now + (now - start_) * 3 / 2 + std::chrono::milliseconds(5) >= *deadline_;
    }

private:
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    std::chrono::steady_clock::time_point start_;
};

Axis axis_of(const Report& session) {
    if (!session.times.any()) return {false, "event order (no event has a `time`)"};
    if (!session.times.complete()) return {false, "event order (not every event has a `time`)"};
    if (session.read.time_backwards && session.settings.order == Order::file) {
        return {false, "event order (`time` goes backwards in file order, and the history was checked in file order)"};
    }
    return {true, "the events' `time`"};
}

// Where an operation starts and ends on the axis; the end is -1 when it never completed (info,
// pending: drawn to the end). Nothing when the time axis lacks one of its times.
std::optional<std::pair<double, double>> span_of(const Operation& op, const Axis& axis, const formats::EventTimes& times) {
    const bool ends = op.ret != kNever;
    if (!axis.time) return std::make_pair(static_cast<double>(op.call), ends ? static_cast<double>(op.ret) : -1.0);
    const auto from = times.invoke_at(op.invoke_pos.event_index);
    if (!from) return std::nullopt;
    if (!ends) return std::make_pair(*from, -1.0);
    const auto to = times.completion_at(op.complete_pos.event_index);
    if (!to) return std::nullopt;
    return std::make_pair(*from, *to);
}

// A position on the axis: whole numbers without a fraction (most are).
// An operation's label on the page. A `fail`ed operation was never validated (it did not happen), so
// the model may not be able to read it (a `cas` without its pair, an unknown `f`): such a one is
// labelled by its raw `f` and value instead of asking the model.
std::string label_of(const Model& model, const Operation& op, Value::Notation notation) {
    if (op.outcome == Outcome::failed) {
        const std::vector<std::string> functions = model.functions();
        bool readable = std::find(functions.begin(), functions.end(), op.f) != functions.end();
        if (readable) {
            try {
                model.validate(op);
            } catch (const ModelError&) {
                readable = false;
            }
        }
        if (!readable) return op.value.is_nil() ? op.f : op.f + " " + op.value.to_string(notation);
    }
    return model.describe_op(op, notation);
}

json position(double x) {
    if (x == static_cast<double>(static_cast<std::int64_t>(x)) && x > -9e15 && x < 9e15) return static_cast<std::int64_t>(x);
    return x;
}

// Operations of other keys drawn in a failing key's rows (same processes), at most this many: those
// nearest the failing operation.
constexpr std::size_t kMaxOthers = 4000;

json key_data(const Report& session, std::size_t index, const Explanation* explanation,
              const std::vector<Operation>* failed_ops, const Axis& axis, const PageClock& clock) {
    const PartitionResult& p = session.result.partitions[index];
    const Model& model = *session.model;
    json k = json::object();
    // Room for every field at once: growing an ordered_json object copies its members (their keys are
    // const, so not moved), "ops" with them: 0.1 s on a 144,734-operation key.
    k.get_ref<json::object_t&>().reserve(32);
    k["key"] = p.key ? p.key->to_string(session.notation) : "";
    k["verdict"] = std::string(to_string(p.result.verdict));
    if (p.result.verdict == Verdict::unknown) k["reason"] = p.result.unknown_reason;

    const std::vector<Operation> no_failed;
    const std::vector<Operation>& failed = failed_ops ? *failed_ops : no_failed;
    std::vector<std::int64_t> processes;
    for (const Operation& op : p.ops) processes.push_back(op.process);
    for (const Operation& op : failed) processes.push_back(op.process);
    // The operations of other keys a hint names (the write of the value read, to another key): drawn
    // in their process's row, which the key gets even when that process never touched it.
    std::vector<std::pair<std::size_t, std::size_t>> named_others;  // (partition, op)
    for (const Hint& h : explanation ? std::span<const Hint>(explanation->hints) : std::span<const Hint>()) {
        for (const Hint::OtherKeyOp& o : h.other_key_ops) {
            if (o.partition == index || o.partition >= session.result.partitions.size() ||
                o.op >= session.result.partitions[o.partition].ops.size()) {
                continue;
            }
            named_others.emplace_back(o.partition, o.op);
            processes.push_back(session.result.partitions[o.partition].ops[o.op].process);
        }
    }
    std::sort(processes.begin(), processes.end());
    processes.erase(std::unique(processes.begin(), processes.end()), processes.end());
    k["procs"] = processes;
    const auto row_of = [&](std::int64_t process) {
        return std::lower_bound(processes.begin(), processes.end(), process) - processes.begin();
    };

    std::map<std::string, std::size_t> label_ids;
    json labels = json::array();
    const auto label_id = [&](const std::string& label) {
        auto [it, fresh] = label_ids.try_emplace(label, labels.size());
        if (fresh) labels.push_back(label);
        return it->second;
    };
    // [row, start, end (-1: never completed), outcome (0 ok, 1 info, 2 pending, 3 failed), label, invoke
    // line, completion line]: the key's operations in its own numbering, then its failed ones.
    bool timed = axis.time;
    for (const std::vector<Operation>* list : {&p.ops, &failed}) {
        for (const Operation& op : *list) timed = timed && span_of(op, axis, session.times).has_value();
    }
    const Axis used{timed, {}};
    const std::size_t total = p.ops.size() + failed.size();
    std::vector<json> built(total);  // null: left out for time
    const auto build = [&](std::size_t i) {
        if (i >= total || !built[i].is_null()) return;
        const Operation& op = i < p.ops.size() ? p.ops[i] : failed[i - p.ops.size()];
        const auto span = span_of(op, used, session.times);
        const int outcome = op.outcome == Outcome::ok       ? 0
                            : op.outcome == Outcome::info   ? 1
                            : op.outcome == Outcome::failed ? 3
                                                            : 2;
        built[i] = json::array({row_of(op.process), position(span->first), position(span->second), outcome,
                                label_id(label_of(model, op, session.notation)), op.invoke_pos.line,
                                op.complete_pos.line});
    };
    // The operations the page must have (the failing one, the window's, the hints'), then outwards from
    // the failing (or stuck) operation while there is time.
    std::optional<std::size_t> focus;
    if (explanation && explanation->window) focus = explanation->window->failing_op;
    else if (p.result.counterexample) focus = p.result.counterexample->stuck_op;
    if (focus) build(*focus);
    if (explanation) {
        if (explanation->window) for (std::size_t i : explanation->window->ops) build(i);
        for (const Hint& h : explanation->hints) {
            for (std::size_t i : h.ops) build(i);
            for (std::size_t f : h.failed_ops) build(p.ops.size() + f);
        }
    }
    const std::size_t centre = std::min(focus.value_or(0), total);
    std::size_t low = centre, high = centre, shown = 0;  // built[low, high) are done
    while (low > 0 || high < total) {
        if ((high - low) % 256 == 0 && clock.out_of_time()) break;
        if (high < total && (high - centre <= centre - low || low == 0)) build(high++);
        else build(--low);
    }
    json ops = json::array();
    ops.get_ref<json::array_t&>().reserve(total);
    for (json& op : built) {
        shown += !op.is_null();
        ops.push_back(std::move(op));
    }
    if (shown < total) {
        k["cut"] = "This page shows " + std::to_string(shown) + " of the key's " + std::to_string(total) +
                   " operations, those nearest the " + (explanation ? "failing" : focus ? "stuck" : "first") +
                   " operation: it was cut to end within --time-limit.";
    }
    k["axis"] = timed ? "time" : "event";
    k["axis_note"] = timed || !axis.time ? axis.note : "event order (an operation of this key has no `time`)";
    k["failed_from"] = p.ops.size();  // ops[failed_from..] are the key's failed operations
    k["ops"] = std::move(ops);

    std::vector<std::size_t> path;
    if (p.result.verdict == Verdict::linearizable) path = p.result.linearization;
    else if (p.result.counterexample) path = p.result.counterexample->longest_prefix;
    // Indices in the partition's own numbering.
    k["path"] = path;
    json states = json::object();
    // Appended, not assigned by key: an ordered_json object looks a key up one by one, which made a
    // 180,000-operation linearization take 2 minutes. The keys are distinct (states_along's map).
    for (const auto& [i, text] : states_along(model, p.ops, path, session.notation, [&] { return clock.out_of_time(); })) {
        states.get_ref<json::object_t&>().push_back({std::to_string(i), text});
    }
    k["states"] = std::move(states);

    k["failing"] = -1;
    if (explanation) {
        k["text"] = render_failure(model, p, *explanation, session.notation);
        json hints = json::array();
        std::vector<std::size_t> hint_ops;
        for (const Hint& h : explanation->hints) {
            hints.push_back({{"code", h.code}, {"text", h.text}, {"ops", h.ops}});
            hint_ops.insert(hint_ops.end(), h.ops.begin(), h.ops.end());
            for (std::size_t f : h.failed_ops) {
                if (f < failed.size()) hint_ops.push_back(p.ops.size() + f);
            }
        }
        k["hints"] = std::move(hints);
        k["hint_ops"] = hint_ops;
        std::optional<std::size_t> failing;
        if (explanation->window) {
            const FailureWindow& w = *explanation->window;
            failing = w.failing_op;
            k["window"] = w.ops;
            if (w.states_before_known) k["states_before"] = states_text(model, w.states_before, session.notation);
        } else if (p.result.counterexample) {
            failing = p.result.counterexample->stuck_op;
        }
        if (failing) {
            k["failing"] = *failing;
            k["failing_text"] = describe_operation(model, p.ops[*failing], session.notation);
        }
        // The operations of other keys by the same processes, dimmed in their rows: [row, start, end,
        // outcome, label, invoke line, completion line, key] (key: an index into other_keys).
        const Operation* x = failing ? &p.ops[*failing] : nullptr;
        std::vector<std::pair<std::uint64_t, std::pair<std::size_t, std::size_t>>> near;  // distance, (partition, op)
        for (std::size_t j = 0; j < session.result.partitions.size() && x && p.key; ++j) {
            if (j == index) continue;
            const std::vector<Operation>& theirs = session.result.partitions[j].ops;
            for (std::size_t i = 0; i < theirs.size(); ++i) {
                const Operation& op = theirs[i];
                if (!std::binary_search(processes.begin(), processes.end(), op.process)) continue;
                const std::uint64_t end = op.ret == kNever ? op.call : op.ret;
                const std::uint64_t d = end < x->call ? x->call - end : op.call > x->ret ? op.call - x->ret : 0;
                near.push_back({d, {j, i}});
            }
        }
        if (near.size() > kMaxOthers) {
            std::nth_element(near.begin(), near.begin() + kMaxOthers, near.end());
            near.resize(kMaxOthers);
            k["others_cut"] = kMaxOthers;
        }
        for (const auto& at : named_others) {  // however far from the failing operation
            if (std::none_of(near.begin(), near.end(), [&](const auto& n) { return n.second == at; })) near.push_back({0, at});
        }
        std::sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
        json others = json::array();
        json hint_others = json::array();  // indices into others: those a hint names
        json other_keys = json::array();
        std::map<std::size_t, std::size_t> key_ids;
        for (const auto& [distance, at] : near) {
            const Operation& op = session.result.partitions[at.first].ops[at.second];
            const auto span = span_of(op, used, session.times);
            if (!span) continue;
            auto [it, fresh] = key_ids.try_emplace(at.first, other_keys.size());
            if (fresh) {
                const auto& key = session.result.partitions[at.first].key;
                other_keys.push_back(key ? key->to_string(session.notation) : "");
            }
            const int outcome = op.outcome == Outcome::ok ? 0 : op.outcome == Outcome::info ? 1 : 2;
            if (std::find(named_others.begin(), named_others.end(), at) != named_others.end()) hint_others.push_back(others.size());
            others.push_back(json::array({row_of(op.process), position(span->first), position(span->second), outcome,
                                          label_id(label_of(model, op, session.notation)), op.invoke_pos.line,
                                          op.complete_pos.line, it->second}));
        }
        if (!others.empty()) {
            k["others"] = std::move(others);
            k["other_keys"] = std::move(other_keys);
            if (!hint_others.empty()) k["hint_others"] = std::move(hint_others);
        }
    }
    k["labels"] = std::move(labels);
    return k;
}

// Text from the input, safe for people (safe_text.hpp), with markup escaped.
std::string escape_html(const std::string& text) {
    const std::string s = display_text(text);
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// JSON for inside <script>: "</" could close the element early and "<!--" change how it ends, so no
// `<`, `>` or `&` is left in the data. They can only be inside JSON strings, where \u escapes mean the
// same. Written in runs between them, not a character at a time (a 5 MB page).
void write_script_safe(std::ostream& out, const std::string& dumped) {
    const char* const data = dumped.data();
    std::size_t from = 0;
    for (std::size_t i = 0; i < dumped.size(); ++i) {
        const char c = data[i];
        if (c != '<' && c != '>' && c != '&') continue;
        out.write(data + from, static_cast<std::streamsize>(i - from));
        out << (c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : "\\u0026");
        from = i + 1;
    }
    out.write(data + from, static_cast<std::streamsize>(dumped.size() - from));
}

// Text from the input made safe for people (safe_text.hpp) before it is dumped.
std::string dump_for_page(json document) {
    display_strings(document);
    return document.dump();
}

void write_page(std::ostream& out, const std::string& title, const std::string& payload) {
    out << kHtmlHead << "<style>\n" << html_text(kHtmlStyle) << "</style>\n<title>lincheck: " << escape_html(title) << "</title>\n</head>\n<body>\n"
        << "<main id=\"histories\"></main>\n<script type=\"application/json\" id=\"data\">";
    write_script_safe(out, payload);
    out << "</script>\n<script>" << html_text(kHtmlScript) << "</script>\n</body>\n</html>\n";
}

}  // namespace

std::string html_history_data(const Report& session, bool failures_only) {
    json h = {{"input", session.input_name()}, {"exit", session.exit_code}};
    if (!session.error.empty()) {
        h["verdict"] = session.exit_code == kBadInput ? "bad input" : "bad usage";
        h["error"] = session.error;
        if (session.error_pos.line != 0) {
            h["line"] = session.error_pos.line;
            h["column"] = session.error_pos.column;
        }
        if (session.error_pos.event_index != 0) h["event"] = session.error_pos.event_index;
        return dump_for_page(std::move(h));
    }
    const HistoryResult& result = session.result;
    h["model"] = std::string(session.model->name());
    h["verdict"] = std::string(to_string(result.verdict));
    h["operations"] = session.operations;
    std::map<std::size_t, const ExplainedFailure*> explained;
    for (const ExplainedFailure& f : session.failures) explained[f.partition] = &f;
    const Axis axis = axis_of(session);
    h["axis"] = axis.time ? "time" : "event";
    json keys = json::array();
    const PageClock clock(session.deadline);
    // Failing keys first, then the others in history order.
    for (const auto& [index, f] : explained) keys.push_back(key_data(session, index, &f->explanation, &f->failed, axis, clock));
    if (!failures_only) {
        for (std::size_t i = 0; i < result.partitions.size(); ++i) {
            if (!explained.count(i)) keys.push_back(key_data(session, i, nullptr, nullptr, axis, clock));
        }
    }
    h["keys"] = std::move(keys);
    return dump_for_page(std::move(h));
}

void write_html_report(const Report& session, std::ostream& out) {
    write_page(out, session.input_name(), "{\"histories\":[" + html_history_data(session, false) + "]}");
}

void write_batch_html(const BatchOutcome& batch, std::ostream& out) {
    std::string payload = "{\"batch\":true,\"histories\":[";
    for (std::size_t i = 0; i < batch.files.size(); ++i) {
        const FileOutcome& file = batch.files[i];
        if (i) payload += ',';
        if (!file.html_data.empty()) {
            payload += file.html_data;
            continue;
        }
        json row = {{"input", file.input}, {"exit", file.exit_code}, {"verdict", outcome_text(file.exit_code)}};
        if (!file.model.empty()) row["model"] = file.model;
        if (file.operations) row["operations"] = *file.operations;
        if (!file.reason.empty()) row["reason"] = file.reason;
        if (!file.error.empty()) row["error"] = file.error;
        payload += dump_for_page(std::move(row));
    }
    payload += "]}";
    write_page(out, std::to_string(batch.files.size()) + " histories", payload);
}

}  // namespace lincheck::cli
