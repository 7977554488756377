import type Database from 'better-sqlite3';
import type { SqlDatabase, SqlValue } from './sql-database.ts';

/**
 * The operations on a connection, run straight away (what a transaction's work gets), each SQL text prepared once
 * and its statement kept for the connection's life.
 */
export function directSqliteOperations(db: Database.Database): SqlDatabase {
  const prepare = preparedOnce(db);
  const direct: SqlDatabase = {
    dialect: 'sqlite',
    async all<Row>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).all(...params) as Row[];
    },
    async get<Row>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).get(...params) as Row | undefined;
    },
    async run(sql, params = []) {
      return { changes: prepare(sql).run(...params).changes };
    },
    async exec(sql) {
      db.exec(sql);
    },
    // Already inside the caller's transaction: nested work joins it.
    async transaction(work) {
      return work(direct);
    },
    async close() {
      db.close();
    },
  };
  return direct;
}

/** Prepares a SQL text on its first use and hands back the same statement after. */
function preparedOnce(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
