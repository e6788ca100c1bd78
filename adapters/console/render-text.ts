import type { RankedPaper, Reply } from '../../src/model.ts';
import { arxivLabel, paperPage, seenOnHf } from '../../src/papers/paper-source.ts';

const oneLine = (s: string, max: number) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
};

function paperLines(r: RankedPaper, n?: number): string[] {
  const p = r.paper;
  const votes = r.communityVotes ? ` · ${r.communityVotes > 0 ? '+' : ''}${r.communityVotes} community` : '';
  const authors = p.authors.length > 3 ? `${p.authors.slice(0, 3).join(', ')} +${p.authors.length - 3} more` : p.authors.join(', ');
  const head = n === undefined ? '' : `${String(n).padStart(2)}. `;
  const pad = ' '.repeat(head.length);
  const numbers = seenOnHf(p) ? `▲ ${p.upvotes}` : (arxivLabel(p) ?? 'arXiv');
  const lines = [`${head}${p.title}`, `${pad}${numbers}${votes} · ${paperPage(p)}`];
  if (authors) lines.push(`${pad}${oneLine(authors, 100)}`);
  lines.push(`${pad}${oneLine(p.aiSummary ?? p.summary, 160)}`);
  if (p.githubRepo) lines.push(`${pad}code: ${p.githubRepo}${p.githubStars ? ` (★ ${p.githubStars})` : ''}`);
  if (r.why?.length) lines.push(`${pad}${r.whyLabel ?? 'matched'}: ${r.why.join('; ')}`);
  return lines;
}

/** A reply as readable terminal text. */
export function renderText(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'error':
      return `⚠ ${reply.message}`;
    case 'paper':
      return paperLines(reply.paper).join('\n');
    case 'digest': {
      const out = [reply.title, ''];
      reply.papers.forEach((r, i) => out.push(...paperLines(r, i + 1), ''));
      if (reply.note) out.push(`ℹ ${reply.note}`);
      return out.join('\n').trimEnd();
    }
  }
}
