// --html: one self-contained HTML file (no network: inline CSS, JS and SVG). Per key, a timeline with
// processes as rows and operations as bars, coloured by outcome; the longest linearization the search
// found (or the witness, when valid) drawn as a path through the bars; the failing operation marked.
// Operations are embedded once, compactly, and drawn by the page itself, only those in view, so that
// large histories stay small on disk and quick to open.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "html_page.hpp"
#include "safe_text.hpp"
#include "session.hpp"

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

json key_data(const Session& session, std::size_t index, const Explanation* explanation) {
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
    for (const auto& [i, text] : states_along(model, p.ops, path, session.notation)) states[std::to_string(i)] = text;
    k["states"] = std::move(states);

    k["failing"] = -1;
    if (explanation) {
        k["text"] = render_failure(model, p, *explanation, session.notation);
        if (explanation->window) {
            k["failing"] = explanation->window->failing_op;
            k["window"] = explanation->window->ops;
        } else if (p.result.counterexample) {
            k["failing"] = p.result.counterexample->stuck_op;
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

}  // namespace

void write_html_report(const Session& session, std::ostream& out) {
    const HistoryResult& result = session.result;
    std::map<std::size_t, const Explanation*> explained;
    for (const auto& [index, explanation] : session.explanations) explained[index] = &explanation;

    json keys = json::array();
    // Failing keys first, then the others in history order.
    for (const auto& [index, explanation] : explained) keys.push_back(key_data(session, index, explanation));
    for (std::size_t i = 0; i < result.partitions.size(); ++i) {
        if (!explained.count(i)) keys.push_back(key_data(session, i, nullptr));
    }
    json data = {{"input", session.input_name()},
                 {"model", std::string(session.model->name())},
                 {"verdict", std::string(to_string(result.verdict))},
                 {"operations", session.operations},
                 {"keys", std::move(keys)}};
    display_strings(data);
    // Inside <script>, "</" could close the element early and "<!--" change how it ends: no `<`, `>` or
    // `&` is left in the data. They can only be inside JSON strings, where \u escapes mean the same.
    const std::string dumped = data.dump();
    std::string payload;
    payload.reserve(dumped.size());
    for (const char c : dumped) {
        if (c == '<') payload += "\\u003c";
        else if (c == '>') payload += "\\u003e";
        else if (c == '&') payload += "\\u0026";
        else payload += c;
    }

    std::string summary = std::string(to_string(result.verdict)) + " — " + std::to_string(session.operations) +
                          " operations, model " + std::string(session.model->name());
    std::string failing_text;
    if (!session.explanations.empty()) {
        const auto& [index, explanation] = session.explanations.front();
        const PartitionResult& p = result.partitions[index];
        std::optional<std::size_t> failing;
        if (explanation.window) failing = explanation.window->failing_op;
        else if (p.result.counterexample) failing = p.result.counterexample->stuck_op;
        if (failing) failing_text = describe_operation(*session.model, p.ops[*failing], session.notation);
    }

    out << kHtmlHead << "<title>lincheck: " << escape_html(session.input_name()) << "</title>\n</head>\n<body>\n"
        << "<header><h1>" << escape_html(session.input_name()) << "</h1><p class=\"verdict "
        << (result.verdict == Verdict::linearizable ? "ok" : result.verdict == Verdict::unknown ? "unknown" : "bad")
        << "\">" << escape_html(summary) << "</p>";
    if (!failing_text.empty()) {
        out << "<p id=\"failing-op-text\">cannot be linearized: " << escape_html(failing_text) << "</p>";
    }
    out << "</header>\n<main id=\"keys\"></main>\n<script type=\"application/json\" id=\"data\">" << payload
        << "</script>\n<script>" << kHtmlScript << "</script>\n</body>\n</html>\n";
}

}  // namespace lincheck::cli
