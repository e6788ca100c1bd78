import { actionablePapers, type PaperActionKind } from '../../src/actions/paper-actions.ts';
import { paperDetails, type PaperDetails } from '../../src/actions/paper-details.ts';
import { actionPaper, citeReply, type ActionPapers } from '../../src/actions/run-action.ts';
import { UserError } from '../../src/errors.ts';
import type { Reply } from '../../src/model.ts';
import { renderText } from './render-text.ts';

const ACTION = /^(details|cite|similar)\s+(\d{1,3})$/i;

/** The Details action as terminal text: every author, the abstract, the AI summary, keywords and links. */
export function detailsText(d: PaperDetails): string {
  const lines = [d.title, d.url, d.listed];
  if (d.authors.length) lines.push('', `Authors (${d.authors.length}): ${d.authors.join(', ')}`);
  if (d.organization) lines.push(`Organization: ${d.organization}`);
  lines.push('', 'Abstract:', d.abstract.replace(/\s+/g, ' ').trim());
  if (d.aiSummary) lines.push('', `AI summary: ${d.aiSummary}`);
  if (d.keywords.length) lines.push(`Keywords: ${d.keywords.join(', ')}`);
  lines.push('', ...d.links.map((l) => `${l.label}: ${l.url}`));
  if (d.discussion !== undefined) lines.push(`Discussion on HF: ${d.discussion} comment${d.discussion === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/**
 * The console's stand-in for the Details, Cite and Similar buttons: `details 3`, `cite 3` and `similar 3` act on paper 3
 * of the last list (or card) shown. There are no threads in a terminal: the details are printed where the command was
 * typed. `similar` (given when there is an archive) answers with a list, which becomes the last list shown.
 */
export function createConsoleActions(papers: ActionPapers, similar?: (paperId: string) => Promise<Reply>) {
  let shown: string[] = [];
  const actions = {
    /** Remembers the papers of a reply; returns the hint line to print under it. */
    shown(reply: Reply): string | undefined {
      const ids = actionablePapers(reply).map((r) => r.paper.id);
      if (ids.length === 0) return undefined;
      shown = ids;
      const n = ids.length === 1 ? '1' : `<1-${ids.length}>`;
      return `(details ${n} · cite ${n}${similar ? ` · similar ${n}` : ''})`;
    },
    /** The answer to an action line, or undefined when the line is not one. */
    async run(line: string): Promise<string | undefined> {
      const m = ACTION.exec(line.trim());
      if (!m || (m[1]!.toLowerCase() === 'similar' && !similar)) return undefined;
      const kind = m[1]!.toLowerCase() as PaperActionKind;
      const n = Number(m[2]);
      if (shown.length === 0) return `⚠ Nothing to ${kind} yet: show a list or a paper first.`;
      const paperId = shown[n - 1];
      if (!paperId) return `⚠ The last list has ${shown.length} paper${shown.length === 1 ? '' : 's'}; pick 1–${shown.length}.`;
      try {
        if (kind === 'cite') return renderText(await citeReply(paperId, papers));
        if (kind === 'similar') {
          const list = await similar!(paperId);
          const hint = actions.shown(list);
          return hint ? `${renderText(list)}\n${hint}` : renderText(list);
        }
        return detailsText(paperDetails(await actionPaper(paperId, papers)));
      } catch (err) {
        if (err instanceof UserError) return `⚠ ${err.message}`;
        throw err;
      }
    },
  };
  return actions;
}
