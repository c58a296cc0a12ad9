#pragma once
// fuzz_writers: every report writer on small histories whose values, `f` names, keys, file names and
// error messages are arbitrary bytes from the fuzz input (bytes that are not UTF-8, markup, control
// characters). Shared with tests/fuzz_regressions_test.cpp through entry.hpp's run_target.
//
// Invariants, for every input:
//  - each history's exit code is 0–3, and the batch's and merge's too;
//  - the text report, -v, the error message and the batch table are UTF-8 without control characters
//    but tab and newline (no escape sequence reaches a terminal);
//  - the JSON report and the batch report parse, say the same exit code, and give the file name back
//    byte for byte (json_text_bytes);
//  - the JUnit XML is well-formed (expat), also after `lincheck merge` (run on a quarter of the inputs:
//    it goes through files);
//  - the HTML page is UTF-8 without control characters, has only lincheck's own <script> elements, and
//    its embedded data parses as JSON.
#include <expat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/batch.hpp"
#include "cli/exit_codes.hpp"
#include "cli/safe_text.hpp"
#include "cli/session.hpp"  // check_prepared, stopped: a Report made from the fuzz input
#include "entry.hpp"

namespace lincheck::fuzz {

namespace writers {

using detail::Bytes;
using detail::require;

// Arbitrary bytes, often with the pieces that break writers.
inline std::string hostile_string(Bytes& b) {
    static constexpr std::string_view kPieces[] = {
        "<script>", "</script>", "<!--", "]]>", "&amp;", "\"", "'", "\\", "\x1B[2J", "\x1B]0;t\x07",
        std::string_view("\0", 1), "\r", "\xFF", "\xC3", "\xED\xA0\x80", "\xEF\xBF\xBD", "\xC2\x9B", "\xE2\x80\xA8",
        "\xEF\xBF\xBE", "a", "\xF0\x9F\x98\x80", "\n", "\t", "{}", "%s"};
    std::string out;
    const unsigned n = b.below(6);
    for (unsigned i = 0; i < n; ++i) {
        const unsigned pick = b.next();
        if (pick < 100) out += kPieces[pick % std::size(kPieces)];
        else out += static_cast<char>(b.next());
    }
    return out;
}

// A value built from a pool of hostile strings (so that reads see what writes wrote), nested a little.
inline Value hostile_value(Bytes& b, const std::vector<std::string>& pool, int depth = 0) {
    const std::string& s = pool[b.below(static_cast<unsigned>(pool.size()))];
    switch (b.below(depth < 2 ? 7 : 4)) {
        case 0: return Value::integer(b.below(3));
        case 1: return Value::string(s);
        case 2: return Value::keyword(s);
        case 3: return Value::nil();
        case 4: return Value::list({hostile_value(b, pool, depth + 1), hostile_value(b, pool, depth + 1)});
        case 5: return Value::map({{Value::string(s), hostile_value(b, pool, depth + 1)}});
        default: return Value::set({hostile_value(b, pool, depth + 1)});
    }
}

// The report of a small history made from `b` (checked, or bad input when pairing or validation
// rejects it), as check_one would make it.
inline cli::Report history_session(Bytes& b) {
    const auto model_kind = static_cast<detail::FuzzModel>(b.below(static_cast<unsigned>(detail::FuzzModel::count)));
    const unsigned bits = b.next();
    std::vector<std::string> pool;
    for (int i = 0; i < 3; ++i) pool.push_back(hostile_string(b));

    cli::Report s;
    s.settings.input = hostile_string(b);
    s.settings.inputs = {s.settings.input};
    s.settings.model = bits & 1 ? std::string(detail::model_name(model_kind)) : "";
    s.settings.nil_read = bits & 2 ? cli::NilRead::unknown : cli::NilRead::empty;
    s.settings.all_failures = (bits & 4) != 0;
    s.settings.order = bits & 8 ? cli::Order::time : cli::Order::file;
    s.settings.independent = bits & 16 ? formats::KeyConvention::tuples : formats::KeyConvention::detect;
    if (bits & 32) s.settings.time_limit_s = 2.5;
    if (bits & 64) s.settings.memory_limit_mib = 64;
    ModelOptions options;
    options.nil_read_is_unknown = (bits & 2) != 0;
    if (bits & 128) {
        s.settings.initial = hostile_value(b, pool);
        options.initial = s.settings.initial;
    }
    s.read.format = static_cast<formats::Format>(b.below(4));
    s.notation = b.below(2) ? Value::Notation::json : Value::Notation::edn;
    if (!(bits & 1)) s.read.model_guess = hostile_string(b);
    cli::Prepared prepared;
    try {
        prepared.model = make_model(std::string(detail::model_name(model_kind)), options);
    } catch (const ModelError&) {  // an initial state the model does not take
        options.initial.reset();
        s.settings.initial.reset();
        prepared.model = make_model(std::string(detail::model_name(model_kind)), options);
    }
    s.model = prepared.model;

    // Events: the model's own operations, their values often replaced by hostile ones; now and then a
    // hostile `f`; keys for every operation or none (mixing them is bad input too).
    const bool keyed = b.below(3) == 0;
    const unsigned processes = 1 + b.below(3);
    std::vector<std::optional<detail::Invocation>> open(processes);
    std::vector<Event> events;
    int invoked = 0;
    while (!b.empty() && events.size() < 16) {
        const unsigned pick = b.next();
        const unsigned p = pick % processes;
        Event e;
        e.process = p;
        if (!open[p]) {
            if (invoked == 6) break;
            detail::Invocation inv = detail::invocation(model_kind, b);
            if (pick & 8) inv.value = hostile_value(b, pool);
            if (pick & 16 && b.below(8) == 0) inv.f = hostile_string(b);
            if (keyed) inv.key = hostile_value(b, pool);
            e.type = EventType::invoke;
            e.f = inv.f;
            e.value = inv.value;
            e.has_value = inv.has_value;
            e.key = inv.key;
            open[p] = std::move(inv);
            ++invoked;
        } else {
            const detail::Invocation& inv = *open[p];
            const unsigned outcome = (pick >> 2) % 8;
            e.f = inv.f;
            e.key = inv.key;
            e.type = outcome < 5 ? EventType::ok : outcome == 5 ? EventType::info : outcome == 6 ? EventType::fail : EventType::pending;
            e.value = pick & 32 ? hostile_value(b, pool) : inv.value;
            e.has_value = e.type != EventType::pending;
            open[p].reset();
        }
        e.pos.event_index = events.size() + 1;
        e.pos.line = static_cast<std::uint32_t>(events.size() + 1);
        e.pos.column = 1;
        events.push_back(std::move(e));
    }

    try {
        std::vector<Operation> ops = pair_events(events, {}, &s.read.pairing);
        prepared.failed.push_back(std::move(s.read.pairing.failed));
        s.read.pairing.failed.clear();
        prepared.ops.push_back(std::move(ops));
    } catch (const InputError& e) {
        const cli::Stopped why = cli::input_error(s.input_name(), e);
        return cli::stopped(std::move(s), why);
    }
    cli::HistoryLimits limits;
    limits.check.memory_limit_bytes = std::size_t{16} << 20;
    limits.explain = limits.check;
    return cli::check_prepared(std::move(s), std::move(prepared), limits, 1, nullptr);
}

// The report of a history a reader rejected: its message quotes the bytes.
inline std::optional<cli::Report> reader_error_session(Bytes& b, std::string_view text) {
    cli::Report s;
    s.settings.input = hostile_string(b);
    s.settings.inputs = {s.settings.input};
    try {
        formats::ReadOptions options;
        options.format = static_cast<formats::Format>(b.below(6));
        (void)formats::read_history(text, options);
        return std::nullopt;
    } catch (const InputError& e) {
        const cli::Stopped why = cli::input_error(s.input_name(), e);
        return cli::stopped(std::move(s), why);
    } catch (const std::exception&) {
        return std::nullopt;  // e.g. a format the options cannot force
    }
}

// UTF-8, and no control character but tab and newline.
inline void require_terminal_safe(const std::string& text, const char* what) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            ++i;
            continue;
        }
        const std::size_t n = cli::utf8_sequence_length(text, i);
        const bool control = n == 1 ? c != '\n' && c != '\t' : c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if (n == 0 || control) {
            throw Bug(std::string(what) + (n == 0 ? ": a byte that is not UTF-8" : ": a control character") + " at " +
                      std::to_string(i) + " (" + std::to_string(c) + ")");
        }
        i += n;
    }
}

inline void require_well_formed_xml(const std::string& text, const std::string& what) {
    XML_Parser parser = XML_ParserCreate(nullptr);
    const bool ok = XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_OK;
    const std::string error = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
    const auto line = XML_GetCurrentLineNumber(parser);
    XML_ParserFree(parser);
    if (!ok) throw Bug(what + ": not well-formed XML (" + error + ", line " + std::to_string(line) + ")");
}

inline nlohmann::ordered_json require_json(const std::string& text, const std::string& what) {
    try {
        return nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Bug(what + ": not JSON: " + e.what());
    }
}

inline std::size_t count(const std::string& text, std::string_view piece) {
    std::size_t n = 0;
    for (std::size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++n;
    return n;
}

// How many <script elements lincheck's own page has (measured once, on a plain history).
inline std::size_t own_script_elements() {
    static const std::size_t n = [] {
        cli::Report plain;
        plain.settings.input = "plain";
        cli::Prepared prepared;
        prepared.model = make_model("register");
        prepared.ops.emplace_back();
        const cli::Report s = cli::check_prepared(std::move(plain), std::move(prepared), {}, 1, nullptr);
        std::ostringstream page;
        cli::write_html_report(s, page);
        return count(page.str(), "<script");
    }();
    return n;
}

inline void check_html(const cli::Report& s) {
    std::ostringstream out;
    cli::write_html_report(s, out);
    const std::string page = out.str();
    require_terminal_safe(page, "HTML report");
    require(count(page, "<script") == own_script_elements(), "HTML report: a <script element from the input");
    require(page.find("<!--") == std::string::npos, "HTML report: a comment opener from the input");
    const std::string open = "id=\"data\">";
    const std::size_t begin = page.find(open);
    require(begin != std::string::npos, "HTML report: no embedded data");
    const std::size_t end = page.find("</script>", begin);
    require(end != std::string::npos, "HTML report: the data is not closed");
    (void)require_json(page.substr(begin + open.size(), end - begin - open.size()), "HTML report's data");
}

inline void check_session(const cli::Report& s) {
    if (s.exit_code < 0 || s.exit_code > 3) throw Bug("exit code " + std::to_string(s.exit_code));
    const bool checked = s.exit_code != cli::kBadInput;
    std::ostringstream text;
    if (checked) {
        cli::write_text_report(s, text);
        cli::write_verbose(s, text);
    } else {
        text << cli::display_text(s.error);
    }
    require_terminal_safe(text.str(), "text report");

    std::ostringstream json;
    cli::write_json_report(s, json);
    const auto report = require_json(json.str(), "JSON report");
    require(report.at("exit_code") == s.exit_code, "JSON report: another exit code");
    require(cli::json_text_bytes(report.at("input").get<std::string>()) == s.input_name(),
            "JSON report: the file name does not come back byte for byte");
    require(report.at("options").is_object(), "JSON report: no options");
    if (checked) check_html(s);
}

// `lincheck merge` on the batch report, through files as the command runs it.
inline void check_merge(const std::string& batch_json) {
    static const std::filesystem::path dir = [] {
        char name[] = "/tmp/lincheck-fuzz-writers-XXXXXX";
        const char* made = mkdtemp(name);
        if (made == nullptr) throw std::runtime_error("mkdtemp failed");
        return std::filesystem::path(made);
    }();
    const std::string in = (dir / "batch.json").string(), out = (dir / "merged.json").string(),
                      xml = (dir / "merged.xml").string();
    std::ofstream(in, std::ios::binary) << batch_json;
    std::filesystem::remove(out);
    std::filesystem::remove(xml);
    std::vector<std::string> args = {"merge", "-q", "--json", out, "--junit", xml, in};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    const int code = cli::run_merge(static_cast<int>(argv.size()), argv.data());
    if (code < 0 || code > 3) throw Bug("merge: exit code " + std::to_string(code));
    if (!std::filesystem::exists(out)) {  // merge refused the report (e.g. a history twice): said on stderr
        if (code != cli::kBadInput) throw Bug("merge wrote nothing, yet exits " + std::to_string(code));
        return;
    }
    const auto slurp = [](const std::string& path) {
        std::ifstream file(path, std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    };
    const auto merged = require_json(slurp(out), "merged JSON report");
    require(merged.at("exit_code") == code, "merged JSON report: another exit code");
    require_well_formed_xml(slurp(xml), "merged JUnit report");
}

}  // namespace writers

inline void check_writers(std::string_view data) {
    using namespace writers;
    Bytes b(data);
    const unsigned flags = b.next();
    std::vector<cli::Report> sessions;
    sessions.push_back(history_session(b));
    if (flags & 1) {
        if (auto s = reader_error_session(b, data.substr(data.size() / 2))) sessions.push_back(std::move(*s));
    }
    if (flags & 2) sessions.push_back(history_session(b));
    for (const cli::Report& s : sessions) check_session(s);

    cli::BatchOutcome batch;
    for (const cli::Report& s : sessions) batch.files.push_back(cli::outcome_of(s, true));
    batch.files_total = batch.files.size();
    batch.options = cli::options_json_text(sessions.front().settings);
    batch.version = LINCHECK_VERSION;
    require(batch.exit_code() >= 0 && batch.exit_code() <= 3, "batch exit code");
    std::ostringstream table, json, junit;
    cli::write_batch_text(batch, table);
    require_terminal_safe(table.str(), "batch table");
    cli::write_batch_json(batch, json);
    const auto report = require_json(json.str(), "batch JSON report");
    require(report.at("exit_code") == batch.exit_code(), "batch JSON report: another exit code");
    cli::write_junit_report(batch, junit);
    require_well_formed_xml(junit.str(), "JUnit report");
    if ((flags & 12) == 12) check_merge(json.str());  // a quarter of the inputs: it goes through files
}

}  // namespace lincheck::fuzz
