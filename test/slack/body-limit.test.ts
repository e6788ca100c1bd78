/**
 * Issue #12, suspected and confirmed: Bolt 4's HTTPReceiver buffers the whole request body (raw-body with no limit)
 * before it checks the signature, so anyone who can reach the port makes the bot hold any amount of data in memory.
 * Bodies over MAX_SLACK_BODY_BYTES are now refused with 413 before they are buffered, signed or not.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SLACK_BODY_BYTES } from '../../adapters/slack/body-limit.ts';
import { postSigned, postSlashCommand } from '../fakes/slack-signing.ts';
import { SIGNING_SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const TWO_MB = 2 * 1024 * 1024;

/** POSTs a chunked body (no Content-Length) of up to `total` bytes, 64 KiB at a time; stops writing once answered. */
function postChunked(url: string, total: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let status = 0;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve({ status, sent }));
    });
    req.on('error', (err) => (status ? resolve({ status, sent }) : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const write = () => {
      while (sent < total && !status) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!status) req.end();
    };
    write();
  });
}

describe('Slack HTTP mode caps request bodies before reading them', () => {
  it('a signed 2 MB slash command gets 413 and runs nothing', async () => {
    const r = (rig = await startSlackRig());
    const res = await postSlashCommand(r.url, SIGNING_SECRET, { text: `today ${'x'.repeat(TWO_MB)}`, response_url: r.slack.responseUrl('big') });
    await r.adapter.idle();
    expect(res.status).toBe(413);
    expect(r.slack.responsesTo('big')).toHaveLength(0);
    expect(r.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('an unsigned 2 MB body gets 413 (not a signature check after reading it)', async () => {
    const r = (rig = await startSlackRig());
    const res = await postSigned(r.url, SIGNING_SECRET, JSON.stringify({ blob: 'x'.repeat(TWO_MB) }), 'application/json', { omitHeaders: true });
    expect(res.status).toBe(413);
  });

  it('a body without Content-Length is counted as it arrives: 413 long before 16 MB were sent', async () => {
    const r = (rig = await startSlackRig());
    const { status, sent } = await postChunked(r.url, 16 * 1024 * 1024);
    expect(status).toBe(413);
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('a signed body just under the cap still reaches Bolt and is answered', async () => {
    const r = (rig = await startSlackRig());
    const text = `today ${'x'.repeat(MAX_SLACK_BODY_BYTES - 2_000)}`;
    const res = await postSlashCommand(r.url, SIGNING_SECRET, { text, response_url: r.slack.responseUrl('under') });
    await r.adapter.idle();
    expect(res.status).toBe(200);
    expect(r.slack.responsesTo('under')[0]?.parsed).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/That command is too long/) });
  });
});
