import type { ErrorGroup } from '../../../server/src/analytics/error-groups.ts';
import type { StackFrame } from '../../../shared/events.ts';

/** One error group as `GET /api/errors/groups` answers it, with its frames typed. */
export type ErrorGroupRow = Omit<ErrorGroup, 'frames'> & { frames: StackFrame[] };
