#pragma once
// StoreCounters as atomics, for store implementations: store calls happen on
// many threads at once.
#include <atomic>
#include <cstdint>

#include "core/store/document_store.hpp"

namespace interview::store {

struct AtomicStoreCounters {
  std::atomic<std::int64_t> gets{0}, queries{0}, counts{0}, commits{0}, writes{0};
  std::atomic<std::int64_t> transactions{0}, retries{0}, errors{0};

  StoreCounters snapshot() const {  // in StoreCounters' field order
    return {gets, queries, counts, commits, writes, transactions, retries, errors};
  }
};

}  // namespace interview::store
