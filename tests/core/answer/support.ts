// Small helpers shared by the answering tests.
import { createServer } from 'node:net';
import type { ChatMessage } from '../../../src/core/ports';

export const SECRET = 'sk-test-Zq8xL2mN4pR6tV8wY0aC';

export const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'Answer from the notes.' },
  { role: 'user', content: 'Que m’a demandé mon ami ?' },
];

/** A loopback URL nobody listens on: bound, then released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Collects onToken deltas. */
export function tokenSink(): { deltas: string[]; onToken: (d: string) => void } {
  const deltas: string[] = [];
  return { deltas, onToken: (d) => void deltas.push(d) };
}
