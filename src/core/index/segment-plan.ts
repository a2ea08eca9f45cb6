// Which segment files a commit rewrites. Each key (a note path, a vector's text hash) lives in
// exactly one segment. Hash-sharding would spread every checkpoint of a long build over all
// shards and rewrite the whole index each time (quadratic in the vault size); instead a commit
// writes the changed keys into new segments and rewrites only the segments that lost a key.
// Segments under half the target size are folded into the rewrite, so after any commit at
// most one segment is small and the segment count stays near total size / target size.
// A checkpoint therefore costs its new data plus at most a few segments: the build is linear.

export interface Segment {
  file: string;
  keys: string[];
  /** Approximate bytes, measured when the segment was planned. */
  weight: number;
}

export interface SegmentPlan {
  /** Segments kept as they are. */
  keep: Segment[];
  /** Segments replaced (their files become garbage once the manifest moves on). */
  drop: Segment[];
  /** Key groups to write as new segments, each within the target weight when possible. */
  write: string[][];
}

export interface PlanInputs {
  /** Whether a key exists now (false for removed keys). */
  live: (key: string) => boolean;
  /** Approximate bytes of a live key. */
  weight: (key: string) => number;
  /** File of the segment that holds a key on disk, if any. */
  segmentOf: (key: string) => string | undefined;
  /** Target bytes per segment. */
  target: number;
}

/** @param changed keys added, replaced or removed since the last commit */
export function planSegments(segments: readonly Segment[], changed: ReadonlySet<string>, inputs: PlanInputs): SegmentPlan {
  const { live, weight, segmentOf, target } = inputs;
  const touched = new Set<string>();
  const added: string[] = [];
  for (const k of changed) {
    const file = segmentOf(k);
    if (file !== undefined) touched.add(file);
    if (live(k)) added.push(k);
  }
  if (added.length === 0 && touched.size === 0) return { keep: [...segments], drop: [], write: [] };

  const keep: Segment[] = [];
  const drop: Segment[] = [];
  const pending: string[] = [];
  for (const seg of segments) {
    if (touched.has(seg.file) || seg.weight < target / 2) {
      drop.push(seg);
      for (const k of seg.keys) if (!changed.has(k)) pending.push(k);
    } else {
      keep.push(seg);
    }
  }
  pending.push(...added);
  if (pending.length === 0) return { keep, drop, write: [] };

  const write: string[][] = [];
  let group: string[] = [];
  let groupWeight = 0;
  for (const k of pending) {
    const w = weight(k);
    if (group.length > 0 && groupWeight + w > target) {
      write.push(group);
      group = [];
      groupWeight = 0;
    }
    group.push(k);
    groupWeight += w;
  }
  write.push(group);
  return { keep, drop, write };
}
