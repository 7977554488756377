import { expect, it } from 'vitest';
import { feedbackMigrations } from '../feedback/migrations.ts';
import { runMigrations } from '../storage/migrations.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import { createDeliveryLog } from './delivery-log.ts';
import { outboundMigrations } from './migrations.ts';
import { DELIVERY_FAILED } from './outbound-client.ts';

forEachTestDatabase('the outbound delivery log', (open) => {
  it('takes over the old webhook log, generic texts for failures without an answer, then logs every kind', async () => {
    const db = await open();
    try {
      await runMigrations(db, feedbackMigrations);
      await db.run(
        "INSERT INTO webhook_deliveries (report_id, attempt, at, webhook, ok, status, error) VALUES ('r1', 1, 10, 'http://10.0.0.5:6379/', 0, NULL, 'connect ECONNREFUSED 10.0.0.5:6379')",
      );
      await db.run(
        "INSERT INTO webhook_deliveries (report_id, attempt, at, webhook, ok, status, error) VALUES ('r1', 2, 20, 'http://10.0.0.5:6379/', 0, 503, 'HTTP 503')",
      );
      await runMigrations(db, [...feedbackMigrations, ...outboundMigrations]);

      const log = createDeliveryLog(db);
      expect(await log.attempts('bug-report', 'r1')).toEqual([
        {
          kind: 'bug-report',
          subjectId: 'r1',
          url: 'http://10.0.0.5:6379/',
          attempt: 1,
          at: 10,
          ok: false,
          error: DELIVERY_FAILED,
        },
        {
          kind: 'bug-report',
          subjectId: 'r1',
          url: 'http://10.0.0.5:6379/',
          attempt: 2,
          at: 20,
          ok: false,
          status: 503,
          error: 'HTTP 503',
        },
      ]);

      const alert = {
        kind: 'alert',
        subjectId: 'r1',
        url: 'https://hooks.example/a',
        attempt: 1,
        at: 30,
        ok: true,
        status: 200,
      };
      await log.record(alert);
      await log.record({ ...alert, ok: false, status: 500 });
      expect(await log.attempts('alert', 'r1')).toEqual([alert]);
      expect(await log.attempts('bug-report', 'r1')).toHaveLength(2);
      await expect(db.get('SELECT 1 FROM webhook_deliveries')).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
