import type { OverrideKeyPair } from '../../../shared/override-token.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** The signing key pair stored on `db`, storing `create()`'s when there is none (the first server to store wins). */
export async function storedSigningKey(
  db: SqlDatabase,
  create: () => Promise<OverrideKeyPair>,
  now: number,
): Promise<OverrideKeyPair> {
  const read = () =>
    db.get<{ public_jwk: string; private_jwk: string }>(
      'SELECT public_jwk, private_jwk FROM flag_signing_keys WHERE id = ?',
      ['override-token'],
    );
  let row = await read();
  if (!row) {
    const pair = await create();
    await db.run(
      'INSERT INTO flag_signing_keys (id, public_jwk, private_jwk, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ['override-token', JSON.stringify(pair.publicKey), JSON.stringify(pair.privateKey), now],
    );
    row = await read();
  }
  return {
    publicKey: JSON.parse(row!.public_jwk) as JsonWebKey,
    privateKey: JSON.parse(row!.private_jwk) as JsonWebKey,
  };
}
