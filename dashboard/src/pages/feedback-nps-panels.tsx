import { useState } from 'preact/hooks';
import { Bar } from '../components/bar.tsx';
import { formatTime } from '../components/format.ts';
import type { NpsAnswer } from '../components/nps-figures.tsx';
import { NpsFigures } from '../components/nps-figures.tsx';
import { Panel } from '../components/panel.tsx';
import type { ApiState } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';

/** The NPS panel: the score and its trend, promoters / passives / detractors, and the comments' sentiment. */
export function NpsPanel({ nps, span }: { nps: ApiState<NpsAnswer>; span: { since: number; until: number } }) {
  return (
    <Panel
      title="Net Promoter Score"
      state={nps}
      isEmpty={(data) => data.responses === 0}
      empty="No NPS answers in this range: turn on the NPS survey in the widget, then answer it on a CRM page."
    >
      {(data) => (
        <>
          <NpsFigures nps={data} span={span} />
          <NpsGroups nps={data} />
          <p class="muted">
            Comment sentiment: {data.sentiment.positive} positive, {data.sentiment.neutral} neutral,{' '}
            {data.sentiment.negative} negative
          </p>
        </>
      )}
    </Panel>
  );
}

/** Each NPS group's count and its share of the answers as a bar. */
function NpsGroups({ nps }: { nps: NpsAnswer }) {
  return (
    <dl class="split">
      {(['promoters', 'passives', 'detractors'] as const).map((group) => (
        <div key={group}>
          <dt>{group}</dt>
          <dd data-group={group}>
            {nps[group]}
            <Bar
              share={nps.responses ? nps[group] / nps.responses : 0}
              tone={group === 'promoters' ? 'good' : group === 'passives' ? 'warn' : 'poor'}
              label={`${group}: ${nps[group]} of ${nps.responses}`}
            />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The NPS comments containing `search` (the URL's `q`), with a search box that sets it. */
export function NpsCommentsPanel({ nps, search }: { nps: ApiState<NpsAnswer>; search: string }) {
  return (
    <Panel
      title="NPS comments"
      state={nps}
      isEmpty={(data) => data.comments.length === 0}
      empty="No comments in this range."
      actions={<SearchBox search={search} />}
    >
      {(data) => <NpsComments comments={data.comments} search={search} />}
    </Panel>
  );
}

/** The comments that contain `search`, ignoring case, or a note that none does. */
function NpsComments({ comments, search }: { comments: NpsAnswer['comments']; search: string }) {
  const shown = comments.filter((comment) => comment.comment.toLowerCase().includes(search.toLowerCase()));
  return shown.length ? (
    <ul class="plain comments">
      {shown.map((comment) => (
        <li key={comment.id}>
          <strong>{comment.score}</strong>{' '}
          <span class={`badge ${comment.sentiment.label}`}>{comment.sentiment.label}</span> {comment.comment}{' '}
          <span class="muted">{formatTime(comment.ts)}</span>
        </li>
      ))}
    </ul>
  ) : (
    <p class="state empty">No comment contains “{search}”.</p>
  );
}

/** The comment search: the URL's `q` is set on submit (replacing the history entry), so it can be shared. */
function SearchBox({ search }: { search: string }) {
  const [text, setText] = useState(search);
  return (
    <form
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(withParams({ q: text.trim() || undefined }), true);
      }}
    >
      <label for="comment-search">Search comments </label>
      <input id="comment-search" type="search" value={text} onInput={(event) => setText(event.currentTarget.value)} />
    </form>
  );
}
