// --json: the machine-readable report. Its schema is documented in docs/report-schema.md; change both
// together.
#include <nlohmann/json.hpp>

#include "batch.hpp"
#include "exit_codes.hpp"
#include "safe_text.hpp"
#include "session.hpp"

namespace lincheck::cli {

namespace {

using json = nlohmann::ordered_json;

json to_json(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::nil: return nullptr;
        case Value::Kind::boolean: return v.as_boolean();
        case Value::Kind::integer: return v.as_integer();
        case Value::Kind::floating: return v.as_floating();
        case Value::Kind::big_integer:
        case Value::Kind::string:
        case Value::Kind::keyword:
        case Value::Kind::symbol: return v.text();
        case Value::Kind::list:
        case Value::Kind::set: {
            json items = json::array();
            for (const Value& item : v.items()) items.push_back(to_json(item));
            return items;
        }
        case Value::Kind::map: {
            if (v.is_json_object()) {  // the rule of Value's JSON notation (value.hpp)
                json object = json::object();
                for (std::size_t i = 0; i + 1 < v.items().size(); i += 2) object[v.items()[i].text()] = to_json(v.items()[i + 1]);
                return object;
            }
            json pairs = json::array();
            for (std::size_t i = 0; i + 1 < v.items().size(); i += 2) {
                pairs.push_back(json::array({to_json(v.items()[i]), to_json(v.items()[i + 1])}));
            }
            return pairs;
        }
    }
    return nullptr;
}

json position(const SourcePos& pos) {
    if (pos.line == 0 && pos.event_index == 0) return nullptr;
    json p = json::object();
    if (pos.line != 0) {
        p["line"] = pos.line;
        p["column"] = pos.column;
    }
    if (pos.event_index != 0) p["event"] = pos.event_index;
    return p;
}

json operation(const Session& session, const Operation& op) {
    return {{"process", op.process},
            {"f", op.f},
            {"value", to_json(op.value)},
            {"key", op.key ? to_json(*op.key) : json(nullptr)},
            {"outcome", std::string(to_string(op.outcome))},
            {"invoke", position(op.invoke_pos)},
            {"complete", position(op.complete_pos)},
            {"text", session.model->describe_op(op, session.notation)}};
}

json states(const std::vector<Value>& values) {
    json out = json::array();
    for (const Value& v : values) out.push_back(to_json(v));
    return out;
}

std::string verdict_name(Verdict v) {
    switch (v) {
        case Verdict::linearizable: return "linearizable";
        case Verdict::not_linearizable: return "not_linearizable";
        case Verdict::unknown: return "unknown";
    }
    return "unknown";
}

json failure(const Session& session, std::size_t index, const Explanation& explanation) {
    const PartitionResult& p = session.result.partitions[index];
    json f = {{"partition", index}, {"key", p.key ? to_json(*p.key) : json(nullptr)}};
    if (explanation.window) {
        const FailureWindow& w = *explanation.window;
        f["failing_op"] = operation(session, p.ops[w.failing_op]);
        f["states_before"] = w.states_before_known ? states(w.states_before) : json(nullptr);
        json ops = json::array();
        for (std::size_t i : w.ops) {
            json op = operation(session, p.ops[i]);
            op["optional"] = std::find(w.optional_ops.begin(), w.optional_ops.end(), i) != w.optional_ops.end();
            op["failing"] = i == w.failing_op;
            ops.push_back(std::move(op));
        }
        f["window"] = {{"start_states", states(w.start_states)}, {"operations", std::move(ops)}, {"minimal", w.minimal},
                       {"failing_op_alone", w.failing_op_alone}};
    } else if (p.result.counterexample) {
        f["failing_op"] = operation(session, p.ops[p.result.counterexample->stuck_op]);
        f["states_before"] = states(p.result.counterexample->states_before);
        f["window"] = nullptr;
    }
    if (p.result.counterexample) f["longest_prefix_length"] = p.result.counterexample->longest_prefix.size();
    f["engine"] = p.engine;
    if (p.result.counterexample && !p.result.counterexample->witness.empty()) {
        json witness = json::array();
        for (const std::size_t i : p.result.counterexample->witness) witness.push_back(operation(session, p.ops[i]));
        f["witness"] = {{"operations", std::move(witness)}, {"reason", p.result.counterexample->witness_reason}};
    } else {
        f["witness"] = nullptr;
    }
    json hints = json::array();
    for (const Hint& h : explanation.hints) {
        json named = json::array();
        for (std::size_t i : h.ops) named.push_back(operation(session, p.ops[i]));
        hints.push_back({{"code", h.code}, {"text", h.text}, {"operations", std::move(named)}});
    }
    f["diagnosis"] = std::move(hints);
    return f;
}

json error_object(const Session& session) {
    if (session.error.empty()) return nullptr;
    json e = {{"message", session.error_message}, {"text", session.error}};
    if (session.error_pos.line != 0) {
        e["line"] = session.error_pos.line;
        e["column"] = session.error_pos.column;
    }
    if (session.error_pos.event_index != 0) e["event"] = session.error_pos.event_index;
    return e;
}

json shard_object(const Session& session) {
    if (!session.key_shard()) return nullptr;
    const Shard& shard = *session.settings.shard;
    return {{"index", shard.index},
            {"count", shard.count},
            {"of", "keys"},
            {"partitions", session.result.partitions.size()},
            {"operations", session.operations},
            {"all_failures", session.settings.all_failures}};
}

// The options the history was checked with (docs/report-schema.md, `options`).
json options_object(const Settings& s, const std::optional<Value>& initial) {
    return {{"model", s.model.empty() ? std::string("auto") : s.model},
            {"format", s.format},
            {"independent", s.independent},
            {"order", s.order},
            {"initial", initial ? to_json(*initial) : json(nullptr)},
            // JSON cannot tell "a" from :a, [1] from #{1}, a big integer from its digits as a string: EDN can.
            {"initial_edn", initial ? json(initial->to_string(Value::Notation::edn)) : json(nullptr)},
            {"nil_read", s.nil_read},
            {"allow_truncated", s.allow_truncated},
            {"time_limit_s", s.time_limit > 0 ? json(s.time_limit) : json(nullptr)},
            {"memory_limit_mib", s.memory_limit_mb > 0 ? json(s.memory_limit_mb) : json(nullptr)},
            {"all_failures", s.all_failures},
            {"no_partition", s.no_partition}};
}

json memory_budget(const Session& session) {
    return {{"mib", session.memory_budget.bytes >> 20},
            {"source", session.memory_budget.source},
            {"detail", session.memory_budget.detail}};
}

json report_object_raw(const Session& session) {
    const HistoryResult& result = session.result;
    if (session.exit_code == kBadInput || session.exit_code == kBadUsage) {
        return {
            {"schema", "lincheck-report/1"},
            {"version", LINCHECK_VERSION},
            {"input", session.input_name()},
            {"format", session.format == formats::Format::detect ? json(nullptr) : json(std::string(formats::to_string(session.format)))},
            {"model", session.model ? json(std::string(session.model->name())) : json(nullptr)},
            {"verdict", session.exit_code == kBadInput ? "bad_input" : "bad_usage"},
            {"exit_code", session.exit_code},
            {"reason", nullptr},
            {"counts", nullptr},
            {"timings_ms", {{"read", session.read_ms}, {"check", session.check_ms}, {"explain", session.explain_ms}}},
            {"memory_budget", memory_budget(session)},
            {"partitions", json::array()},
            {"failures", json::array()},
            {"shard", shard_object(session)},
            {"error", error_object(session)},
            {"options", options_object(session.settings, session.initial)},
        };
    }
    json partitions = json::array();
    for (std::size_t i = 0; i < result.partitions.size(); ++i) {
        const PartitionResult& p = result.partitions[i];
        json entry = {{"key", p.key ? to_json(*p.key) : json(nullptr)},
                      {"operations", p.ops.size()},
                      {"verdict", verdict_name(p.result.verdict)},
                      {"configurations", p.result.stats.configurations}};
        if (p.result.verdict == Verdict::unknown) entry["reason"] = p.result.unknown_reason;
        entry["index"] = session.global_partition(i);
        entry["engine"] = p.engine;
        entry["engine_note"] = p.engine_note.empty() ? json(nullptr) : json(p.engine_note);
        partitions.push_back(std::move(entry));
    }
    json failures = json::array();
    for (std::size_t i = 0; i < session.explanations.size(); ++i) {
        const auto& [index, explanation] = session.explanations[i];
        json f = failure(session, index, explanation);
        f["explanation"] = i < session.explanation_texts.size() ? session.explanation_texts[i] : "";
        failures.push_back(std::move(f));
    }

    return {
        {"schema", "lincheck-report/1"},
        {"version", LINCHECK_VERSION},
        {"input", session.input_name()},
        {"format", std::string(formats::to_string(session.format))},
        {"model", std::string(session.model->name())},
        {"verdict", verdict_name(result.verdict)},
        {"exit_code", session.exit_code},
        {"reason", result.verdict == Verdict::unknown ? json(session.unknown_reason()) : json(nullptr)},
        {"counts",
         {{"events", session.pairing.events},
          {"operations", session.total_ops},
          {"failed_dropped", session.pairing.failed_dropped},
          {"indeterminate", session.pairing.indeterminate},
          {"skipped_non_client", session.skipped_non_client},
          {"skipped_orphan_info", session.pairing.orphan_info},
          {"partitions", session.total_partitions}}},
        {"timings_ms", {{"read", session.read_ms}, {"check", session.check_ms}, {"explain", session.explain_ms}}},
        {"memory_budget", memory_budget(session)},
        {"partitions", std::move(partitions)},
        {"failures", std::move(failures)},
        {"shard", shard_object(session)},
        {"error", nullptr},
        {"options", options_object(session.settings, session.initial)},
    };
}

// The report, its text from the input made safe for JSON (safe_text.hpp).
json report_object(const Session& session) {
    json report = report_object_raw(session);
    json_strings(report);
    return report;
}

}  // namespace

void write_json_report(const Session& session, std::ostream& out) { out << report_object(session).dump(2) << '\n'; }

std::string json_report_text(const Session& session) { return report_object(session).dump(); }

std::string value_json_text(const Value& value) { return to_json(value).dump(); }

std::string options_json_text(const Settings& settings, const std::optional<Value>& initial) {
    json options = options_object(settings, initial);
    json_strings(options);
    return options.dump();
}

void write_batch_json(const BatchOutcome& batch, std::ostream& out) {
    json files = json::array();
    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (const FileOutcome& file : batch.files) {
        if (file.exit_code >= 0 && file.exit_code <= 4) ++counts[file.exit_code];
        files.push_back(file.report.empty() ? json(nullptr) : json::parse(file.report));
    }
    json shard = nullptr;
    if (batch.shard) shard = {{"index", batch.shard->index}, {"count", batch.shard->count}, {"of", "files"}};
    const int exit_code = batch.exit_code();
    const json report = {
        {"schema", "lincheck-batch/1"},
        {"version", LINCHECK_VERSION},
        {"verdict", outcome_name(exit_code)},
        {"exit_code", exit_code},
        {"shard", std::move(shard)},
        {"counts",
         {{"files", batch.files.size()},
          {"files_total", batch.files_total},
          {"linearizable", counts[0]},
          {"not_linearizable", counts[1]},
          {"unknown", counts[2]},
          {"bad_input", counts[3]},
          {"bad_usage", counts[4]}}},
        {"elapsed_ms", batch.elapsed_ms},
        {"files", std::move(files)},
        {"options", batch.options.empty() ? json(nullptr) : json::parse(batch.options)},
    };
    out << report.dump(2) << '\n';
}

}  // namespace lincheck::cli
