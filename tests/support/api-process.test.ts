import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLineOfError } from '../bench/format.ts';
import { startApiOnDataDir, startApiProcess } from './api-process.ts';

// A stand-in for the built server: a Node process that prints the server's "listening on" line and stays up, so the
// starter is tested without a build.
const LISTENING = `console.log('crm-insights API listening on http://127.0.0.1:4999/api (storage: none)')`;
const STAY_UP = 'setInterval(() => {}, 1000)';
const standIn = (script: string) => ({ command: [process.execPath, '-e', script] });

describe('startApiProcess', () => {
  it('reads the origin from the line the server prints, and stops it with SIGTERM', async () => {
    const server = await startApiProcess({}, standIn(`${LISTENING}; ${STAY_UP}`));
    expect(server.origin).toBe('http://127.0.0.1:4999');
    await server.stop();
    expect(server.child.signalCode).toBe('SIGTERM');
  });

  it('stops a process that a signal already ended', async () => {
    const server = await startApiProcess({}, standIn(`${LISTENING}; ${STAY_UP}`));
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');
    await server.stop();
    expect(server.child.signalCode).toBe('SIGKILL');
  });

  it("says why a server refused to start on the error's first line", async () => {
    const refusing = standIn(
      `console.error('starting'); console.error('DATABASE_URL: connection refused'); process.exit(1)`,
    );
    const error = await startApiProcess({}, refusing).catch((reason: unknown) => reason);
    expect(firstLineOfError(error)).toBe(
      'the API process exited (1) before listening: starting DATABASE_URL: connection refused',
    );
  });

  it('gives up after the time allowed, with what the process printed, and ends it', async () => {
    const silent = standIn(`console.log('migrating in ' + process.pid); ${STAY_UP}`);
    const error = await startApiProcess({}, { ...silent, timeoutMs: 1000 }).catch((reason: unknown) => reason);
    expect(firstLineOfError(error)).toMatch(/^the API process did not start within 1 s: migrating in \d+$/);
    const pid = Number(/migrating in (\d+)/.exec(firstLineOfError(error))![1]);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('passes the environment, leaves out what is set to undefined, and opens an IPC channel when asked', async () => {
    process.env.API_PROCESS_TEST_UNSET = 'inherited';
    const reply = `process.on('message', () => process.send({ given: process.env.GIVEN, unset: process.env.API_PROCESS_TEST_UNSET ?? null }))`;
    const server = await startApiProcess(
      { GIVEN: 'yes', API_PROCESS_TEST_UNSET: undefined },
      { ...standIn(`${LISTENING}; ${reply}`), ipc: true },
    );
    delete process.env.API_PROCESS_TEST_UNSET;
    server.child.send('env?');
    const [message] = await once(server.child, 'message');
    await server.stop();
    expect(message).toEqual({ given: 'yes', unset: null });
  });
});

describe('startApiOnDataDir', () => {
  it('runs on a fresh folder that stop removes', async () => {
    const server = await startApiOnDataDir('test', {}, standIn(`${LISTENING}; ${STAY_UP}`));
    expect(existsSync(server.dataDir)).toBe(true);
    await server.stop();
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it('keeps the folder it is given, and names it in DATA_DIR', async () => {
    const kept = mkdtempSync(join(tmpdir(), 'crm-insights-kept-'));
    const reply = `process.on('message', () => process.send(process.env.DATA_DIR))`;
    const server = await startApiOnDataDir(
      'test',
      {},
      { ...standIn(`${LISTENING}; ${reply}`), ipc: true, dataDir: kept },
    );
    server.child.send('where?');
    const [dataDir] = await once(server.child, 'message');
    await server.stop();
    expect([dataDir, existsSync(kept)]).toEqual([kept, true]);
    rmSync(kept, { recursive: true });
  });
});
