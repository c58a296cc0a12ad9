// Every history in ../shared/corpora/MANIFEST.tsv, read by the real readers and checked with the flags
// the docs give for its group, must get the verdict the manifest lists. Skips, saying so, when the
// corpora are absent (set LINCHECK_CORPORA to point elsewhere).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck {
namespace {

namespace fs = std::filesystem;

fs::path corpora_dir() {
    if (const char* env = std::getenv("LINCHECK_CORPORA")) return env;
    return fs::path(LINCHECK_SOURCE_DIR) / ".." / "shared" / "corpora";
}

struct Row {
    std::string path;
    std::string format;
    std::string model;
    std::string expected;
};

void PrintTo(const Row& row, std::ostream* os) {
    *os << row.path;
}

std::vector<Row> manifest_rows() {
    std::vector<Row> rows;
    std::ifstream in(corpora_dir() / "MANIFEST.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream fields(line);
        for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
        if (cells.size() < 6) continue;
        rows.push_back({cells[0], cells[2], cells[3], cells[5]});
    }
    return rows;
}

// The flags of docs' "corpus groups" table, as library options.
struct Flags {
    std::string model;
    ModelOptions options;
};

Flags flags_for(const Row& row) {
    Flags flags;
    if (row.model == "cas-register") {
        flags.model = "cas-register";
        flags.options.initial = Value::integer(0);
        flags.options.nil_read_is_unknown = true;
    } else if (row.model == "multi-register") {
        flags.model = "multi-register";
        flags.options.initial = Value::map({{Value::keyword("x"), Value::integer(0)}, {Value::keyword("y"), Value::integer(0)}});
        flags.options.nil_read_is_unknown = true;
    } else if (row.model == "mutex") {
        flags.model = "mutex";
    } else if (row.model.rfind("cas-register (etcd)", 0) == 0) {
        flags.model = "cas-register";
    } else if (row.model.rfind("kv", 0) == 0) {
        flags.model = "kv";
    }
    return flags;
}

class Corpus : public ::testing::TestWithParam<Row> {};

TEST_P(Corpus, GetsTheListedVerdict) {
    const Row& row = GetParam();
    if (row.expected != "valid" && row.expected != "invalid") GTEST_SKIP() << "no known verdict";
    const Flags flags = flags_for(row);
    const auto model = make_model(flags.model, flags.options);
    ASSERT_NE(model, nullptr) << "model " << flags.model << " for " << row.model;

    std::ifstream in(corpora_dir() / row.path, std::ios::binary);
    ASSERT_TRUE(in) << row.path;
    std::stringstream text;
    text << in.rdbuf();
    const auto read = formats::read_history(text.str(), formats::ReadOptions{});
    const auto ops = pair_events(read.events);
    CheckLimits limits;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    const HistoryResult result = check_history(*model, ops, limits);
    ASSERT_NE(result.verdict, Verdict::unknown) << row.path << ": search did not finish in 60 s";
    EXPECT_EQ(result.verdict == Verdict::linearizable ? "valid" : "invalid", row.expected) << row.path;
}

std::string test_name(const ::testing::TestParamInfo<Row>& info) {
    std::string name = info.param.path;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Manifest, Corpus, ::testing::ValuesIn(manifest_rows()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Corpus);

TEST(CorpusPresence, IsReported) {
    if (!fs::exists(corpora_dir() / "MANIFEST.tsv")) {
        GTEST_SKIP() << "corpora not found at " << corpora_dir() << " (set LINCHECK_CORPORA): corpus tests skipped";
    }
    EXPECT_GT(manifest_rows().size(), 200u);
}

}  // namespace
}  // namespace lincheck
