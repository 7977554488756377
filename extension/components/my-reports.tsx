import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { Answer, BackgroundRequest, MyReport } from '../lib/messages.ts';

/** The reports filed from this extension with their triage status from the API; reloaded after each new report. */
export function MyReports({ api, refreshKey }: { api: WxtBrowser; refreshKey: number }) {
  const [answer, setAnswer] = useState<Answer<{ reports: MyReport[] }> | undefined>();
  const load = () =>
    void (
      api.runtime.sendMessage({ type: 'my-reports' } satisfies BackgroundRequest) as Promise<
        Answer<{ reports: MyReport[] }>
      >
    ).then(setAnswer, (error: unknown) => setAnswer({ ok: false, error: String(error) }));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `refreshKey` (a report was filed) is what asks for a reload.
  useEffect(load, [api, refreshKey]);
  return (
    <section class="my-reports">
      <h2>
        My reports{' '}
        <button type="button" class="link" onClick={load}>
          refresh
        </button>
      </h2>
      {!answer ? (
        <p aria-busy="true">Loading…</p>
      ) : !answer.ok ? (
        <p class="notice">{answer.error}</p>
      ) : !answer.reports.length ? (
        <p class="muted">No reports filed from this extension yet.</p>
      ) : (
        <ul class="cards" data-testid="my-reports">
          {answer.reports.map((report) => (
            <li key={report.id} class="card" data-testid={`my-report-${report.id}`}>
              <div class="card-head">
                <a href={report.link} target="_blank" rel="noreferrer" class="key">
                  {report.description || report.id}
                </a>
                <span class={`badge status-${report.status}`} data-testid="my-report-status">
                  {report.status}
                </span>
              </div>
              <p class="why">Filed {new Date(report.filedAt).toLocaleString()}</p>
              <p class="why">{report.detail}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
