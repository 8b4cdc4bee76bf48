// The heap of a dossier process, backed by transparent huge pages. On virtual machines each
// first touch of a 4 KiB page is a fault costing tens of microseconds: a cold query took over a
// thousand of them, an import of ICEWS18 some 180,000. Private to tools/dossier.
#pragma once

#include <cstddef>

namespace dossier {

// Reserves `bytes` of heap (address space only: nothing is touched) backed by transparent huge
// pages where the system allows them (THP "madvise" or "always"), so that later allocations
// fault in 2 MiB at a time; blocks of up to 32 MiB come from this heap and freed memory stays
// in it. With `oneArena`, threads started afterwards allocate from it too (one allocator lock
// instead of per-thread arenas of 4 KiB pages). Call once, early, before starting threads; the
// heap works as before where the system refuses huge pages.
void reserveHugePageHeap(size_t bytes, bool oneArena = false);

}  // namespace dossier
