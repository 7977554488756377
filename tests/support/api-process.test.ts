import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startApiProcess } from './api-process.ts';

// A stand-in for the built server: a Node process that prints the server's "listening on" line and stays up, so the
// starter is tested without a build.
const LISTENING = `console.log('crm-insights API listening on http://127.0.0.1:4999/api (storage: none)')`;
const standIn = (script: string) => [process.execPath, '-e', script];

describe('startApiProcess', () => {
  it('stops a process that a signal already ended', async () => {
    const server = await startApiProcess({}, 10_000, standIn(`${LISTENING}; setInterval(() => {}, 1000)`));
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');
    await server.stop();
    expect(server.child.signalCode).toBe('SIGKILL');
  });
});
