// The simdjson fast path (formats/src/json_fast.cpp) against the nlohmann path it stands in for: on
// every sample, seed and regression input, on the public corpora's JSON files when present, on
// thousands of random histories (odd values, odd spacing, broken on purpose now and then) and on their
// cut-off and mutated copies, the two give the same events field by field, or the fast path declines.
// And the fast path must actually be taken on ordinary input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "support/json_paths.hpp"

namespace lincheck {
namespace {

namespace fs = std::filesystem;
using testing::compare_json_paths;

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Both readings of `text`, both ways; counts the texts the fast path read.
struct Tally {
    std::size_t texts = 0;
    std::size_t fast = 0;

    void check(std::string_view text, const std::string& what) {
        for (const bool array : {false, true}) {
            const auto c = compare_json_paths(text, array);
            ++texts;
            if (c.fast) ++fast;
            EXPECT_TRUE(c.mismatch.empty()) << what << ": " << c.mismatch << "\n--- text ---\n"
                                            << text.substr(0, 2000);
        }
    }
};

// ---------------------------------------------------------------------------------------------------
// Random histories as JSON text.

class Writer {
public:
    explicit Writer(std::uint64_t seed, bool clean) : rng_(seed), clean_(clean) {}

    // A history of `n` events: JSON Lines (array false) or a JSON array.
    std::string history(int n, bool array) {
        std::string out;
        if (array) out += "[" + space();
        for (int i = 0; i < n; ++i) {
            if (!array && !clean_ && chance(20)) out += space() + "\n";  // a blank line
            out += space() + event() + space();
            if (array) {
                if (i + 1 < n) out += "," + space() + (chance(2) ? "\n" : "");
            } else {
                out += chance(10) ? "\r\n" : "\n";
            }
        }
        if (array) out += "]" + space();
        if (!clean_ && chance(15)) out = break_somewhere(std::move(out));
        return out;
    }

private:
    bool chance(int one_in) { return std::uniform_int_distribution<int>(0, one_in - 1)(rng_) == 0; }
    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    std::string space() {
        static constexpr std::string_view kSpaces[] = {"", "", "", " ", "  ", "\t", " \r", "\r"};
        return std::string(kSpaces[below(8)]);
    }

    std::string event() {
        std::vector<std::string> fields;
        fields.push_back("\"process\":" + space() + process());
        if (clean_ || !chance(40)) fields.push_back("\"type\":" + space() + type());
        if (clean_ || !chance(40)) fields.push_back("\"f\":" + space() + f());
        if (chance(3) == false) fields.push_back("\"value\":" + space() + value(0));
        if (chance(3)) fields.push_back("\"key\":" + space() + value(2));
        if (chance(3)) fields.push_back("\"time\":" + space() + time());
        if (chance(4)) fields.push_back(string_literal() + ":" + space() + value(0));  // an extra field
        if (chance(4)) fields.push_back("\"index\":" + space() + std::to_string(below(1000)));
        if (!clean_ && chance(20)) fields.push_back("\"process\":" + space() + process());  // duplicates
        if (!clean_ && chance(20)) fields.push_back("\"value\":" + space() + value(0));
        if (!clean_ && chance(30)) fields.push_back("\"t\\u0079pe\":" + space() + type());  // escaped name
        std::shuffle(fields.begin(), fields.end(), rng_);
        std::string out = "{" + space();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) out += space() + "," + space();
            out += fields[i];
        }
        return out + space() + "}";
    }

    std::string process() {
        if (clean_ || !chance(10)) {
            if (chance(15)) return chance(4) ? "null" : "\"nemesis\"";  // skipped, not an error
            return chance(10) ? "-" + std::to_string(below(5)) : std::to_string(below(100));
        }
        switch (below(8)) {
            case 0: return "9223372036854775807";
            case 1: return "9223372036854775808";  // beyond int64: an error
            case 2: return "-9223372036854775808";
            case 3: return "1.0";
            case 4: return "true";
            case 5: return "[0]";
            default: return integer();
        }
    }

    std::string type() {
        static constexpr std::string_view kTypes[] = {"invoke", "ok", "fail", "info", ":invoke", ":ok", "call",
                                                      "respond", "return", "timeout", "crash", "pending", ":info"};
        if (!clean_ && chance(30)) return chance(2) ? "\"done\"" : "7";
        return "\"" + std::string(kTypes[below(13)]) + "\"";
    }

    std::string f() {
        static constexpr std::string_view kFs[] = {"read", "write", "cas", ":read", ":write", "", ":", "add",
                                                   "r\\u0065ad", "txn", "::cas"};
        if (!clean_ && chance(40)) return "null";
        return "\"" + std::string(kFs[below(11)]) + "\"";
    }

    std::string time() {
        switch (below(6)) {
            case 0: return "\"12:00\"";
            case 1: return floating();
            case 2: return "18446744073709551615";
            case 3: return clean_ ? "1" : integer();
            default: return std::to_string(below(1000000));
        }
    }

    std::string integer() {
        switch (below(12)) {
            case 0: return "0";
            case 1: return "-0";
            case 2: return std::to_string(std::numeric_limits<std::int64_t>::min());
            case 3: return std::to_string(std::numeric_limits<std::int64_t>::max());
            case 4: return std::to_string(std::numeric_limits<std::uint64_t>::max());
            case 5: return clean_ || !chance(4) ? "12" : "18446744073709551616";
            case 6: return clean_ || !chance(4) ? "-3" : "-9223372036854775809";
            case 7: {  // 20 to 120 digits: beyond 64 bits
                if (clean_ || !chance(4)) return "4";
                std::string digits = (chance(2) ? "-" : "") + std::to_string(1 + below(9));
                for (int i = 0, n = 19 + below(100); i < n; ++i) digits += static_cast<char>('0' + below(10));
                return digits;
            }
            case 8: {
                std::uint64_t u = rng_();
                return std::to_string(u >> below(64));
            }
            default: return std::to_string(below(2000) - 1000);
        }
    }

    std::string floating() {
        char buffer[64];
        switch (below(12)) {
            case 0: return "0.0";
            case 1: return "-0.0";
            case 2: return "1e-400";  // underflows to 0
            case 3: return clean_ || !chance(4) ? "1e300" : "1e400";  // beyond a double: an error
            case 4: return "4.9e-324";
            case 5: return "2.2250738585072011e-308";
            case 6: return "1.7976931348623157e308";
            case 7: {  // any double, shortest-ish
                double d;
                do {
                    const std::uint64_t bits = rng_();
                    std::memcpy(&d, &bits, sizeof d);
                } while (!std::isfinite(d) || (clean_ && std::fabs(d) > 1e300));  // rounded, beyond a double
                std::snprintf(buffer, sizeof buffer, "%.*g", 1 + below(17), d);
                return buffer;
            }
            case 8: {  // many digits: rounding must match strtod's
                std::string s = std::to_string(below(10)) + ".";
                for (int i = 0, n = 1 + below(40); i < n; ++i) s += static_cast<char>('0' + below(10));
                if (chance(2)) s += (chance(2) ? "e" : "E") + std::string(chance(2) ? "-" : "+") + std::to_string(below(clean_ ? 280 : 320));
                return (chance(2) ? "-" : "") + s;
            }
            default:
                std::snprintf(buffer, sizeof buffer, "%.17g", std::uniform_real_distribution<double>(-1e6, 1e6)(rng_));
                return buffer;
        }
    }

    std::string string_literal() {
        static constexpr std::string_view kPieces[] = {
            "a", "b", "read", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u0041",
            "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "{", "}", "[",
            "]", ",", ":", "'", "\\u001f", "\x7f"};
        static constexpr std::string_view kBroken[] = {
            "\\ud800", "\\udc00", "\\ud800\\u0041", "\\x", "\\u12", "\x01", "\t", "\xff", "\xc3", "\xed\xa0\x80",
            "\xc0\xaf", "\xf4\x90\x80\x80"};
        std::string out = "\"";
        for (int i = 0, n = below(6); i < n; ++i) {
            out += !clean_ && chance(40) ? kBroken[below(12)] : kPieces[below(29)];
        }
        return out + "\"";
    }

    std::string value(int depth) {
        const int pick = below(depth > 4 ? 9 : 12);
        switch (pick) {
            case 0: return "null";
            case 1: return "false";
            case 2: return "true";
            case 3: return "0";
            case 4: return "\"\"";
            case 5: return integer();
            case 6: return floating();
            case 7:
            case 8: return string_literal();
            case 9: return "[]";
            case 10: {
                std::string out = "[" + space();
                for (int i = 0, n = below(4); i < n; ++i) out += (i ? "," + space() : "") + value(depth + 1) + space();
                return out + "]";
            }
            default: {
                std::string out = "{" + space();
                for (int i = 0, n = below(4); i < n; ++i) {
                    const std::string key = chance(3) ? "\"k\"" : string_literal();  // duplicate keys too
                    out += (i ? "," + space() : "") + key + space() + ":" + space() + value(depth + 1) + space();
                }
                return out + "}";
            }
        }
    }

    std::string break_somewhere(std::string text) {
        static constexpr std::string_view kJunk[] = {",", "}", "]", "{", "[", "\"", "x", "\n", "\f", "\x00", "tru",
                                                     "1 2", "{}", "//", "\\"};
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size())(rng_);
        switch (below(3)) {
            case 0: return text.substr(0, at);  // cut off
            case 1: return text.erase(std::min(at, text.size() - 1), text.empty() ? 0 : 1);
            default: return text.insert(at, kJunk[below(15)]);
        }
    }

    std::mt19937_64 rng_;
    bool clean_;
};

// ---------------------------------------------------------------------------------------------------

TEST(JsonFastPath, AgreesOnSamplesSeedsAndRegressions) {
    const fs::path root = LINCHECK_SOURCE_DIR;
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root / "samples")) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".json" || ext == ".jsonl")) files.push_back(entry.path());
    }
    for (const char* dir : {"fuzz/corpus/fuzz_json", "fuzz/corpus/fuzz_jsonl", "fuzz/regressions/fuzz_json",
                            "fuzz/regressions/fuzz_jsonl", "fuzz/regressions/fuzz_records", "fuzz/corpus/fuzz_records"}) {
        if (!fs::is_directory(root / dir)) continue;
        for (const auto& entry : fs::directory_iterator(root / dir)) {
            if (entry.is_regular_file()) files.push_back(entry.path());
        }
    }
    ASSERT_GT(files.size(), 20u);
    Tally tally;
    for (const fs::path& file : files) {
        const std::string text = slurp(file);
        tally.check(text, file.string());
        // Every prefix (a crashed writer), and every single byte dropped (in a long file, some).
        const std::size_t stride = 1 + text.size() / 2000;
        for (std::size_t n = 0; n < text.size(); n += stride) {
            tally.check(std::string_view(text).substr(0, n), file.string() + " cut at " + std::to_string(n));
            tally.check(std::string(text).erase(n, 1), file.string() + " without byte " + std::to_string(n));
        }
    }
    EXPECT_GT(tally.fast, files.size() / 2) << "the fast path read too few of the samples";
}

TEST(JsonFastPath, AgreesOnThePublicCorporaWhenPresent) {
    fs::path dir = fs::path(LINCHECK_SOURCE_DIR) / ".." / "shared" / "corpora";
    if (const char* env = std::getenv("LINCHECK_CORPORA")) dir = env;
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpora at " << dir;
    Tally tally;
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".json" && ext != ".jsonl" && ext != ".ndjson")) continue;
        ++files;
        tally.check(slurp(entry.path()), entry.path().string());
    }
    if (files == 0) GTEST_SKIP() << "no JSON or JSON Lines files among the corpora at " << dir;
}

TEST(JsonFastPath, AgreesOnRandomHistories) {
    Tally tally;
    for (std::uint64_t seed = 1; seed <= 10000; ++seed) {
        Writer writer(seed, false);
        const bool array = seed % 2 == 0;
        const std::string text = writer.history(1 + static_cast<int>(seed % 13), array);
        tally.check(text, "seed " + std::to_string(seed));
    }
    // Most random histories hold something only the nlohmann path handles (or an error); some do not.
    EXPECT_GT(tally.fast, 1000u);
    RecordProperty("texts", static_cast<int>(tally.texts));
    RecordProperty("read_by_the_fast_path", static_cast<int>(tally.fast));
}

TEST(JsonFastPath, AgreesOnMutatedRandomHistories) {
    Tally tally;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        Writer writer(seed, true);
        const std::string text = writer.history(3, seed % 2 == 0);
        std::mt19937_64 rng(seed);
        for (int i = 0; i < 20; ++i) {
            std::string mutated = text;
            const std::size_t at = rng() % mutated.size();
            mutated[at] = static_cast<char>(rng() % 256);
            tally.check(mutated, "seed " + std::to_string(seed) + " byte " + std::to_string(at));
        }
    }
}

// Ordinary input is read by the fast path, and read_history takes it: a fast path that always
// declined would pass every test above.
TEST(JsonFastPath, IsTakenOnOrdinaryInput) {
    for (std::uint64_t seed = 1; seed <= 500; ++seed) {
        Writer writer(seed, true);
        for (const bool array : {false, true}) {
            const std::string text = writer.history(1 + static_cast<int>(seed % 40), array);
            const auto c = compare_json_paths(text, array);
            EXPECT_TRUE(c.fast) << "declined:\n" << text;
            EXPECT_TRUE(c.mismatch.empty()) << c.mismatch << "\n" << text;
        }
    }
    const auto before = formats::detail::fast_path_counts();
    const auto lines = formats::read_history(slurp(fs::path(LINCHECK_SOURCE_DIR) / "samples/nil-after-zero.jsonl"));
    const auto array = formats::read_history(slurp(fs::path(LINCHECK_SOURCE_DIR) / "samples/register-valid.json"));
    const auto after = formats::detail::fast_path_counts();
    EXPECT_FALSE(lines.events.empty());
    EXPECT_FALSE(array.events.empty());
    EXPECT_GE(after.read - before.read, 2u);
}

TEST(JsonFastPath, DeclinesWhatOnlyNlohmannReadsExactly) {
    const std::string big = "1" + std::string(99, '0');
    for (const std::string& value : {big, "-" + big, std::string("18446744073709551616")}) {
        const std::string text = "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": " + value + "}\n";
        const auto c = compare_json_paths(text, false);
        EXPECT_FALSE(c.fast) << value;
        EXPECT_TRUE(c.mismatch.empty()) << c.mismatch;
        const auto read = formats::read_history(text);  // and the whole reader keeps the digits
        ASSERT_EQ(read.events.size(), 1u);
        EXPECT_EQ(read.events[0].value, Value::big_integer(value));
    }
}

// json_items.cpp allows 256 levels of nesting, the event object included; so does the fast path.
TEST(JsonFastPath, NestingLimitIsTheSame) {
    for (const int levels : {254, 255, 256, 257}) {  // arrays inside the event's value
        const std::string text = "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": " +
                                 std::string(static_cast<std::size_t>(levels), '[') +
                                 std::string(static_cast<std::size_t>(levels), ']') + "}";
        for (const bool array : {false, true}) {
            const std::string input = array ? "[" + text + "]" : text;
            const auto c = compare_json_paths(input, array);
            EXPECT_TRUE(c.mismatch.empty()) << levels << ": " << c.mismatch;
            // The event object counts, the array around a JSON history does not.
            EXPECT_EQ(c.fast, levels + 1 <= 256) << levels << (array ? " array" : "");
        }
    }
}

TEST(JsonFastPath, LongLinesAndItemsAtTheEnd) {
    std::string value = "\"" + std::string(200000, 'x') + "\"";
    std::string text;
    for (int i = 0; i < 3; ++i) text += "{\"process\": 1, \"type\": \"invoke\", \"f\": \"write\", \"value\": " + value + "}\n";
    text += "{\"process\":1,\"type\":\"ok\",\"f\":\"write\"}";  // the last, unterminated and short
    const auto c = compare_json_paths(text, false);
    EXPECT_TRUE(c.fast);
    EXPECT_TRUE(c.mismatch.empty()) << c.mismatch;
}

}  // namespace
}  // namespace lincheck
