import type { SqlDatabase } from '../storage/sql-database.ts';

/** A feature request with its vote count and whether the asking voter has voted. */
export interface RankedFeatureRequest {
  id: string;
  title: string;
  description?: string;
  createdAt: number;
  votes: number;
  voted: boolean;
  status: FeatureRequestStatus;
}

/** What staff decided about a feature request. */
export const FEATURE_REQUEST_STATUSES = ['open', 'planned', 'in-progress', 'done', 'declined'] as const;
export type FeatureRequestStatus = (typeof FEATURE_REQUEST_STATUSES)[number];

/** A feature request as submitted, by a signed-in user or an anonymous visitor. */
interface NewFeatureRequest {
  id: string;
  title: string;
  description?: string;
  userId?: string;
  anonymousId?: string;
  createdAt: number;
}

/** Storage of feature requests and their votes. */
export interface FeatureRequestRepository {
  addFeatureRequest(request: NewFeatureRequest): Promise<boolean>;
  /** Records a vote; false when this voter had already voted for it. Throws RangeError for an unknown request. */
  vote(requestId: string, voterId: string, at: number): Promise<boolean>;
  rankedFeatureRequests(voterId: string | undefined, limit: number): Promise<RankedFeatureRequest[]>;
  /** Sets a request's status; false when there is no such request. */
  setFeatureRequestStatus(id: string, status: FeatureRequestStatus): Promise<boolean>;
}

/** The feature requests and votes over the shared SQL seam. */
export function createFeatureRequestRepository(db: SqlDatabase): FeatureRequestRepository {
  return {
    async addFeatureRequest(request) {
      return db.transaction((tx) => insertFeatureRequest(tx, request));
    },
    async vote(requestId, voterId, at) {
      const exists = await db.get<{ id: string }>('SELECT id FROM feature_requests WHERE id = ?', [requestId]);
      if (!exists) throw new RangeError(`no feature request ${requestId}`);
      const { changes } = await insertVote(db, requestId, voterId, at);
      return changes > 0;
    },
    async rankedFeatureRequests(voterId, limit) {
      return rankFeatureRequests(db, voterId, limit);
    },
    async setFeatureRequestStatus(id, status) {
      const { changes } = await db.run('UPDATE feature_requests SET status = ? WHERE id = ?', [status, id]);
      return changes > 0;
    },
  };
}

/** Inserts a request and its author's vote; run inside a transaction so both land together. */
async function insertFeatureRequest(tx: SqlDatabase, request: NewFeatureRequest): Promise<boolean> {
  const { changes } = await tx.run(
    `INSERT INTO feature_requests (id, title, description, user_id, anonymous_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [
      request.id,
      request.title,
      request.description ?? null,
      request.userId ?? null,
      request.anonymousId ?? null,
      request.createdAt,
    ],
  );
  const author = request.userId ?? request.anonymousId;
  // The author wants it: their vote counts from the start.
  if (changes && author) await insertVote(tx, request.id, author, request.createdAt);
  return changes > 0;
}

/** One voter's vote for a request; changes nothing when they had already voted for it. */
function insertVote(db: SqlDatabase, requestId: string, voterId: string, at: number): Promise<{ changes: number }> {
  return db.run(
    'INSERT INTO feature_votes (request_id, voter_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [requestId, voterId, at],
  );
}

interface RankedFeatureRequestRow {
  id: string;
  title: string;
  description: string | null;
  created_at: number;
  status: FeatureRequestStatus;
  votes: number;
  voted: number;
}

/** Requests with the most votes first (oldest first among equals), each saying whether `voterId` voted. */
async function rankFeatureRequests(
  db: SqlDatabase,
  voterId: string | undefined,
  limit: number,
): Promise<RankedFeatureRequest[]> {
  const rows = await db.all<RankedFeatureRequestRow>(
    `SELECT r.id, r.title, r.description, r.created_at, r.status,
            COUNT(v.voter_id) AS votes,
            SUM(CASE WHEN v.voter_id = ? THEN 1 ELSE 0 END) AS voted
       FROM feature_requests r LEFT JOIN feature_votes v ON v.request_id = r.id
      GROUP BY r.id, r.title, r.description, r.created_at, r.status
      ORDER BY votes DESC, r.created_at ASC, r.id ASC
      LIMIT ?`,
    [voterId ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    ...(row.description === null ? {} : { description: row.description }),
    createdAt: Number(row.created_at),
    votes: Number(row.votes),
    voted: Number(row.voted ?? 0) > 0,
    status: row.status,
  }));
}
