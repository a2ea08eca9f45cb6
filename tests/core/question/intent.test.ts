import { describe, expect, it } from 'vitest';
import { classifyIntent, topicOf, normaliseQuestion, isIntent } from '../../../src/core/question/intent';
import { parseTimeRange } from '../../../src/core/journal';
import type { QuestionIntent } from '../../../src/core/question/intent';

const NOW = new Date(2026, 11, 7, 12, 0);

// [question, expected intent]. Near misses are the fact rows that look like another intent.
const TABLE: [string, QuestionIntent][] = [
  // period, French
  ["Qu'ai-je fait en mars 2025 ?", 'period'],
  ['Qu’ai-je fait en mars ?', 'period'],
  ['Résume ma semaine', 'period'],
  ['Résume ma semaine dernière', 'period'],
  ['Bilan de novembre 2024', 'period'],
  ['Fais le bilan de mon mois de décembre 2024', 'period'],
  ['Quoi de neuf depuis lundi ?', 'period'],
  ["Qu'est-ce que j'ai écrit la semaine dernière ?", 'period'],
  ["Résume ce que j'ai écrit dans mon journal en décembre 2024", 'period'],
  ["Qu'ai-je noté entre octobre et décembre 2024 ?", 'period'],
  ["Qu'ai-je fait sur le projet 20 en mars ?", 'period'],
  ['Que s’est-il passé en janvier 2025 ?', 'period'],
  ['Récapitulatif de juillet 2025', 'period'],
  ['Bilan de l’été 2025', 'period'],
  ["Qu'ai-je fait cet hiver ?", 'period'],
  ['Synthèse de mes journaux de 2024', 'period'],
  ['Résume tout mon journal', 'period'],
  ["Qu'ai-je lu en juillet 2024 ?", 'period'],
  // period, English
  ['What did I write last week?', 'period'],
  ['What did I do in March 2025?', 'period'],
  ['Summarize my week', 'period'],
  ['Summarise December 2024', 'period'],
  ['Give me a recap of last month', 'period'],
  ['What happened in January 2025?', 'period'],
  ["What's new since Monday?", 'period'],
  ['Summarise all my journal', 'period'],
  ['What did I work on in 2024?', 'period'],
  // evolution, French
  ['Comment mon avis sur le fine-tuning a-t-il évolué ?', 'evolution'],
  ['Comment mon avis sur LangChain a-t-il changé ?', 'evolution'],
  ['Ai-je toujours pensé que le fine-tuning était inutile ?', 'evolution'],
  ["Qu'ai-je pensé de LangChain au fil du temps ?", 'evolution'],
  ['Comment Camille a-t-elle jugé le POC au fil des mois ?', 'evolution'],
  ['Comment la taille de mes chunks a-t-elle évolué dans le POC ?', 'evolution'],
  ['Mon opinion sur BM25 a-t-elle changé ?', 'evolution'],
  ['Quels modèles ai-je essayés successivement ?', 'evolution'],
  ['Comment mon usage du reranker a-t-il évolué ?', 'evolution'],
  ["Comment l'équipe de Camille est-elle passée de ses problèmes de documentation à un assistant en service ?", 'evolution'],
  ["Ai-je changé d'avis sur Ollama ?", 'evolution'],
  ["L'évolution de mon point de vue sur le RAG", 'evolution'],
  // evolution, English
  ['How has my view on fine-tuning changed?', 'evolution'],
  ['How did my opinion of LangChain evolve?', 'evolution'],
  ['Have I always thought that BM25 was outdated?', 'evolution'],
  ['What did I think of reranking over time?', 'evolution'],
  ['Did I change my mind about Ollama over the months?', 'evolution'],
  // first / last, French
  ['Quand ai-je parlé de reranking pour la première fois ?', 'first'],
  ['Quand ai-je écrit sur Ollama pour la première fois ?', 'first'],
  ['C’était quand, la première fois que j’ai parlé de Camille ?', 'first'],
  ['Quand ai-je mentionné LoRA la dernière fois ?', 'last'],
  ['La dernière fois que j’ai parlé de Julien, c’était quand ?', 'last'],
  ["Qu'ai-je écrit sur le levain la dernière fois ?", 'last'],
  ['Quelle est la première mention de BM25 dans mon journal ?', 'first'],
  ['Quand ai-je mentionné Sofiane pour la dernière fois ?', 'last'],
  // first / last, English
  ['When did I first write about reranking?', 'first'],
  ['When did I last mention Ollama?', 'last'],
  ['The first time I mentioned LangChain, what did I say?', 'first'],
  ['When was the last time I wrote about Camille?', 'last'],
  ['What was my first journal entry about embeddings?', 'first'],
  // near misses: fact
  ['Quelle carte graphique a mon ordinateur portable ?', 'fact'],
  ['Résume ma note sur le RAG', 'fact'],
  ["Qu'ai-je fait pour corriger le bug des vecteurs ?", 'fact'],
  ['Quand ai-je acheté La Horde du Contrevent ?', 'fact'],
  ['Combien de notes et de journaux comptait mon coffre fin 2024 ?', 'fact'],
  ['Quelle est la première étape du pipeline RAG ?', 'fact'],
  ['Quel est le dernier modèle de Mistral ?', 'fact'],
  ['Comment la loss a-t-elle évolué pendant le fine-tuning LoRA de Qwen ?', 'fact'],
  ['Où étais-je quand le POC a répondu de bout en bout pour la première fois, et avec quel résultat ?', 'fact'],
  ["Combien de procédures internes l'équipe de Camille gérait-elle quand elle m'en a parlé la première fois ?", 'fact'],
  ['Comment fonctionne le changement de contexte dans un transformer ?', 'fact'],
  ['How does fine-tuning change the weights of a model?', 'fact'],
  ['What is the first step of a RAG pipeline?', 'fact'],
  ['Summarize the note on BM25', 'fact'],
  ['What did I bet Julien about fine-tuning?', 'fact'],
  ['Quel restaurant ai-je choisi le 30 septembre 2024 pour payer mon pari ?', 'fact'],
  ['Qu’est-ce que LoRA apprend au lieu de modifier les poids ?', 'fact'],
  ['Quelle est la dernière version du plugin ?', 'fact'],
  ['Quels sont les critères de réussite du projet 20 ?', 'fact'],
  ['Combien de temps a duré le premier index complet de mon coffre ?', 'fact'],
  ['Le modèle a-t-il été fine-tuné sur mes notes ?', 'fact'],
];

describe('classifyIntent', () => {
  it('has at least 60 phrasings in both languages, with near misses', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
    expect(TABLE.filter(([, i]) => i === 'fact').length).toBeGreaterThanOrEqual(15);
    expect(TABLE.filter(([q]) => /\b(?:what|how|when|the|my)\b/i.test(q)).length).toBeGreaterThanOrEqual(15);
  });

  it.each(TABLE)('%s → %s', (question, expected) => {
    const hasRange = parseTimeRange(question, NOW) !== null;
    expect(classifyIntent(question, hasRange).intent).toBe(expected);
  });

  it('a forced intent wins over the table, and says it was forced', () => {
    expect(classifyIntent('Quelle carte graphique a mon portable ?', false, 'period')).toEqual({ intent: 'period', forced: true });
    expect(classifyIntent("Qu'ai-je fait en mars 2025 ?", true, 'fact')).toEqual({ intent: 'fact', forced: true });
    expect(classifyIntent("Qu'ai-je fait en mars 2025 ?", true, 'auto').forced).toBe(false);
  });

  it('period questions that need a period stay fact without one', () => {
    expect(classifyIntent("Qu'ai-je fait ?", false).intent).toBe('fact');
    expect(classifyIntent("Qu'ai-je fait ?", true).intent).toBe('period');
  });

  it('names the rule that matched', () => {
    expect(classifyIntent('How has my view on fine-tuning changed?', false).rule).toMatch(/changed/);
    expect(classifyIntent('Quelle carte graphique ?', false).rule).toBeUndefined();
  });
});

describe('topicOf', () => {
  it('leaves the topic words and drops the words of the intent', () => {
    expect(topicOf('Comment mon avis sur le fine-tuning a-t-il évolué ?')).not.toMatch(/avis|évolué|a-t-il/);
    expect(topicOf('Comment mon avis sur le fine-tuning a-t-il évolué ?')).toMatch(/fine-tuning/);
    expect(topicOf('Quand ai-je parlé de reranking pour la première fois ?')).toBe('ai-je de reranking ?');
    expect(topicOf('When did I first write about Ollama?')).toMatch(/Ollama/);
    expect(topicOf('When did I first write about Ollama?')).not.toMatch(/first|write/i);
  });

  it('does not cut words that merely contain an intent word', () => {
    expect(topicOf('Le journalisme et la lastique')).toBe('Le journalisme et la lastique');
  });
});

describe('normaliseQuestion / isIntent', () => {
  it('reads typographic apostrophes as plain ones', () => {
    expect(normaliseQuestion('Qu’ai-je  FAIT')).toBe("qu'ai-je fait");
  });
  it('knows the five intents', () => {
    expect(['fact', 'period', 'evolution', 'first', 'last'].every(isIntent)).toBe(true);
    expect(isIntent('auto')).toBe(false);
  });
});
