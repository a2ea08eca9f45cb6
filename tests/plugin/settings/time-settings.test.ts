import { describe, expect, it } from 'vitest';
import { loadSettingsReport } from '../../../src/plugin/settings/load-settings';

describe('time settings in data.json', () => {
  it('keeps a forced intent, resets an unknown one, and defaults to reading the question', () => {
    expect(loadSettingsReport({ version: 1, time: { intent: 'period' } }).settings.time.intent).toBe('period');
    const bad = loadSettingsReport({ version: 1, time: { intent: 'story' } });
    expect(bad.settings.time.intent).toBe('auto');
    expect(bad.issues.some((i) => i.startsWith('time.intent'))).toBe(true);
    // Data written before the setting existed.
    expect(loadSettingsReport({ version: 1, llm: {} }).settings.time.intent).toBe('auto');
  });
});
