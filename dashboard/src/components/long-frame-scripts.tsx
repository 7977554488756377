import type { LongFrameScriptsAnswer } from '../../../server/src/analytics/queries/long-frame-scripts.ts';
import { Bar } from './bar.tsx';
import { formatCount } from './format.ts';
import { TableHead } from './table-head.tsx';

/** The file name of a script URL (its path's last part), the whole URL kept in a tooltip. */
function shortSource(source: string): string {
  if (!source) return '(no URL: inline or extension script)';
  try {
    const { pathname, host } = new URL(source);
    return pathname.split('/').filter(Boolean).at(-1) ?? host;
  } catch {
    return source;
  }
}

/**
 * Scripts behind long animation frames ranked by their own total run time: frames led, total, p75 and max of the
 * script's run time, the frames' blocking time and where it happened; the bar is the share of the slowest script's total.
 */
export function LongFrameScripts({ data }: { data: LongFrameScriptsAnswer }) {
  const most = data.scripts[0]?.totalMs || 1;
  return (
    <>
      <p class="muted">
        {formatCount(data.frames)} frames over 50 ms from {formatCount(data.scriptCount)} scripts
        {data.scriptCount > data.scripts.length ? `; the ${data.scripts.length} that ran longest` : ''}. Each frame
        counts for the script that ran longest in it, with that script's own run time (the frame's blocking time beside
        it).
      </p>
      <table class="data long-frames">
        <caption class="sr-only">Scripts behind long animation frames, by their total run time</caption>
        <TableHead columns={['Script', 'Invoker', 'Frames', 'Total', 'p75', 'Max', 'Blocking', 'Routes', '']} />
        <tbody>
          {data.scripts.map((script) => (
            <tr
              key={`${script.source} ${script.function} ${script.invoker}`}
              data-script={`${script.source} ${script.function}`.trim()}
            >
              <td class="script" title={script.source || undefined}>
                <code>{shortSource(script.source)}</code>
                {script.function ? <> {script.function}()</> : null}
              </td>
              <td class="list">{script.invoker || '–'}</td>
              <td data-figure="frames">{formatCount(script.frames)}</td>
              <td data-figure="total">{formatCount(script.totalMs)} ms</td>
              <td data-figure="p75">{formatCount(script.p75Ms)} ms</td>
              <td data-figure="max">{formatCount(script.maxMs)} ms</td>
              <td>{formatCount(script.blockingMs)} ms</td>
              <td class="list">{script.routes.join(', ') || '–'}</td>
              <td class="bar-cell">
                <Bar share={script.totalMs / most} tone="warn" label={`${formatCount(script.totalMs)} ms in total`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
