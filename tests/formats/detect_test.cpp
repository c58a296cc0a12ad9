#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/expect_input_error.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::read_history;
using testing::expect_input_error;

Format detected(std::string_view text) {
    return read_history(text).format;
}

TEST(Detect, JsonFamily) {
    EXPECT_EQ(detected(R"([{"process": 0, "type": "invoke", "f": "read"}])"), Format::json);
    EXPECT_EQ(detected("  \n[\n  {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}\n]"), Format::json);
    EXPECT_EQ(detected("[]"), Format::json);
    EXPECT_EQ(detected(R"({"process": 0, "type": "invoke", "f": "read"})"), Format::jsonl);
    EXPECT_EQ(detected(""), Format::jsonl);
    EXPECT_EQ(detected(" \n\t"), Format::jsonl);
    EXPECT_EQ(detected("\xEF\xBB\xBF{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}"), Format::jsonl);
}

TEST(Detect, Records) {
    EXPECT_EQ(detected(R"({"process": 0, "f": "read", "call": 1, "return": 2})"), Format::records);
    EXPECT_EQ(detected(R"([{"call": 1, "process": 0, "f": "read", "return": 2}])"), Format::records);
    // `call` is also an event type word: with a `type` field it is an event, not a record.
    EXPECT_EQ(detected(R"({"process": 0, "type": "call", "f": "read", "call": 1})"), Format::jsonl);
}

TEST(Detect, Edn) {
    EXPECT_EQ(detected("[{:process 0, :type :invoke, :f :read}]"), Format::edn);
    EXPECT_EQ(detected("[\n {:process 0, :type :invoke, :f :read}]"), Format::edn);
    EXPECT_EQ(detected("({:process 0, :type :invoke, :f :read})"), Format::edn);
    EXPECT_EQ(detected("{:process 0, :type :invoke, :f :read}"), Format::edn);
    EXPECT_EQ(detected("{:type :invoke, :process 0, :f :read}"), Format::edn);
    EXPECT_EQ(detected("; a Knossos history\n[{:process 0, :type :invoke, :f :read}]"), Format::edn);
    EXPECT_EQ(detected("#jepsen.history.Op{:process 0, :type :invoke, :f :read}"), Format::edn);
    EXPECT_EQ(detected("[#jepsen.history.Op{:process 0, :type :invoke, :f :read}]"), Format::edn);
}

TEST(Detect, JepsenLog) {
    EXPECT_EQ(detected("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"), Format::jepsen_log);
    EXPECT_EQ(detected("INFO  jepsen.core - starting\nINFO  jepsen.util - 12   :ok     :read   3\n"),
              Format::jepsen_log);
}

// Jepsen's history.txt: the first line is `process<TAB>:type<TAB>...`, whatever the process.
TEST(Detect, JepsenHistoryTxt) {
    EXPECT_EQ(detected("0\t:invoke\t:read\tnil\n"), Format::jepsen_txt);
    EXPECT_EQ(detected("\n12\t:ok\t:read\t[4 2]\n"), Format::jepsen_txt);
    EXPECT_EQ(detected(":nemesis\t:info\t:start\tnil\n3\t:invoke\t:read\tnil\n"), Format::jepsen_txt);
    EXPECT_EQ(detected("nemesis\t:info\t:start\tnil\n"), Format::jepsen_txt);
    EXPECT_EQ(detected("\t:info\t:start\tnil\n"), Format::jepsen_txt);  // a nil process printed with str
    EXPECT_EQ(detected("-1\t:invoke\t:read\n"), Format::jepsen_txt);
    // Not an event type: no history.txt.
    expect_input_error([] { read_history("0\t:start\t:read\tnil\n"); }, 1, 1, "cannot tell the format");
}

// The log layouts Jepsen has written: ` - ` then the op, ` - ` then the logger then the op, and (since
// 2016) tab-separated fields with `] logger: ` before the op.
TEST(Detect, JepsenLogLayouts) {
    EXPECT_EQ(detected("INFO [2019-04-01 11:25:23,791] jepsen worker 1 - jepsen.util 1\t:invoke\t:read\tnil\n"),
              Format::jepsen_log);
    EXPECT_EQ(detected("2017-09-20 13:25:00,756{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1\t:invoke\t:read\tnil\n"),
              Format::jepsen_log);
    EXPECT_EQ(detected("2023-05-01 10:00:00,001{GMT}\tINFO\t[main] jepsen.core: Running test\n"
                       "2023-05-01 10:00:00,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:write\t1\n"),
              Format::jepsen_log);
    EXPECT_EQ(detected("INFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:write\t1\n"), Format::jepsen_log);
}

TEST(Detect, UnknownContentIsAnError) {
    expect_input_error([] { read_history("hello"); }, 1, 1, "cannot tell the format");
    expect_input_error([] { read_history("\n\n  hello world"); }, 3, 3, "cannot tell the format");
    // Only :nemesis op lines: not a client history.
    expect_input_error([] { read_history("INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"); }, 1, 1,
                       "cannot tell the format");
}

TEST(Detect, AnExplicitFormatOverridesDetection) {
    EXPECT_THROW(read_history("[{:process 0, :type :invoke, :f :read}]", Format::json), InputError);
    EXPECT_THROW(read_history(R"([{"process": 0, "type": "invoke", "f": "read"}])", Format::edn), InputError);
    const auto r = read_history(R"({"process": 0, "type": "invoke", "f": "read", "call": 5})", Format::jsonl);
    EXPECT_EQ(r.events.size(), 1u);
}

TEST(Names, FormatNamesRoundTrip) {
    for (Format f : {Format::detect, Format::json, Format::jsonl, Format::edn, Format::jepsen_log, Format::jepsen_txt,
                     Format::records}) {
        EXPECT_EQ(formats::format_from_name(formats::to_string(f)), f);
    }
    EXPECT_EQ(formats::format_from_name("auto"), Format::detect);
    EXPECT_EQ(formats::format_from_name("ndjson"), Format::jsonl);
    EXPECT_EQ(formats::to_string(Format::jepsen_log), "jepsen-log");
    EXPECT_EQ(formats::to_string(Format::jepsen_txt), "jepsen-txt");
    EXPECT_EQ(formats::format_from_name("history-txt"), Format::jepsen_txt);
    EXPECT_THROW(formats::format_from_name("xml"), std::invalid_argument);
}

TEST(Names, KeyConventionNamesRoundTrip) {
    using formats::KeyConvention;
    for (KeyConvention k : {KeyConvention::detect, KeyConvention::tuples, KeyConvention::field, KeyConvention::none}) {
        EXPECT_EQ(formats::key_convention_from_name(formats::to_string(k)), k);
    }
    EXPECT_EQ(formats::to_string(KeyConvention::detect), "auto");
    EXPECT_THROW(formats::key_convention_from_name("keys"), std::invalid_argument);
}

// ---- the public corpus: every file must read, with auto-detection ----

std::filesystem::path corpus_dir() {
    if (const char* dir = std::getenv("LINCHECK_CORPUS")) return dir;
    return std::filesystem::path(__FILE__).parent_path() / "../../../shared/corpora";
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
    return fields;
}

TEST(Corpus, EveryManifestFileReads) {
    const auto dir = corpus_dir();
    std::ifstream manifest(dir / "MANIFEST.tsv");
    if (!manifest) GTEST_SKIP() << "corpus not found at " << dir;

    std::string header;
    std::getline(manifest, header);
    const auto columns = split_tabs(header);
    const auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
    };
    const std::size_t path_at = column("path"), format_at = column("format"), invokes_at = column("invoke_ops");
    ASSERT_LT(std::max({path_at, format_at, invokes_at}), columns.size()) << header;

    std::size_t files = 0, read_ok = 0;
    for (std::string line; std::getline(manifest, line);) {
        const auto fields = split_tabs(line);
        if (fields.size() <= std::max({path_at, format_at, invokes_at})) continue;
        ++files;
        const std::string& path = fields[path_at];
        const std::string& format = fields[format_at];
        const std::size_t invokes = std::stoul(fields[invokes_at]);
        SCOPED_TRACE(path);
        const std::string text = slurp(dir / path);
        try {
            const auto r = read_history(text);
            std::size_t invoked = 0;
            for (const Event& e : r.events) invoked += e.type == EventType::invoke ? 1 : 0;
            EXPECT_EQ(invoked, invokes);
            EXPECT_GE(r.events.size(), invokes);
            EXPECT_LE(r.events.size(), 2 * invokes);
            if (invokes > 0) {
                EXPECT_EQ(r.format, format == "jepsen-log" ? Format::jepsen_log : Format::edn) << format;
                EXPECT_EQ(r.notation, Value::Notation::edn);
                EXPECT_EQ(r.keys, format == "porcupine-kv" ? formats::KeyConvention::field
                                                           : formats::KeyConvention::none);
            }
            ++read_ok;
        } catch (const InputError& e) {
            ADD_FAILURE() << path << ":" << describe(e.pos()) << ": " << e.what();
        }
    }
    EXPECT_GT(files, 0u);
    EXPECT_EQ(read_ok, files);
    std::cout << "[ corpus   ] " << read_ok << " of " << files << " files read from " << dir.lexically_normal()
              << "\n";
}

}  // namespace
}  // namespace lincheck
