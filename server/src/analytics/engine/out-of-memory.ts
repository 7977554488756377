/**
 * Whether DuckDB failed for want of memory under its `memory_limit` (its "Out of Memory Error", or a block it could
 * not pin or allocate: https://duckdb.org/docs/stable/guides/performance/how_to_tune_workloads). Such a failure is
 * about the moment (a fold and a heavy read at once), not about the data: worth a retry, never a reason to skip rows.
 */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Out of Memory Error|failed to pin block|could not allocate block/i.test(message);
}
