import { useEffect, useRef, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import { BUG_SEVERITIES, BugReportSchema, validateWith } from '../../shared/protocol.ts';
import type { BugReportInput, BugSeverity } from '../../shared/protocol.ts';
import { requestBugBundle } from '../lib/bug-report-bundle.ts';
import type { BundleLookup } from '../lib/bug-report-bundle.ts';
import type { BugReportRequest, ScreenshotAnswer, SubmitAnswer } from '../lib/bug-report-messages.ts';
import { dragToBox, paintRedacted } from '../lib/screenshot-redaction.ts';
import type { RedactionBox } from '../lib/screenshot-redaction.ts';
import { activeOverrides } from '../lib/override-store.ts';
import { overridesItem } from '../lib/storage-items.ts';
import { useTargetTab } from './use-target-tab.ts';

/**
 * "Report a bug" for support staff: screenshot the inspected tab and black out what must not leave (drag boxes),
 * attach what the widget buffered (replay, errors, failed requests, breadcrumbs, vitals, flags) and the overrides
 * set here, and file it with the staff token. Shows the created report's id.
 */
export function BugReportTab({ api }: { api: WxtBrowser }) {
  const { tabId, origin } = useTargetTab(api);
  const [bundle, setBundle] = useState<BundleLookup | undefined>();
  const [screenshot, setScreenshot] = useState<HTMLImageElement | undefined>();
  const [boxes, setBoxes] = useState<RedactionBox[]>([]);
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<BugSeverity>('medium');
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'error'; message: string } | { kind: 'filed'; id: string; category: string; description: string }>({ kind: 'idle' });
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);

  useEffect(() => {
    if (tabId !== undefined) void requestBugBundle(api, tabId).then(setBundle);
  }, [api, tabId]);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (screenshot && context) paintRedacted(context, screenshot, boxes);
  }, [screenshot, boxes]);

  const send = <T,>(request: BugReportRequest) => api.runtime.sendMessage(request) as Promise<T>;
  const capture = async () => {
    if (tabId === undefined) return;
    setState({ kind: 'busy' });
    const answer = await send<ScreenshotAnswer>({ type: 'capture-screenshot', tabId });
    if (!answer?.ok) return setState({ kind: 'error', message: answer?.error ?? 'The background did not answer.' });
    const image = new Image();
    image.onload = () => {
      setBoxes([]);
      setScreenshot(image);
      setState({ kind: 'idle' });
    };
    image.src = answer.dataUrl;
  };
  const point = (event: PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const scale = () => (screenshot && canvas.current ? screenshot.naturalWidth / canvas.current.getBoundingClientRect().width : 1);

  const submit = async () => {
    setState({ kind: 'busy' });
    // Asked again now, so errors since the tab opened and the replay up to this moment are included.
    const latest = tabId === undefined ? bundle : await requestBugBundle(api, tabId);
    if (latest) setBundle(latest);
    const found = latest?.found ? latest.bundle : undefined;
    const overrides = origin ? activeOverrides(await overridesItem.getValue(), origin, Date.now())?.overrides : undefined;
    const report: BugReportInput = {
      source: 'extension',
      description: description.trim(),
      severity,
      ...found,
      ...(overrides ? { overrides: overrides as BugReportInput['overrides'] } : {}),
      ...(screenshot && canvas.current ? { screenshot: canvas.current.toDataURL('image/png') } : {}),
      missing: [...(found?.missing ?? []), ...(found ? [] : [{ part: 'widget', reason: latest && !latest.found ? latest.reason : 'no tab to ask' }])],
    };
    const valid = validateWith(BugReportSchema, report);
    if (!valid.ok) return setState({ kind: 'error', message: `This report cannot be sent: ${valid.message}` });
    const answer = await send<SubmitAnswer>({ type: 'submit-bug-report', report: valid.value });
    if (!answer?.ok) return setState({ kind: 'error', message: answer?.error ?? 'The background did not answer.' });
    setState({ kind: 'filed', id: answer.id, category: answer.category, description: report.description });
  };

  if (state.kind === 'filed') {
    return (
      <section class="bug-report">
        <p role="status">
          Filed as <code data-testid="bug-report-id">{state.id}</code> (category {state.category}).
        </p>
        <blockquote data-testid="bug-report-description">{state.description}</blockquote>
        <button type="button" onClick={() => (setState({ kind: 'idle' }), setDescription(''), setScreenshot(undefined))}>
          Report another
        </button>
      </section>
    );
  }
  return (
    <form class="bug-report" onSubmit={(event) => (event.preventDefault(), void submit())}>
      <p>
        <button type="button" data-testid="capture-screenshot" disabled={tabId === undefined || state.kind === 'busy'} onClick={() => void capture()}>
          {screenshot ? 'Retake screenshot' : 'Take screenshot'}
        </button>
      </p>
      {screenshot && (
        <figure>
          <canvas
            ref={canvas}
            class="screenshot"
            data-testid="screenshot-canvas"
            width={screenshot.naturalWidth}
            height={screenshot.naturalHeight}
            aria-label={`Screenshot; drag to black out an area. ${boxes.length} area(s) blacked out.`}
            onPointerDown={(event) => (drag.current = point(event))}
            onPointerUp={(event) => {
              const box = drag.current && dragToBox(drag.current, point(event), scale(), { width: screenshot.naturalWidth, height: screenshot.naturalHeight });
              drag.current = undefined;
              if (box) setBoxes([...boxes, box]);
            }}
          />
          <figcaption>
            Drag over anything private to black it out.{' '}
            <button type="button" disabled={!boxes.length} onClick={() => setBoxes(boxes.slice(0, -1))}>
              Undo box
            </button>
          </figcaption>
        </figure>
      )}
      <label>
        What went wrong?
        <textarea data-testid="bug-description" required maxLength={8000} value={description} onInput={(event) => setDescription((event.target as HTMLTextAreaElement).value)} />
      </label>
      <label>
        Severity
        <select data-testid="bug-severity" value={severity} onChange={(event) => setSeverity((event.target as HTMLSelectElement).value as BugSeverity)}>
          {BUG_SEVERITIES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <AttachmentSummary lookup={bundle} />
      {state.kind === 'error' && (
        <p role="alert" class="error">
          {state.message}
        </p>
      )}
      <button type="submit" data-testid="submit-bug-report" disabled={!description.trim() || state.kind === 'busy'}>
        File bug report
      </button>
    </form>
  );
}

/** What will be attached, and what cannot be and why. */
function AttachmentSummary({ lookup }: { lookup: BundleLookup | undefined }) {
  if (!lookup) return <p aria-busy="true">Asking the page for its replay and logs…</p>;
  if (!lookup.found) return <p data-testid="bundle-missing">{lookup.reason}</p>;
  const { bundle } = lookup;
  return (
    <ul data-testid="bundle-summary">
      <li>Session {bundle.sessionId ?? 'unknown'}{bundle.userId ? `, user ${bundle.userId}` : ''}</li>
      {bundle.replayChunks !== undefined && <li>Replay of the last minute uploaded with the session</li>}
      <li>{bundle.errors?.length ?? 0} recent error(s), {bundle.failedRequests?.length ?? 0} failed request(s), {bundle.breadcrumbs?.length ?? 0} breadcrumb(s)</li>
      <li>{bundle.vitals?.length ?? 0} vital(s), {Object.keys(bundle.flags ?? {}).length} flag(s)</li>
      {bundle.missing?.map((part) => (
        <li key={part.part}>
          Not attached: {part.part} ({part.reason})
        </li>
      ))}
    </ul>
  );
}
