/**
 * Issue #12, suspected: at LOG_LEVEL=debug the Slack libraries log whole payloads as text (Socket Mode's "Received a
 * message on the WebSocket: {…}", the Web API's "http request result: {…}"), and those lines reach pino through the
 * Bolt logger bridge as plain strings, past the structured redaction paths. A slash command's payload carries its
 * `response_url` (anyone holding it can answer in the channel for 30 minutes) and a verification `token`;
 * apps.connections.open answers with a WebSocket URL whose `ticket` opens the app's socket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { slashCommandPayload } from '../fakes/slack-payloads.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';
import { waitFor } from '../helpers/wait.ts';

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Slack payloads logged by the libraries at LOG_LEVEL=debug', () => {
  it('a slash command over Socket Mode: its response_url, verification token and the socket ticket never reach a log line', async () => {
    const { log, lines } = captureLogs('debug');
    const r = (rig = await startSlackRig({ mode: 'socket', log }));
    const responseUrl = r.slack.responseUrl('only-the-bot-may-know-this-url');
    await r.slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'help', response_url: responseUrl, token: 'verification-token-value' }));
    await waitFor(() => r.slack.responsesTo('only-the-bot-may-know-this-url').length > 0, 'the answer', 10_000);
    await r.adapter.idle();
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const payloadLine = lines.find((l) => l.msg.includes('Received a message on the WebSocket') && l.msg.includes('slash_commands'));
    expect(payloadLine?.msg).toContain('"response_url":"[redacted]"');
    expect(text).not.toContain('only-the-bot-may-know-this-url');
    expect(text).not.toContain('verification-token-value');
    const socketUrl = lines.find((l) => /ticket=/.test(l.msg));
    expect(socketUrl?.msg).toMatch(/ticket=\[redacted\]/);
  });
});
