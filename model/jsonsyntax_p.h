#pragma once

// Private to taskline_model: the strict syntax check JsonReader falls back on to name the
// exact problem and place once simdjson has rejected a document. No simdjson in here.

#include "jsonreader.h"

#include <QString>

#include <cstddef>
#include <optional>

namespace Taskline {

/*!
 * The first reason `data` is not valid JSON (NaN, 1e400, a leading zero, a bad escape,
 * invalid UTF-8, a trailing comma, a typographic quote, content after the root value, a
 * truncated document, ...), with its byte offset and path; nullopt when the syntax is valid.
 */
std::optional<JsonError> diagnoseSyntax(const char *data, size_t size);

/*! Up to 24 characters of the token at byte `at`, for "found ..." in messages. */
QString tokenExcerpt(const char *text, size_t size, size_t at);

} // namespace Taskline
