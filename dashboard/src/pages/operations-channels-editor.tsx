/** A channel as the rule editor holds it: what reads showed (redacted) or what the editor typed. */
export type ChannelDraft =
  | { type: 'slack'; url: string }
  | { type: 'webhook'; url: string; secret: string }
  | { type: 'email'; to: string[] };

const BLANK: Record<ChannelDraft['type'], ChannelDraft> = {
  slack: { type: 'slack', url: '' },
  webhook: { type: 'webhook', url: '', secret: '' },
  email: { type: 'email', to: [] },
};

/**
 * The channels of a rule: add, change or remove Slack, webhook and email channels. A Slack URL or webhook secret
 * left as reads showed it (`https://hooks.slack.com/…`, `(set)`) keeps the stored one.
 */
export function ChannelsEditor({
  prefix,
  channels,
  onChange,
}: {
  prefix: string;
  channels: ChannelDraft[];
  onChange: (channels: ChannelDraft[]) => void;
}) {
  const change = (index: number, channel: ChannelDraft) =>
    onChange(channels.map((each, position) => (position === index ? channel : each)));
  return (
    <fieldset class="channels">
      <legend>Channels</legend>
      {channels.length === 0 ? <p class="muted">No channel: incidents are recorded but nobody is told.</p> : null}
      {channels.map((channel, index) => (
        <ChannelFields
          // biome-ignore lint/suspicious/noArrayIndexKey: channels have no id until saved; the inputs are controlled.
          key={index}
          id={`${prefix}-channel-${index}`}
          index={index}
          channel={channel}
          onChange={(next) => change(index, next)}
          onRemove={() => onChange(channels.filter((_, position) => position !== index))}
        />
      ))}
      <div class="actions">
        {(['slack', 'webhook', 'email'] as const).map((type) => (
          <button key={type} type="button" onClick={() => onChange([...channels, BLANK[type]])}>
            Add {type === 'slack' ? 'Slack' : type === 'webhook' ? 'webhook' : 'email'} channel
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** One channel's group: its type (a new type starts blank), where it goes, a webhook's secret, its remove button. */
function ChannelFields({
  id,
  index,
  channel,
  onChange,
  onRemove,
}: {
  id: string;
  index: number;
  channel: ChannelDraft;
  onChange: (channel: ChannelDraft) => void;
  onRemove: () => void;
}) {
  return (
    <div class="channel" role="group" aria-label={`Channel ${index + 1}`}>
      <label for={`${id}-type`}>Type</label>
      <select
        id={`${id}-type`}
        value={channel.type}
        onChange={(event) => onChange(BLANK[event.currentTarget.value as ChannelDraft['type']])}
      >
        <option value="slack">Slack</option>
        <option value="webhook">Webhook</option>
        <option value="email">Email</option>
      </select>
      <ChannelTarget id={id} channel={channel} onChange={onChange} />
      {channel.type === 'webhook' ? (
        <>
          <label for={`${id}-secret`}>Signing secret (16+ characters)</label>
          <input
            id={`${id}-secret`}
            type="text"
            autocomplete="off"
            value={channel.secret}
            onInput={(event) => onChange({ ...channel, secret: event.currentTarget.value })}
          />
        </>
      ) : null}
      <button type="button" onClick={onRemove}>
        Remove channel {index + 1}
      </button>
    </div>
  );
}

/**
 * Where a channel goes: an email channel's addresses, else its URL. Both branches are fragments, so a change of
 * type updates the same label and input in place rather than replacing them.
 */
function ChannelTarget({
  id,
  channel,
  onChange,
}: {
  id: string;
  channel: ChannelDraft;
  onChange: (channel: ChannelDraft) => void;
}) {
  return channel.type === 'email' ? (
    <>
      <label for={`${id}-to`}>To (comma-separated)</label>
      <input
        id={`${id}-to`}
        type="text"
        value={channel.to.join(', ')}
        onInput={(event) =>
          onChange({
            type: 'email',
            to: event.currentTarget.value
              .split(',')
              .map((address) => address.trim())
              .filter(Boolean),
          })
        }
      />
    </>
  ) : (
    <>
      <label for={`${id}-url`}>{channel.type === 'slack' ? 'Incoming-webhook URL' : 'URL'}</label>
      <input
        id={`${id}-url`}
        type="url"
        value={channel.url}
        onInput={(event) => onChange({ ...channel, url: event.currentTarget.value })}
      />
    </>
  );
}
