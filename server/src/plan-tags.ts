import { checkEvent } from '../../shared/tracking-plan/check-event.ts';
import type { TrackingPlan } from '../../shared/tracking-plan/plan-types.ts';
import type { InsightEvent } from '../../shared/protocol.ts';

/** The tag a `track` event gets when it breaks the tracking plan. */
export const OFF_PLAN = 'off-plan';

/**
 * The event's tags with `off-plan` added when it is a `track` event that breaks `plan`: the API is where the plan is
 * enforced, for every client alike (script tag, npm build, or a plain HTTP call). Off-plan events are still stored.
 */
export function planTags(
  event: Pick<InsightEvent, 'type' | 'name' | 'props' | 'tags'>,
  plan: TrackingPlan | false,
): string[] | undefined {
  if (!plan || event.type !== 'track' || event.tags?.includes(OFF_PLAN)) return event.tags;
  return checkEvent(plan, event.name ?? '', event.props ?? {}).length ? [...(event.tags ?? []), OFF_PLAN] : event.tags;
}
