export { decodeNote, DEFAULT_MAX_NOTE_BYTES, type DecodeOptions, type DecodeResult } from './decode';
export { parseFrontmatter, splitFrontmatter, type Frontmatter, type FrontmatterBlock } from './frontmatter';
export { parseNote, parseNoteSliced } from './parse';
export { LinkResolver, resolveHeading, type ResolvableNote } from './resolve';
export { noteBlocks, type Block, type BlockKind } from './blocks';
export { internalTarget } from './body';
export { normalizeNoteText, basenameOf } from './text';
export { parseWikilinkInner, findWikilinks, type WikilinkParts } from './wikilink';
