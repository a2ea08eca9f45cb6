// Which journal entries of a timeline reach the model when not all of them fit its context.
// Pure: entries come with their date, their cost in tokens and how well they match the question;
// the choice comes back in date order, with how many were left out.
//
// - A period keeps every entry when they fit. Otherwise the entries that match the question's
//   topic come first (best first), and the rest of the room goes to a spread over the period:
//   as many equal stretches of time as the room holds entries, one entry from each in turn,
//   so a month of daily notes is not summarised from its first ten days.
// - A topic's evolution keeps its first and its last entry, then the entries whose wording moves
//   furthest from the entry before: where an opinion changed, not where it was repeated.

export interface TimelineCandidate {
  key: string;
  /** Local timestamp of the entry. */
  date: number;
  /** Tokens it takes in the prompt, frame included. */
  cost: number;
  /** How well it matches the question's topic; 0 = not at all. */
  score: number;
  /** Its analysed words about the topic, for the evolution's change measure. */
  terms?: ReadonlySet<string>;
}

export interface TimelineChoice<T extends TimelineCandidate> {
  chosen: T[];
  total: number;
}

function byDate<T extends TimelineCandidate>(a: T, b: T): number {
  return a.date - b.date || a.key.localeCompare(b.key);
}

export function selectPeriod<T extends TimelineCandidate>(entries: readonly T[], budget: number): TimelineChoice<T> {
  const all = [...entries].sort(byDate);
  const totalCost = all.reduce((s, e) => s + e.cost, 0);
  if (totalCost <= budget) return { chosen: all, total: all.length };
  const picked = new Set<T>();
  let room = budget;
  const take = (e: T) => {
    if (picked.has(e) || e.cost > room) return false;
    picked.add(e);
    room -= e.cost;
    return true;
  };
  for (const e of all.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || byDate(a, b))) take(e);
  spread(all.filter((e) => !picked.has(e)), room, take);
  return { chosen: [...picked].sort(byDate), total: all.length };
}

/**
 * Round robin over equal stretches of the period, as many as the room holds entries: each
 * stretch gives its best-scored entry, then the one nearest its middle.
 */
function spread<T extends TimelineCandidate>(rest: T[], room: number, take: (e: T) => boolean): void {
  if (rest.length === 0) return;
  const average = rest.reduce((s, e) => s + e.cost, 0) / rest.length;
  const slots = Math.max(1, Math.floor(room / Math.max(average, 1)));
  const first = rest[0].date;
  const width = (rest[rest.length - 1].date - first + 1) / slots;
  const buckets = new Map<number, T[]>();
  for (const e of rest) {
    const b = Math.min(slots - 1, Math.floor((e.date - first) / width));
    const list = buckets.get(b) ?? [];
    list.push(e);
    buckets.set(b, list);
  }
  const middle = (b: number) => first + (b + 0.5) * width;
  const queues = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, l]) => l.sort((x, y) => y.score - x.score || Math.abs(x.date - middle(b)) - Math.abs(y.date - middle(b)) || byDate(x, y)));
  // Each round offers every stretch's next entry; one that no longer fits is passed over.
  while (queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next) take(next);
    }
  }
}

/** 1 − Jaccard similarity of two word sets: 0 when an entry repeats the last, 1 when it shares nothing. */
export function wordingChange(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number {
  if (!a || !b || (a.size === 0 && b.size === 0)) return 0;
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return 1 - both / (a.size + b.size - both);
}

export function selectEvolution<T extends TimelineCandidate>(entries: readonly T[], budget: number): TimelineChoice<T> {
  const all = [...entries].sort(byDate);
  if (all.reduce((s, e) => s + e.cost, 0) <= budget) return { chosen: all, total: all.length };
  const picked = new Set<T>();
  let room = budget;
  const take = (e: T | undefined) => {
    if (!e || picked.has(e) || e.cost > room) return;
    picked.add(e);
    room -= e.cost;
  };
  take(all[0]);
  take(all[all.length - 1]);
  // How much the entry is about the topic, then how far its wording moves from the entry before.
  const maxScore = Math.max(...all.map((e) => e.score), 1e-9);
  const ranked = all
    .map((e, i) => ({ e, change: (e.score / maxScore) * (0.5 + 0.5 * (i === 0 ? 1 : wordingChange(e.terms, all[i - 1]?.terms))) }))
    .sort((a, b) => b.change - a.change || byDate(a.e, b.e));
  for (const { e } of ranked) take(e);
  return { chosen: [...picked].sort(byDate), total: all.length };
}

/** The earliest (`first`) or latest (`last`) entries that fit, at most `count`, in date order. */
export function selectEnds<T extends TimelineCandidate>(entries: readonly T[], which: 'first' | 'last', count: number, budget: number): TimelineChoice<T> {
  const all = [...entries].sort(byDate);
  const order = which === 'first' ? all : [...all].reverse();
  const chosen: T[] = [];
  let room = budget;
  for (const e of order) {
    if (chosen.length >= count) break;
    if (e.cost > room) continue;
    chosen.push(e);
    room -= e.cost;
  }
  return { chosen: chosen.sort(byDate), total: all.length };
}
