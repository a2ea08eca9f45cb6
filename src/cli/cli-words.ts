// The CLI's own words in one language: the question's, as the answer's, or the one `--lang`
// names. The core's notices come as codes and are worded here; a library's text only ever
// follows a lead-in of ours.
import { detectLanguage } from '../core/lexical/language';
import type { CoreNotice } from '../core/notices';
import type { SearchResult } from '../core/types';
import { formatDateInWords } from '../core/util/format-date';

export type CliLanguage = 'fr' | 'en';

const en = {
  sources: 'Sources:',
  'no-results': 'No results.',
  'time-scope': 'Time scope: {scope}',
  score: 'score {score}',
  'unverified-citations': 'Unverified citations: {list}',
  'model-failed': 'The language model failed: {reason}',
  incomplete: 'Answer incomplete: {reason}',
  'unknown-error': 'unknown error',
  'empty-answer': 'the model returned an empty answer',
  'why-lexical': 'matches your words',
  'why-vector': 'close in meaning',
  'why-hybrid': 'matches your words and meaning',
  'why-journal': 'journal of {note}',
  'why-journal-entry': 'journal entry',
  'why-link': 'linked from {note}',
  'within-scope': '{why}, within {scope}',
  'notice.embedding-offline': 'Embedding model unavailable offline: searching by words and links only.',
  'notice.embedding-unavailable': 'Embedding model {model} unavailable: searching by words and links only. Cause: {detail}',
  'notice.vector-fell-back': 'No embedding model: searched by words rather than by meaning.',
  'notice.no-chat-model': 'No language model given: here are the passages of your notes. Give one with --endpoint.',
  'notice.history-dropped': 'The conversation does not fit the context budget: this question goes without the earlier exchanges.',
  'notice.no-period': 'No period could be read in the question: answered as a fact question.',
  'notice.no-topic': 'No topic could be found for the question: answered as a fact question.',
  'notice.query-embedding-failed': 'The question could not be embedded: searching by words and links only. Cause: {detail}',
  'notice.rerank-failed': 'Reranking with {reranker} failed: the results keep their first order. Cause: {detail}',
  'notice.index-model-changed': 'The embedding model changed ({from} → {to}): the index computes its vectors again.',
  'notice.index-dimension-changed': 'The embedding model now gives vectors of {to} dimensions instead of {from}: the index computes them again.',
  'notice.index-format-newer': 'The index was written by a newer version of Ask Vault (format v{found}; this one reads v{reads}): it is rebuilt from your notes.',
  'notice.index-format-older': 'The index was written by an older version of Ask Vault (format v{found}; this one reads v{reads}): it is rebuilt from your notes.',
  'notice.index-corrupt-rebuilt': 'A file of the index was missing or damaged: the index is rebuilt from your notes. Cause: {detail}',
  indexed: 'Indexed {notes} notes, {chunks} chunks ({embedded} embedded, {reused} reused',
  'indexed-moved': ', {n} moved',
  'indexed-removed': ', {n} removed',
  model: 'Model: {model}',
  'no-model': 'none (lexical and link-graph retrieval only)',
  'index-dir': 'Index: {dir}',
  skipped: 'Skipped {n} note(s):',
  'embedding-stopped': 'Embedding stopped: {detail} What was embedded is saved; the next run sends only the rest.',
} as const;

type WordKey = keyof typeof en;

const fr: Record<WordKey, string> = {
  sources: 'Sources :',
  'no-results': 'Aucun résultat.',
  'time-scope': 'Période : {scope}',
  score: 'score {score}',
  'unverified-citations': 'Citations non vérifiées : {list}',
  'model-failed': 'Le modèle de langage a échoué : {reason}',
  incomplete: 'Réponse incomplète : {reason}',
  'unknown-error': 'erreur inconnue',
  'empty-answer': 'le modèle a renvoyé une réponse vide',
  'why-lexical': 'contient vos mots',
  'why-vector': 'proche par le sens',
  'why-hybrid': 'proche par les mots et le sens',
  'why-journal': 'journal de {note}',
  'why-journal-entry': 'entrée de journal',
  'why-link': 'lié depuis {note}',
  'within-scope': '{why}, dans la période {scope}',
  'notice.embedding-offline': 'Modèle d\'embeddings indisponible hors ligne : recherche par mots et par liens seulement.',
  'notice.embedding-unavailable': 'Modèle d\'embeddings {model} indisponible : recherche par mots et par liens seulement. Cause : {detail}',
  'notice.vector-fell-back': 'Aucun modèle d\'embeddings : recherche par les mots plutôt que par le sens.',
  'notice.no-chat-model': 'Aucun modèle de langage indiqué : voici les passages de vos notes. Indiquez-en un avec --endpoint.',
  'notice.history-dropped': 'Conversation trop longue pour le budget de contexte : cette question part sans les échanges précédents.',
  'notice.no-period': 'Aucune période reconnue dans la question : réponse comme à une question de fait.',
  'notice.no-topic': 'Aucun sujet reconnu dans la question : réponse comme à une question de fait.',
  'notice.query-embedding-failed': 'Impossible de calculer l\'embedding de la question : recherche par mots et par liens seulement. Cause : {detail}',
  'notice.rerank-failed': 'Le reclassement avec {reranker} a échoué : les résultats gardent leur premier ordre. Cause : {detail}',
  'notice.index-model-changed': 'Le modèle d\'embeddings a changé ({from} → {to}) : l\'index recalcule ses vecteurs.',
  'notice.index-dimension-changed': 'Le modèle d\'embeddings donne maintenant des vecteurs de {to} dimensions au lieu de {from} : l\'index les recalcule.',
  'notice.index-format-newer': 'L\'index a été écrit par une version plus récente d\'Ask Vault (format v{found} ; celle-ci lit la v{reads}) : il est reconstruit à partir de vos notes.',
  'notice.index-format-older': 'L\'index a été écrit par une version plus ancienne d\'Ask Vault (format v{found} ; celle-ci lit la v{reads}) : il est reconstruit à partir de vos notes.',
  'notice.index-corrupt-rebuilt': 'Un fichier de l\'index manquait ou était abîmé : l\'index est reconstruit à partir de vos notes. Cause : {detail}',
  indexed: '{notes} notes indexées, {chunks} extraits ({embedded} calculés, {reused} réutilisés',
  'indexed-moved': ', {n} déplacés',
  'indexed-removed': ', {n} supprimés',
  model: 'Modèle : {model}',
  'no-model': 'aucun (recherche par mots et par liens seulement)',
  'index-dir': 'Index : {dir}',
  skipped: '{n} note(s) ignorée(s) :',
  'embedding-stopped': 'Calcul des embeddings interrompu : {detail} Ce qui a été calculé est enregistré ; la prochaine fois, seul le reste sera envoyé.',
};

export const CLI_WORDS: Record<CliLanguage, Record<WordKey, string>> = { en, fr };

/** `--lang` when given, else the language of the question, else English (commands without one). */
export function cliLanguage(flag: CliLanguage | undefined, question?: string): CliLanguage {
  if (flag) return flag;
  return question ? detectLanguage(question, 'en') : 'en';
}

export class CliWords {
  constructor(readonly lang: CliLanguage) {}

  say(key: WordKey, vars: Record<string, string | number> = {}): string {
    return CLI_WORDS[this.lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (vars[name] === undefined ? whole : String(vars[name])));
  }

  notice(notice: CoreNotice): string {
    switch (notice.code) {
      case 'embedding-unavailable':
        return notice.offline ? this.say('notice.embedding-offline') : this.say('notice.embedding-unavailable', { model: notice.model, detail: notice.detail });
      case 'vector-fell-back':
        return this.say('notice.vector-fell-back');
      case 'no-chat-model':
        return this.say('notice.no-chat-model');
      case 'history-dropped':
        return this.say('notice.history-dropped');
      case 'no-period':
        return this.say('notice.no-period');
      case 'no-topic':
        return this.say('notice.no-topic');
      case 'query-embedding-failed':
        return this.say('notice.query-embedding-failed', { detail: notice.detail });
      case 'rerank-failed':
        return this.say('notice.rerank-failed', { reranker: notice.reranker, detail: notice.detail });
      case 'index-model-changed':
        return this.say('notice.index-model-changed', { from: notice.from, to: notice.to });
      case 'index-dimension-changed':
        return this.say('notice.index-dimension-changed', { from: notice.from, to: notice.to });
      case 'index-format-rebuilt':
        return this.say(notice.newer ? 'notice.index-format-newer' : 'notice.index-format-older', { found: notice.found, reads: notice.reads });
      case 'index-corrupt-rebuilt':
        return this.say('notice.index-corrupt-rebuilt', { detail: notice.detail });
    }
  }

  /** Why a passage is among the sources. */
  why(r: SearchResult, scope?: string): string {
    const via = r.via ? (r.via.split('/').pop() ?? r.via).replace(/\.md$/i, '') : '';
    const base =
      r.source === 'lexical' ? this.say('why-lexical')
      : r.source === 'vector' ? this.say('why-vector')
      : r.source === 'hybrid' ? this.say('why-hybrid')
      : r.source === 'journal' ? (via ? this.say('why-journal', { note: via }) : this.say('why-journal-entry'))
      : via ? this.say('why-link', { note: via }) : this.say('why-hybrid');
    return scope && r.source !== 'journal' ? this.say('within-scope', { why: base, scope }) : base;
  }

  date(ms: number): string {
    return formatDateInWords(ms, this.lang);
  }
}
