// Search results shaped like the user's vault: a topic note and the journal entry that links to it.
import type { SearchResult } from '../../../src/core/types';

export const preTraining: SearchResult = {
  chunkId: 'Notes/pre-training.md#1',
  path: 'Notes/pre-training.md',
  title: 'pre-training',
  headingPath: ['Réponse', 'Le RAG'],
  heading: 'Le RAG',
  lines: [12, 16],
  text: "L'idée du RAG est la suivante : on va indexer tout un tas de documents qu'on souhaite enseigner à l'algorithme.",
  score: 0.91,
  source: 'hybrid',
  why: 'matches "RAG"',
};

export const journal: SearchResult = {
  chunkId: 'Journal/Journal du jeudi 26 décembre 2024 à 15:03.md#0',
  path: 'Journal/Journal du jeudi 26 décembre 2024 à 15:03.md',
  title: 'Journal du jeudi 26 décembre 2024 à 15:03',
  headingPath: [],
  lines: [1, 2],
  text: "J'ai partagé [[Projet 20 - Créer un POC d'un RAG]] à un ami, il m'a dit « Pourquoi ne pas entraîner directement un modèle ? ».",
  score: 0.84,
  source: 'journal',
  why: 'journal of [[pre-training]]',
  date: new Date(2024, 11, 26, 15, 3).getTime(),
  via: 'Notes/pre-training.md',
};

export const projet20: SearchResult = {
  chunkId: "Projets/Projet 20 - Créer un POC d'un RAG.md#2",
  path: "Projets/Projet 20 - Créer un POC d'un RAG.md",
  title: "Projet 20 - Créer un POC d'un RAG",
  headingPath: ['Objectifs'],
  heading: 'Objectifs',
  lines: [5, 9],
  text: '- Indexer mon vault Obsidian\n- Répondre en citant mes notes',
  score: 0.7,
  source: 'link',
  why: 'linked from [[Journal du jeudi 26 décembre 2024 à 15:03]]',
  via: 'Journal/Journal du jeudi 26 décembre 2024 à 15:03.md',
};

export const SOURCES = [preTraining, journal, projet20];
