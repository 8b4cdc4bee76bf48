// Private to query/export: a write buffer in front of an ostream, so writers append to a string
// and the stream sees a few large writes. Holds at most about 64 KiB; the stream must outlive it.
#pragma once

#include <ostream>
#include <string>

#include "schema/error.h"

namespace dossier::exporting {

class BufferedOutput {
 public:
  explicit BufferedOutput(std::ostream& out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }
  std::string& text() { return buffer_; }
  // Writes the buffer when it is large; call between records.
  void flushIfFull() {
    if (buffer_.size() >= kFlushAt) flush();
  }
  // Writes the buffer. Throws dossier::Error when the stream has failed.
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_) throw Error("export: write failed (disk full or output closed?)");
  }

 private:
  static constexpr size_t kFlushAt = 64 * 1024;
  std::ostream& out_;
  std::string buffer_;
};

}  // namespace dossier::exporting
