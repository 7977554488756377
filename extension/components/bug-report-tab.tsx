import { useEffect, useRef, useState } from 'preact/hooks';
import { BUG_SEVERITIES, BugReportSchema, validateWith } from '../../shared/protocol.ts';
import type { BugReportInput, BugSeverity } from '../../shared/protocol.ts';
import type { Answer, BackgroundRequest, BundleLookup, ContentRequest } from '../lib/messages.ts';
import { activeOverrides } from '../lib/override-store.ts';
import { canScreenshotFromPanel } from '../lib/screenshot-permission.ts';
import { dragToBox, paintRedacted } from '../lib/screenshot-redaction.ts';
import type { RedactionBox } from '../lib/screenshot-redaction.ts';
import { overridesItem } from '../lib/storage-items.ts';
import { MyReports } from './my-reports.tsx';
import { onSubmit } from './on-submit.ts';
import type { TabProps } from './panel-tabs.ts';

type FormState =
  | { kind: 'idle' | 'busy' }
  | { kind: 'error'; message: string }
  | { kind: 'filed'; id: string; category: string; description: string; link: string };

/** Asks the content script of `tabId` for the widget's bundle (validated there: the page could answer anything). */
async function requestBundle(api: TabProps['api'], tabId: number): Promise<BundleLookup> {
  const request: ContentRequest = { type: 'get-bug-bundle' };
  return (
    ((await api.tabs.sendMessage(tabId, request).catch(() => undefined)) as BundleLookup | undefined) ?? {
      found: false,
      reason:
        'crm-insights is not active on this page (add its site in Settings), so nothing from the widget is attached.',
    }
  );
}

/** The screenshot on a canvas: drag to black out an area; what is sent is exactly what is shown. */
function RedactableScreenshot({
  image,
  boxes,
  setBoxes,
  canvas,
}: {
  image: HTMLImageElement;
  boxes: RedactionBox[];
  setBoxes: (boxes: RedactionBox[]) => void;
  canvas: { current: HTMLCanvasElement | null };
}) {
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context) paintRedacted(context, image, boxes);
  }, [canvas, image, boxes]);
  const point = (event: PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const scale = () => (canvas.current ? image.naturalWidth / canvas.current.getBoundingClientRect().width : 1);
  return (
    <figure>
      <canvas
        ref={canvas}
        class="screenshot"
        data-testid="screenshot-canvas"
        width={image.naturalWidth}
        height={image.naturalHeight}
        aria-label={`Screenshot; drag to black out an area. ${boxes.length} area(s) blacked out.`}
        onPointerDown={(event) => (drag.current = point(event))}
        onPointerUp={(event) => {
          const box =
            drag.current &&
            dragToBox(drag.current, point(event), scale(), { width: image.naturalWidth, height: image.naturalHeight });
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
  );
}

/**
 * "Report a bug" for support staff: screenshot the inspected tab and black out what must not leave, attach what
 * the widget buffered and the overrides set here, and file it with the staff credential; then link to the report
 * in the dashboard and list "My reports" with their status.
 */
export function BugReportTab({ api, tabId, origin }: TabProps) {
  const [bundle, setBundle] = useState<BundleLookup | undefined>();
  const [screenshot, setScreenshot] = useState<HTMLImageElement | undefined>();
  const [boxes, setBoxes] = useState<RedactionBox[]>([]);
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<BugSeverity>('medium');
  const [state, setState] = useState<FormState>({ kind: 'idle' });
  const [filed, setFiled] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);

  const [fromPanel, setFromPanel] = useState<boolean | undefined>();
  useEffect(() => {
    if (tabId !== undefined) void requestBundle(api, tabId).then(setBundle);
  }, [api, tabId]);
  useEffect(() => void canScreenshotFromPanel(api).then(setFromPanel), [api]);
  const send = <T,>(request: BackgroundRequest) => api.runtime.sendMessage(request) as Promise<Answer<T>>;

  const capture = async () => {
    if (tabId === undefined) return;
    setState({ kind: 'busy' });
    const answer = await send<{ dataUrl: string }>({ type: 'capture-screenshot', tabId });
    if (!answer?.ok) return setState({ kind: 'error', message: answer?.error ?? 'The background did not answer.' });
    const image = new Image();
    image.onload = () => {
      setBoxes([]);
      setScreenshot(image);
      setState({ kind: 'idle' });
    };
    image.src = answer.dataUrl;
  };
  const submit = async () => {
    setState({ kind: 'busy' });
    // Asked again now, so errors since the tab opened and the replay up to this moment are included.
    const latest = tabId === undefined ? bundle : await requestBundle(api, tabId);
    if (latest) setBundle(latest);
    const found = latest?.found ? latest.bundle : undefined;
    const overrides = origin
      ? activeOverrides(await overridesItem.getValue(), origin, Date.now())?.overrides
      : undefined;
    const report: BugReportInput = {
      source: 'extension',
      description: description.trim(),
      severity,
      ...found,
      ...(overrides ? { overrides: overrides as BugReportInput['overrides'] } : {}),
      ...(screenshot && canvas.current ? { screenshot: canvas.current.toDataURL('image/png') } : {}),
      missing: [
        ...(found?.missing ?? []),
        ...(found ? [] : [{ part: 'widget', reason: latest && !latest.found ? latest.reason : 'no tab to ask' }]),
      ],
    };
    const valid = validateWith(BugReportSchema, report);
    if (!valid.ok) return setState({ kind: 'error', message: `This report cannot be sent: ${valid.message}` });
    const answer = await send<{ id: string; category: string; link: string }>({
      type: 'submit-bug-report',
      report: valid.value,
    });
    if (!answer?.ok) return setState({ kind: 'error', message: answer?.error ?? 'The background did not answer.' });
    setFiled(filed + 1);
    setState({
      kind: 'filed',
      id: answer.id,
      category: answer.category,
      description: report.description,
      link: answer.link,
    });
  };

  return (
    <section class="bug-report">
      {state.kind === 'filed' ? (
        <div class="filed" role="status">
          <p>
            Filed as <code data-testid="bug-report-id">{state.id}</code> (category {state.category || 'none'}).{' '}
            <a href={state.link} target="_blank" rel="noreferrer" data-testid="bug-report-link">
              Open in the dashboard
            </a>
          </p>
          <blockquote data-testid="bug-report-description">{state.description}</blockquote>
          <button
            type="button"
            onClick={() => {
              setState({ kind: 'idle' });
              setDescription('');
              setScreenshot(undefined);
            }}
          >
            Report another
          </button>
        </div>
      ) : (
        <form class="stack" onSubmit={onSubmit(submit)}>
          <button
            type="button"
            data-testid="capture-screenshot"
            disabled={tabId === undefined || state.kind === 'busy'}
            onClick={() => void capture()}
          >
            {screenshot ? 'Retake screenshot' : 'Take screenshot'}
          </button>
          {fromPanel === false && !screenshot ? (
            <p class="muted" data-testid="screenshot-hint">
              Chrome screenshots a tab only right after a click on the crm-insights toolbar button there, or with
              Settings → "Screenshots from the panel".
            </p>
          ) : null}
          {screenshot ? (
            <RedactableScreenshot image={screenshot} boxes={boxes} setBoxes={setBoxes} canvas={canvas} />
          ) : null}
          <label>
            What went wrong?
            <textarea
              data-testid="bug-description"
              rows={4}
              required
              maxLength={8000}
              value={description}
              onInput={(event) => setDescription((event.target as HTMLTextAreaElement).value)}
            />
          </label>
          <label>
            Severity
            <select
              data-testid="bug-severity"
              value={severity}
              onChange={(event) => setSeverity((event.target as HTMLSelectElement).value as BugSeverity)}
            >
              {BUG_SEVERITIES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <AttachmentSummary lookup={bundle} />
          {state.kind === 'error' ? (
            <p role="alert" class="error">
              {state.message}
            </p>
          ) : null}
          <button
            type="submit"
            class="primary"
            data-testid="submit-bug-report"
            disabled={!description.trim() || state.kind === 'busy'}
          >
            File bug report
          </button>
        </form>
      )}
      <MyReports api={api} refreshKey={filed} />
    </section>
  );
}

/** What will be attached, and what cannot be and why. */
function AttachmentSummary({ lookup }: { lookup: BundleLookup | undefined }) {
  if (!lookup) return <p aria-busy="true">Asking the page for its replay and logs…</p>;
  if (!lookup.found)
    return (
      <p class="notice" data-testid="bundle-missing">
        {lookup.reason}
      </p>
    );
  const { bundle } = lookup;
  return (
    <ul class="attachments" data-testid="bundle-summary">
      <li>
        Session {bundle.sessionId ?? 'unknown'}
        {bundle.userId ? `, user ${bundle.userId}` : ''}
      </li>
      {bundle.replayChunks !== undefined ? <li>Replay of the last minute uploaded with the session</li> : null}
      <li>
        {bundle.errors?.length ?? 0} recent error(s), {bundle.failedRequests?.length ?? 0} failed request(s),{' '}
        {bundle.breadcrumbs?.length ?? 0} breadcrumb(s)
      </li>
      <li>
        {bundle.vitals?.length ?? 0} vital(s), {Object.keys(bundle.flags ?? {}).length} flag(s)
      </li>
      {bundle.missing?.map((part) => (
        <li key={part.part}>
          Not attached: {part.part} ({part.reason})
        </li>
      ))}
    </ul>
  );
}
