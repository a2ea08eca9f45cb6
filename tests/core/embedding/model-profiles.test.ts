import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMBEDDING_MODEL,
  MODEL_PROFILES,
  applyPrefix,
  isLocalModelPath,
  profileForModel,
} from '../../../src/core/embedding';

describe('profileForModel', () => {
  it.each([
    ['Xenova/multilingual-e5-small', 'e5'],
    ['intfloat/e5-base-v2', 'e5'],
    ['/models/multilingual-e5-small/', 'e5'],
    ['C:\\models\\multilingual-e5-base', 'e5'],
    ['intfloat/multilingual-e5-large-instruct', 'e5-instruct'],
    ['Xenova/bge-small-en-v1.5', 'bge'],
    ['Xenova/bge-small-zh-v1.5', 'bge-zh'],
    ['Xenova/bge-m3', 'bge-m3'],
    ['nomic-ai/nomic-embed-text-v1.5', 'nomic'],
    ['Xenova/all-MiniLM-L6-v2', 'mean'],
    ['Xenova/paraphrase-multilingual-mpnet-base-v2', 'mean'],
    ['someone/e5x-lookalike', 'mean'],
  ])('%s → %s', (model, name) => {
    expect(profileForModel(model).name).toBe(name);
  });

  it('gives the default model the e5 conventions', () => {
    expect(profileForModel(DEFAULT_EMBEDDING_MODEL)).toBe(MODEL_PROFILES.e5);
  });
});

describe('applyPrefix', () => {
  it('prefixes each side as the profile says', () => {
    expect(applyPrefix(MODEL_PROFILES.e5, 'query', 'projet 20')).toBe('query: projet 20');
    expect(applyPrefix(MODEL_PROFILES.e5, 'passage', 'projet 20')).toBe('passage: projet 20');
    expect(applyPrefix(MODEL_PROFILES.bge, 'passage', 'projet 20')).toBe('projet 20');
    expect(applyPrefix(MODEL_PROFILES.mean, 'query', 'projet 20')).toBe('projet 20');
  });
});

describe('isLocalModelPath', () => {
  it.each([
    ['/home/me/models/e5', true],
    ['./models/e5', true],
    ['../e5', true],
    ['tests/fixtures/tiny-model', true],
    ['C:\\models\\e5', true],
    ['D:/models/e5', true],
    ['\\\\server\\share\\e5', true],
    ['Xenova/multilingual-e5-small', false],
    ['bert-base-uncased', false],
  ])('%s → %s', (model, local) => {
    expect(isLocalModelPath(model)).toBe(local);
  });
});
