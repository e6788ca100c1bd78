import type { Sender } from '../../src/model.ts';
import { renderText } from './render-text.ts';

/** The console as a delivery platform: daily posts and alerts for console channels are printed to `output`. */
export function createConsoleSender(output: NodeJS.WritableStream): Sender {
  let sent = 0;
  return {
    platform: 'console',
    async send(to, reply, ctx) {
      const kind = ctx?.idempotencyKey.split(':')[0] ?? 'message';
      output.write(`\n── ${kind} post in #${to.channel} ──\n${renderText(reply)}\n\n`);
      return { ok: true, messageId: `console-${Date.now()}-${++sent}` };
    },
  };
}
