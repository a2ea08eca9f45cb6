// A worker's file-request for a model folder in the vault, answered from the main thread: the
// bytes, null when the file does not exist, or the reading error as text.
import type { ToWorker } from '../../worker/protocol';

export type FileResponse = ToWorker & { type: 'file-response' };

export async function modelFileResponse(
  readModelFile: ((path: string) => Promise<ArrayBuffer | null>) | undefined, requestId: number, path: string,
): Promise<FileResponse> {
  try {
    if (!readModelFile) throw new Error('this model has no folder to read files from');
    return { type: 'file-response', requestId, data: await readModelFile(path) };
  } catch (err) {
    return { type: 'file-response', requestId, data: null, error: err instanceof Error ? err.message : String(err) };
  }
}
