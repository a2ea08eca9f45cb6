// A deterministic French vault shaped like the user's: dated journal entries that link to topic
// notes, and topic notes of a few sections each. Words follow a Zipf law over ~20k forms (common
// French words, then pseudo-words), so the lexical index sees a realistic vocabulary, and
// lengths vary from one-line entries to sections that fill a whole chunk.
import { rng } from './stats';

export interface VaultNote {
  path: string;
  text: string;
}

const COMMON = (
  'le la les un une des de du et à en que qui dans pour sur avec par pas plus ne se ce il elle on nous je ' +
  'est sont a ont été être avoir fait faire dit peut tout mais comme aussi bien très encore déjà toujours ' +
  'projet note idée modèle question réponse ami travail temps jour semaine mois année lecture livre article ' +
  'données recherche index texte mot phrase sens exemple méthode système outil code test résultat erreur ' +
  'apprentissage réseau langue français anglais vecteur document passage requête journal souvenir rencontre ' +
  'réunion équipe client produit version problème solution raison chose façon manière partie début fin ' +
  'nouveau grand petit premier dernier autre même seul bon vrai simple important possible rapide lent ' +
  'lire écrire penser comprendre apprendre essayer chercher trouver garder partager demander répondre ' +
  'montrer utiliser construire tester mesurer comparer expliquer corriger résumer noter relire ' +
  'aujourd\'hui hier demain matin soir pendant après avant depuis enfin ensuite alors donc pourtant'
).split(/\s+/);

const SYLLABLES = 'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo an en in on ou ai eu oi tion ment eur ique ance'.split(' ');
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const FOLDERS = ['Projets', 'Concepts', 'Lectures', 'Personnes', 'Cuisine', 'Travail'];
const HEADINGS = ['Contexte', 'Objectifs', 'Idées', 'Questions ouvertes', 'Références', 'Notes de lecture', 'Résumé', 'Exemples', 'Problèmes', 'Prochaines étapes', 'Historique', 'Détails'];

class Words {
  private readonly forms: string[];
  private readonly cumulative: Float64Array;

  constructor(private readonly random: () => number, size = 20_000) {
    const forms = [...COMMON];
    const seen = new Set(forms);
    while (forms.length < size) {
      let w = '';
      const n = 2 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
      if (!seen.has(w)) {
        seen.add(w);
        forms.push(w);
      }
    }
    this.forms = forms;
    this.cumulative = new Float64Array(size);
    let sum = 0;
    for (let r = 0; r < size; r++) this.cumulative[r] = sum += 1 / Math.pow(r + 1, 1.07);
  }

  word(): string {
    const total = this.cumulative[this.cumulative.length - 1]!;
    const x = this.random() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.forms[lo]!;
  }
}

export interface VaultOptions {
  notes: number;
  seed?: number;
  /** Share of journal entries (default 0.4). */
  journalShare?: number;
}

/** Sentences and paragraphs of Zipf-distributed words, from one seeded generator. */
export class TextMaker {
  readonly random: () => number;
  private readonly words: Words;

  constructor(seed: number) {
    this.random = rng(seed);
    this.words = new Words(this.random);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  word(): string {
    return this.words.word();
  }

  sentence(min: number, max: number): string {
    const n = this.int(min, max);
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(this.words.word());
    const s = ws.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + (this.random() < 0.1 ? ' ?' : '.');
  }

  /** Skewed lengths: most paragraphs are a sentence or two, a few run long. */
  paragraph(): string {
    const r = this.random;
    const n = r() < 0.65 ? this.int(1, 2) : r() < 0.7 ? this.int(3, 5) : this.int(6, 12);
    return Array.from({ length: n }, () => this.sentence(5, 18)).join(' ');
  }
}

/** Notes in path order. Journals come one per day from 2015-01-01, topics spread over folders. */
export function generateVault(opts: VaultOptions): VaultNote[] {
  const text = new TextMaker(opts.seed ?? 20241226);
  const random = text.random;
  const int = (lo: number, hi: number) => text.int(lo, hi);
  const pick = <T>(xs: readonly T[]): T => text.pick(xs);
  const sentence = (min: number, max: number) => text.sentence(min, max);
  const paragraph = () => text.paragraph();
  const words = text;

  const journals = Math.round(opts.notes * (opts.journalShare ?? 0.4));
  const topics = opts.notes - journals;
  const titles: string[] = [];
  const topicPaths: string[] = [];
  for (let i = 0; i < topics; i++) {
    const title = `${pick(['Projet', 'Concept', 'Lecture', 'Idée', 'Sujet'])} ${i + 1} - ${words.word()} ${words.word()}`;
    titles.push(title);
    topicPaths.push(`${FOLDERS[i % FOLDERS.length]}/${title}.md`);
  }
  const link = () => `[[${pick(titles)}]]`;

  const notes: VaultNote[] = [];
  for (let i = 0; i < topics; i++) {
    const lines: string[] = [];
    if (random() < 0.3) lines.push('---', `tags:`, `  - ${pick(['projet', 'lecture', 'idée', 'travail'])}`, '---');
    lines.push(paragraph(), '');
    const sections = random() < 0.3 ? int(1, 3) : int(5, 11);
    for (let s = 0; s < sections; s++) {
      lines.push(`## ${pick(HEADINGS)} ${s + 1}`, '');
      const paragraphs = random() < 0.6 ? 1 : int(2, 4);
      for (let p = 0; p < paragraphs; p++) {
        if (random() < 0.15) {
          for (let k = int(2, 6); k > 0; k--) lines.push(`- ${sentence(3, 12)}`);
        } else {
          lines.push(random() < 0.3 ? `${paragraph()} Voir ${link()}.` : paragraph());
        }
        lines.push('');
      }
    }
    notes.push({ path: topicPaths[i]!, text: lines.join('\n') });
  }

  const day0 = Date.UTC(2015, 0, 1);
  for (let j = 0; j < journals; j++) {
    const d = new Date(day0 + j * 86_400_000);
    const hh = int(7, 23);
    const mm = int(0, 59);
    const name = `Journal du ${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} à ${hh}h${String(mm).padStart(2, '0')}`;
    const lines: string[] = [];
    const paragraphs = random() < 0.7 ? int(1, 2) : int(3, 6);
    for (let p = 0; p < paragraphs; p++) {
      lines.push(random() < 0.7 ? `${sentence(4, 14)} ${link()} ${paragraph()}` : paragraph(), '');
    }
    notes.push({ path: `Journal/${name}.md`, text: lines.join('\n') });
  }
  return notes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A new last paragraph with a word no other note has, so a search can tell when the edit is in. */
export function editedText(text: string, marker: string): string {
  return `${text.trimEnd()}\n\nAjouté aujourd'hui : ${marker} relu et complété, avec une remarque sur la méthode.\n`;
}
