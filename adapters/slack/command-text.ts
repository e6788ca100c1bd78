/**
 * The `text` of a Slack slash command as the user typed it. Slack HTML-escapes `&`, `<` and `>`, and (with the
 * command's "escape channels, users and links" option on) wraps mentions and links in `<…>`:
 * `<#C123|general>`, `<@U123|alice>`, `<!here>`, `<https://x.org|x.org>`. These become `#general`, `@alice`, `@here`
 * and `https://x.org`; the entities become the characters again.
 */
export function slackCommandText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
      if (target.startsWith('!')) return `@${(label ?? target.slice(1)).replace(/^@/, '').split('^')[0]}`;
      if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
      return target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
