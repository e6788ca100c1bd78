/**
 * Parsing one whole arXiv announcement day (rss/cs.CL+cs.CV+cs.MM+cs.LG+cs.SI of Tue 2025-08-05, 1,098 items, rebuilt
 * as RSS XML from the feedparser dump exactly as the fake arXiv serves it) into Papers, beside two baselines measured
 * in the same run: JSON.parse of the same items as JSON (the cheapest way to read the same data), and fast-xml-parser
 * alone (validate + parse, no schema, no normalising).
 *
 *   npm run bench -- arxiv-parse
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseArxivRss } from '../src/arxiv/parse-rss.ts';
import { fromFeedparserDump } from '../test/fakes/arxiv-data.ts';
import { buildRss } from '../test/fakes/arxiv-xml-build.ts';
import { fmtMs, pct, quick, ratio, row } from './lib/table.ts';

const CATS = ['cs.CL', 'cs.CV', 'cs.MM', 'cs.LG', 'cs.SI'];

function timeCpu(fn: () => unknown, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    out.push((d.user + d.system) / 1000);
  }
  return out.sort((a, b) => a - b);
}

export async function run(): Promise<void> {
  const day = fromFeedparserDump('rss_cache.2025-08-05.json.gz', `https://rss.arxiv.org/rss/${CATS.join('+')}`);
  const xml = buildRss(day, CATS, day.papers);
  const json = JSON.stringify(day.papers);
  const raw = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  const runs = quick() ? 10 : 40;
  const count = parseArxivRss(xml).papers.length;
  for (let i = 0; i < 3; i++) parseArxivRss(xml), JSON.parse(json), raw.parse(xml); // warm up
  const ours = timeCpu(() => parseArxivRss(xml), runs);
  const jsonBase = timeCpu(() => JSON.parse(json), runs);
  const xmlBase = timeCpu(() => (XMLValidator.validate(xml), raw.parse(xml)), runs);
  console.log(`one day: ${count} items, ${(xml.length / 1024).toFixed(0)} KiB of RSS, ${(json.length / 1024).toFixed(0)} KiB as JSON; CPU per parse, ${runs} runs`);
  row(['', 'median', 'p90', 'vs JSON.parse', 'vs fxp alone']);
  const line = (label: string, t: number[]) =>
    row([label, fmtMs(pct(t, 50)), fmtMs(pct(t, 90)), ratio(pct(t, 50), pct(jsonBase, 50)), ratio(pct(t, 50), pct(xmlBase, 50))]);
  line('parseArxivRss (validate, parse, zod, Paper)', ours);
  line('baseline: fast-xml-parser validate + parse', xmlBase);
  line('baseline: JSON.parse of the same items', jsonBase);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
