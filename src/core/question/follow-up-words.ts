// The words follow-up resolution reads, French and English. A word is a topic word unless it is in
// one of these lists: function words (the Snowball stop lists the lexical analyser uses too), the
// words that frame a question about one's notes ("qu'ai-je écrit sur", "what did I note about"),
// the words that ask for more of the same answer ("développe", "the second point"), and pronouns.
import { eng, fra } from 'stopword';

const set = (words: readonly string[]) => new Set(words.map((w) => w.normalize('NFC').toLowerCase().replace(/’/g, "'")));

export const FUNCTION_WORDS = set([
  ...fra,
  ...eng,
  'qu', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'pourquoi', 'quand', 'où', 'combien', 'lequel', 'laquelle',
  'est-ce', 'ce', 't', 'y', 'là', 'ici', 'donc', 'alors', 'ensuite', 'puis', 'après', 'aussi', 'encore', 'déjà', 'vraiment', 'bien',
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'then', 'next', 'also', 'really', 'ok', 'okay',
]);

/** Verbs and nouns that frame a question about one's notes without saying what it is about. */
export const FRAME_WORDS = set([
  'écrit', 'écrire', 'écris', 'écrivais', 'écrivait', 'noté', 'notée', 'notés', 'noter', 'note', 'notes', 'dit', 'dis', 'disais', 'disait', 'dire',
  'fait', 'fais', 'faisais', 'faisait', 'faire', 'pensé', 'pense', 'pensais', 'pensait', 'penser', 'sais', 'savais', 'savoir', 'su',
  'appris', 'apprendre', 'lu', 'lire', 'décidé', 'décider', 'demandé', 'demander', 'raconté', 'raconter', 'mentionné', 'mentionner',
  'parlé', 'parler', 'parlais', 'parlait', 'passé', 'passer', 'passait', 'avancé', 'avançait', 'avancer', 'trouvé', 'vu', 'retenu',
  'journal', 'journaux', 'vault', 'coffre', 'chose', 'choses', 'sujet', 'propos', 'concernant', 'point', 'état', 'situation', 'nouvelles',
  'write', 'wrote', 'written', 'writing', 'note', 'noted', 'notes', 'say', 'said', 'do', 'did', 'does', 'done', 'think', 'thought',
  'know', 'knew', 'learn', 'learned', 'learnt', 'read', 'decide', 'decided', 'ask', 'asked', 'tell', 'told', 'mention', 'mentioned',
  'talk', 'talked', 'happen', 'happened', 'go', 'went', 'going', 'status', 'journal', 'journals', 'vault', 'thing', 'things',
  'anything', 'something', 'find', 'found', 'get', 'got', 'regarding', 'concerning', 'news', 'update',
]);

/** Words that ask for more of the previous answer: with nothing else, the follow-up keeps its sources. */
export const MORE_WORDS = set([
  'développe', 'développer', 'développes', 'détaille', 'détailler', 'détails', 'détail', 'précise', 'préciser', 'précises', 'précision', 'précisions',
  'explique', 'expliquer', 'expliques', 'explication', 'explications', 'résume', 'résumer', 'résumé', 'reformule', 'reformuler',
  'continue', 'continuer', 'davantage', 'exemple', 'exemples', 'points', 'premier', 'première', 'deuxième', 'second', 'seconde',
  'troisième', 'quatrième', 'dernier', 'dernière', 'sens', 'veux', 'peux', 'pourrais', 'donne', 'donner', 'dis-m', 'clair', 'claire',
  'simplement', 'plus', 'bref', 'court', 'courte', 'liste', 'lister', 'suite', 'ça', 'cela', 'ceci', 'pourquoi', 'comment', 'quoi', 'ah',
  'expand', 'elaborate', 'explain', 'details', 'detail', 'more', 'clarify', 'summarise', 'summarize', 'summary', 'rephrase',
  'example', 'examples', 'point', 'points', 'first', 'second', 'third', 'last', 'mean', 'can', 'could', 'please', 'further',
  'briefly', 'shorter', 'list', 'that', 'this', 'go', 'on', 'keep', 'going', 'say', 'why', 'how', 'so',
]);

/** Words that point back to something named before: "il", "ça", "sa", "it", "their". */
export const PRONOUNS = set([
  'il', 'elle', 'ils', 'elles', 'lui', 'eux', 'leur', 'leurs', 'ça', 'cela', 'ceci', 'celui-ci', 'celle-ci', 'ceux-ci', 'celles-ci',
  'celui-là', 'celle-là', 'son', 'sa', 'ses', 'y',
  'it', 'its', 'they', 'them', 'their', 'theirs', 'he', 'she', 'him', 'her', 'his', 'hers', 'this', 'that', 'these', 'those',
]);

/** Demonstratives that make the next noun refer back ("ce projet", "cette idée", "that project"). */
export const DEMONSTRATIVES = set(['ce', 'cet', 'cette', 'ces', 'this', 'that', 'these', 'those']);

/**
 * Openings that make a question a continuation: « et », « et pour », « qu'en est-il du », "what about",
 * longest first, matched as whole words at the start. `article` is what the opening swallowed
 * (« du » is « de le »), given back to the new topic so it reads « le fine-tuning ».
 */
export const CONTINUATION_OPENERS: readonly { words: string; article?: string }[] = [
  ...['et qu\'en est-il', 'qu\'en est-il'].flatMap((w) => [
    { words: `${w} de la`, article: 'la' }, { words: `${w} du`, article: 'le' }, { words: `${w} des`, article: 'les' },
    { words: `${w} de` }, { words: `${w} d'` },
  ]),
  { words: 'et du côté de' }, { words: 'et concernant' }, { words: 'et pour' }, { words: 'et avec' }, { words: 'et sinon' }, { words: 'et' },
  { words: 'and what about' }, { words: 'and how about' }, { words: 'what about' }, { words: 'how about' }, { words: 'and for' },
  { words: 'and with' }, { words: 'and' },
];

/** Verbs of events: part of a follow-up's question, but not of the topic an earlier question hands on. */
export const EVENT_VERBS = set([
  'lieu', 'lancé', 'lancée', 'lancer', 'commencé', 'commencer', 'fini', 'finir', 'terminé', 'terminer', 'travaillé', 'travaillait', 'utilisé',
  'utiliser', 'créé', 'créer', 'arrêté', 'arrêter', 'abandonné', 'repris', 'démarré', 'choisi', 'essayé',
  'start', 'started', 'began', 'begin', 'launch', 'launched', 'finish', 'finished', 'end', 'ended', 'work', 'worked', 'use', 'used',
  'create', 'created', 'stop', 'stopped', 'drop', 'dropped', 'choose', 'chose', 'chosen', 'try', 'tried',
]);

/** Articles and prepositions that may end a question's frame and start the new topic instead. */
export const ARTICLES = set(['le', 'la', 'les', "l'", 'un', 'une', 'des', 'the', 'a', 'an']);
export const PREPOSITIONS = set(['de', 'du', 'des', "d'", 'sur', 'avec', 'à', 'au', 'aux', 'pour', 'chez', 'of', 'about', 'on', 'with', 'for', 'in', 'to']);
