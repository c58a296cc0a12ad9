// The C API (include/lincheck.h) over lincheck::Recorder. Every entry point catches everything: a C++
// exception never crosses into C; it becomes a status and a message (lincheck_last_error).
#include "lincheck.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "lincheck/formats/read.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/models.hpp"
#include "lincheck/recorder.hpp"

#ifndef LINCHECK_VERSION
#error "LINCHECK_VERSION must be defined by the build"
#endif

struct lincheck_recorder {
    std::shared_ptr<const lincheck::Model> model;
    lincheck::Recorder recorder;
    std::string jsonl;  // lincheck_history_jsonl's buffer
};

struct lincheck_report {
    lincheck::RecorderReport report;
    std::shared_ptr<const lincheck::Model> model;
    std::optional<std::string> json;  // made on first request
};

namespace {

thread_local std::string last_error;

// The size of lincheck_check_options in version 1 of the C API (through `width`).
constexpr std::size_t kOptionsSizeV1 = offsetof(lincheck_check_options, width) + sizeof(std::uint32_t);

// An error with its status: what the entry points below throw at each other.
struct Failure {
    lincheck_status status;
    std::string message;
};

lincheck_status fail_with(lincheck_status status, std::string message) {
    try {
        last_error = std::move(message);
    } catch (...) {
        last_error.clear();  // no memory even for the message: the status alone must do
    }
    return status;
}

// Runs `body`, turning whatever it throws into a status. The order of the handlers matters:
// InputError and ModelError derive from std::runtime_error.
template <typename Body>
lincheck_status guarded(const char* function, Body&& body) noexcept {
    try {
        body();
        return LINCHECK_OK;
    } catch (const Failure& f) {
        return fail_with(f.status, std::string(function) + ": " + f.message);
    } catch (const std::bad_alloc&) {
        return fail_with(LINCHECK_ERROR_MEMORY, std::string(function) + ": out of memory");
    } catch (const lincheck::InputError& e) {
        return fail_with(LINCHECK_ERROR_HISTORY, std::string(function) + ": " + e.what() + " (" + lincheck::describe(e.pos()) + ")");
    } catch (const lincheck::ModelError& e) {
        return fail_with(LINCHECK_ERROR_HISTORY, std::string(function) + ": " + e.what());
    } catch (const std::logic_error& e) {
        return fail_with(LINCHECK_ERROR_MISUSE, std::string(function) + ": " + e.what());
    } catch (const std::exception& e) {
        return fail_with(LINCHECK_ERROR_INTERNAL, std::string(function) + ": " + e.what());
    } catch (...) {
        return fail_with(LINCHECK_ERROR_INTERNAL, std::string(function) + ": unknown error");
    }
}

void require(const void* pointer, const char* name) {
    if (!pointer) throw Failure{LINCHECK_ERROR_ARGUMENT, std::string(name) + " is NULL"};
}

lincheck::Value parse_json(std::string_view text, const char* what) {
    try {
        return lincheck::formats::read_value(text);
    } catch (const lincheck::InputError& e) {
        std::string where;
        if (e.pos().column != 0) where = " (column " + std::to_string(e.pos().column) + ")";
        throw Failure{LINCHECK_ERROR_JSON, std::string(what) + " is not valid JSON: " + e.what() + where};
    }
}

// A value the recorder can take. `keep` holds a parsed JSON value for as long as the Datum is used.
lincheck::Datum datum(const lincheck_value* v, std::optional<lincheck::Value>& keep, const char* what) {
    if (!v) return {};
    switch (v->kind) {
        case LINCHECK_VALUE_NIL: return {};
        case LINCHECK_VALUE_INT: return lincheck::Datum(v->first);
        case LINCHECK_VALUE_PAIR: return lincheck::Datum::pair(v->first, v->second);
        case LINCHECK_VALUE_JSON:
            if (!v->json) throw Failure{LINCHECK_ERROR_ARGUMENT, std::string(what) + ": JSON value with a NULL text"};
            keep = parse_json(std::string_view(v->json, v->json_length), what);
            return lincheck::Datum(*keep);
        default:
            throw Failure{LINCHECK_ERROR_ARGUMENT, std::string(what) + ": unknown value kind " + std::to_string(v->kind)};
    }
}

lincheck::FunctionId function_id(const lincheck::Recorder& rec, std::uint32_t f) {
    (void)rec.function_name(static_cast<lincheck::FunctionId>(f));  // throws logic_error for an unknown id
    return static_cast<lincheck::FunctionId>(f);
}

void invoke(lincheck_recorder* rec, std::int64_t process, lincheck::FunctionId f, const lincheck_value* key,
            const lincheck_value* value, std::uint32_t* id) {
    require(id, "id");
    std::optional<lincheck::Value> key_value, value_value;
    const lincheck::Datum k = datum(key, key_value, "key");
    const lincheck::Datum v = datum(value, value_value, "value");
    *id = key ? rec->recorder.invoke(process, f, k, v) : rec->recorder.invoke(process, f, v);
}

// The report as JSON (the fields of the CLI's `failures` entries, docs/report-schema.md, for one key).
using json = nlohmann::ordered_json;

json to_json(const lincheck::Value& v) {
    using Kind = lincheck::Value::Kind;
    switch (v.kind()) {
        case Kind::nil: return nullptr;
        case Kind::boolean: return v.as_boolean();
        case Kind::integer: return v.as_integer();
        case Kind::floating: return v.as_floating();
        case Kind::big_integer:
        case Kind::string:
        case Kind::keyword:
        case Kind::symbol: return v.text();
        case Kind::list:
        case Kind::set: {
            json items = json::array();
            for (const auto& item : v.items()) items.push_back(to_json(item));
            return items;
        }
        case Kind::map: {
            bool string_keys = true;
            for (std::size_t i = 0; i < v.items().size(); i += 2) {
                const auto k = v.items()[i].kind();
                string_keys = string_keys && (k == Kind::string || k == Kind::keyword);
            }
            json out = string_keys ? json::object() : json::array();
            for (std::size_t i = 0; i + 1 < v.items().size(); i += 2) {
                if (string_keys) out[v.items()[i].text()] = to_json(v.items()[i + 1]);
                else out.push_back(json::array({to_json(v.items()[i]), to_json(v.items()[i + 1])}));
            }
            return out;
        }
    }
    return nullptr;
}

json states(const std::vector<lincheck::Value>& values) {
    json out = json::array();
    for (const auto& v : values) out.push_back(to_json(v));
    return out;
}

json event_of(const lincheck::SourcePos& pos) { return pos.event_index ? json(pos.event_index) : json(nullptr); }

json operation(const lincheck::Model& model, const lincheck::Operation& op) {
    return {{"process", op.process},
            {"f", op.f},
            {"value", to_json(op.value)},
            {"key", op.key ? to_json(*op.key) : json(nullptr)},
            {"outcome", std::string(lincheck::to_string(op.outcome))},
            {"invoke_event", event_of(op.invoke_pos)},
            {"complete_event", event_of(op.complete_pos)},
            {"text", model.describe_op(op, lincheck::Value::Notation::json)}};
}

std::string verdict_name(lincheck::Verdict v) {
    switch (v) {
        case lincheck::Verdict::linearizable: return "linearizable";
        case lincheck::Verdict::not_linearizable: return "not_linearizable";
        case lincheck::Verdict::unknown: return "unknown";
    }
    return "unknown";
}

std::string report_json(const lincheck_report& r) {
    const lincheck::RecorderReport& report = r.report;
    json out = {{"schema", "lincheck-c-report/1"},
                {"model", std::string(r.model->name())},
                {"verdict", verdict_name(report.verdict)},
                {"unknown_reason", report.verdict == lincheck::Verdict::unknown ? json(report.unknown_reason) : json(nullptr)},
                {"key", nullptr},
                {"failing_op", nullptr},
                {"states_before", nullptr},
                {"window", nullptr},
                {"hints", json::array()},
                {"text", report.text.empty() ? json(nullptr) : json(report.text)}};
    if (const lincheck::PartitionResult* p = report.failure()) {
        out["key"] = p->key ? to_json(*p->key) : json(nullptr);
        const auto& window = report.explanation ? report.explanation->window : std::nullopt;
        if (window) {
            out["failing_op"] = operation(*r.model, p->ops[window->failing_op]);
            out["states_before"] = states(window->states_before);
            json ops = json::array();
            for (std::size_t i : window->ops) {
                json op = operation(*r.model, p->ops[i]);
                op["optional"] = std::find(window->optional_ops.begin(), window->optional_ops.end(), i) != window->optional_ops.end();
                op["failing"] = i == window->failing_op;
                ops.push_back(std::move(op));
            }
            out["window"] = {{"start_states", states(window->start_states)}, {"operations", std::move(ops)}, {"minimal", window->minimal}};
        } else if (p->result.counterexample) {
            out["failing_op"] = operation(*r.model, p->ops[p->result.counterexample->stuck_op]);
            out["states_before"] = states(p->result.counterexample->states_before);
        }
        for (const auto& h : report.hints()) out["hints"].push_back({{"code", h.code}, {"text", h.text}});
    }
    return out.dump();
}

}  // namespace

extern "C" {

const char* lincheck_version(void) { return LINCHECK_VERSION; }

int lincheck_c_api_version(void) { return LINCHECK_C_API_VERSION; }

const char* lincheck_last_error(void) { return last_error.c_str(); }

const char* lincheck_status_name(lincheck_status status) {
    switch (status) {
        case LINCHECK_OK: return "LINCHECK_OK";
        case LINCHECK_ERROR_ARGUMENT: return "LINCHECK_ERROR_ARGUMENT";
        case LINCHECK_ERROR_UNKNOWN_MODEL: return "LINCHECK_ERROR_UNKNOWN_MODEL";
        case LINCHECK_ERROR_JSON: return "LINCHECK_ERROR_JSON";
        case LINCHECK_ERROR_MODEL: return "LINCHECK_ERROR_MODEL";
        case LINCHECK_ERROR_MISUSE: return "LINCHECK_ERROR_MISUSE";
        case LINCHECK_ERROR_HISTORY: return "LINCHECK_ERROR_HISTORY";
        case LINCHECK_ERROR_IO: return "LINCHECK_ERROR_IO";
        case LINCHECK_ERROR_MEMORY: return "LINCHECK_ERROR_MEMORY";
        case LINCHECK_ERROR_INTERNAL: return "LINCHECK_ERROR_INTERNAL";
    }
    return "LINCHECK_ERROR_UNKNOWN_STATUS";
}

size_t lincheck_model_count(void) { return lincheck::all_models().size(); }

const char* lincheck_model_name(size_t index) {
    const auto models = lincheck::all_models();
    // The registry's names are string literals, hence NUL-terminated.
    return index < models.size() ? models[index].name.data() : nullptr;
}

lincheck_status lincheck_recorder_new(const char* model, const char* initial_json, lincheck_recorder** out) {
    return guarded("lincheck_recorder_new", [&] {
        require(out, "out");
        *out = nullptr;
        require(model, "model");
        lincheck::ModelOptions options;
        if (initial_json) options.initial = parse_json(initial_json, "initial value");
        std::shared_ptr<const lincheck::Model> made;
        try {
            made = lincheck::make_model(model, options);
        } catch (const lincheck::ModelError& e) {
            throw Failure{LINCHECK_ERROR_MODEL, e.what()};
        }
        if (!made) {
            std::string names;
            for (const auto& m : lincheck::all_models()) names += (names.empty() ? "" : ", ") + std::string(m.name);
            throw Failure{LINCHECK_ERROR_UNKNOWN_MODEL, "no model named \"" + std::string(model) + "\" (models: " + names + ")"};
        }
        auto rec = std::make_unique<lincheck_recorder>();
        rec->model = std::move(made);
        *out = rec.release();
    });
}

void lincheck_recorder_free(lincheck_recorder* rec) { delete rec; }

lincheck_status lincheck_recorder_reset(lincheck_recorder* rec) {
    return guarded("lincheck_recorder_reset", [&] {
        require(rec, "rec");
        rec->recorder.reset();
    });
}

size_t lincheck_recorder_operations(const lincheck_recorder* rec) { return rec ? rec->recorder.size() : 0; }

size_t lincheck_recorder_events(const lincheck_recorder* rec) { return rec ? rec->recorder.events() : 0; }

lincheck_status lincheck_function(lincheck_recorder* rec, const char* f, uint32_t* out) {
    return guarded("lincheck_function", [&] {
        require(rec, "rec");
        require(f, "f");
        require(out, "out");
        *out = static_cast<std::uint32_t>(rec->recorder.function(f));
    });
}

lincheck_status lincheck_invoke(lincheck_recorder* rec, int64_t process, const char* f, const lincheck_value* key,
                                const lincheck_value* value, uint32_t* id) {
    return guarded("lincheck_invoke", [&] {
        require(rec, "rec");
        require(f, "f");
        invoke(rec, process, rec->recorder.function(f), key, value, id);
    });
}

lincheck_status lincheck_invoke_function(lincheck_recorder* rec, int64_t process, uint32_t f, const lincheck_value* key,
                                         const lincheck_value* value, uint32_t* id) {
    return guarded("lincheck_invoke_function", [&] {
        require(rec, "rec");
        invoke(rec, process, function_id(rec->recorder, f), key, value, id);
    });
}

lincheck_status lincheck_invoke_json(lincheck_recorder* rec, int64_t process, const char* f, const char* key_json,
                                     const char* value_json, uint32_t* id) {
    return guarded("lincheck_invoke_json", [&] {
        require(rec, "rec");
        require(f, "f");
        const lincheck_value key = lincheck_json(key_json), value = lincheck_json(value_json);
        invoke(rec, process, rec->recorder.function(f), key_json ? &key : nullptr, value_json ? &value : nullptr, id);
    });
}

lincheck_status lincheck_ok(lincheck_recorder* rec, uint32_t id) {
    return guarded("lincheck_ok", [&] {
        require(rec, "rec");
        rec->recorder.ok(id);
    });
}

lincheck_status lincheck_ok_value(lincheck_recorder* rec, uint32_t id, const lincheck_value* result) {
    return guarded("lincheck_ok_value", [&] {
        require(rec, "rec");
        std::optional<lincheck::Value> keep;
        rec->recorder.ok(id, datum(result, keep, "result"));
    });
}

lincheck_status lincheck_ok_json(lincheck_recorder* rec, uint32_t id, const char* result_json) {
    return guarded("lincheck_ok_json", [&] {
        require(rec, "rec");
        require(result_json, "result_json");
        const lincheck::Value result = parse_json(result_json, "result");
        rec->recorder.ok(id, result);
    });
}

lincheck_status lincheck_fail(lincheck_recorder* rec, uint32_t id) {
    return guarded("lincheck_fail", [&] {
        require(rec, "rec");
        rec->recorder.fail(id);
    });
}

lincheck_status lincheck_info(lincheck_recorder* rec, uint32_t id) {
    return guarded("lincheck_info", [&] {
        require(rec, "rec");
        rec->recorder.info(id);
    });
}

lincheck_status lincheck_save(const lincheck_recorder* rec, const char* path) {
    return guarded("lincheck_save", [&] {
        require(rec, "rec");
        require(path, "path");
        try {
            lincheck::formats::save_jsonl(rec->recorder.to_events(), path);
        } catch (const std::runtime_error& e) {
            throw Failure{LINCHECK_ERROR_IO, e.what()};
        }
    });
}

lincheck_status lincheck_history_jsonl(lincheck_recorder* rec, const char** out, size_t* length) {
    return guarded("lincheck_history_jsonl", [&] {
        require(rec, "rec");
        require(out, "out");
        rec->jsonl = lincheck::formats::to_jsonl(rec->recorder.to_events());
        *out = rec->jsonl.c_str();
        if (length) *length = rec->jsonl.size();
    });
}

void lincheck_check_options_init(lincheck_check_options* options) {
    if (!options) return;
    *options = lincheck_check_options{};
    options->struct_size = sizeof(lincheck_check_options);
    options->jobs = 1;
    options->explain = 1;
    options->render = 1;
    options->fast = 1;
    options->width = 100;
}

lincheck_status lincheck_check(lincheck_recorder* rec, const lincheck_check_options* options, lincheck_report** out) {
    return guarded("lincheck_check", [&] {
        require(out, "out");
        *out = nullptr;
        require(rec, "rec");
        lincheck_check_options o;
        lincheck_check_options_init(&o);
        if (options) {
            // Fields a later version adds go at the end: a caller built against this version's struct
            // passes its size, and gets the defaults for the fields it does not know.
            if (options->struct_size < kOptionsSizeV1 || options->struct_size > (1u << 16)) {
                throw Failure{LINCHECK_ERROR_ARGUMENT,
                              "options->struct_size is " + std::to_string(options->struct_size) +
                                  ": call lincheck_check_options_init first"};
            }
            std::memcpy(&o, options, std::min(options->struct_size, sizeof o));
            o.struct_size = sizeof o;
        }
        if (!(o.time_limit_seconds >= 0) || o.time_limit_seconds > 1e9) {
            throw Failure{LINCHECK_ERROR_ARGUMENT, "time_limit_seconds must be between 0 and 1e9"};
        }
        lincheck::RecorderCheckOptions check;
        if (o.time_limit_seconds > 0) {
            check.limits.deadline = std::chrono::steady_clock::now() +
                                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(o.time_limit_seconds));
        }
        check.limits.memory_limit_bytes = static_cast<std::size_t>(o.memory_limit_bytes);
        check.jobs = o.jobs;
        check.explain = o.explain != 0;
        check.render = o.render != 0;
        check.fast = o.fast != 0;
        check.width = o.width ? o.width : 100;
        auto report = std::make_unique<lincheck_report>();
        report->report = rec->recorder.check(rec->model, check);
        report->model = rec->model;
        *out = report.release();
    });
}

lincheck_verdict lincheck_report_verdict(const lincheck_report* report) {
    if (!report) return LINCHECK_UNKNOWN;
    switch (report->report.verdict) {
        case lincheck::Verdict::linearizable: return LINCHECK_LINEARIZABLE;
        case lincheck::Verdict::not_linearizable: return LINCHECK_NOT_LINEARIZABLE;
        case lincheck::Verdict::unknown: return LINCHECK_UNKNOWN;
    }
    return LINCHECK_UNKNOWN;
}

const char* lincheck_report_text(const lincheck_report* report) { return report ? report->report.text.c_str() : ""; }

const char* lincheck_report_json(lincheck_report* report) {
    if (!report) return "";
    try {
        if (!report->json) report->json = report_json(*report);
        return report->json->c_str();
    } catch (...) {
        fail_with(LINCHECK_ERROR_MEMORY, "lincheck_report_json: out of memory");
        return "";
    }
}

const char* lincheck_report_unknown_reason(const lincheck_report* report) {
    return report ? report->report.unknown_reason.c_str() : "";
}

size_t lincheck_report_hint_count(const lincheck_report* report) { return report ? report->report.hints().size() : 0; }

const char* lincheck_report_hint_code(const lincheck_report* report, size_t index) {
    if (!report || index >= report->report.hints().size()) return nullptr;
    return report->report.hints()[index].code.c_str();
}

const char* lincheck_report_hint_text(const lincheck_report* report, size_t index) {
    if (!report || index >= report->report.hints().size()) return nullptr;
    return report->report.hints()[index].text.c_str();
}

void lincheck_report_free(lincheck_report* report) { delete report; }

}  // extern "C"
