#pragma once
// The retention rule of the kept resume files (RESUME_RETENTION_DAYS): which
// candidates' files are due, and what their record says once the file is gone.
// Pure: the janitor deletes the file (FileStorage::remove), then stages the
// decision inside one transaction on the re-read user document, so janitors of
// several instances racing for the same candidate are harmless.
#include <optional>
#include <string>
#include <vector>

#include "core/store/document_store.hpp"

namespace interview::storage {

inline const std::string kRetentionReason = "retention";

// Files of candidates created before this are due: now - days; nullopt when
// days <= 0 (files are kept forever).
std::optional<store::TimePoint> retention_cutoff(store::TimePoint now, int retention_days);

// users where resume_kept == true and created_at < cutoff order by created_at
// take `limit` (on Firestore: the composite index resume_kept ASC,
// created_at ASC that scripts/setup-gcp creates). Documents of the old backend
// have no resume_kept and are not returned. With `from`, also created_at >=
// from (the same index): where this janitor's last pass ended, so a pass does
// not walk again through every candidate whose file is long gone (the embedded
// store evaluates resume_kept per document in the created_at range).
store::Query resume_retention_query(store::TimePoint cutoff, int limit,
                                    std::optional<store::TimePoint> from = std::nullopt);

// One candidate of a pass: its created_at and whether the pass is done with it
// (file deleted and recorded, or found not due on the re-read).
struct RetentionOutcome {
  store::TimePoint created_at;
  bool done = false;
};

// Where the next pass starts (its `from`), after a pass over `batch` (in the
// query's order) that asked for `limit` candidates below `cutoff`: the oldest
// candidate not done (it is tried again); else, when the batch was full, the
// last one's created_at (more may follow, ties included); else the cutoff
// (nothing older is due any more: new candidates are created at now).
store::TimePoint next_retention_from(const std::vector<RetentionOutcome>& batch, int limit, store::TimePoint cutoff);

// The file of this user document is due: resume_kept is true, created_at is a
// timestamp strictly before the cutoff, and resume_path is a non-empty string.
bool resume_due(const store::Fields& user, store::TimePoint cutoff);

// The decision on the re-read user document, once `deleted_path` (the path the
// janitor deleted) is gone: when the file is still due and still recorded at
// that path, the merge {resume_path: null, resume_kept: false,
// resume_removed_at: now, resume_removed_reason: "retention"} (the user must
// still exist); otherwise nothing (another janitor was first, or the record changed).
std::optional<store::Write> decide_resume_removal(const store::Document& user, const std::string& deleted_path,
                                                  store::TimePoint cutoff, store::TimePoint now);

}  // namespace interview::storage
