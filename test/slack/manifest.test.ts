import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_BOT_EVENTS, SLACK_COMMAND } from '../../adapters/slack/slack-adapter.ts';

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string; description: string; long_description?: string };
  features: { bot_user: { display_name: string }; slash_commands: Array<{ command: string; description: string; usage_hint?: string; should_escape?: boolean; url?: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as Manifest;

describe('manifest.yml (Slack app manifest)', () => {
  it('declares the slash command the adapter listens to, unescaped, with a short description and hint', () => {
    const [cmd, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(cmd).toMatchObject({ command: SLACK_COMMAND, should_escape: false });
    expect(cmd!.description.length).toBeLessThanOrEqual(100);
    expect(cmd!.usage_hint!.length).toBeLessThanOrEqual(100);
  });

  it('asks for exactly the bot scopes paperboy uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'chat:write', 'chat:write.public', 'commands', 'im:write', 'reactions:read', 'reactions:write', 'users:read',
        'channels:history', 'groups:history', 'im:history', 'mpim:history',
      ].sort(),
    );
  });

  it('subscribes to the events the adapter handles, over Socket Mode by default', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SLACK_BOT_EVENTS].sort());
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
  });

  it('turns interactivity on, for the Details and Cite buttons and menus', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('has the metadata Slack requires', () => {
    expect(manifest._metadata.major_version).toBe(2);
    expect(manifest.display_information.name).toBe('paperboy');
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect((manifest.display_information.long_description ?? '').length).toBeGreaterThanOrEqual(175);
  });
});
