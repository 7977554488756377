/**
 * Makes user text inert in Slack's mrkdwn (https://api.slack.com/reference/surfaces/formatting#escaping):
 * `&`, `<` and `>` become entities, so `<!channel>`, `<!here>`, `<@U123>` mentions and `<https://x|text>` links
 * show as typed; a bare `@channel`, `@here` or `@everyone` gets a zero-width space after the `@`, so a message
 * posted with `link_names` cannot ping anyone either.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1');
}
