import { foldedWords } from '../alerts/text.ts';

/** English function words: too common to rank. (Common domain words such as "model" are left to BM25's idf.) */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can do does for from has have how in into is it its of on or our over such than that the their ' +
    'them then there these they this those to under up via was we were what when where which while who why will with within without ' +
    'yet you also more most not no only other both each all any however'
  ).split(' '),
);

/**
 * The words the archive indexes and queries: the alert matcher's normalised, plural-folded words (so `agents` finds
 * `agent`, as alerts do), less stop words and single characters.
 */
export function indexTerms(text: string): string[] {
  return foldedWords(text).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}
