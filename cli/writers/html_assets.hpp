#pragma once
// The HTML report's fixed parts. Its style and script are files of their own (cli/writers/html/),
// embedded at build time by cmake/embed.cmake as NUL-terminated bytes.

namespace lincheck::cli {

extern const unsigned char kHtmlStyle[];   // cli/writers/html/report.css
extern const unsigned char kHtmlScript[];  // cli/writers/html/report.js

inline const char* html_text(const unsigned char* bytes) { return reinterpret_cast<const char*>(bytes); }

inline constexpr const char* kHtmlHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";

}  // namespace lincheck::cli
