// Reads the folder and date format of Obsidian's "Daily notes" core plugin, so the settings
// tab can offer it as a journal folder. `app.internalPlugins` is not public API: every step is
// checked, and any surprise means "not available" rather than an error.
import type { App } from 'obsidian';

export interface DailyNotesConfig {
  /** Vault-relative folder, '' for the vault root. */
  folder: string;
  /** moment.js format of the file names; Obsidian's default is YYYY-MM-DD. */
  format: string;
}

export const DEFAULT_DAILY_NOTE_FORMAT = 'YYYY-MM-DD';

export function readDailyNotesConfig(app: App): DailyNotesConfig | null {
  try {
    const internal = (app as unknown as { internalPlugins?: unknown }).internalPlugins;
    const plugin = pluginFrom(internal);
    if (!plugin || plugin.enabled === false) return null;
    const options = (plugin.instance as { options?: unknown } | undefined)?.options;
    if (!options || typeof options !== 'object') return null;
    const { folder, format } = options as { folder?: unknown; format?: unknown };
    return {
      folder: typeof folder === 'string' ? folder.trim().replace(/^\/+|\/+$/g, '') : '',
      format: typeof format === 'string' && format.trim() ? format.trim() : DEFAULT_DAILY_NOTE_FORMAT,
    };
  } catch {
    return null;
  }
}

interface InternalPlugin {
  enabled?: boolean;
  instance?: unknown;
}

function pluginFrom(internal: unknown): InternalPlugin | null {
  if (!internal || typeof internal !== 'object') return null;
  const byId = (internal as { getPluginById?: unknown }).getPluginById;
  if (typeof byId === 'function') {
    const found: unknown = (byId as (id: string) => unknown).call(internal, 'daily-notes');
    if (found && typeof found === 'object') return found;
  }
  const plugins = (internal as { plugins?: unknown }).plugins;
  if (plugins && typeof plugins === 'object') {
    const found = (plugins as Record<string, unknown>)['daily-notes'];
    if (found && typeof found === 'object') return found;
  }
  return null;
}
