// Conversions between the store's value bytes and Cap'n Proto messages. Private to graph/.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/array.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace dossier::codec {

inline std::string toBytes(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// RocksDB hands out values at arbitrary alignment and capnp rejects unaligned buffers: the bytes
// are copied into word-aligned memory owned by this reader.
class AlignedReader {
 public:
  explicit AlignedReader(std::string_view bytes)
      : words_(kj::heapArray<capnp::word>((bytes.size() + sizeof(capnp::word) - 1) /
                                          sizeof(capnp::word))) {
    if (!bytes.empty()) std::memcpy(words_.begin(), bytes.data(), bytes.size());
    capnp::ReaderOptions options;
    options.traversalLimitInWords = 1ull << 30;
    reader_.emplace(words_.asPtr(), options);
  }
  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
  }

 private:
  kj::Array<capnp::word> words_;
  std::optional<capnp::FlatArrayMessageReader> reader_;
};

inline std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

}  // namespace dossier::codec
