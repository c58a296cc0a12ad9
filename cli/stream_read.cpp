#include "stream_read.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace lincheck::cli {

namespace {

constexpr std::size_t kPiece = 32u << 20;  // bytes read at a time

class Source {
public:
    Source(const std::string& path, std::atomic<std::size_t>* counter) : counter_(counter) {
        if (path == "-") {
            file_ = stdin;
        } else {
            file_ = std::fopen(path.c_str(), "rb");
            owned_ = file_;
            if (!file_) throw std::runtime_error("cannot open " + path);
        }
    }
    ~Source() {
        if (owned_) std::fclose(owned_);
    }
    Source(const Source&) = delete;
    Source& operator=(const Source&) = delete;

    // Appends up to `n` bytes to `out`; false at the end of the input.
    bool read(std::string& out, std::size_t n) {
        const std::size_t before = out.size();
        out.resize(before + n);
        const std::size_t got = std::fread(out.data() + before, 1, n, file_);
        out.resize(before + got);
        if (counter_) counter_->fetch_add(got, std::memory_order_relaxed);
        if (std::ferror(file_)) throw std::runtime_error("cannot read the input");
        return got == n;
    }

private:
    std::FILE* file_ = nullptr;
    std::FILE* owned_ = nullptr;
    std::atomic<std::size_t>* counter_ = nullptr;
};

// The first character that is not whitespace or part of a `;` comment line.
char first_significant(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ';') {
            i = text.find('\n', i);
            if (i == std::string_view::npos) return 0;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ',') {
            return c;
        }
    }
    return 0;
}

bool line_based(formats::Format format, std::string_view start) {
    using formats::Format;
    if (format == Format::jsonl || format == Format::jepsen_log) return true;
    if (format == Format::edn) {
        const char c = first_significant(start);
        return c != '[' && c != '(';
    }
    return false;
}

SourcePos shifted(SourcePos pos, std::uint32_t lines, std::uint64_t events) {
    if (pos.line != 0) pos.line += lines;
    if (pos.event_index != 0) pos.event_index += events;
    return pos;
}

}  // namespace

PairedHistory read_and_pair(const std::string& path, const formats::ReadOptions& options, bool order_by_time,
                            std::atomic<std::size_t>* bytes_read) {
    Source source(path, bytes_read);
    std::string text;
    bool more = source.read(text, kPiece);
    PairedHistory out;

    formats::Format format = options.format;
    if (format == formats::Format::detect) format = formats::detect_format(text);
    if (order_by_time || !line_based(format, text)) {
        while (more) more = source.read(text, kPiece);
        out.read = formats::read_history(text, options);
        text = std::string();  // release the raw text before pairing and searching
        out.ops = pair_events(std::move(out.read.events), PairingOptions{order_by_time}, &out.pairing);
        out.read.events = {};
        return out;
    }

    formats::ReadOptions piece_options = options;
    piece_options.format = format;
    Pairer pairer;
    std::uint32_t lines_before = 0;
    std::uint64_t events_before = 0;
    bool first = true;
    for (;;) {
        // A piece ends at its last newline; the rest starts the next piece.
        std::string rest;
        while (more && text.find('\n') == std::string::npos) more = source.read(text, kPiece);  // a very long line
        if (more) {
            const std::size_t cut = text.rfind('\n');
            if (cut != std::string::npos) {
                rest = text.substr(cut + 1);
                text.resize(cut + 1);
            }
        }
        piece_options.allow_truncated = options.allow_truncated && !more;
        formats::ReadResult piece;
        try {
            piece = formats::read_history(text, piece_options);
        } catch (const InputError& e) {
            throw InputError(e.what(), shifted(e.pos(), lines_before, events_before));
        }
        if (first) {
            out.read.format = piece.format;
            out.read.notation = piece.notation;
            out.read.keys = piece.keys;
            if (options.independent == formats::KeyConvention::detect) piece_options.independent = piece.keys;
            first = false;
        }
        out.read.skipped_non_client += piece.skipped_non_client;
        out.read.dropped_truncated = out.read.dropped_truncated || piece.dropped_truncated;
        for (Event& e : piece.events) {
            e.pos = shifted(e.pos, lines_before, events_before);
            pairer.add(std::move(e));
        }
        events_before += piece.events.size() + piece.skipped_non_client;
        lines_before += static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
        if (!more && rest.empty()) break;
        text = std::move(rest);
        if (more) more = source.read(text, kPiece);
        if (text.empty() && !more) break;
    }
    out.ops = pairer.finish(&out.pairing);
    return out;
}

}  // namespace lincheck::cli
