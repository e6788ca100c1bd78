import { SourceError } from '../errors.ts';
import type { PapersSource } from '../papers/hf-client.ts';
import type { AppMetrics, HfOperation, HfOutcome } from './metrics.ts';

const outcomeOf = (err: unknown): HfOutcome => (err instanceof SourceError ? err.kind : 'error');

/** The same papers source, counting each request (after the client's own retries) by operation and outcome. */
export function observedSource(source: PapersSource, metrics: AppMetrics): PapersSource {
  const count = async <T>(operation: HfOperation, work: () => Promise<T>): Promise<T> => {
    try {
      const result = await work();
      metrics.hfRequest(operation, 'ok');
      return result;
    } catch (err) {
      metrics.hfRequest(operation, outcomeOf(err));
      throw err;
    }
  };
  return {
    endpoint: source.endpoint,
    fetchDay: (day) => count('day', () => source.fetchDay(day)),
    fetchPaper: (id) => count('paper', () => source.fetchPaper(id)),
    ...(source.fetchPeriod && { fetchPeriod: (period) => count(period.kind, () => source.fetchPeriod!(period)) }),
  };
}
