// lincheck merge REPORT...: joins the --json reports of shards (and of any other runs) into one verdict
// and summary. Batch reports of `--shard K/N` over files contribute their histories; single-history
// reports of `--shard K/N` over keys are joined per history into that history's report, as one run over
// all its keys would have given it. Every shard must be there exactly once.
#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "batch.hpp"
#include "exit_codes.hpp"
#include "report_schema.hpp"
#include "safe_text.hpp"

namespace po = boost::program_options;

namespace lincheck::cli {

namespace {

using json = nlohmann::ordered_json;
namespace field = schema::field;

constexpr const char* kMergeUsage = R"(Usage: lincheck merge [options] REPORT...
Combines the --json reports of lincheck runs (typically the shards of `--shard K/N`)
into one summary table, verdict and exit code, as one run over everything would give.
Every shard of a split must be given exactly once. Histories are listed by path.

Options)";

// A problem with the reports themselves: exit 3.
struct MergeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Entry {
    json report;            // a lincheck-report/1 object
    std::size_t source = 0; // which REPORT argument it came from
};

double number(const json& j, const char* name) {
    return j.contains(name) && j[name].is_number() ? j[name].get<double>() : 0;
}

std::string text(const json& j, const char* name) {
    return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : "";
}

std::size_t count(const json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_number_unsigned()) throw MergeError(std::string("no `") + name + "` count");
    return j[name].get<std::size_t>();
}

int exit_code_of(const json& report) {
    if (!report.contains(field::exit_code) || !report[field::exit_code].is_number_integer()) throw MergeError("no exit_code");
    return report[field::exit_code].get<int>();
}

double time_of(const json& report) {
    if (!report.contains(field::timings_ms) || !report[field::timings_ms].is_object()) return 0;
    const json& t = report[field::timings_ms];
    return number(t, field::read) + number(t, field::check) + number(t, field::explain);
}

std::string verdict_of(int exit_code) { return outcome_name(exit_code); }

std::string shown(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.is_null() ? "not given" : value.dump();
}

// Shards of one split must have been run alike: the same lincheck and the same options (every field of
// `options`; reports without `options`, from an older lincheck, are not compared). Says which differs,
// naming the two reports (`a` from `path_a`, `b` from `path_b`), or returns empty.
std::string difference(const json& a, const std::string& path_a, const json& b, const std::string& path_b) {
    const std::string in = " in " + path_a + ", ";
    if (text(a, field::version) != text(b, field::version)) {
        return "lincheck " + text(a, field::version) + in + text(b, field::version) + " in " + path_b;
    }
    const json none = nullptr;
    const json& options_a = a.contains(field::options) ? a[field::options] : none;
    const json& options_b = b.contains(field::options) ? b[field::options] : none;
    if (options_a.is_null() && options_b.is_null()) return "";
    if (!options_a.is_object() || !options_b.is_object()) {
        return "options recorded in " + (options_a.is_object() ? path_a : path_b) + " only";
    }
    for (const json* options : {&options_a, &options_b}) {
        for (const auto& [name, value] : options->items()) {
            const json& value_a = options_a.contains(name) ? options_a[name] : none;
            const json& value_b = options_b.contains(name) ? options_b[name] : none;
            if (value_a != value_b) return schema::flag_of(name) + " " + shown(value_a) + in + shown(value_b) + " in " + path_b;
        }
    }
    return "";
}

void require_same_options(const json& a, const std::string& path_a, const json& b, const std::string& path_b) {
    const std::string different = difference(a, path_a, b, path_b);
    if (!different.empty()) throw MergeError("shards run with different options: " + different);
}

// The value of `field` every report in `entries` has, dumped, or empty when they differ or lack it.
template <class Entries>
std::string common(const Entries& entries, const char* name) {
    std::string value;
    for (const auto& entry : entries) {
        if (!entry.report.contains(name) || entry.report[name].is_null()) return "";
        const json& v = entry.report[name];
        const std::string dumped = v.is_string() ? v.get<std::string>() : v.dump();
        if (!value.empty() && dumped != value) return "";
        value = dumped;
    }
    return value;
}

// Checks that `shards` (index -> report) has each of 1..count exactly once.
void require_complete(const std::map<std::size_t, std::string>& seen, std::size_t shard_count, const std::string& what) {
    std::string missing;
    for (std::size_t k = 1; k <= shard_count; ++k) {
        if (!seen.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(shard_count);
    }
    if (!missing.empty()) throw MergeError(what + ": missing shard " + missing);
}

// Joins the reports of the key shards of one history (sorted by shard index).
json join_key_shards(const std::vector<json>& shards) {
    const json& first = shards.front();
    // A history that could not be read fails the same way in every shard.
    for (const json& s : shards) {
        const int code = exit_code_of(s);
        if (code == kBadInput || code == kBadUsage) {
            json out = s;
            out[field::shard] = nullptr;
            return out;
        }
    }
    if (!first.contains(field::counts) || !first[field::counts].is_object()) throw MergeError("no counts");
    const json counts = first[field::counts];
    for (const json& s : shards) {
        if (s[field::counts] != counts || s[field::model] != first[field::model]) {
            throw MergeError("the shards disagree on the history's counts or model: were they run on the same file "
                             "with the same options?");
        }
    }
    const bool all_failures = first.at(field::shard).value(field::all_failures, false);

    struct Failure {
        std::size_t operations, index;
        json failure;
    };
    std::vector<json> partitions;
    std::vector<Failure> failures;
    double read = 0, check = 0, explain = 0;
    for (const json& s : shards) {
        const json& local = s.at(field::partitions);
        for (const json& p : local) partitions.push_back(p);
        for (const json& f : s.at(field::failures)) {
            const std::size_t at = f.at(field::partition).get<std::size_t>();
            if (at >= local.size()) throw MergeError("a failure names a partition the report does not list");
            failures.push_back({local[at].at(field::operations).get<std::size_t>(), local[at].at(field::index).get<std::size_t>(), f});
        }
        read += number(s[field::timings_ms], field::read);
        check += number(s[field::timings_ms], field::check);
        explain += number(s[field::timings_ms], field::explain);
    }
    std::stable_sort(partitions.begin(), partitions.end(),
                     [](const json& a, const json& b) { return a.at(field::index).get<std::size_t>() < b.at(field::index).get<std::size_t>(); });
    if (partitions.size() != count(counts, field::partitions)) {
        throw MergeError("the shards list " + std::to_string(partitions.size()) + " keys, the history has " +
                         std::to_string(count(counts, field::partitions)));
    }
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        if (partitions[i].at(field::index).get<std::size_t>() != i) throw MergeError("the shards' keys overlap or leave gaps");
    }
    // The failure one run reports: the failing key with the fewest operations, ties to the earlier key
    // (check_history's rule); with --all-failures, every one in key order.
    std::sort(failures.begin(), failures.end(), [&](const Failure& a, const Failure& b) {
        if (all_failures) return a.index < b.index;
        return a.operations != b.operations ? a.operations < b.operations : a.index < b.index;
    });
    if (!all_failures && failures.size() > 1) failures.resize(1);

    bool invalid = false, unknown = false;
    std::string reason;
    for (const json& p : partitions) {
        const std::string v = text(p, field::verdict);
        invalid = invalid || v == outcome_name(kNotLinearizable);
        if (v == outcome_name(kUnknown)) {
            unknown = true;
            if (reason.empty()) reason = text(p, field::reason);
        }
    }
    const int exit_code = invalid ? kNotLinearizable : unknown ? kUnknown : kLinearizable;
    json merged_failures = json::array();
    for (Failure& f : failures) {
        f.failure[field::partition] = f.index;
        merged_failures.push_back(std::move(f.failure));
    }
    json out = first;
    out[field::verdict] = verdict_of(exit_code);
    out[field::exit_code] = exit_code;
    out[field::reason] = exit_code == kUnknown ? json(reason) : json(nullptr);
    out[field::timings_ms] = {{field::read, read}, {field::check, check}, {field::explain, explain}};
    out[field::partitions] = std::move(partitions);
    out[field::failures] = std::move(merged_failures);
    out[field::shard] = nullptr;
    out[field::error] = nullptr;
    return out;
}

FileOutcome outcome_from(const json& report) {
    FileOutcome file;
    // The reports' text is json_text's (safe_text.hpp): the bytes again, for the table and the XML.
    file.input = json_text_bytes(text(report, field::input));
    file.model = json_text_bytes(text(report, field::model));
    file.exit_code = exit_code_of(report);
    file.time_ms = time_of(report);
    if (report.contains(field::counts) && report[field::counts].is_object()) {
        file.operations = count(report[field::counts], field::operations);
        file.keys = count(report[field::counts], field::partitions);
    }
    if (file.exit_code == kUnknown) file.reason = json_text_bytes(text(report, field::reason));
    if (report.contains(field::error) && report[field::error].is_object()) {
        file.error = json_text_bytes(text(report[field::error], field::text));
        if (file.error.empty()) file.error = "lincheck: " + json_text_bytes(text(report[field::error], field::message)) + "\n";
    }
    if (file.exit_code == kBadInput || file.exit_code == kBadUsage) {
        file.model.clear();
        file.operations.reset();
    }
    if (report.contains(field::failures) && report[field::failures].is_array()) {
        for (const json& f : report[field::failures]) file.explanations.push_back(json_text_bytes(text(f, field::explanation)));
    }
    file.report = report.dump();
    return file;
}

json read_report(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw MergeError("cannot open " + path);
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throw MergeError(path + ": not a JSON report (" + e.what() + ")");
    }
}

BatchOutcome merge(const std::vector<std::string>& paths) {
    std::vector<Entry> files;  // single-history reports that need no joining
    std::map<std::string, std::map<std::size_t, Entry>> key_shards;  // input -> shard index -> report
    std::map<std::string, std::size_t> key_shard_count;
    std::map<std::size_t, std::string> file_shards;  // index -> REPORT
    std::size_t file_shard_count = 0, files_total = 0, sharded_files = 0;
    std::optional<Entry> first_file_shard;  // what the other file shards are compared with
    double elapsed = 0;

    for (std::size_t source = 0; source < paths.size(); ++source) {
        const std::string& path = paths[source];
        json report = read_report(path);
        try {
            const std::string schema = report.is_object() ? text(report, field::schema) : "";
            if (schema == schema::kBatch) {
                const json& shard = report.at(field::shard);
                const json& entries = report.at(field::files);
                if (!shard.is_null()) {
                    const std::size_t k = count(shard, field::index), n = count(shard, field::count);
                    const std::size_t total = count(report.at(field::counts), field::files_total);
                    if (file_shard_count != 0 && (n != file_shard_count || total != files_total)) {
                        throw MergeError("a shard of another split: " + std::to_string(k) + "/" + std::to_string(n) +
                                         " of " + std::to_string(total) + " files, the others are of " +
                                         std::to_string(file_shard_count) + " shards, " + std::to_string(files_total) +
                                         " files");
                    }
                    if (!file_shards.emplace(k, path).second) {
                        throw MergeError("shard " + std::to_string(k) + "/" + std::to_string(n) + " is also in " + file_shards[k]);
                    }
                    if (first_file_shard) {
                        require_same_options(first_file_shard->report, paths[first_file_shard->source], report, path);
                    } else {
                        first_file_shard = Entry{report, source};
                    }
                    file_shard_count = n;
                    files_total = total;
                    sharded_files += entries.size();
                }
                elapsed += number(report, field::elapsed_ms);
                for (const json& entry : entries) {
                    if (!entry.is_object() || text(entry, field::schema) != schema::kReport) {
                        throw MergeError("a history's entry is not a lincheck-report/1 object");
                    }
                    files.push_back({entry, source});
                }
            } else if (schema == schema::kReport) {
                const json& shard = report.contains(field::shard) ? report[field::shard] : json(nullptr);
                elapsed += time_of(report);
                if (shard.is_null()) {
                    files.push_back({std::move(report), source});
                    continue;
                }
                const std::string input = text(report, field::input);
                const std::size_t k = count(shard, field::index), n = count(shard, field::count);
                auto [it, fresh] = key_shard_count.try_emplace(input, n);
                if (it->second != n) {
                    throw MergeError(input + ": shard " + std::to_string(k) + "/" + std::to_string(n) + " and shards of " +
                                     std::to_string(it->second));
                }
                if (!key_shards[input].emplace(k, Entry{std::move(report), source}).second) {
                    throw MergeError(input + ": shard " + std::to_string(k) + "/" + std::to_string(n) + " given twice");
                }
            } else {
                throw MergeError("not a lincheck --json report (schema `" + schema + "`)");
            }
        } catch (const MergeError& e) {
            throw MergeError(path + ": " + e.what());
        } catch (const json::exception& e) {
            throw MergeError(path + ": not a lincheck --json report (" + e.what() + ")");
        }
    }
    if (file_shard_count != 0) {
        std::map<std::size_t, std::string> seen(file_shards.begin(), file_shards.end());
        require_complete(seen, file_shard_count, "the batch");
        if (sharded_files != files_total) {
            throw MergeError("the shards hold " + std::to_string(sharded_files) + " histories, the batch has " +
                             std::to_string(files_total) + ": were they given the same files?");
        }
    }
    for (auto& [input, shards] : key_shards) {
        std::map<std::size_t, std::string> seen;
        std::vector<json> ordered;
        const Entry& first = shards.begin()->second;
        for (const auto& [k, shard] : shards) {
            try {
                require_same_options(first.report, paths[first.source], shard.report, paths[shard.source]);
            } catch (const MergeError& e) {
                throw MergeError(input + ": " + e.what());
            }
        }
        for (auto& [k, shard] : shards) {
            seen.emplace(k, "");
            ordered.push_back(std::move(shard.report));
        }
        require_complete(seen, key_shard_count[input], input);
        try {
            files.push_back({join_key_shards(ordered), paths.size()});
        } catch (const MergeError& e) {
            throw MergeError(input + ": " + e.what());
        } catch (const json::exception& e) {
            throw MergeError(input + ": not a lincheck --json report (" + e.what() + ")");
        }
    }

    std::stable_sort(files.begin(), files.end(),
                     [](const Entry& a, const Entry& b) { return text(a.report, field::input) < text(b.report, field::input); });
    for (std::size_t i = 1; i < files.size(); ++i) {
        const std::string input = text(files[i].report, field::input);
        if (input == text(files[i - 1].report, field::input) && files[i].source != files[i - 1].source) {
            throw MergeError(input + " is in two reports (" + paths[std::min(files[i - 1].source, paths.size() - 1)] +
                             ", " + paths[std::min(files[i].source, paths.size() - 1)] + ")");
        }
    }
    BatchOutcome batch;
    for (const Entry& entry : files) batch.files.push_back(outcome_from(entry.report));
    batch.files_total = batch.files.size();
    batch.elapsed_ms = elapsed;
    batch.options = common(files, field::options);
    batch.version = common(files, field::version);
    return batch;
}

}  // namespace

int run_merge(int argc, char** argv) {
    std::vector<std::string> paths;
    std::string json_path, junit_path;
    bool quiet = false;
    po::options_description visible(kMergeUsage);
    visible.add_options()
        ("help,h", "show this help")
        ("json", po::value(&json_path), "write the merged report (a lincheck-batch/1 report) to this file")
        ("junit", po::value(&junit_path), "write JUnit XML to this file: one test case per history")
        ("quiet,q", po::bool_switch(&quiet), "print nothing; the exit code tells the verdict");
    po::options_description hidden;
    hidden.add_options()("report", po::value(&paths));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("report", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << display_text(std::string("lincheck merge: ") + e.what() + "\nTry lincheck merge --help.\n");
        return kBadUsage;
    }
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return 0;
    }
    if (paths.empty()) {
        std::cerr << "lincheck merge: no reports given (the --json files of the runs to merge)\nTry lincheck merge --help.\n";
        return kBadUsage;
    }

    BatchOutcome batch;
    try {
        batch = merge(paths);
    } catch (const MergeError& e) {
        std::cerr << display_text(std::string("lincheck merge: ") + e.what() + '\n');
        return kBadInput;
    }
    if (!quiet) write_batch_text(batch, std::cout);
    auto write = [&](const std::string& path, void (*writer)(const BatchOutcome&, std::ostream&)) {
        return write_report_file(path, [&](std::ostream& out) { writer(batch, out); }, "lincheck merge");
    };
    if (!json_path.empty() && !write(json_path, write_batch_json)) return kBadUsage;
    if (!junit_path.empty() && !write(junit_path, write_junit_report)) return kBadUsage;
    return batch.exit_code();
}

}  // namespace lincheck::cli
