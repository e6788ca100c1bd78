import { UserError } from '../errors.ts';
import { quoteInput } from '../quote-input.ts';

/** A new-style arXiv id (since April 2007): YYMM.NNNN (to 2014) or YYMM.NNNNN (2015 on), with an optional version. */
const NEW_STYLE = /^(\d{2})(0[1-9]|1[0-2])\.(\d{4,5})(?:v\d+)?$/;
/** Old-style ids such as hep-th/9901001 or math.GT/0309136v2. */
const OLD_STYLE = /^[a-z-]+(?:\.[a-z]{2})?\/\d{7}(?:v\d+)?$/i;

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);

const EXAMPLES = 'e.g. 2608.20335, arxiv.org/abs/2608.20335 or https://huggingface.co/papers/2608.20335';

function bareId(candidate: string, original: string): string {
  const m = NEW_STYLE.exec(candidate);
  if (m) {
    const digits = m[3]!;
    const year = Number(m[1]);
    if ((digits.length === 5) !== year >= 15)
      throw new UserError(`${quoteInput(original)} is not a valid arXiv id: ids from ${year >= 15 ? '2015 on have 5' : 'before 2015 have 4'} digits after the dot.`);
    return `${m[1]}${m[2]}.${digits}`;
  }
  if (OLD_STYLE.test(candidate))
    throw new UserError(
      `${quoteInput(original)} is an old-style arXiv id; Hugging Face papers only have new-style ids (${EXAMPLES}).`,
    );
  throw new UserError(`${quoteInput(original)} is not an arXiv id or a paper link (${EXAMPLES}).`);
}

/** The link's path with its percent-escapes decoded; a broken escape (`%E0%A4%A`) is the user's typo, not our failure. */
function decodedPath(url: URL, original: string): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    throw new UserError(`${quoteInput(original)} has a broken %-escape; copy the link again (${EXAMPLES}).`);
  }
}

function fromUrl(url: URL, original: string): string {
  const host = url.hostname.toLowerCase();
  const path = decodedPath(url, original).replace(/\/+$/, '');
  if (ARXIV_HOSTS.has(host)) {
    const m = /^\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?$/.exec(path);
    if (m) return bareId(m[1]!, original);
  } else if (HF_HOSTS.has(host)) {
    const m = /^\/papers\/([^/]+)$/.exec(path);
    if (m) return bareId(m[1]!, original);
  } else {
    throw new UserError(`${quoteInput(original)} is not an arXiv or Hugging Face link (${EXAMPLES}).`);
  }
  throw new UserError(`${quoteInput(original)} does not point at a paper (${EXAMPLES}).`);
}

/**
 * The arXiv id in what a user typed: a bare id (`2608.20335`, `2608.20335v2`, `arXiv:2608.20335`) or a link to its
 * arXiv abstract, PDF or HTML page or its Hugging Face paper page, with or without scheme, `www.`, trailing slash,
 * query or fragment, and with Slack's `<…>` or `<…|label>` wrapping. The version is dropped: HF has one page per paper.
 * Throws a UserError saying what is accepted otherwise.
 */
export function parsePaperId(input: string): string {
  const original = input.trim();
  const text = original.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1').replace(/^arxiv:\s*/i, '');
  if (!text) throw new UserError(`Give an arXiv id or a paper link (${EXAMPLES}).`);
  if (!text.includes('/') || OLD_STYLE.test(text)) return bareId(text, original);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  if (!URL.canParse(withScheme)) throw new UserError(`${quoteInput(original)} is not an arXiv id or a paper link (${EXAMPLES}).`);
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(`${quoteInput(original)} is not an arXiv or Hugging Face link (${EXAMPLES}).`);
  return fromUrl(url, original);
}
