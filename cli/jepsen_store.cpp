#include "jepsen_store.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace lincheck::cli {

namespace fs = std::filesystem;

namespace {

// In order of preference: the EDN history is Jepsen's own record (with times); history.txt drops
// them; jepsen.log interleaves the ops with everything else that was logged.
constexpr std::array<std::string_view, 3> kHistories = {"history.edn", "history.txt", "jepsen.log"};
// What marks a directory as a Jepsen run (a history.edn alone may be anyone's file).
constexpr std::array<std::string_view, 4> kRunFiles = {"results.edn", "test.fressian", "test.jepsen", "jepsen.log"};

bool is_file(const fs::path& path) {
    std::error_code error;
    return fs::is_regular_file(path, error);
}

}  // namespace

bool is_jepsen_run(const fs::path& dir) {
    const auto has = [&](std::string_view name) { return is_file(dir / name); };
    return std::any_of(kRunFiles.begin(), kRunFiles.end(), has);
}

std::optional<fs::path> run_history(const fs::path& dir) {
    for (const std::string_view name : kHistories) {
        if (is_file(dir / name)) return dir / name;
    }
    return std::nullopt;
}

std::vector<std::string> run_others(const fs::path& dir, const std::optional<fs::path>& history) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (history && entry.path().filename() == history->filename()) continue;
        std::string name = entry.path().filename().string();
        if (entry.is_symlink(error)) name += " (link)";
        else if (entry.is_directory(error)) name += "/";
        names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace lincheck::cli
