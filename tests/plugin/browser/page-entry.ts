// Bundled by worker-browser.test.ts into the test page: the plugin's inline worker runtime and
// WorkerEmbedder, exposed for page.evaluate().
import { InlineEmbedWorkers } from '../../../src/plugin/adapters/inline-worker';
import { WorkerEmbedder } from '../../../src/plugin/adapters/worker-embedder';

(window as unknown as { askVault: unknown }).askVault = { InlineEmbedWorkers, WorkerEmbedder };
