import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

/** A logger told no secret value: only the shape rules (src/log-redaction.ts) can catch these. */
function logged(write: (log: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  write(createLogger({ level: 'trace', destination: { write: (l: string) => void lines.push(l) } }));
  for (const l of lines) JSON.parse(l);
  return lines.join('');
}

describe('credentials recognised by their shape are redacted from every log line, in any field or message', () => {
  it.each([
    ['a Discord interaction token in a webhook URL', 'PATCH https://discord.com/api/v10/webhooks/1234567890/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original', 'aW50ZXJhY3Rpb24tdG9rZW4'],
    ['a Discord interaction callback', 'https://discord.com/api/v10/interactions/1234567890/aW50ZXJhY3Rpb24tdG9rZW4/callback', 'aW50ZXJhY3Rpb24tdG9rZW4'],
    ['a Slack response_url', 'https://hooks.slack.com/commands/T0001/123456/Zq9RrS3cret', 'Zq9RrS3cret'],
    ['a Slack incoming webhook', 'https://hooks.slack.com/services/T0001/B0001/Zq9RrS3cret', 'Zq9RrS3cret'],
    ['a URL password', 'redis://paperboy:Zq9RrS3cret@10.0.0.5:6379/0', 'Zq9RrS3cret'],
    ['a Socket Mode ticket', 'wss://wss-primary.slack.com/link/?ticket=Zq9RrS3cret&app_id=A01', 'Zq9RrS3cret'],
    ['a Slack bot token', 'Authorization: Bearer xoxb-1111-2222-Zq9RrS3cret', 'Zq9RrS3cret'],
    ['a payload quoted as text', `Received: ${JSON.stringify({ token: 'Zq9RrS3cret', response_url: 'http://127.0.0.1:9/r/1', text: 'help' })}`, 'Zq9RrS3cret'],
  ])('%s', (_what, text, secret) => {
    const out = logged((log) => {
      log.info(text);
      log.warn({ err: Object.assign(new Error('failed'), { url: text }) }, 'request failed');
      log.debug({ detail: { nested: [text] } }, 'detail');
    });
    expect(out).not.toContain(secret);
    expect(out.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('leaves ordinary URLs and text alone', () => {
    const text = 'GET http://127.0.0.1:3000/api/papers?date=2026-08-20 for channel C0PAPERS01 (huggingface.co/papers/2608.20335)';
    expect(logged((log) => log.info(text))).toContain(text);
  });
});
