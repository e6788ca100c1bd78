import { SourceError, UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import { mergePaperLists, type ArxivAnnouncements } from '../papers/merge-papers.ts';
import type { PapersService } from '../papers/papers-service.ts';

/** What one alert poll matches: today's HF papers and arXiv's newest announcement, each paper once. */
export interface PapersToMatch {
  /** Names the lists, e.g. `2026-08-20` or `2026-08-20+arxiv:2026-08-19`: the poll's memo of finished pairs follows it. */
  label: string;
  /** The HF day, when HF answered. */
  day?: string;
  papers: Paper[];
}

/** How long a poll waits for arXiv (a paced read with retries can take minutes): then it matches what it has. */
export const ARXIV_WAIT_MS = 20_000;

/** The promise's value, or undefined once `ms` have passed (the work goes on; a later call gets its result). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Reads both sources; one failing does not stop the other (its papers wait for the next poll, as the ledger makes
 * re-reading harmless). Undefined when neither has anything to match.
 */
export async function papersToMatch(papers: PapersService, arxiv: ArxivAnnouncements | undefined, now: Date, log: Logger, arxivWaitMs = ARXIV_WAIT_MS): Promise<PapersToMatch | undefined> {
  const [hf, announced] = await Promise.all([
    papers.getToday(now).catch((err: unknown) => {
      if (!(err instanceof SourceError) && !(err instanceof UserError)) throw err;
      log.warn({ err: err.message }, 'alert poll: no Hugging Face papers to match; the next window will try again');
      return undefined;
    }),
    arxiv &&
      within(
        arxiv.latest(now).catch((err: unknown) => {
          log.warn({ err: (err as Error).message }, 'alert poll: no arXiv papers to match; the next window will try again');
          return undefined;
        }),
        arxivWaitMs,
      ),
  ]);
  if (!hf && !announced) return undefined;
  const label = [hf?.day, announced && `arxiv:${announced.day}`].filter(Boolean).join('+');
  return { label, ...(hf ? { day: hf.day } : {}), papers: mergePaperLists(hf?.papers ?? [], announced?.papers ?? []) };
}
