// The heap of a query process. A query allocates a few megabytes, reads its answer and exits;
// on virtual machines each first touch of a 4 KiB page is a fault costing tens of
// microseconds, and a cold query took over a thousand of them. Private to tools/dossier.
#pragma once

#include <cstddef>

namespace dossier {

// Reserves `bytes` of heap (address space only: nothing is touched) backed by transparent huge
// pages where the system allows them (THP "madvise" or "always"), so that the allocations of
// the rest of the process fault in 2 MiB at a time. Large blocks come from this heap too, and
// freed memory stays in it. Call once, early, in a process that runs one query; a no-op when
// the system refuses (the heap then works as before).
void reserveQueryHeap(size_t bytes);

}  // namespace dossier
