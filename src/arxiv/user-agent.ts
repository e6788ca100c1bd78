/** arXiv asks for a descriptive User-Agent with a way to reach whoever runs the client. */
export function arxivUserAgent(contact: string | undefined): string {
  const who = contact ? `; mailto:${contact}` : '';
  return `paperboy/0.1 (+https://github.com/paperboy-bot${who})`;
}
