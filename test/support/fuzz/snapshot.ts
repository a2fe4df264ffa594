/**
 * The whole SQLite store as rows, read through a connection of the fuzzer's own, and a cheap way to
 * know whether anything was committed since the last look, so that a write is pinned on the request
 * that made it.
 */
import Database from 'better-sqlite3';

/**
 * Tables that change while nothing but reads happen, by design:
 * - `metric_minutes`: the figures recorder counts every answered request, refused ones too, and
 *   writes its minute row every second; that is the operations room's traffic figure, not shop state.
 */
export const technicalTables: ReadonlySet<string> = new Set(['metric_minutes']);

/** Every table but the technical ones: name → its rows, each as JSON, sorted. */
export type Snapshot = ReadonlyMap<string, readonly string[]>;

export class StoreWatch {
  private readonly db: Database.Database;
  private readonly tables: readonly string[];
  private version: number;

  constructor(location: string) {
    this.db = new Database(location, { readonly: true, fileMustExist: true });
    this.tables = (
      this.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    )
      .map((row) => row.name)
      .filter((name) => !technicalTables.has(name));
    this.version = this.dataVersion();
  }

  /** SQLite's count of commits made by other connections: it moves whenever the server commits. */
  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** True once per run of commits: whether the server committed anything since the last call. */
  committed(): boolean {
    const version = this.dataVersion();
    const moved = version !== this.version;
    this.version = version;
    return moved;
  }

  snapshot(): Snapshot {
    // One read transaction: every table as of the same commit.
    return this.db.transaction(
      () =>
        new Map(
          this.tables.map((table) => [
            table,
            (this.db.prepare(`SELECT * FROM "${table}"`).all() as object[])
              .map((row) =>
                JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
              )
              .sort(),
          ]),
        ),
    )();
  }

  close(): void {
    this.db.close();
  }
}

/** What differs between two snapshots, table by table, a few rows each: empty when they are the same. */
export function differences(before: Snapshot, after: Snapshot, rowsShown = 3): string[] {
  const lines: string[] = [];
  for (const [table, rows] of after) {
    const old = before.get(table) ?? [];
    const oldSet = new Set(old);
    const newSet = new Set(rows);
    const added = rows.filter((row) => !oldSet.has(row));
    const removed = old.filter((row) => !newSet.has(row));
    if (added.length === 0 && removed.length === 0 && rows.length === old.length) continue;
    lines.push(`${table}: ${added.length} row(s) added or changed, ${removed.length} removed or changed`);
    for (const row of added.slice(0, rowsShown)) lines.push(`  + ${row.slice(0, 300)}`);
    for (const row of removed.slice(0, rowsShown)) lines.push(`  - ${row.slice(0, 300)}`);
  }
  return lines;
}
