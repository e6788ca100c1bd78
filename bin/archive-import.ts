import { createArchive } from '../src/archive/archive.ts';
import { readPaperBatches } from '../src/archive/import-papers.ts';
import { createLogger } from '../src/log.ts';
import { openStore } from '../src/store/open-store.ts';
import { configOrExit } from './load-config.ts';

/** `npm run archive:import FILE`: seeds the archive from NDJSON papers (gz accepted), printing progress. */
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run archive:import FILE   (NDJSON papers, .gz accepted)\n');
  process.exit(2);
}
const config = configOrExit();
const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
const store = await openStore(config.STORE_URL, log, config.STORE_PREFIX);
const archive = createArchive({ store, log, retentionDays: config.ARCHIVE_DAYS, syncMs: 0 });
let stored = 0;
let skipped = 0;
const started = Date.now();
try {
  for await (const batch of readPaperBatches(file)) {
    stored += await archive.record(batch.papers);
    skipped += batch.skipped;
    process.stdout.write(`\r${stored} papers stored${skipped ? `, ${skipped} lines skipped` : ''}…`);
  }
  process.stdout.write(`\r${stored} papers stored in ${((Date.now() - started) / 1000).toFixed(1)} s${skipped ? `, ${skipped} lines skipped (not papers)` : ''} → ${store.description}\n`);
} finally {
  await store.close();
}
