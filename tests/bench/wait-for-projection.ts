import { READ_KEY } from './server-process.ts';

/** How long the bench waited for the analytics projection to hold every stored event, or why it could not. */
export interface ProjectionWait {
  waitedSeconds?: number;
  status?: unknown;
  skipped?: string;
}

/**
 * Waits until the analytics engine's projection has every stored event (its status route), or says why it could not;
 * with `rollups`, also until the rollups have folded them in (the overview reads the rollups).
 */
export async function waitForProjection(
  origin: string,
  path: string,
  { rollups = false }: { rollups?: boolean } = {},
): Promise<ProjectionWait> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(origin + path, { headers: { Authorization: `Bearer ${READ_KEY}` } }).catch(
      () => undefined,
    );
    if (!response?.ok)
      return {
        skipped: `no engine status (${response ? `HTTP ${response.status}` : 'no answer'} from ${path}): reads were timed without waiting`,
      };
    const status = (await response.json()) as {
      lagEvents?: number;
      lagMs?: number;
      watermark?: number;
      rollupWatermark?: number;
    };
    const folded = !rollups || status.rollupWatermark === undefined || status.rollupWatermark >= status.watermark!;
    if (folded && (status.lagEvents === 0 || (status.lagEvents === undefined && status.lagMs === 0)))
      return { waitedSeconds: (Date.now() - started) / 1000, status };
    if (Date.now() - started > 3_600_000) return { skipped: 'the projection did not catch up within an hour', status };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
