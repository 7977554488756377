/** One error group as `GET /api/errors/groups` answers it. */
export interface ErrorGroupRow {
  fingerprint: string;
  type: string;
  kind: string;
  message: string;
  count: number;
  users: number;
  sessions: number;
  firstSeen: number;
  lastSeen: number;
  status: 'open' | 'resolved' | 'ignored';
  regressed: boolean;
  frames: { function?: string; file?: string; line?: number; column?: number; inApp: boolean }[];
}
