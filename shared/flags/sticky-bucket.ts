import type { StickyAssignmentDoc, StickyAssignmentDocs } from './types.ts';

/** The key of a sticky doc: `attributeName||attributeValue`, as GrowthBook stores them. */
export function stickyDocKey(attributeName: string, attributeValue: string): string {
  return `${attributeName}||${attributeValue}`;
}

/** The key of one experiment's assignment inside a doc: `experimentKey__bucketVersion`. */
export function stickyExperimentKey(experimentKey: string, bucketVersion = 0): string {
  return `${experimentKey}__${bucketVersion}`;
}

/**
 * The assignments that apply to a user: those stored under the fallback attribute's value, overlaid by those
 * under the hash attribute's value (the hash attribute wins, as in GrowthBook).
 */
export function stickyAssignmentsFor(
  docs: StickyAssignmentDocs,
  hashKey: string,
  fallbackKey: string | undefined,
): Record<string, string> {
  return {
    ...(fallbackKey ? docs[fallbackKey]?.assignments : undefined),
    ...docs[hashKey]?.assignments,
  };
}

/**
 * The stored variation key of an experiment for a user, or whether the user is blocked because they hold an
 * assignment from a bucket version below `minBucketVersion` (they saw a variation that no longer exists).
 */
export function stickyVariation(
  assignments: Record<string, string>,
  experimentKey: string,
  bucketVersion = 0,
  minBucketVersion = 0,
): { variationKey?: string; blocked: boolean } {
  for (let version = 0; version < minBucketVersion; version++) {
    if (assignments[stickyExperimentKey(experimentKey, version)] !== undefined) return { blocked: true };
  }
  return { variationKey: assignments[stickyExperimentKey(experimentKey, bucketVersion)], blocked: false };
}

/**
 * Adds an assignment to the user's doc, pure: returns the new doc and whether it differs from the stored one
 * (only a changed doc needs to be saved).
 */
export function withStickyAssignment(
  docs: StickyAssignmentDocs,
  attributeName: string,
  attributeValue: string,
  assignment: Record<string, string>,
): { doc: StickyAssignmentDoc; changed: boolean } {
  const existing = docs[stickyDocKey(attributeName, attributeValue)]?.assignments ?? {};
  const assignments = { ...existing, ...assignment };
  return {
    doc: { attributeName, attributeValue, assignments },
    changed: JSON.stringify(existing) !== JSON.stringify(assignments),
  };
}
