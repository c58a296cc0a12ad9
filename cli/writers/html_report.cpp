// --html: one self-contained HTML file (no network: inline CSS, JS and SVG). Per key, a timeline with
// processes as rows and operations as bars, coloured by outcome; the longest linearization the search
// found (or the witness, when valid) drawn as a path through the bars; the failing operation marked.
// Operations are embedded once, compactly, and drawn by the page itself, only those in view, so that
// large histories stay small on disk and quick to open.
#include <algorithm>
#include <map>
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
std::map<std::size_t, std::string> states_along(const Model& model, const std::vector<Operation>& ops,
                                                const std::vector<std::size_t>& order, Value::Notation notation) {
    std::map<std::size_t, std::string> out;
    std::vector<Value> states{model.initial_state()};
    for (std::size_t i : order) {
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

json key_data(const Report& session, std::size_t index, const Explanation* explanation) {
    const PartitionResult& p = session.result.partitions[index];
    const Model& model = *session.model;
    json k;
    k["key"] = p.key ? p.key->to_string(session.notation) : "";
    k["verdict"] = std::string(to_string(p.result.verdict));
    if (p.result.verdict == Verdict::unknown) k["reason"] = p.result.unknown_reason;

    std::vector<std::int64_t> processes;
    for (const Operation& op : p.ops) processes.push_back(op.process);
    std::sort(processes.begin(), processes.end());
    processes.erase(std::unique(processes.begin(), processes.end()), processes.end());
    k["procs"] = processes;

    std::map<std::string, std::size_t> label_ids;
    json labels = json::array();
    json ops = json::array();
    for (const Operation& op : p.ops) {
        const std::string label = model.describe_op(op, session.notation);
        auto [it, fresh] = label_ids.try_emplace(label, labels.size());
        if (fresh) labels.push_back(label);
        const auto row = std::lower_bound(processes.begin(), processes.end(), op.process) - processes.begin();
        const int outcome = op.outcome == Outcome::ok ? 0 : op.outcome == Outcome::info ? 1 : 2;
        ops.push_back(json::array({row, op.call, op.ret == kNever ? -1 : static_cast<std::int64_t>(op.ret), outcome,
                                   it->second, op.invoke_pos.line, op.complete_pos.line}));
    }
    k["labels"] = std::move(labels);
    k["ops"] = std::move(ops);

    std::vector<std::size_t> path;
    if (p.result.verdict == Verdict::linearizable) path = p.result.linearization;
    else if (p.result.counterexample) path = p.result.counterexample->longest_prefix;
    // Indices in the partition's own numbering.
    k["path"] = path;
    json states = json::object();
    // Appended, not assigned by key: an ordered_json object looks a key up one by one, which made a
    // 180,000-operation linearization take 2 minutes. The keys are distinct (states_along's map).
    for (const auto& [i, text] : states_along(model, p.ops, path, session.notation)) {
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
    }
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
// same.
std::string script_safe(const std::string& dumped) {
    std::string payload;
    payload.reserve(dumped.size());
    for (const char c : dumped) {
        if (c == '<') payload += "\\u003c";
        else if (c == '>') payload += "\\u003e";
        else if (c == '&') payload += "\\u0026";
        else payload += c;
    }
    return payload;
}

// Text from the input made safe for people (safe_text.hpp) before it is dumped.
std::string dump_for_page(json document) {
    display_strings(document);
    return document.dump();
}

void write_page(std::ostream& out, const std::string& title, const std::string& payload) {
    out << kHtmlHead << "<style>\n" << html_text(kHtmlStyle) << "</style>\n<title>lincheck: " << escape_html(title) << "</title>\n</head>\n<body>\n"
        << "<main id=\"histories\"></main>\n<script type=\"application/json\" id=\"data\">" << script_safe(payload)
        << "</script>\n<script>" << html_text(kHtmlScript) << "</script>\n</body>\n</html>\n";
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
    std::map<std::size_t, const Explanation*> explained;
    for (const ExplainedFailure& f : session.failures) explained[f.partition] = &f.explanation;
    json keys = json::array();
    // Failing keys first, then the others in history order.
    for (const auto& [index, explanation] : explained) keys.push_back(key_data(session, index, explanation));
    if (!failures_only) {
        for (std::size_t i = 0; i < result.partitions.size(); ++i) {
            if (!explained.count(i)) keys.push_back(key_data(session, i, nullptr));
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
