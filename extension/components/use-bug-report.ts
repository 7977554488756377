import { useEffect, useRef, useState } from 'preact/hooks';
import type { BugSeverity } from '../../shared/protocol.ts';
import type { Answer, BackgroundRequest, BundleLookup, ContentRequest } from '../lib/messages.ts';
import { activeOverrides } from '../lib/override-store.ts';
import { canScreenshotFromPanel } from '../lib/screenshot-permission.ts';
import type { RedactionBox } from '../lib/screenshot-redaction.ts';
import { overridesItem } from '../lib/storage-items.ts';
import { assembleBugReport, fileBugReport } from './file-bug-report.ts';
import type { FormState } from './file-bug-report.ts';
import type { TabProps } from './panel-tabs.ts';

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

/** Opens a data URL as an image and hands it over once loaded, when its natural size is known. */
function loadImage(dataUrl: string, onLoad: (image: HTMLImageElement) => void): void {
  const image = new Image();
  image.onload = () => onLoad(image);
  image.src = dataUrl;
}

/** The tab's screenshot and the boxes blacked out on it, whether the panel may take one unaided, and `capture`. */
function useScreenshot(api: TabProps['api'], tabId: number | undefined, setState: (state: FormState) => void) {
  const [screenshot, setScreenshot] = useState<HTMLImageElement | undefined>();
  const [boxes, setBoxes] = useState<RedactionBox[]>([]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [fromPanel, setFromPanel] = useState<boolean | undefined>();
  useEffect(() => void canScreenshotFromPanel(api).then(setFromPanel), [api]);
  const capture = async () => {
    if (tabId === undefined) return;
    setState({ kind: 'busy' });
    const request: BackgroundRequest = { type: 'capture-screenshot', tabId };
    const answer = (await api.runtime.sendMessage(request)) as Answer<{ dataUrl: string }>;
    if (!answer?.ok) return setState({ kind: 'error', message: answer?.error ?? 'The background did not answer.' });
    loadImage(answer.dataUrl, (image) => {
      setBoxes([]);
      setScreenshot(image);
      setState({ kind: 'idle' });
    });
  };
  // What is sent is the canvas as shown, boxes painted in, never the capture itself.
  const redacted = () => (screenshot && canvas.current ? canvas.current.toDataURL('image/png') : undefined);
  return { screenshot, setScreenshot, boxes, setBoxes, canvas, fromPanel, capture, redacted };
}

/** The bug-report form's data: the page's bundle, the screenshot and its boxes, the fields, and capture/submit. */
export function useBugReport({ api, tabId, origin }: TabProps) {
  const [bundle, setBundle] = useState<BundleLookup | undefined>();
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<BugSeverity>('medium');
  const [state, setState] = useState<FormState>({ kind: 'idle' });
  const [filed, setFiled] = useState(0);
  useEffect(() => {
    if (tabId !== undefined) void requestBundle(api, tabId).then(setBundle);
  }, [api, tabId]);
  const screenshot = useScreenshot(api, tabId, setState);

  const submit = async () => {
    setState({ kind: 'busy' });
    // Asked again now, so errors since the tab opened and the replay up to this moment are included.
    const lookup = tabId === undefined ? bundle : await requestBundle(api, tabId);
    if (lookup) setBundle(lookup);
    const overrides = origin
      ? activeOverrides(await overridesItem.getValue(), origin, Date.now())?.overrides
      : undefined;
    const report = assembleBugReport({ description, severity, lookup, overrides, screenshot: screenshot.redacted() });
    const next = await fileBugReport(api, report);
    if (next.kind === 'filed') setFiled(filed + 1);
    setState(next);
  };
  const reportAnother = () => {
    setState({ kind: 'idle' });
    setDescription('');
    screenshot.setScreenshot(undefined);
  };
  return {
    ...screenshot,
    bundle,
    filed,
    state,
    submit,
    reportAnother,
    description,
    setDescription,
    severity,
    setSeverity,
  };
}

/** The bug-report form's data and actions, as `useBugReport` returns them. */
export type BugReportFormData = ReturnType<typeof useBugReport>;
