// Stands in, in main.js only, for modules that vectra imports but that the plugin never runs:
// its BM25 and tokenizer dependencies (about 7 MB), transformers.js (the main thread never embeds:
// the worker bundle has its own copy), and the Node built-ins of its file storage, which do not
// exist on mobile. The index code path (LocalIndex over our FileStorage and codec: createIndex,
// batchInsertItems, listItems) calls none of them; if something ever does, it fails with this
// message instead of loading megabytes. See esbuild.config.mjs.

function unavailable(): never {
  throw new Error('Ask Vault: this module is not bundled in the plugin (see esbuild.config.mjs).');
}

export default unavailable;
export { unavailable as createHash, unavailable as encode, unavailable as decode };
