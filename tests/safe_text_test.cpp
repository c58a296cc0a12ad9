// The one rule for text from the input in reports (cli/safe_text.hpp): shown safely to people, kept
// losslessly in JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <iterator>
#include <random>

#include "cli/safe_text.hpp"

namespace lincheck::cli {
namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

TEST(SafeText, ValidUtf8IsLeftAlone) {
    for (const std::string text : {"", "plain", "read → 5", "日本語", "emoji \xF0\x9F\x98\x80", "tab\tand\nnewline"}) {
        EXPECT_EQ(display_text(text), text);
        EXPECT_EQ(json_text(text), text);
        EXPECT_EQ(json_text_bytes(text), text);
    }
}

TEST(SafeText, InvalidBytesAreShownAsReplacementCharacters) {
    EXPECT_EQ(display_text("a\xFF" "b"), "a" + kFFFD + "b");
    EXPECT_EQ(display_text("\xC3("), kFFFD + "(");                    // a cut-off sequence
    EXPECT_EQ(display_text("\xC0\xAF"), kFFFD + kFFFD);                // overlong
    EXPECT_EQ(display_text("\xED\xA0\x80"), kFFFD + kFFFD + kFFFD);    // a surrogate
    EXPECT_EQ(display_text("\xF4\x90\x80\x80"), kFFFD + kFFFD + kFFFD + kFFFD);  // beyond U+10FFFF
    EXPECT_EQ(display_text("\xE2\x82"), kFFFD + kFFFD);                // cut off at the end
    EXPECT_EQ(display_text("\xC2\x9B" "31m"), kFFFD + "31m");          // C1 CSI
    EXPECT_EQ(display_text("\xEF\xBF\xBE"), kFFFD);                    // U+FFFE
}

// Bidirectional controls reorder what a terminal or a browser shows ("Trojan Source"): a value could
// make the report read another value. Shown as U+FFFD; JSON keeps them (they are valid UTF-8).
TEST(SafeText, BidiControlsAreShownAsReplacementCharacters) {
    const std::string controls[] = {
        "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE",  // U+202A–202E
        "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9",                  // U+2066–2069
        "\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C"};                                     // LRM, RLM, ALM
    for (const std::string& c : controls) {
        EXPECT_EQ(display_text("a" + c + "b"), "a" + kFFFD + "b");
        EXPECT_EQ(display_text(c + "\n", false), kFFFD + "␊");
        EXPECT_EQ(json_text("a" + c), "a" + c);
    }
    // Their neighbours are ordinary text.
    for (const std::string text :
         {"\xE2\x80\x8D", "\xE2\x80\xAF", "\xE2\x81\xA5", "\xE2\x81\xAA", "\xD8\x9B", "\xE2\x80\xA7"}) {
        EXPECT_EQ(display_text(text), text);
    }
}

// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR break a line in editors, browsers and some
// terminals where the report has none (a value could fake a report line). Shown as U+FFFD, like the
// bidirectional controls; JSON keeps them.
TEST(SafeText, LineAndParagraphSeparatorsAreShownAsReplacementCharacters) {
    for (const std::string c : {"\xE2\x80\xA8", "\xE2\x80\xA9"}) {
        EXPECT_EQ(display_text("a" + c + "b"), "a" + kFFFD + "b");
        EXPECT_EQ(display_text(c + "\n", false), kFFFD + "␊");
        EXPECT_EQ(json_text("a" + c), "a" + c);
    }
}

TEST(SafeText, ControlCharactersAreShownAsControlPictures) {
    EXPECT_EQ(display_text(std::string("\x1B[2J\0\r\x7F", 7)), "␛[2J␀␍␡");
    EXPECT_EQ(display_text("a\tb\nc"), "a\tb\nc");
    EXPECT_EQ(display_text("a\tb\nc", false), "a␉b␊c");
}

TEST(SafeText, JsonTextMarksInvalidBytesWithTheirHexDigits) {
    EXPECT_EQ(json_text("a\xFF" "b"), "a" + kFFFD + "ffb");
    EXPECT_EQ(json_text("\xC3("), kFFFD + "c3(");
    EXPECT_EQ(json_text("x" + kFFFD), "x" + kFFFD + kFFFD);  // the input's own U+FFFD, doubled
    EXPECT_EQ(json_text(std::string("\x1B\0", 2)), std::string("\x1B\0", 2));  // JSON escapes controls
}

TEST(SafeText, JsonTextIsLosslessOnRandomBytes) {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 24);
    const std::string pieces[] = {kFFFD, "\xC3", "\xA9", "ff", "\xED\xA0\x80", "a"};
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        const int n = length(random);
        for (int i = 0; i < n; ++i) {
            if (byte(random) < 64) text += pieces[static_cast<std::size_t>(byte(random)) % std::size(pieces)];
            else text += static_cast<char>(byte(random));
        }
        const std::string encoded = json_text(text);
        ASSERT_EQ(json_text_bytes(encoded), text);
        // Valid UTF-8 for nlohmann (whose dump throws otherwise), and for display_text.
        ASSERT_NO_THROW((void)nlohmann::json(encoded).dump());
        const std::string shown = display_text(text);
        ASSERT_NO_THROW((void)nlohmann::json(shown).dump());
        ASSERT_EQ(display_text(shown), shown);  // idempotent
    }
}

TEST(SafeText, EveryStringAndKeyOfADocument) {
    nlohmann::ordered_json doc = {{"a\xFF", {"x\x1B", 1, nullptr, {{"k", "\xFE"}}}}, {"b", "ok"}};
    nlohmann::ordered_json lossless = doc;
    json_strings(lossless);
    EXPECT_EQ(lossless.dump(), "{\"a" + kFFFD + "ff\":[\"x\\u001b\",1,null,{\"k\":\"" + kFFFD + "fe\"}],\"b\":\"ok\"}");
    display_strings(doc);
    EXPECT_EQ(doc.dump(), "{\"a" + kFFFD + "\":[\"x␛\",1,null,{\"k\":\"" + kFFFD + "\"}],\"b\":\"ok\"}");
}

}  // namespace
}  // namespace lincheck::cli
