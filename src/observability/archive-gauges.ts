import { Gauge } from 'prom-client';
import type { Archive } from '../archive/archive.ts';
import type { AppMetrics } from './metrics.ts';

/**
 * This instance's archive index, read when `/metrics` is scraped: how many papers it holds, and whether its start-up
 * load has read every stored paper (a 200,000-paper archive takes about a minute; search answers from a partial
 * index meanwhile and says so).
 */
export function watchArchive(metrics: AppMetrics, archive: Pick<Archive, 'size' | 'loaded'>): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'paperboy_archive_papers',
    help: "Papers in this instance's archive search index",
    registers,
    collect() {
      this.set(archive.size);
    },
  });
  new Gauge({
    name: 'paperboy_archive_loaded',
    help: '1 once this instance has indexed every archived paper stored when it started, else 0',
    registers,
    collect() {
      this.set(archive.loaded ? 1 : 0);
    },
  });
}
