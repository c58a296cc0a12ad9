#pragma once
// The generators' command lines (lincheck-generate, lincheck-generate-unique): a table of options, each
// `--name VALUE` stored into a variable or a `--flag` setting a bool; anything else, or a missing value,
// calls `usage` (which does not return).
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace lincheck::bench {

class Arguments {
public:
    explicit Arguments(void (*usage)()) : usage_(usage) {}

    // --name VALUE into `target` (long, unsigned long, unsigned long long, double or std::string).
    template <class T>
    Arguments& value(std::string_view name, T& target) {
        options_.push_back({name, [&target](const char* text) {
                                if constexpr (std::is_same_v<T, double>) target = std::atof(text);
                                else if constexpr (std::is_same_v<T, std::string>) target = text;
                                else if constexpr (std::is_unsigned_v<T>) target = static_cast<T>(std::strtoull(text, nullptr, 10));
                                else target = static_cast<T>(std::atol(text));
                            }, true});
        return *this;
    }
    // --name sets `target`.
    Arguments& flag(std::string_view name, bool& target) {
        options_.push_back({name, [&target](const char*) { target = true; }, false});
        return *this;
    }

    void parse(int argc, char** argv) const {
        for (int i = 1; i < argc; ++i) {
            const Option* option = find(argv[i]);
            if (!option) usage_();
            if (option->takes_value && i + 1 >= argc) usage_();
            option->set(option->takes_value ? argv[++i] : nullptr);
        }
    }

private:
    struct Option {
        std::string_view name;
        std::function<void(const char*)> set;
        bool takes_value;
    };
    const Option* find(std::string_view name) const {
        for (const Option& o : options_) {
            if (o.name == name) return &o;
        }
        return nullptr;
    }
    void (*usage_)();
    std::vector<Option> options_;
};

}  // namespace lincheck::bench
