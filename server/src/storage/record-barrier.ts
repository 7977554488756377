/**
 * The commit-safe barrier of PostgreSQL's `events.seq`. A sequence hands out values before commit, so a
 * transaction holding seq 7 may commit after another one committed seq 8; a reader that took "everything up to
 * the highest committed seq" would then skip 7 forever. So every transaction that inserts events first takes
 * this advisory lock shared (`pg_advisory_xact_lock_shared(RECORD_BARRIER_LOCK, hashtext(current_schema()))`),
 * and a reader takes it exclusive for an instant: once it has it, no insert is in flight, so every seq the
 * sequence has handed out so far is committed or rolled back, and that value is a barrier nothing will ever
 * commit below. The second key is the schema, so schemas sharing a database do not wait for each other.
 */
export const RECORD_BARRIER_LOCK = 7263020;
