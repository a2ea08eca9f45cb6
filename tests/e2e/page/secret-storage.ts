// Obsidian's SecretStorage (1.11.4) for the test page: ids as Obsidian accepts them, values kept
// in memory, and what was stored readable by the test.

export class MemorySecretStorage {
  readonly values = new Map<string, string>();
  setSecret(id: string, secret: string): void {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new Error(`Invalid secret id: ${id}`);
    this.values.set(id, secret);
  }
  getSecret(id: string): string | null {
    return this.values.get(id) ?? null;
  }
  listSecrets(): string[] {
    return [...this.values.keys()];
  }
}
