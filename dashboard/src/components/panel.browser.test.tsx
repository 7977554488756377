import { render } from 'preact';
import { afterEach, expect, it, vi } from 'vitest';
import type { ApiState } from '../use-api.ts';
import { Panel } from './panel.tsx';

const ok = (data: { rows: unknown[] }): ApiState<{ rows: unknown[] }> => ({ status: 'ok', data });

/** A row as a panel might draw it, trusting a shape the stored data does not have. */
function Rows({ rows }: { rows: unknown[] }) {
  return (
    <ul>
      {rows.map((row) => (
        <li key={String(row)}>{(row as { name: { toUpperCase(): string } }).name.toUpperCase()}</li>
      ))}
    </ul>
  );
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

it('shows a panel whose content throws as failed, keeps its neighbours, and draws again with the next answer', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const root = document.createElement('div');
  document.body.append(root);
  const page = (first: ApiState<{ rows: unknown[] }>) => (
    <>
      <Panel title="Odd rows" state={first}>
        {(data) => <Rows rows={data.rows} />}
      </Panel>
      <Panel title="Neighbour" state={ok({ rows: [] })}>
        {() => <p>still here</p>}
      </Panel>
    </>
  );
  render(page(ok({ rows: [{ name: null }] })), root);
  await vi.waitFor(() =>
    expect(root.querySelector('[aria-label="Odd rows"]')?.getAttribute('data-state')).toBe('error'),
  );
  expect(root.querySelector('[aria-label="Odd rows"] [role="alert"]')?.textContent).toMatch(
    /This panel could not be drawn: .*toUpperCase/,
  );
  expect(root.querySelector('[aria-label="Neighbour"]')?.textContent).toContain('still here');
  render(page(ok({ rows: [{ name: 'acme' }] })), root);
  await vi.waitFor(() => expect(root.querySelector('[aria-label="Odd rows"]')?.textContent).toContain('ACME'));
  expect(root.querySelector('[aria-label="Odd rows"]')?.getAttribute('data-state')).toBe('ready');
});
