// Follow-up pairs, French and English: the question before, the follow-up as typed, and what it
// must be understood as (null: a question of its own, left as typed). Asked on 10 March 2025.
import type { FollowUpRule } from '../../../src/core/question/follow-up';

export interface FollowUpCase {
  before: string;
  asked: string;
  expected: string | null;
  rule: FollowUpRule;
}

const P20 = 'Où en était le projet 20 en décembre 2024 ?';

export const FOLLOW_UPS: FollowUpCase[] = [
  // Same topic, new period.
  { before: P20, asked: 'Et en janvier 2025 ?', expected: 'Où en était le projet 20 en janvier 2025 ?', rule: 'new-period' },
  { before: "Qu'ai-je écrit sur le RAG en mars 2024 ?", asked: 'Et en avril ?', expected: "Qu'ai-je écrit sur le RAG en avril ?", rule: 'new-period' },
  { before: "Qu'ai-je noté sur le fine-tuning ?", asked: 'Et la semaine dernière ?', expected: "Qu'ai-je noté sur le fine-tuning la semaine dernière ?", rule: 'new-period' },
  { before: "Qu'ai-je appris sur LoRA en 2024 ?", asked: 'Et en 2025 ?', expected: "Qu'ai-je appris sur LoRA en 2025 ?", rule: 'new-period' },
  { before: 'Comment avançait le POC hier ?', asked: 'Et avant-hier ?', expected: 'Comment avançait le POC avant-hier ?', rule: 'new-period' },
  { before: 'En décembre 2024, où en était le projet 20 ?', asked: 'Et en février 2025 ?', expected: 'En février 2025, où en était le projet 20 ?', rule: 'new-period' },
  { before: 'Que disais-je de Mehdi en décembre 2024 ?', asked: 'en juillet 2024 ?', expected: 'Que disais-je de Mehdi en juillet 2024 ?', rule: 'new-period' },
  { before: 'What did I write about RAG in March 2024?', asked: 'what about last week?', expected: 'What did I write about RAG last week?', rule: 'new-period' },
  { before: 'What was the status of project 20 in December 2024?', asked: 'And in January 2025?', expected: 'What was the status of project 20 in January 2025?', rule: 'new-period' },
  { before: 'What did I note about LoRA?', asked: 'And last month?', expected: 'What did I note about LoRA last month?', rule: 'new-period' },
  { before: 'How was the POC going in 2024?', asked: 'How about in 2025?', expected: 'How was the POC going in 2025?', rule: 'new-period' },
  // Same period (or none), new topic.
  { before: "Qu'ai-je fait avec Marie en décembre 2024 ?", asked: 'Et Thomas ?', expected: "Qu'ai-je fait avec Thomas en décembre 2024 ?", rule: 'new-topic' },
  { before: P20, asked: 'Et le projet 12 ?', expected: 'Où en était le projet 12 en décembre 2024 ?', rule: 'new-topic' },
  { before: "Qu'ai-je lu sur les transformers la semaine dernière ?", asked: 'Et sur le RAG ?', expected: "Qu'ai-je lu sur le RAG la semaine dernière ?", rule: 'new-topic' },
  { before: 'Que pensais-je de Mehdi en 2024 ?', asked: 'Et de Thomas ?', expected: 'Que pensais-je de Thomas en 2024 ?', rule: 'new-topic' },
  { before: 'Où en était le projet 20 ?', asked: 'Et le projet 12 ?', expected: 'Où en était le projet 12 ?', rule: 'new-topic' },
  { before: "Qu'ai-je fait avec Marie en décembre 2024 ?", asked: 'Et Thomas, en janvier 2025 ?', expected: "Qu'ai-je fait avec Thomas en janvier 2025 ?", rule: 'new-topic' },
  { before: "Qu'ai-je noté sur le RAG ?", asked: "Qu'en est-il du fine-tuning ?", expected: "Qu'ai-je noté sur le fine-tuning ?", rule: 'new-topic' },
  { before: "Qu'ai-je noté sur le RAG en 2024 ?", asked: 'LoRA ?', expected: "Qu'ai-je noté sur LoRA en 2024 ?", rule: 'new-topic' },
  { before: 'What did I do with Marie in December 2024?', asked: 'What about Thomas?', expected: 'What did I do with Thomas in December 2024?', rule: 'new-topic' },
  { before: 'What did I learn about transformers in 2024?', asked: 'And about RAG?', expected: 'What did I learn about RAG in 2024?', rule: 'new-topic' },
  { before: 'What was the status of project 20?', asked: 'And project 12?', expected: 'What was the status of project 12?', rule: 'new-topic' },
  // More of the same answer: same sources.
  { before: P20, asked: 'Pourquoi ?', expected: `Pourquoi ? — ${P20}`, rule: 'same-sources' },
  { before: P20, asked: 'Développe le deuxième point', expected: `Développe le deuxième point — ${P20}`, rule: 'same-sources' },
  { before: P20, asked: 'Peux-tu préciser ?', expected: `Peux-tu préciser ? — ${P20}`, rule: 'same-sources' },
  { before: P20, asked: 'Et pourquoi ?', expected: `Et pourquoi ? — ${P20}`, rule: 'same-sources' },
  { before: P20, asked: 'Explique-moi ça plus simplement', expected: `Explique-moi ça plus simplement — ${P20}`, rule: 'same-sources' },
  { before: P20, asked: 'Donne-moi plus de détails.', expected: `Donne-moi plus de détails. — ${P20}`, rule: 'same-sources' },
  { before: 'What did I write about RAG?', asked: 'Why?', expected: 'Why? — What did I write about RAG?', rule: 'same-sources' },
  { before: 'What did I write about RAG?', asked: 'Tell me more', expected: 'Tell me more — What did I write about RAG?', rule: 'same-sources' },
  { before: 'What did I write about RAG?', asked: 'Expand on the second point', expected: 'Expand on the second point — What did I write about RAG?', rule: 'same-sources' },
  { before: 'What did I write about RAG?', asked: 'Can you elaborate?', expected: 'Can you elaborate? — What did I write about RAG?', rule: 'same-sources' },
  // Pronouns: the earlier topic is added.
  { before: 'Qui a lancé le projet 20 ?', asked: "Quand l'a-t-il terminé ?", expected: "Quand l'a-t-il terminé ? — projet 20", rule: 'pronoun' },
  { before: 'Que disais-je de LoRA en 2024 ?', asked: 'Est-ce que ça marchait ?', expected: 'Est-ce que ça marchait ? — LoRA, en 2024', rule: 'pronoun' },
  { before: "Que s'est-il passé avec Mehdi ?", asked: 'Quelle était sa réaction ?', expected: 'Quelle était sa réaction ? — Mehdi', rule: 'pronoun' },
  { before: 'Où en était le projet 20 ?', asked: 'Qui y travaillait ?', expected: 'Qui y travaillait ? — projet 20', rule: 'pronoun' },
  { before: 'Who started project 20?', asked: 'When did it end?', expected: 'When did it end? — project 20', rule: 'pronoun' },
  { before: 'What did Mehdi ask me?', asked: 'What was his reaction?', expected: 'What was his reaction? — Mehdi', rule: 'pronoun' },
  // Questions of their own: nothing inherited.
  { before: P20, asked: "Qu'ai-je écrit sur le fine-tuning en mars 2024 ?", expected: null, rule: 'standalone' },
  { before: P20, asked: 'Quelle carte graphique a mon ordinateur portable ?', expected: null, rule: 'standalone' },
  { before: P20, asked: "Combien de notes l'export de Notion a-t-il donné ?", expected: null, rule: 'standalone' },
  { before: P20, asked: "Qu'a dit Mehdi quand il a lu ma note sur le RAG ?", expected: null, rule: 'standalone' },
  { before: P20, asked: 'Pourquoi ai-je quitté Notion pour Obsidian ?', expected: null, rule: 'standalone' },
  { before: P20, asked: 'Quel modèle ai-je entraîné avec LoRA sur Colab ?', expected: null, rule: 'standalone' },
  { before: P20, asked: 'Développe les objectifs du projet 12', expected: null, rule: 'standalone' },
  { before: 'What did I write about RAG?', asked: 'What graphics card does my laptop have?', expected: null, rule: 'standalone' },
  { before: 'What did I write about RAG?', asked: 'How many notes did the Notion export produce?', expected: null, rule: 'standalone' },
  { before: 'What did I write about RAG?', asked: 'Why did I move from Notion to Obsidian?', expected: null, rule: 'standalone' },
  { before: 'What did I write about RAG?', asked: 'What did Mehdi say when he read my note about embeddings?', expected: null, rule: 'standalone' },
  { before: 'What did I write about RAG?', asked: 'What did I write about LoRA in January 2024?', expected: null, rule: 'standalone' },
];
