/** How much of a user's input an error message repeats (README: "errors quote at most 60 characters of the input"). */
export const QUOTED_MAX = 60;

const count = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => count.format(n);

/**
 * `"abc"`, or for long input `"abcdef…" (900 characters)`: enough to recognise it, never a wall of text. At most
 * QUOTED_MAX code points are shown (an emoji is never cut in half); the count is in UTF-16 units, as the length limits.
 */
export function quoteInput(text: string): string {
  const chars = [...text];
  return chars.length <= QUOTED_MAX ? `"${text}"` : `"${chars.slice(0, QUOTED_MAX).join('')}…" (${formatCount(text.length)} characters)`;
}
