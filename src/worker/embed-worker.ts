// Entry point of the embedding worker. The build bundles it (with transformers.js and
// onnxruntime-web) into a string inside main.js; WorkerEmbedder starts it from a Blob URL.
import { createEmbedHandler } from './embed-handler';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};

const handler = createEmbedHandler({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
});

scope.addEventListener('message', (event) => {
  void handler.handle(event.data);
});
