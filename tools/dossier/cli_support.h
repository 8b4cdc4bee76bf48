// Pieces shared by the CLI's commands: a bounded producer/consumer queue and the mapping of
// the project's errors to logged lines and exit codes. Private to tools/dossier.
#pragma once

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "ingest/dictionary.h"
#include "query/events.h"
#include "schema/error.h"

namespace dossier {

// A bounded queue between a thread that reads (and extracts or parses) and one that commits:
// memory stays bounded whatever the input size. Thread-safe for one producer and one consumer.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  // False when the queue was closed by the consumer: the item is dropped.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    notFull_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    notEmpty_.notify_one();
    return true;
  }
  // Empty when the producer has finished and everything was taken.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    notEmpty_.wait(lock, [&] { return !items_.empty() || finished_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    notFull_.notify_one();
    return item;
  }
  // The producer is done.
  void finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    notEmpty_.notify_all();
  }
  // The consumer gives up: a waiting or later push returns false.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    notFull_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable notFull_, notEmpty_;
  std::deque<T> items_;
  size_t capacity_;
  bool finished_ = false, closed_ = false;
};

// Runs a command body and turns the project's errors into a logged line and an exit code:
// a mistake the user can fix (query, dictionary, an option combination the engine refuses) is
// 2, a store failure 1.
template <typename Body>
int reportingErrors(Body&& body) {
  try {
    return body();
  } catch (const QueryError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const DictionaryError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}

}  // namespace dossier
