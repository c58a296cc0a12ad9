// --json: the machine-readable report. Its schema is documented in docs/report-schema.md; change both
// together.
#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "cli/report_schema.hpp"
#include "cli/report_words.hpp"
#include "cli/safe_text.hpp"
#include "cli/writers/writers.hpp"

namespace lincheck::cli {

namespace {

using json = nlohmann::ordered_json;
namespace field = schema::field;
namespace option = schema::option;

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
        p[field::line] = pos.line;
        p[field::column] = pos.column;
    }
    if (pos.event_index != 0) p[field::event] = pos.event_index;
    return p;
}

// The event's own `time` (kept when every event has one), else null.
json time_at(std::optional<double> time) {
    if (!time) return nullptr;
    if (*time == static_cast<double>(static_cast<std::int64_t>(*time)) && *time > -9e15 && *time < 9e15) {
        return static_cast<std::int64_t>(*time);  // whole numbers as integers, as the input most likely had them
    }
    return *time;
}

json operation(const Report& report, const Operation& op) {
    const formats::EventTimes& times = report.times;
    return {{field::process, op.process},
            {field::f, op.f},
            {field::value, to_json(op.value)},
            {field::key, op.key ? to_json(*op.key) : json(nullptr)},
            {field::outcome, std::string(to_string(op.outcome))},
            {field::invoke, position(op.invoke_pos)},
            {field::complete, position(op.complete_pos)},
            {field::invoke_time, time_at(op.invoke_pos.event_index ? times.invoke_at(op.invoke_pos.event_index) : std::nullopt)},
            {field::complete_time,
             time_at(op.complete_pos.event_index && op.outcome != Outcome::pending ? times.completion_at(op.complete_pos.event_index)
                                                                                   : std::nullopt)},
            {field::text, report.model->describe_op(op, report.notation)}};
}

json states(const std::vector<Value>& values) {
    json out = json::array();
    for (const Value& v : values) out.push_back(to_json(v));
    return out;
}

json failure(const Report& report, std::size_t index, const Explanation& explanation) {
    const PartitionResult& p = report.result.partitions[index];
    json f = {{field::partition, index}, {field::key, p.key ? to_json(*p.key) : json(nullptr)}};
    if (explanation.window) {
        const FailureWindow& w = *explanation.window;
        f[field::failing_op] = operation(report, p.ops[w.failing_op]);
        f[field::states_before] = w.states_before_known ? states(w.states_before) : json(nullptr);
        json ops = json::array();
        for (std::size_t i : w.ops) {
            json op = operation(report, p.ops[i]);
            op[field::optional] = std::find(w.optional_ops.begin(), w.optional_ops.end(), i) != w.optional_ops.end();
            op[field::failing] = i == w.failing_op;
            ops.push_back(std::move(op));
        }
        f[field::window] = {{field::start_states, states(w.start_states)}, {field::operations, std::move(ops)}, {field::minimal, w.minimal},
                       {field::failing_op_alone, w.failing_op_alone}};
    } else if (p.result.counterexample) {
        f[field::failing_op] = operation(report, p.ops[p.result.counterexample->stuck_op]);
        f[field::states_before] = states(p.result.counterexample->states_before);
        f[field::window] = nullptr;
    }
    f[field::explanation_stopped_by] = explanation.stopped_by.empty() ? json(nullptr) : json(explanation.stopped_by);
    if (p.result.counterexample) f[field::longest_prefix_length] = p.result.counterexample->longest_prefix.size();
    f[field::engine] = p.engine;
    if (p.result.counterexample && !p.result.counterexample->witness.empty()) {
        json witness = json::array();
        for (const std::size_t i : p.result.counterexample->witness) witness.push_back(operation(report, p.ops[i]));
        f[field::witness] = {{field::operations, std::move(witness)}, {field::reason, p.result.counterexample->witness_reason}};
    } else {
        f[field::witness] = nullptr;
    }
    json hints = json::array();
    for (const Hint& h : explanation.hints) {
        json named = json::array();
        for (std::size_t i : h.ops) named.push_back(operation(report, p.ops[i]));
        json elsewhere = json::array();
        for (const Hint::OtherKeyOp& o : h.other_key_ops) {
            if (o.partition < report.result.partitions.size() && o.op < report.result.partitions[o.partition].ops.size()) {
                elsewhere.push_back(operation(report, report.result.partitions[o.partition].ops[o.op]));
            }
        }
        hints.push_back({{field::code, h.code}, {field::text, h.text}, {field::operations, std::move(named)},
                         {field::other_key_operations, std::move(elsewhere)}});
    }
    f[field::diagnosis] = std::move(hints);
    return f;
}

json error_object(const Report& report) {
    if (report.error.empty()) return nullptr;
    json e = {{field::message, report.error_message}, {field::text, report.error}};
    if (report.error_pos.line != 0) {
        e[field::line] = report.error_pos.line;
        e[field::column] = report.error_pos.column;
    }
    if (report.error_pos.event_index != 0) e[field::event] = report.error_pos.event_index;
    return e;
}

json shard_object(const Report& report) {
    if (!report.key_shard()) return nullptr;
    const Shard& shard = *report.settings.shard;
    return {{field::index, shard.index},
            {field::count, shard.count},
            {field::of, "keys"},
            {field::partitions, report.result.partitions.size()},
            {field::operations, report.operations},
            {field::all_failures, report.settings.all_failures}};
}

// The options the history was checked with (docs/report-schema.md, `options`).
// Words as the command line spells them (an alias, e.g. --format ndjson, by the name it stands for).
json options_object(const Settings& s) {
    return {{option::model, s.model.empty() ? std::string("auto") : s.model},
            {option::format, std::string(format_name(s.format))},
            {option::independent, std::string(formats::to_string(s.independent))},
            {option::order, std::string(order_name(s.order))},
            {option::initial, s.initial ? to_json(*s.initial) : json(nullptr)},
            {option::initial_edn, s.initial ? json(s.initial->to_string(Value::Notation::edn)) : json(nullptr)},
            {option::nil_read, std::string(nil_read_name(s.nil_read))},
            {option::allow_truncated, s.allow_truncated},
            {option::time_limit_s, s.time_limit_s ? json(*s.time_limit_s) : json(nullptr)},
            {option::memory_limit_mib, s.memory_limit_mib ? json(*s.memory_limit_mib) : json(nullptr)},
            {option::all_failures, s.all_failures},
            {option::no_partition, s.no_partition}};
}

json memory_budget(const Report& report) {
    return {{field::mib, report.memory_budget.bytes >> 20},
            {field::source, report.memory_budget.source},
            {field::detail, report.memory_budget.detail}};
}

json report_object_raw(const Report& report) {
    const HistoryResult& result = report.result;
    if (report.exit_code == kBadInput || report.exit_code == kBadUsage) {
        return {
            {field::schema, schema::kReport},
            {field::version, LINCHECK_VERSION},
            {field::input, report.input_name()},
            {field::format, report.read.format == formats::Format::detect ? json(nullptr) : json(std::string(formats::to_string(report.read.format)))},
            {field::model, report.model ? json(std::string(report.model->name())) : json(nullptr)},
            {field::verdict, outcome_name(report.exit_code)},
            {field::exit_code, report.exit_code},
            {field::reason, nullptr},
            {field::counts, nullptr},
            {field::timings_ms, {{field::read, report.timings.read_ms}, {field::check, report.timings.check_ms}, {field::explain, report.timings.explain_ms}}},
            {field::memory_budget, memory_budget(report)},
            {field::partitions, json::array()},
            {field::failures, json::array()},
            {field::shard, shard_object(report)},
            {field::error, error_object(report)},
            {field::options, options_object(report.settings)},
        };
    }
    json partitions = json::array();
    for (std::size_t i = 0; i < result.partitions.size(); ++i) {
        const PartitionResult& p = result.partitions[i];
        json entry = {{field::key, p.key ? to_json(*p.key) : json(nullptr)},
                      {field::operations, p.ops.size()},
                      {field::verdict, verdict_name(p.result.verdict)},
                      {field::configurations, p.result.stats.configurations}};
        if (p.result.verdict == Verdict::unknown) entry[field::reason] = p.result.unknown_reason;
        entry[field::index] = report.global_partition(i);
        entry[field::engine] = p.engine;
        entry[field::engine_note] = p.engine_note.empty() ? json(nullptr) : json(p.engine_note);
        partitions.push_back(std::move(entry));
    }
    json failures = json::array();
    for (const ExplainedFailure& explained : report.failures) {
        json f = failure(report, explained.partition, explained.explanation);
        f[field::explanation] = explained.text;
        failures.push_back(std::move(f));
    }

    return {
        {field::schema, schema::kReport},
        {field::version, LINCHECK_VERSION},
        {field::input, report.input_name()},
        {field::format, std::string(formats::to_string(report.read.format))},
        {field::model, std::string(report.model->name())},
        {field::verdict, verdict_name(result.verdict)},
        {field::exit_code, report.exit_code},
        {field::reason, result.verdict == Verdict::unknown ? json(report.unknown_reason()) : json(nullptr)},
        {field::counts,
         {{field::events, report.read.pairing.events},
          {field::operations, report.total_ops},
          {field::failed_dropped, report.read.pairing.failed_dropped},
          {field::indeterminate, report.read.pairing.indeterminate},
          {field::skipped_non_client, report.read.skipped_non_client},
          {field::skipped_orphan_info, report.read.pairing.orphan_info},
          {field::partitions, report.total_partitions}}},
        {field::timings_ms, {{field::read, report.timings.read_ms}, {field::check, report.timings.check_ms}, {field::explain, report.timings.explain_ms}}},
        {field::memory_budget, memory_budget(report)},
        {field::partitions, std::move(partitions)},
        {field::failures, std::move(failures)},
        {field::shard, shard_object(report)},
        {field::error, nullptr},
        {field::options, options_object(report.settings)},
    };
}

// The report, its text from the input made safe for JSON (safe_text.hpp).
json report_object(const Report& report) {
    json object = report_object_raw(report);
    json_strings(object);
    return object;
}

}  // namespace

void write_json_report(const Report& report, std::ostream& out) { out << report_object(report).dump(2) << '\n'; }

std::string json_report_text(const Report& report) { return report_object(report).dump(); }

std::string missing_history_report_text(const std::string& run, const std::string& message) {
    json report = {
        {field::schema, schema::kReport},
        {field::version, LINCHECK_VERSION},
        {field::input, run},
        {field::history, nullptr},
        {field::format, nullptr},
        {field::model, nullptr},
        {field::verdict, outcome_name(kBadInput)},
        {field::exit_code, kBadInput},
        {field::reason, nullptr},
        {field::counts, nullptr},
        {field::timings_ms, {{field::read, 0}, {field::check, 0}, {field::explain, 0}}},
        {field::partitions, json::array()},
        {field::failures, json::array()},
        {field::shard, nullptr},
        {field::error, {{field::message, message}, {field::text, "lincheck: " + message + "\n"}}},
    };
    json_strings(report);
    return report.dump();
}

std::string value_json_text(const Value& value) { return to_json(value).dump(); }

std::string options_json_text(const Settings& settings) {
    json options = options_object(settings);
    json_strings(options);
    return options.dump();
}

namespace {

// `compact` (JSON as nlohmann's dump() writes it: no whitespace outside strings) as dump(2) would
// write the same value. The batch report is the histories' reports, kept as compact text: indenting
// the text is what parsing and dumping it again did, without the parse (~12% of a batch's writing).
void write_indented(std::string_view compact, std::ostream& out) {
    std::string text;
    text.reserve(compact.size() + compact.size() / 4);
    std::size_t depth = 0;
    const auto newline = [&] {
        text += '\n';
        text.append(2 * depth, ' ');
    };
    for (std::size_t i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        switch (c) {
            case '"': {  // a string, copied as it is (escapes included)
                const std::size_t from = i++;
                while (i < compact.size() && compact[i] != '"') i += compact[i] == '\\' ? 2 : 1;
                text.append(compact.substr(from, i - from + 1));
                break;
            }
            case '{':
            case '[':
                text += c;
                if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
                    text += compact[++i];  // empty: {} or []
                } else {
                    ++depth;
                    newline();
                }
                break;
            case '}':
            case ']':
                --depth;
                newline();
                text += c;
                break;
            case ',':
                text += c;
                newline();
                break;
            case ':': text += ": "; break;
            default: text += c;
        }
    }
    out << text;
}

}  // namespace

void write_batch_json(const BatchOutcome& batch, std::ostream& out) {
    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (const FileOutcome& file : batch.files) {
        if (file.exit_code >= 0 && file.exit_code <= 4) ++counts[file.exit_code];
    }
    json shard = nullptr;
    if (batch.shard) shard = {{field::index, batch.shard->index}, {field::count, batch.shard->count}, {field::of, "files"}};
    const int exit_code = batch.exit_code();
    const json head = {
        {field::schema, schema::kBatch},
        {field::version, LINCHECK_VERSION},
        {field::verdict, outcome_name(exit_code)},
        {field::exit_code, exit_code},
        {field::shard, std::move(shard)},
        {field::counts,
         {{field::files, batch.files.size()},
          {field::files_total, batch.files_total},
          {outcome_name(kLinearizable), counts[kLinearizable]},
          {outcome_name(kNotLinearizable), counts[kNotLinearizable]},
          {outcome_name(kUnknown), counts[kUnknown]},
          {outcome_name(kBadInput), counts[kBadInput]},
          {outcome_name(kBadUsage), counts[kBadUsage]}}},
        {field::elapsed_ms, batch.elapsed_ms},
    };
    // The whole report as compact text: the fields above, then `files` (each history's own compact
    // report) and `options` (compact too), in that order.
    std::string compact = head.dump();
    compact.pop_back();  // its closing brace
    std::size_t size = compact.size() + 64 + batch.options.size();
    for (const FileOutcome& file : batch.files) size += file.report.size() + 5;
    compact.reserve(size);
    compact += ",\"";
    compact += field::files;
    compact += "\":[";
    for (std::size_t i = 0; i < batch.files.size(); ++i) {
        if (i) compact += ',';
        compact += batch.files[i].report.empty() ? "null" : batch.files[i].report;
    }
    compact += "],\"";
    compact += field::options;
    compact += "\":";
    compact += batch.options.empty() ? "null" : batch.options;
    compact += '}';
    write_indented(compact, out);
    out << '\n';
}

}  // namespace lincheck::cli
