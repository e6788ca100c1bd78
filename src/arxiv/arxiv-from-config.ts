import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { createArxivClient, type ArxivClient } from './arxiv-client.ts';

/** The arXiv source as configured, or undefined when `ARXIV_CATEGORIES` is empty (the source is off). */
export function arxivClientFromConfig(config: Pick<Config, 'ARXIV_CATEGORIES' | 'ARXIV_CONTACT' | 'ARXIV_RSS_URL' | 'ARXIV_API_URL'>, log: Logger): ArxivClient | undefined {
  if (config.ARXIV_CATEGORIES.length === 0) return undefined;
  if (!config.ARXIV_CONTACT) log.warn('ARXIV_CONTACT is not set: arXiv asks clients for a contact in the User-Agent; set it to your email address');
  return createArxivClient({
    categories: config.ARXIV_CATEGORIES,
    ...(config.ARXIV_CONTACT ? { contact: config.ARXIV_CONTACT } : {}),
    rssUrl: config.ARXIV_RSS_URL,
    apiUrl: config.ARXIV_API_URL,
    log,
  });
}
