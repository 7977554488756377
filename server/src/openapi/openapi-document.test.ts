import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';
import { openApiDocument, openApiPath } from './openapi-document.ts';

describe('the OpenAPI document', () => {
  let dir: string;
  let storage: Storage;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-openapi-'));
    storage = await openStorage({ dataDir: dir });
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every route handler the app registers (middleware and the catch-all 404 are `ALL` routes), as `GET /api/x/{id}`. */
  const appRoutes = () => {
    const app = createApp({ storage, writeKey: 'w', readKey: 'r', metricsToken: 'm' });
    return new Set(
      app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${openApiPath(route.path)}`),
    );
  };

  it('lists every route of the app, and nothing the app does not serve', () => {
    const document = openApiDocument();
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const routes = appRoutes();
    expect(routes.size).toBeGreaterThan(60);
    expect([...routes].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !routes.has(route))).toEqual([]);
  });

  it('is valid OpenAPI 3.1 (structure, references, path parameters, unique operation ids)', async () => {
    const document = structuredClone(openApiDocument('1.2.3')) as unknown as Parameters<typeof validate>[0];
    const result = await validate(document);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('gives every operation a success response with a schema, and the JSON error shape for its errors', () => {
    for (const [path, item] of Object.entries(openApiDocument().paths))
      for (const [method, operation] of Object.entries(item)) {
        const responses = operation.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
        const success = Object.keys(responses).filter((status) => status.startsWith('2'));
        expect(success.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const status of success)
          if (status !== '204')
            expect(
              Object.values(responses[status]!.content ?? {})[0]?.schema,
              `${method} ${path} ${status}`,
            ).toBeDefined();
        for (const status of Object.keys(responses).filter((status) => Number(status) >= 400))
          expect(responses[status]!.content?.['application/json']?.schema).toEqual({
            $ref: '#/components/schemas/Error',
          });
      }
  });
});
