// The owner file: which process has a store open for writing.
//
// RocksDB's LOCK file (an flock) is what keeps a second writer out; it says
// nothing about who holds it. So a writable open also writes its process id
// into `kg.owner` inside the store directory, and a refused writer reads it
// to name the holder: "store kg.db is locked by process 4242". The file is
// only ever read for that message. A stale one, left by a killed process, is
// overwritten by the next writer and never blocks an open. RocksDB ignores
// files whose names it does not know, so the file does not disturb it.
#pragma once

#include <optional>
#include <string>

#include "graph/status.h"

namespace kg::graph::store_owner {

inline constexpr char kOwnerFileName[] = "kg.owner";

// Writes this process's id into DIR/kg.owner, replacing the file at once (a
// reader sees the old content or the new, never a part). Call it only while
// holding the store's lock. Errors: IOError naming the file.
Status WriteOwner(const std::string& dir);

// Removes DIR/kg.owner if it names this process; call it before releasing
// the lock, so that it never removes the next writer's file.
void RemoveOwner(const std::string& dir);

// The process id DIR/kg.owner names, if the file is readable, well formed
// and names a process that is alive; nullopt otherwise.
std::optional<long> ReadOwner(const std::string& dir);

// "store PATH is locked by process N", or "... by another process" when
// ReadOwner cannot tell which.
std::string LockedMessage(const std::string& path);

}  // namespace kg::graph::store_owner
