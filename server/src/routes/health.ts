import { Hono } from 'hono';
import type { Storage } from '../storage/types.ts';

/** `GET /health`: liveness plus which storage is in use; no key needed, reveals nothing stored. */
export function healthRoutes({ storage, version = 'dev' }: { storage: Storage; version?: string }): Hono {
  return new Hono().get('/health', (context) => context.json({ ok: true, storage: storage.kind, version }));
}
