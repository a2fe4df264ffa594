/** The simulation's agenda: what happens next, in time order, and in scheduling order at equal times. */

interface Scheduled {
  readonly atMs: number;
  readonly seq: number;
  readonly run: (atMs: number) => void;
}

/** A binary min-heap on (time, then scheduling order). */
export class Agenda {
  private readonly items: Scheduled[] = [];
  private seq = 0;

  push(atMs: number, run: (atMs: number) => void): void {
    const items = this.items;
    items.push({ atMs, seq: this.seq++, run });
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  peekAtMs(): number | undefined {
    return this.items[0]?.atMs;
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && this.before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && this.before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === index) break;
      [items[index], items[smallest]] = [items[smallest]!, items[index]!];
      index = smallest;
    }
    return top;
  }

  private before(a: Scheduled, b: Scheduled): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }
}
