import { randomBytes } from 'node:crypto';

const pick = (alphabet: string, n: number) => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Credentials shaped like the real ones (fresh for every run), and the parts of them that must never be printed. */
export interface FakeSecrets {
  DISCORD_TOKEN: string;
  SLACK_BOT_TOKEN: string;
  SLACK_APP_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
}

export function fakeSecrets(discordBotId: string): FakeSecrets {
  return {
    DISCORD_TOKEN: `${Buffer.from(discordBotId).toString('base64url')}.${pick(alnum, 6)}.${pick(`${alnum}_-`, 38)}`,
    SLACK_BOT_TOKEN: `xoxb-${pick('0123456789', 13)}-${pick('0123456789', 13)}-${pick(alnum, 24)}`,
    SLACK_APP_TOKEN: `xapp-1-A0FAKE0001-${pick('0123456789', 13)}-${randomBytes(32).toString('hex')}`,
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
  };
}

/**
 * What must not appear anywhere: each secret whole, and the parts that are secret on their own (the HMAC part of a
 * Discord token, which discord.js itself masks in its "Provided token" debug line; the random tail of a Slack token).
 */
export function secretNeedles(s: FakeSecrets): Array<[string, string]> {
  return [
    ['DISCORD_TOKEN', s.DISCORD_TOKEN],
    ['DISCORD_TOKEN (signature part)', s.DISCORD_TOKEN.split('.')[2]!],
    ['SLACK_BOT_TOKEN', s.SLACK_BOT_TOKEN],
    ['SLACK_BOT_TOKEN (random part)', s.SLACK_BOT_TOKEN.split('-')[3]!],
    ['SLACK_APP_TOKEN', s.SLACK_APP_TOKEN],
    ['SLACK_APP_TOKEN (random part)', s.SLACK_APP_TOKEN.split('-')[4]!],
    ['SLACK_SIGNING_SECRET', s.SLACK_SIGNING_SECRET],
  ];
}

/** The secrets found in `text`, by name. */
export const leaksIn = (text: string, needles: Array<[string, string]>): string[] =>
  needles.filter(([, value]) => text.includes(value)).map(([name]) => name);
