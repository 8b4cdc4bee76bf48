#include "tools/dossier/huge_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>

namespace dossier {

void reserveHugePageHeap(size_t bytes, bool oneArena) {
  auto clamp = [](size_t n) { return static_cast<int>(std::min<size_t>(n, INT_MAX)); };
  if (oneArena) mallopt(M_ARENA_MAX, 1);
  // Blocks up to 32 MiB (the largest threshold glibc accepts) from the heap rather than from
  // mappings of their own; the heap grown by `bytes` at once and never trimmed.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, clamp(2 * bytes));
  mallopt(M_TOP_PAD, clamp(bytes));
  // A block larger than what the heap has left grows it, by the pad as well.
  void* probe = std::malloc(1 << 20);
  if (probe == nullptr) return;
  constexpr uintptr_t kHuge = 2 << 20;
  const uintptr_t from = (reinterpret_cast<uintptr_t>(probe) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t to = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(kHuge - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
  std::free(probe);
}

}  // namespace dossier
