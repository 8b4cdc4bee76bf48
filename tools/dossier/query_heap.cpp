#include "tools/dossier/query_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace dossier {

void reserveQueryHeap(size_t bytes) {
  // Blocks of any size from the heap (not separate mappings of 4 KiB pages), the heap grown by
  // `bytes` at once and never trimmed.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * bytes));
  mallopt(M_TOP_PAD, static_cast<int>(bytes));
  // A block larger than what the heap has left grows it, by the pad as well.
  void* probe = std::malloc(bytes / 2);
  if (probe == nullptr) return;
  constexpr uintptr_t kHuge = 2 << 20;
  const uintptr_t from = (reinterpret_cast<uintptr_t>(probe) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t to = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(kHuge - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
  std::free(probe);
}

}  // namespace dossier
