#pragma once
// Every atom the actors speak, in one list: an atom names what a message asks.
#include <caf/all.hpp>

namespace interview::actors {

// Session coordinator
using join_atom = caf::atom_constant<caf::atom("join")>;
using leave_atom = caf::atom_constant<caf::atom("leave")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
using fill_atom = caf::atom_constant<caf::atom("fill")>;
using begin_atom = caf::atom_constant<caf::atom("begin")>;  // the first /interview/start starts the clock
// Operator controls (the coordinator): an action, the admission settings, the audit log
using admin_atom = caf::atom_constant<caf::atom("admin")>;
using admission_atom = caf::atom_constant<caf::atom("admission")>;
using audit_atom = caf::atom_constant<caf::atom("audit")>;
// User directory
using status_atom = caf::atom_constant<caf::atom("status")>;
using create_atom = caf::atom_constant<caf::atom("create")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using storage_ping_atom = caf::atom_constant<caf::atom("stping")>;
using swot_read_atom = caf::atom_constant<caf::atom("swot_read")>;
using dead_letter_atom = caf::atom_constant<caf::atom("deadletter")>;
using slots_atom = caf::atom_constant<caf::atom("slots")>;
using placed_atom = caf::atom_constant<caf::atom("placed")>;  // an idempotent join's answer without a transaction
// The candidate pages (/admin/api/candidates): a page of the list, one record, the kept resume file
using candidates_atom = caf::atom_constant<caf::atom("cand_list")>;
using candidate_atom = caf::atom_constant<caf::atom("cand_read")>;
using resume_file_atom = caf::atom_constant<caf::atom("resume_get")>;
// Janitor
using tick_atom = caf::atom_constant<caf::atom("tick")>;
// Interview registry and actors
using start_atom = caf::atom_constant<caf::atom("start")>;
using respond_atom = caf::atom_constant<caf::atom("respond")>;
using finalize_atom = caf::atom_constant<caf::atom("finalize")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;            // actor -> registry: nothing to do
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;  // registry -> actor: quit now
// Model workers
using opening_atom = caf::atom_constant<caf::atom("opening")>;
using turn_atom = caf::atom_constant<caf::atom("turn")>;
using swot_atom = caf::atom_constant<caf::atom("swot")>;
// Blocking pool
using run_atom = caf::atom_constant<caf::atom("run")>;

}  // namespace interview::actors
