// Tells a model folder from a hub id without touching the file system (the core cannot).

/**
 * True when `model` is written as a path: absolute (`/…`, `C:\…`, `\\server\…`), explicitly
 * relative (`./…`, `../…`), or with more than one separator, which no hub id has. A bare
 * `name` or `owner/name` is a hub id: a caller that means an existing folder of that form
 * should resolve it to an absolute path first.
 */
export function isLocalModelPath(model: string): boolean {
  if (/^(\/|\.{1,2}([\\/]|$)|[A-Za-z]:[\\/]|\\\\)/.test(model)) return true;
  if (model.includes('\\')) return true;
  return model.split('/').filter(Boolean).length > 2;
}
