import type { RankedPaper, Reply } from '../model.ts';

/**
 * What a person can ask about one paper of a bot message, besides voting (docs/decisions/101):
 * - `details`: the full abstract, all authors, AI summary, keywords and links, posted once in the message's thread;
 * - `cite`: a BibTeX entry, answered to the caller only;
 * - `similar`: the archive's papers most like it (as `/papers similar`), answered to the caller only.
 */
export type PaperActionKind = 'details' | 'cite' | 'similar';

/** One action on one paper, as the core sees it; adapters turn it into buttons or menus and back. */
export interface PaperAction {
  kind: PaperActionKind;
  paperId: string;
}

/** In the order adapters show them. */
export const PAPER_ACTION_KINDS: readonly PaperActionKind[] = ['details', 'cite', 'similar'];

export const ACTION_LABELS: Record<PaperActionKind, { button: string; menu: string }> = {
  details: { button: 'Details', menu: 'Details for…' },
  cite: { button: 'Cite', menu: 'Cite…' },
  similar: { button: 'Similar', menu: 'Similar to…' },
};

/** The papers of a reply that get actions, in display order: every paper of a digest or a card, none of text. */
export function actionablePapers(reply: Reply): RankedPaper[] {
  if (reply.kind === 'digest') return reply.papers;
  if (reply.kind === 'paper') return [reply.paper];
  return [];
}

const PREFIX = 'pb';
/** arXiv ids (`2608.20335v2`, `hep-th/9901001`) and nothing that could smuggle a separator or grow long. */
const PAPER_ID = /^[A-Za-z0-9.\-/]{1,40}$/;

/** The id of a control choosing the paper itself (a menu, whose value is the paper id): `pb:details`. */
export const actionControlId = (kind: PaperActionKind): string => `${PREFIX}:${kind}`;

/** The id of a control for one paper (a button): `pb:details:2608.20335`, at most 51 characters. */
export const encodeAction = (a: PaperAction): string => `${PREFIX}:${a.kind}:${a.paperId}`;

/**
 * The action a control id means, with the chosen value of a menu (`pb:cite` + `2608.20335`) or the id alone
 * (`pb:cite:2608.20335`); undefined for anything else, so a forged or foreign id is ignored.
 */
export function decodeAction(controlId: string, value?: string): PaperAction | undefined {
  const [prefix, kind, ...rest] = controlId.split(':');
  if (prefix !== PREFIX || !PAPER_ACTION_KINDS.includes(kind as PaperActionKind)) return undefined;
  const paperId = rest.length ? rest.join(':') : value;
  if (paperId === undefined || !PAPER_ID.test(paperId)) return undefined;
  return { kind: kind as PaperActionKind, paperId };
}

/** True for the ids `actionControlId` and `encodeAction` make: what an adapter routes to `decodeAction`. */
export const isActionId = (controlId: string): boolean => controlId.startsWith(`${PREFIX}:`);
