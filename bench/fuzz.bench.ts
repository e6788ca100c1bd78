import fc from 'fast-check';
import { slackCommandText } from '../adapters/slack/command-text.ts';
import { parseCommandText } from '../commands/parse-text.ts';
import { MAX_QUERY_LENGTH, parseQuery } from '../src/alerts/query.ts';
import { parsePaperId } from '../src/papers/paper-id.ts';

/**
 * Per-case cost of the three parsers fed by users, over 10,000 fuzz inputs each (the same generators as the fuzz
 * tests, seeded). The budget is 50 ms per case; the baseline is splitting the same input on white space.
 */
const N = 10_000;
const QUERY_PARTS = ['(', ')', '"', 'OR', 'NOT', '-', 'title:', 'author:', 'upvotes>=', '3', 'agents', 'é', ' ', '|', 'x'];
const ID_PARTS = ['https://', 'arxiv.org/abs/', 'huggingface.co/papers/', '2608.20335', 'v2', '/', '?q', ' ', 'hep-th/9901001'];
const TEXT_PARTS = ['today', 'channel', 'set', '5', '2026-08-20', '09:00', 'Europe/Paris', '--limit', 'limit:', '"', '&lt;', ' ', 'x'];

const mixed = (parts: string[], maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.array(fc.constantFrom(...parts), { maxLength: 80 }).map((p) => p.join(' ').slice(0, maxLength)),
    fc.array(fc.constantFrom(...parts), { maxLength: 120 }).map((p) => p.join('').slice(0, maxLength)),
  );

function timeEach(inputs: string[], fn: (s: string) => unknown): number[] {
  return inputs.map((s) => {
    const t = process.hrtime.bigint();
    try {
      fn(s);
    } catch {
      /* expected errors are part of the cost */
    }
    return Number(process.hrtime.bigint() - t) / 1e6;
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export async function run(): Promise<void> {
  const cases: Array<[string, string[], (s: string) => unknown]> = [
    ['query parser', fc.sample(mixed(QUERY_PARTS, MAX_QUERY_LENGTH), { numRuns: N, seed: 1 }), parseQuery],
    ['paper id parser', fc.sample(mixed(ID_PARTS, 400), { numRuns: N, seed: 2 }), parsePaperId],
    ['slack text parser', fc.sample(mixed(TEXT_PARTS, 4000), { numRuns: N, seed: 3 }), (s) => parseCommandText(slackCommandText(s))],
  ];
  console.log('parser               cases   p50 ms   p99 ms   max ms   baseline max ms   max ÷ 50 ms budget');
  for (const [name, inputs, fn] of cases) {
    const ms = timeEach(inputs, fn);
    const base = timeEach(inputs, (s) => s.split(/\s+/));
    const max = Math.max(...ms);
    console.log(
      `${name.padEnd(18)} ${String(inputs.length).padStart(7)} ${pct(ms, 50).toFixed(4).padStart(8)} ${pct(ms, 99).toFixed(4).padStart(8)} ${max.toFixed(3).padStart(8)} ${Math.max(...base).toFixed(3).padStart(17)} ${(max / 50).toFixed(4).padStart(20)}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
