import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';

/**
 * Largest request body paperboy reads in Slack HTTP mode. Slack's payloads (slash commands, reaction events) are a few
 * KiB; Bolt 4's HTTPReceiver has no limit of its own (its `raw-body` call has none), so without this anyone who can
 * reach the port makes the bot buffer any amount of data before the signature is checked.
 */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

type Buffered = IncomingMessage & { rawBody?: Buffer };

/**
 * Reads each request body, at most `maxBytes`, before Bolt sees the request: a larger one (declared in Content-Length,
 * or counted as it arrives) is answered 413 at once and never buffered, signed or not. A body read whole is handed to
 * Bolt as `rawBody`, which Bolt uses instead of reading the stream again (its `bufferIncomingMessage`).
 */
export function capRequestBodies(receiver: HTTPReceiver, maxBytes: number, log: Logger): HTTPReceiver {
  const handle = receiver.requestListener;
  receiver.requestListener = (req: Buffered, res: ServerResponse) => {
    let size = 0;
    let settled = false;
    const refuse = () => {
      settled = true;
      log.debug({ path: req.url?.slice(0, 100), declared: req.headers['content-length'], maxBytes }, 'Slack request body too large: 413');
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
      res.end('Request body too large', () => req.destroy());
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) return refuse();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) refuse();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      req.rawBody = Buffer.concat(chunks);
      handle(req, res);
    });
    req.on('error', () => {
      settled = true;
    });
  };
  return receiver;
}
