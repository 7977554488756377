import { useState } from 'preact/hooks';
import { follow } from '../app.tsx';
import { formatTime } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { EventPage } from '../../../server/src/storage/types.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { navigate, pageHref, withParams } from '../use-location.ts';

/**
 * Sessions: find one by session id or user id, read its timeline oldest first and play its replay (the replay
 * frame, framed from this origin), or pick one of the latest sessions with a replay.
 */
export function SessionsPage({ location, range }: PageProps) {
  const session = location.params.get('session') ?? '';
  const user = location.params.get('user') ?? '';
  return (
    <div class="grid">
      <FindSession session={session} user={user} />
      {session ? (
        <SessionView sessionId={session} />
      ) : user ? (
        <UserSessions userId={user} range={range} />
      ) : (
        <RecentReplays />
      )}
    </div>
  );
}

function FindSession({ session, user }: { session: string; user: string }) {
  const [kind, setKind] = useState(user ? 'user' : 'session');
  const [text, setText] = useState(session || user);
  return (
    <form
      class="panel wide inline-form"
      role="search"
      aria-label="Find a session"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(
          withParams({
            session: kind === 'session' ? text.trim() : undefined,
            user: kind === 'user' ? text.trim() : undefined,
          }),
        );
      }}
    >
      <label for="find-kind">Find by</label>
      <select id="find-kind" value={kind} onChange={(event) => setKind(event.currentTarget.value)}>
        <option value="session">session id</option>
        <option value="user">user id</option>
      </select>
      <label for="find-text" class="sr-only">
        Id
      </label>
      <input id="find-text" value={text} required onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit" class="primary">
        Find
      </button>
      <p class="muted">
        Anonymous ids: open any event of that visitor and follow its session id (the API filters events by session and
        user id).
      </p>
    </form>
  );
}

function SessionView({ sessionId }: { sessionId: string }) {
  const timeline = useApi<EventPage>(`/sessions/${encodeURIComponent(sessionId)}/timeline`, { limit: 500 });
  return (
    <>
      <section class="panel wide" aria-label="Replay">
        <h2>Replay</h2>
        <iframe
          class="replay-frame"
          title={`Replay of session ${sessionId}`}
          src={`/dashboard/replay.html?session=${encodeURIComponent(sessionId)}`}
        />
      </section>
      <Panel
        title={`Timeline of ${sessionId}`}
        state={timeline}
        wide
        isEmpty={(data) => data.events.length === 0}
        empty="No events stored for this session id: check the id (the widget's session id, a UUID)."
      >
        {(data) => (
          <ol class="timeline">
            {data.events.map((event) => (
              <li key={event.id} data-type={event.type}>
                <span class="muted">{formatTime(event.correctedTs)}</span> <strong>{event.type}</strong>{' '}
                {event.name ?? ''} {event.page?.path ? <span class="muted">on {event.page.path}</span> : null}
              </li>
            ))}
            {data.nextCursor ? <li class="muted">…the first 500 events are shown.</li> : null}
          </ol>
        )}
      </Panel>
    </>
  );
}

function UserSessions({ userId, range }: { userId: string; range: PageProps['range'] }) {
  const events = useApi<EventPage>('/analytics/events', {
    userId,
    since: range.since,
    until: range.until,
    limit: 1000,
  });
  return (
    <Panel
      title={`Sessions of user ${userId}`}
      state={events}
      wide
      isEmpty={(data) => data.events.length === 0}
      empty="No events from this user id in this range: check the id or widen the range."
    >
      {(data) => {
        const sessions = new Map<string, number>();
        for (const event of data.events as unknown as { sessionId: string; correctedTs: number }[])
          sessions.set(event.sessionId, Math.max(sessions.get(event.sessionId) ?? 0, event.correctedTs));
        return (
          <ul class="plain">
            {[...sessions.entries()].map(([id, last]) => (
              <li key={id}>
                <a href={pageHref('sessions', { session: id })} onClick={follow}>
                  {id}
                </a>{' '}
                <span class="muted">last event {formatTime(last)}</span>
              </li>
            ))}
          </ul>
        );
      }}
    </Panel>
  );
}

function RecentReplays() {
  const replays = useApi<{ sessions: { sessionId: string; firstAt: number; lastAt: number; chunks: number }[] }>(
    '/replay/sessions',
    { limit: 20 },
  );
  return (
    <Panel
      title="Latest sessions with a replay"
      state={replays}
      wide
      isEmpty={(data) => data.sessions.length === 0}
      empty="No replay recorded yet: turn on replay in the widget, then use a CRM page."
    >
      {(data) => (
        <ul class="plain">
          {data.sessions.map((session) => (
            <li key={session.sessionId}>
              <a href={pageHref('sessions', { session: session.sessionId })} onClick={follow}>
                {session.sessionId}
              </a>{' '}
              <span class="muted">
                {formatTime(session.firstAt)} to {formatTime(session.lastAt)} · {session.chunks} chunks
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
