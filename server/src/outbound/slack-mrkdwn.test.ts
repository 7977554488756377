import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from './slack-mrkdwn.ts';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> checkout is down', '&lt;!channel&gt; checkout is down'],
    ['<!here|here> and <!everyone>', '&lt;!here|here&gt; and &lt;!everyone&gt;'],
    ['ask <@U024BE7LH> or <#C024BE7LR>', 'ask &lt;@U024BE7LH&gt; or &lt;#C024BE7LR&gt;'],
    ['<https://evil.example/login|Reset your password>', '&lt;https://evil.example/login|Reset your password&gt;'],
    ['Tom & Jerry &amp; co', 'Tom &amp; Jerry &amp;amp; co'],
    ['@channel @Here @everyone please', '@\u200bchannel @\u200bHere @\u200beveryone please'],
    ['mail jane@channels.example', 'mail jane@channels.example'],
    ['plain *bold* text', 'plain *bold* text'],
  ])('%j → %j', (input, output) => {
    expect(escapeMrkdwn(input)).toBe(output);
  });

  it('leaves no control sequence Slack would parse', () => {
    const escaped = escapeMrkdwn('<!channel> <@U1> <http://x|y> @here');
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).not.toMatch(/@here\b/);
  });
});
