// The segment files of one kind (notes or vectors) that the manifest names, and which segment
// holds each key. Only a commit asks the second question, so that map is built at the first
// commit rather than at open: a read-only open (the CLI's queries, a reader beside the writer)
// never pays for 50k map entries it would not use.
import type { Segment, SegmentPlan } from './segment-plan';

export class SegmentSet<S extends Segment> {
  private readonly byFile = new Map<string, S>();
  private byKey: Map<string, string> | null = null;

  add(segment: S): void {
    this.byFile.set(segment.file, segment);
    if (this.byKey) for (const key of segment.keys) this.byKey.set(key, segment.file);
  }

  values(): S[] {
    return [...this.byFile.values()];
  }

  /** File of the segment holding `key` on disk, if any. */
  segmentOf(key: string): string | undefined {
    if (!this.byKey) {
      this.byKey = new Map();
      for (const segment of this.byFile.values()) for (const k of segment.keys) this.byKey.set(k, segment.file);
    }
    return this.byKey.get(key);
  }

  /** After a commit: `plan.drop` leaves, `added` joins. */
  apply(plan: SegmentPlan, added: readonly S[]): void {
    for (const segment of plan.drop) {
      this.byFile.delete(segment.file);
      if (this.byKey) for (const k of segment.keys) if (this.byKey.get(k) === segment.file) this.byKey.delete(k);
    }
    for (const segment of added) this.add(segment);
  }
}
