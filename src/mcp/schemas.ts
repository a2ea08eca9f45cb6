// Input schemas of the tools (zod, which the SDK turns into JSON Schema and checks each call
// against). Messages say what is wrong and what is expected: a model reads them and retries.
import { z } from 'zod';

/** Longest question or query: a real one is a few hundred characters; more is a pasted document. */
export const MAX_TEXT = 4_000;
export const MAX_K = 100;

const text = (name: string) =>
  z
    .string({ error: `${name} is required and must be a string` })
    .trim()
    .min(1, `${name} is empty`)
    .max(MAX_TEXT, `${name} is too long: at most ${MAX_TEXT} characters`);

const k = z
  .number({ error: 'k must be a number' })
  .int('k must be a whole number')
  .min(1, `k must be between 1 and ${MAX_K}`)
  .max(MAX_K, `k must be between 1 and ${MAX_K}`)
  .optional()
  .describe(`How many passages to return (1-${MAX_K}, default 10).`);

const mode = z
  .enum(['hybrid', 'lexical', 'vector'], { error: 'mode must be "hybrid", "lexical" or "vector"' })
  .optional()
  .describe('Retrieval mode: hybrid (default), lexical (exact words) or vector (meaning).');

const isoDate = (name: string) =>
  z
    .string({ error: `${name} must be a date string` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date written YYYY-MM-DD`)
    .optional();

export const searchInput = {
  query: text('query').describe('What to look for, in the words the notes would use (French or English).'),
  k,
  mode,
  folder: z.string({ error: 'folder must be a string' }).optional().describe('Only notes in this vault folder (and its subfolders), e.g. "Projets".'),
  tag: z.string({ error: 'tag must be a string' }).optional().describe('Only notes with this tag (with or without "#"; nested tags match their parent).'),
  from: isoDate('from').describe('Only journal entries dated on or after this day (YYYY-MM-DD).'),
  to: isoDate('to').describe('Only journal entries dated on or before this day (YYYY-MM-DD).'),
};

export const askInput = {
  question: text('question').describe('The question, as the user asked it.'),
  k,
  mode,
};

export const relatedInput = {
  path: z
    .string({ error: 'path is required and must be a string' })
    .max(1_000, 'path is too long')
    .describe('Vault-relative path of the note, e.g. "Projets/Projet 20.md" (".md" may be left out).'),
  k: k.describe(`How many related notes to return (1-${MAX_K}, default 10).`),
};

export const journalInput = {
  period: z
    .string({ error: 'period must be a string' })
    .max(200, 'period is too long: at most 200 characters')
    .optional()
    .describe('A period: "décembre 2024", "last week", "entre mars et mai 2024", or "2024-12-01..2024-12-31".'),
  topic: z
    .string({ error: 'topic must be a string' })
    .max(MAX_TEXT, `topic is too long: at most ${MAX_TEXT} characters`)
    .optional()
    .describe('A subject or note title; entries about it, in date order.'),
  k: k.describe(`Most entries to return (1-${MAX_K}, default 20).`),
};
