#include "lincheck/formats/read_in_pieces.hpp"

#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "lincheck/internal/deferred_free.hpp"
#include "lincheck/internal/piece_pairer.hpp"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <sys/stat.h>

namespace lincheck::formats {

namespace {

// Bytes read at a time: at most 4 MB, and small enough that a file of known size makes at least
// four pieces per thread (from 256 KB), so that a few MB already keep every thread busy.
constexpr std::size_t kPiece = 4u << 20;
constexpr std::size_t kSmallestPiece = 256u << 10;
constexpr std::size_t kTimedPiece = 256u << 10;

std::size_t piece_bytes(std::optional<std::size_t> file_size, unsigned jobs) {
    if (!file_size || jobs <= 1) return kPiece;
    return std::clamp(*file_size / (4 * jobs), kSmallestPiece, kPiece);
}
// The first piece is read alone (see read_and_pair): kept small so that the other threads soon have work.
constexpr std::size_t kFirstPiece = 256u << 10;

class Source {
public:
    Source(const std::string& path, std::atomic<std::size_t>* counter) : counter_(counter) {
        if (path == "-") {
            file_ = stdin;
        } else {
            file_ = std::fopen(path.c_str(), "rb");
            owned_ = file_;
            if (!file_) throw std::runtime_error("cannot open " + path);
            struct stat info {};
            if (fstat(fileno(file_), &info) == 0 && S_ISREG(info.st_mode)) size_ = static_cast<std::size_t>(info.st_size);
        }
    }
    // The size of a regular file; nothing for a pipe or standard input.
    std::optional<std::size_t> size() const { return size_; }
    std::size_t bytes() const { return bytes_; }
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
        bytes_ += got;
        if (std::ferror(file_)) throw std::runtime_error("cannot read the input");
        return got == n;
    }

private:
    std::FILE* file_ = nullptr;
    std::FILE* owned_ = nullptr;
    std::atomic<std::size_t>* counter_ = nullptr;
    std::optional<std::size_t> size_;
    std::size_t bytes_ = 0;
};

// Cuts the input into pieces of whole lines: each piece but the last ends with a newline.
class LinePieces {
public:
    // `start` is what was read first (for detection); `more` whether the input goes on.
    LinePieces(Source& source, std::string start, bool more, std::size_t piece_bytes, formats::Format format)
        : source_(source), carry_(std::move(start)), more_(more), piece_bytes_(piece_bytes), format_(format) {}

    // The next piece, and whether it is the last; nothing once the input is used up. An empty input
    // gives one empty piece (so that it is read, as an empty history).
    std::optional<std::pair<std::string, bool>> next() {
        if (done_) return std::nullopt;
        std::size_t searched = 0;  // a very long line: look for a cut only in what is new
        std::size_t cut = std::string::npos;
        while (more_ && (cut = find_cut(searched)) == std::string::npos) {
            searched = carry_.size();
            more_ = source_.read(carry_, piece_bytes_);
        }
        std::string piece;
        if (more_) {
            std::string rest = carry_.substr(cut);
            carry_.resize(cut);
            piece = std::move(carry_);
            carry_ = std::move(rest);
            more_ = source_.read(carry_, piece_bytes_);
            if (!more_ && carry_.empty()) done_ = true;
        } else {
            piece = std::move(carry_);
            carry_.clear();
            done_ = true;
        }
        if (piece.empty() && done_ && !first_) return std::nullopt;
        first_ = false;
        return std::make_pair(std::move(piece), done_);
    }

private:
    // Where the next piece may end in carry_: after the last newline that is followed by a whole line
    // the format may be cut before (any newline for most formats), looking at lines that end after
    // `from`; npos when there is none yet.
    std::size_t find_cut(std::size_t from) const {
        const std::size_t last = carry_.rfind('\n');
        if (last == std::string::npos) return std::string::npos;
        if (format_ != formats::Format::jepsen_txt) return last + 1;
        std::size_t line_end = last;
        while (line_end != std::string::npos && line_end + 1 > from) {
            const std::size_t before = line_end == 0 ? std::string::npos : carry_.rfind('\n', line_end - 1);
            if (before == std::string::npos) return std::string::npos;
            const std::string_view line(carry_.data() + before + 1, line_end - before - 1);
            if (formats::may_cut_before(format_, line)) return before + 1;
            line_end = before;
        }
        return std::string::npos;
    }

    Source& source_;
    std::string carry_;
    bool more_;
    std::size_t piece_bytes_;
    formats::Format format_;
    bool done_ = false;
    bool first_ = true;
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
    if (format == Format::jsonl || format == Format::jepsen_log || format == Format::jepsen_txt) return true;
    if (format == Format::edn) {
        const char c = first_significant(start);
        return c != '[' && c != '(';
    }
    return false;
}

// A piece of whole lines, read and paired on its own (positions relative to the piece) by any thread.
struct ParsedPiece {
    formats::ReadResult read;  // without its events: they are in `paired`
    PiecePairer::Piece paired;
    TimeOrder time_order;
    EventTimes times;
    std::uint32_t lines = 0;
    std::exception_ptr error;
};

ParsedPiece parse_piece(const std::string& text, formats::ReadOptions options, bool last, bool allow_truncated) {
    ParsedPiece out;
    options.allow_truncated = allow_truncated && last;
    out.lines = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
    try {
        out.read = formats::read_history(text, options);
        out.time_order.scan(out.read.events);
        if (options.keep_event_times) out.times.scan(out.read.events);
        out.paired = PiecePairer::pre_pair(std::move(out.read.events));
        out.read.events = {};
    } catch (...) {
        out.error = std::current_exception();
    }
    return out;
}

// Joins the pieces' operations in file order, with positions of the whole file. Nothing is thrown from
// here while a TBB pipeline runs (the pieces it holds would never be destroyed): the first error, in
// file order, is kept and thrown by finish(), and the pieces after it are ignored.
class PieceSink {
public:
    explicit PieceSink(PairedHistory& out) : out_(out) {}

    void add(ParsedPiece piece) {
        if (failed()) return;
        try {
            if (piece.error) {
                try {
                    std::rethrow_exception(piece.error);
                } catch (const InputError& e) {
                    throw InputError(e.what(), shifted(e.pos(), {lines_before_, events_before_}));
                }
            }
            out_.read.skipped_non_client += piece.read.skipped_non_client;
            out_.read.dropped_truncated = out_.read.dropped_truncated || piece.read.dropped_truncated;
            const std::size_t events = piece.paired.events();
            out_.time_order.append(piece.time_order, {lines_before_, events_before_});
            out_.times.append(std::move(piece.times), {lines_before_, events_before_});
            pairer_.add(std::move(piece.paired), {lines_before_, events_before_});
            events_before_ += events + piece.read.skipped_non_client;
            lines_before_ += piece.lines;
        } catch (...) {
            fail(std::current_exception());
        }
    }

    // An error after every piece added so far (reading the input failed).
    void fail(std::exception_ptr error) {
        if (!failed()) {
            error_ = std::move(error);
            failed_.store(true, std::memory_order_release);
        }
    }
    bool failed() const { return failed_.load(std::memory_order_acquire); }

    void finish(unsigned jobs) {
        if (error_) std::rethrow_exception(error_);
        out_.ops = pairer_.finish_runs(&out_.pairing, out_.failed, jobs);
    }
    // What was paired so far, for whoever frees it.
    PiecePairer take_pairer() { return std::move(pairer_); }

private:
    PairedHistory& out_;
    PiecePairer pairer_;
    std::uint32_t lines_before_ = 0;
    std::uint64_t events_before_ = 0;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
};

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

void check_deadline(const Deadline& deadline, const Source& source) {
    if (deadline && std::chrono::steady_clock::now() >= *deadline) {
        throw ReadTimedOut("time limit reached while reading the input (" + std::to_string(source.bytes() >> 20) +
                           " MiB read" + (source.size() ? " of " + std::to_string(*source.size() >> 20) + " MiB" : "") + ")");
    }
}

// The next piece, or nothing at the end of the input or after an error (which goes to the sink).
std::optional<std::pair<std::string, bool>> next_piece(LinePieces& pieces, PieceSink& sink, const Deadline& deadline,
                                                       const Source& source) {
    if (sink.failed()) return std::nullopt;
    try {
        check_deadline(deadline, source);
        return pieces.next();
    } catch (...) {
        sink.fail(std::current_exception());
        return std::nullopt;
    }
}

// The pieces after the first: read in order, parsed by up to `jobs` threads at once, paired in order.
void parse_rest_in_parallel(LinePieces& pieces, const formats::ReadOptions& options, bool allow_truncated,
                            PieceSink& sink, unsigned jobs, const Deadline& deadline, const Source& source) {
    tbb::task_arena arena(static_cast<int>(jobs));  // jobs <= cores (the caller's clamp)
    arena.execute([&] {
        tbb::parallel_pipeline(
            2 * jobs,
            tbb::make_filter<void, std::pair<std::string, bool>>(
                tbb::filter_mode::serial_in_order,
                [&](tbb::flow_control& control) -> std::pair<std::string, bool> {
                    auto piece = next_piece(pieces, sink, deadline, source);
                    if (!piece) {
                        control.stop();
                        return {};
                    }
                    return std::move(*piece);
                }) &
                tbb::make_filter<std::pair<std::string, bool>, ParsedPiece>(
                    tbb::filter_mode::parallel,
                    [&](const std::pair<std::string, bool>& piece) {
                        if (deadline && std::chrono::steady_clock::now() >= *deadline) {
                            ParsedPiece late;  // not parsed: an error in its place, so that the sink stops there
                            try {
                                check_deadline(deadline, source);
                            } catch (...) {
                                late.error = std::current_exception();
                            }
                            return late;
                        }
                        return parse_piece(piece.first, options, piece.second, allow_truncated);
                    }) &
                tbb::make_filter<ParsedPiece, void>(tbb::filter_mode::serial_in_order,
                                                    [&](ParsedPiece piece) { sink.add(std::move(piece)); }));
    });
}

// The pieces of a line-based input, the first one alone (with --independent auto, the key convention
// it shows holds for the rest), then the others by up to `jobs` threads; all paired into `out`.
void read_pieces(LinePieces& pieces, PieceSink& sink, PairedHistory& out, formats::ReadOptions piece_options,
                 bool allow_truncated, unsigned jobs, const Deadline& deadline, const Source& source) {
    auto first = pieces.next();
    ParsedPiece parsed = parse_piece(first->first, piece_options, first->second, allow_truncated);
    if (!parsed.error) {
        out.read.format = parsed.read.format;
        out.read.notation = parsed.read.notation;
        out.read.keys = parsed.read.keys;
        out.read.warnings = parsed.read.warnings;  // the key convention's: the first piece decides it
        if (piece_options.independent == formats::KeyConvention::detect) piece_options.independent = parsed.read.keys;
    }
    sink.add(std::move(parsed));

    if (jobs > 1) {
        parse_rest_in_parallel(pieces, piece_options, allow_truncated, sink, jobs, deadline, source);
    } else {
        while (auto piece = next_piece(pieces, sink, deadline, source)) {
            sink.add(parse_piece(piece->first, piece_options, piece->second, allow_truncated));
        }
    }
    sink.finish(jobs);
}

}  // namespace

PairedHistory read_and_pair(const std::string& path, const formats::ReadOptions& read_options, bool order_by_time,
                            std::atomic<std::size_t>* bytes_read, unsigned jobs, Deadline deadline) {
    formats::ReadOptions options = read_options;
    if (deadline) options.deadline = deadline;  // parsing stops there too, in a piece or a whole document
    Source source(path, bytes_read);
    std::string text;
    bool more = source.read(text, kFirstPiece);
    PairedHistory out;

    formats::Format format = options.format;
    if (format == formats::Format::detect) format = formats::detect_format(text);
    if (order_by_time || !line_based(format, text)) {
        while (more) {
            check_deadline(deadline, source);
            more = source.read(text, kPiece);
        }
        out.read = formats::read_history(text, options);
        text = std::string();  // release the raw text before pairing and searching
        out.time_order.scan(out.read.events);
        if (options.keep_event_times) out.times.scan(out.read.events);
        out.ops.push_back(pair_events(std::move(out.read.events), PairingOptions{order_by_time}, &out.pairing));
        out.failed.push_back(std::move(out.pairing.failed));
        out.pairing.failed = {};
        out.read.events = {};
        return out;
    }

    // The first piece alone: with --independent auto, the key convention it shows holds for the rest.
    formats::ReadOptions piece_options = options;
    piece_options.format = format;
    jobs = usable_threads(jobs);
    // Under a deadline, pieces of at most 256 KB: a piece being parsed when the deadline passes is
    // finished first (4 MB took 60-200 ms on a loaded machine, past the limit's 5% + 50 ms).
    const std::size_t bytes = deadline ? std::min(piece_bytes(source.size(), jobs), kTimedPiece) : piece_bytes(source.size(), jobs);
    LinePieces pieces(source, std::move(text), more, bytes, format);
    PieceSink sink(out);
    try {
        read_pieces(pieces, sink, out, piece_options, options.allow_truncated, jobs, deadline, source);
    } catch (const ReadTimedOut&) {
        // Past the deadline, freeing what was read (a million operations and their values: 25 ms of
        // CPU for 70 MB, 40-90 ms of wall time at load 10) would be a serial tail after it: it is left
        // to release_search_memory() (a batch, after each history) or to the process's exit.
        struct Left {
            PairedHistory out;
            PiecePairer pairer;
        };
        auto* left = new Left{std::move(out), sink.take_pairer()};
        lincheck::detail::defer_freeing(source.bytes(), [left] { delete left; });
        throw;
    }
    return out;
}

}  // namespace lincheck::formats
