// Hostile input through read_history (and on to a verdict): deeply nested values, huge numbers, invalid
// UTF-8, binary junk, empty input, a history of only failures. Each is a clear InputError with a line
// and column, or a correct verdict — never a crash. tests/hostile_cli_test.sh does the same through the
// real binary, with a 64 MB single line.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::read_history;

constexpr Format kFormats[] = {Format::detect, Format::json,       Format::jsonl,
                               Format::edn,    Format::jepsen_log, Format::records};

std::string repeat(std::string_view piece, std::size_t n) {
    std::string out;
    out.reserve(piece.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += piece;
    return out;
}

// Reading fails with an InputError that has a position inside the text and says `words`.
void expect_error(std::string_view text, Format format, const std::string& words) {
    try {
        const auto r = read_history(text, format);
        ADD_FAILURE() << "read " << r.events.size() << " events; expected an error saying: " << words;
    } catch (const InputError& e) {
        EXPECT_GE(e.pos().line, 1u) << e.what();
        EXPECT_GE(e.pos().column, 1u) << e.what();
        EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << "message: " << e.what();
    }
}

Verdict verdict_of(std::string_view text, const std::string& model = "register") {
    const auto read = read_history(text);
    const auto ops = pair_events(read.events);
    return check_history(*make_model(model), ops).verdict;
}

constexpr std::size_t kDeep = 100000;

TEST(HostileInput, DeeplyNestedJsonIsAnErrorNotAStackOverflow) {
    const std::string arrays = repeat("[", kDeep) + repeat("]", kDeep);
    const std::string objects = repeat("{\"a\":", kDeep) + "1" + repeat("}", kDeep);
    for (const std::string& value : {arrays, objects}) {
        const std::string event = "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + value + "}";
        expect_error("[" + event + "]", Format::json, "nested deeper than 256 levels");
        expect_error(event + "\n", Format::jsonl, "nested deeper than 256 levels");
        expect_error(event + "\n", Format::detect, "nested deeper than 256 levels");
        expect_error("{\"process\":0,\"f\":\"write\",\"call\":1,\"value\":" + value + "}", Format::records,
                     "nested deeper than 256 levels");
    }
    // The whole text one deep value, with no event around it; and --initial.
    expect_error(arrays, Format::json, "nested deeper than 256 levels");
    EXPECT_THROW(formats::read_value(arrays), InputError);
    EXPECT_THROW(formats::read_value(repeat("[", kDeep)), InputError);
}

TEST(HostileInput, DeeplyNestedEdnIsAnErrorNotAStackOverflow) {
    const std::string words = "nested deeper than 256 levels";
    for (const auto& [open, close] : {std::pair{"[", "]"}, {"(", ")"}, {"#{", "}"}, {"{:a ", "}"}}) {
        const std::string value = repeat(open, kDeep) + repeat(close, kDeep);
        const std::string op = "{:process 0 :type :invoke :f :write :value " + value + "}";
        expect_error("[" + op + "]", Format::edn, words);
        expect_error(op + "\n", Format::edn, words);
        expect_error(op + "\n", Format::detect, words);
        expect_error("INFO  jepsen.util - 0\t:invoke\t:write\t" + value + "\n", Format::jepsen_log, words);
        EXPECT_THROW(formats::read_value(value, Value::Notation::edn), InputError);
    }
    // Chains that recurse without brackets: tagged literals and discards.
    expect_error("{:process 0 :type :invoke :f :write :value " + repeat("#t ", kDeep) + "1}\n", Format::edn, words);
    expect_error("{:process 0 :type :invoke :f :write :value " + repeat("#_ ", kDeep) + "1 2}\n", Format::edn, words);
    expect_error(repeat("#_", kDeep) + "\n", Format::edn, words);
    // An unclosed deep history: the depth is hit before the end of the text.
    expect_error(repeat("[", kDeep), Format::edn, words);
}

TEST(HostileInput, NestingJustUnderTheBoundIsRead) {
    const std::string value = repeat("[", 200) + "1" + repeat("]", 200);
    const auto json = read_history("[{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + value + "}]");
    EXPECT_EQ(json.events.size(), 1u);
    const auto edn = read_history("[{:process 0 :type :invoke :f :write :value " + value + "}]");
    EXPECT_EQ(edn.events.size(), 1u);
    EXPECT_EQ(json.events[0].value, edn.events[0].value);
}

TEST(HostileInput, JsonNumbersBeyondADoubleAreAnErrorWithPosition) {
    // nlohmann throws out_of_range for these, which used to escape the reader and abort the CLI.
    for (const std::string& number : {std::string("1e400"), std::string("-1E+999"), "1" + std::string(400, '0')}) {
        SCOPED_TRACE(number);
        const std::string event = "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + number + "}";
        try {
            read_history("[\n" + event + "]", Format::json);
            ADD_FAILURE() << "no error";
        } catch (const InputError& e) {
            EXPECT_EQ(e.pos().line, 2u);
            EXPECT_EQ(e.pos().column, 50u);  // at the number
            EXPECT_NE(std::string(e.what()).find("number out of range"), std::string::npos) << e.what();
        }
        expect_error(event + "\n", Format::jsonl, "number out of range");
        expect_error("{\"process\":0,\"f\":\"write\",\"call\":" + number + "}\n", Format::records, "number out of range");
        EXPECT_THROW(formats::read_value(number), InputError);
    }
    // The position is the number's, wherever it stands.
    for (const auto& [text, column] : {std::pair{"1e400", 1u}, {"[1, 1e400]", 5u}, {"{\"a\": [-1e400, 2]}", 8u}}) {
        try {
            formats::read_value(text);
            ADD_FAILURE() << text;
        } catch (const InputError& e) {
            EXPECT_EQ(e.pos().column, column) << text << ": " << e.what();
        }
    }
    // Underflow is no error: it reads as (nearly) zero.
    const auto r = read_history("{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1e-400}\n");
    EXPECT_EQ(r.events.at(0).value.kind(), Value::Kind::floating);
}

TEST(HostileInput, HundredDigitIntegersStayExactInJsonAndEdn) {
    const std::string a = "1" + std::string(99, '0');
    const std::string b = "1" + std::string(98, '0') + "1";  // the same double as `a`
    const std::string neg = "-" + a;
    EXPECT_EQ(formats::read_value(a), Value::big_integer(a));
    EXPECT_EQ(formats::read_value(neg), Value::big_integer(neg));
    EXPECT_EQ(formats::read_value(a, Value::Notation::edn), Value::big_integer(a));
    EXPECT_EQ(formats::read_value(a + "N", Value::Notation::edn), Value::big_integer(a));
    EXPECT_EQ(formats::read_value(a), formats::read_value(a, Value::Notation::edn));
    EXPECT_NE(formats::read_value(a), formats::read_value(b));
    // 2^64 (just beyond unsigned 64 bits) as JSON and EDN alike.
    EXPECT_EQ(formats::read_value("18446744073709551616"), formats::read_value("18446744073709551616", Value::Notation::edn));

    // Reading a different 100-digit integer than was written is a violation. JSON used to read both as
    // the same double and answer "linearizable".
    const auto json_history = [](const std::string& written, const std::string& read) {
        return "[{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + written + "},"
               "{\"process\":0,\"type\":\"ok\",\"f\":\"write\"},"
               "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null},"
               "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":" + read + "}]";
    };
    const auto edn_history = [](const std::string& written, const std::string& read) {
        return "[{:process 0 :type :invoke :f :write :value " + written + "} {:process 0 :type :ok :f :write}"
               " {:process 1 :type :invoke :f :read :value nil} {:process 1 :type :ok :f :read :value " + read + "}]";
    };
    EXPECT_EQ(verdict_of(json_history(a, a)), Verdict::linearizable);
    EXPECT_EQ(verdict_of(json_history(a, b)), Verdict::not_linearizable);
    EXPECT_EQ(verdict_of(edn_history(a, a)), Verdict::linearizable);
    EXPECT_EQ(verdict_of(edn_history(a, b)), Verdict::not_linearizable);
    EXPECT_EQ(verdict_of(edn_history(neg + "N", neg)), Verdict::linearizable);
    // The same numbers in the two notations are the same values.
    EXPECT_EQ(read_history(json_history(a, b)).events[0].value, read_history(edn_history(a, b)).events[0].value);
    // Records with a 30-digit time: still ordered (as a double).
    const auto records = read_history("{\"process\":0,\"f\":\"write\",\"value\":1,\"call\":100000000000000000000000000000,"
                                      "\"return\":200000000000000000000000000000}\n", Format::records);
    EXPECT_EQ(records.events.size(), 2u);
}

TEST(HostileInput, InvalidUtf8) {
    const std::string bad = "\xff\xfe\xc3\xc3\xe2\x82";  // stray bytes, a bad continuation, a cut-off sequence
    // JSON requires UTF-8: an error at the string.
    expect_error("[{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"" + bad + "\"}]", Format::json,
                 "invalid JSON");
    expect_error("{\"process\":0,\"type\":\"invoke\",\"f\":\"" + bad + "\"}\n", Format::jsonl, "invalid JSON");
    expect_error("[{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"\\ud800\"}]", Format::json,
                 "invalid JSON");  // a lone surrogate escape
    // EDN and Jepsen logs take bytes as they are: the values compare as bytes, and the verdict holds.
    const std::string edn = "{:process 0 :type :invoke :f :write :value \"" + bad + "\"}\n"
                            "{:process 0 :type :ok :f :write :value \"" + bad + "\"}\n"
                            "{:process 1 :type :invoke :f :read :value nil}\n"
                            "{:process 1 :type :ok :f :read :value \"" + bad + "\"}\n";
    EXPECT_EQ(verdict_of(edn), Verdict::linearizable);
    std::string other = edn;
    other[other.size() - 4] = 'x';
    EXPECT_EQ(verdict_of(other), Verdict::not_linearizable);
    const auto log = read_history("INFO  jepsen.util - 0\t:invoke\t:write\t:" + bad + "\n", Format::jepsen_log);
    EXPECT_EQ(log.events.size(), 1u);
    // Invalid UTF-8 in a symbol, a keyword and an `f`.
    EXPECT_NO_THROW(read_history("{:process 0 :type :invoke :f :" + bad + " :value " + bad + "}\n", Format::edn));
}

TEST(HostileInput, BinaryJunkIsAnErrorInEveryFormat) {
    std::mt19937_64 rng(17);
    for (int round = 0; round < 200; ++round) {
        std::string junk(1 + rng() % 2000, '\0');
        for (char& c : junk) c = static_cast<char>(rng());
        if (round % 4 == 1) junk = "[" + junk;
        if (round % 4 == 2) junk = "{:" + junk;
        if (round % 4 == 3) junk = "INFO  jepsen.util - 0 :invoke :read " + junk;
        for (const Format format : kFormats) {
            try {
                const auto r = read_history(junk, format);
                // Rarely, junk is a valid (non-client or empty) history: then it must be usable.
                pair_events(r.events);
            } catch (const InputError& e) {
                EXPECT_GE(e.pos().line, 1u) << e.what();
            }
        }
    }
}

TEST(HostileInput, NulBytesAreJunkNotTheEndOfTheText) {
    const std::string nul(1, '\0');
    expect_error("[{\"process\":0,\"type\":\"invoke\",\"f\":\"w" + nul + "\"}]", Format::json, "invalid JSON");
    expect_error(nul + "[]", Format::detect, "cannot tell the format");
    // After a valid history a NUL is text after the end, not an end.
    expect_error("[]" + nul, Format::json, "unexpected text after");
    expect_error("[]" + nul, Format::edn, "unexpected text after");
}

TEST(HostileInput, EmptyInputIsAnEmptyHistoryInEveryFormat) {
    for (const std::string text : {"", "\n", "  \r\n\t\n"}) {
        for (const Format format : kFormats) {
            if (format == Format::json && !text.empty()) continue;
            if (format == Format::json) {
                // A JSON array needs its `[`: an empty text is not one.
                expect_error(text, format, "expected `[`");
                continue;
            }
            const auto r = read_history(text, format);
            EXPECT_TRUE(r.events.empty());
            EXPECT_EQ(check_history(*make_model("register"), pair_events(r.events)).verdict, Verdict::linearizable);
        }
    }
    EXPECT_TRUE(read_history("[]", Format::json).events.empty());
    EXPECT_TRUE(read_history("; only a comment\n", Format::edn).events.empty());
    EXPECT_TRUE(read_history("\xEF\xBB\xBF").events.empty());  // only a byte-order mark
}

TEST(HostileInput, HistoryOfOnlyFailuresIsLinearizable) {
    std::string jsonl, edn;
    for (int p = 0; p < 50; ++p) {
        const std::string ps = std::to_string(p);
        jsonl += "{\"process\":" + ps + ",\"type\":\"invoke\",\"f\":\"write\",\"value\":" + ps + "}\n";
        jsonl += "{\"process\":" + ps + ",\"type\":\"fail\",\"f\":\"write\",\"value\":" + ps + "}\n";
        edn += "{:process " + ps + " :type :invoke :f :cas :value [" + ps + " 1]}\n";
        edn += "{:process " + ps + " :type :fail :f :cas :value [" + ps + " 1] :error :precondition-failed}\n";
    }
    for (const std::string& text : {jsonl, edn}) {
        PairingStats stats;
        const auto ops = pair_events(read_history(text).events, {}, &stats);
        EXPECT_TRUE(ops.empty());
        EXPECT_EQ(stats.failed_dropped, 50u);
        EXPECT_EQ(check_history(*make_model("cas-register"), ops).verdict, Verdict::linearizable);
    }
}

TEST(HostileInput, LongLineIsReadInLinearTime) {
    // 20 MB on one line (tests/hostile_cli_test.sh goes to 64 MB through the binary).
    const std::string big(20u << 20, 'a');
    const auto r = read_history("{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"" + big + "\"}");
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].value.text().size(), big.size());
    const auto e = read_history("{:process 0 :type :invoke :f :write :value \"" + big + "\"}", Format::edn);
    EXPECT_EQ(e.events.at(0).value.text().size(), big.size());
    // Cut off: an unterminated string at the end of a 20 MB line.
    expect_error("{:process 0 :type :invoke :f :write :value \"" + big, Format::edn, "cut off");
    expect_error("[{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"" + big, Format::json, "cut off");
}

TEST(HostileInput, MessagesQuotingHugeInputStayShort) {
    const std::string f(1 << 20, 'f');
    const std::string words(1 << 20, 'x');
    const auto check = [](const std::function<void()>& run, const std::string& says) {
        try {
            run();
            ADD_FAILURE() << "no error";
        } catch (const InputError& e) {
            const std::string what = e.what();
            EXPECT_LT(what.size(), 1300u);
            EXPECT_NE(what.find("bytes left out"), std::string::npos) << what;
            EXPECT_NE(what.find(says), std::string::npos) << what;
        }
    };
    // An `f` no model has, a type word no one knows, an unmatched completion: each quotes the input.
    check([&] {
        const auto ops = pair_events(read_history("{\"process\":0,\"type\":\"invoke\",\"f\":\"" + f + "\"}").events);
        validate_operations(*make_model("register"), ops);
    }, "is not an operation of model register (it accepts: read, write)");
    check([&] { read_history("{\"process\":0,\"type\":\"" + words + "\",\"f\":\"read\"}"); }, "(expected one of:");
    check([&] { pair_events(read_history("{\"process\":0,\"type\":\"ok\",\"f\":\"" + f + "\"}").events); },
          "has no open invoke");
    // Short messages are left alone.
    EXPECT_EQ(InputError::shorten("short"), "short");
    // The cut never splits a UTF-8 character.
    const std::string accents = InputError::shorten(std::string(2000, 'a') + repeat("é", 1000));
    EXPECT_EQ(accents.substr(accents.size() - 400), repeat("é", 200));
}

}  // namespace
}  // namespace lincheck
