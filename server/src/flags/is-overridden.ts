import type { StoredEvent } from '../storage/types.ts';

/**
 * Whether an event was shaped by a staff override: exposures say `props.forced`, and the widget marks every event
 * made while overrides are active with `context.overridden` and the tag `overridden` (`forced` on exposures).
 */
export function isOverridden(event: StoredEvent): boolean {
  const props = (event as { props?: Record<string, unknown> }).props;
  const context = (event as { context?: Record<string, unknown> }).context;
  return (
    props?.forced === true ||
    context?.overridden === true ||
    !!event.tags?.some((tag) => tag === 'overridden' || tag === 'forced')
  );
}
