import type { SqlDatabase } from '../storage/sql-database.ts';
import type { AlertRule } from './alert-rule.ts';

/** The stored alert rules, each kept whole as JSON beside its id and source. */
export function createAlertRuleRepository(db: SqlDatabase) {
  return {
    async listRules(): Promise<AlertRule[]> {
      const rows = await db.all<{ body: string }>('SELECT body FROM alert_rules ORDER BY id');
      return rows.map((row) => JSON.parse(row.body) as AlertRule);
    },
    async getRule(id: string): Promise<AlertRule | undefined> {
      const row = await db.get<{ body: string }>('SELECT body FROM alert_rules WHERE id = ?', [id]);
      return row ? (JSON.parse(row.body) as AlertRule) : undefined;
    },
    async saveRule(rule: AlertRule): Promise<void> {
      await db.run(
        `INSERT INTO alert_rules (id, source, body, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE
         SET source = excluded.source, body = excluded.body, updated_at = excluded.updated_at`,
        [rule.id, rule.source, JSON.stringify(rule), rule.updatedAt],
      );
    },
    async deleteRule(id: string): Promise<boolean> {
      return (await db.run('DELETE FROM alert_rules WHERE id = ?', [id])).changes > 0;
    },
  };
}
