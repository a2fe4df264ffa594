/**
 * JSON text the way a hostile client writes it: numbers `JSON.stringify` cannot write (`-0`, `1e999`,
 * 2^53 + 1 as typed) and objects that name a key twice, which `JSON.parse` accepts, keeping the last.
 */

/** A token written into the text as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as a list of entries, so that a key may come twice. */
export class Entries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/** A value to write: plain JSON values, with `RawJson` and `Entries` anywhere inside. */
export type Loose = unknown;

/** The JSON text of a loose value; iterative, so that 10,000 nested arrays write as well as one. */
export function toJsonText(value: Loose): string {
  const out: string[] = [];
  // Work items: a value to write, or text to emit once the values before it are written.
  const stack: ({ value: Loose } | { text: string })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const current = item.value;
    if (current instanceof RawJson) out.push(current.text);
    else if (current instanceof Entries || (typeof current === 'object' && current !== null)) {
      const isArray = Array.isArray(current);
      const entries: readonly (readonly [string | null, unknown])[] =
        current instanceof Entries
          ? current.entries
          : isArray
            ? (current as unknown[]).map((each) => [null, each] as const)
            : Object.entries(current as object);
      const parts: ({ value: Loose } | { text: string })[] = [{ text: isArray ? '[' : '{' }];
      entries.forEach(([key, each], index) => {
        if (index > 0) parts.push({ text: ',' });
        if (key !== null) parts.push({ text: `${JSON.stringify(key)}:` });
        parts.push({ value: each === undefined ? null : each });
      });
      parts.push({ text: isArray ? ']' : '}' });
      for (let index = parts.length - 1; index >= 0; index--) stack.push(parts[index]!);
    } else if (typeof current === 'number' && !Number.isFinite(current)) out.push('null');
    else out.push(JSON.stringify(current) ?? 'null');
  }
  return out.join('');
}

/** `depth` arrays, each inside the one before: `[[[…]]]`. */
export function nestedArrays(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

/** `depth` objects, each the value of `a` in the one before. */
export function nestedObjects(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** A copy of a loose value where `at` (a list of keys and indexes) is `replace(old)`; the root when `at` is empty. */
export function replaceAt(
  value: Loose,
  at: readonly (string | number)[],
  replace: (old: Loose) => Loose,
): Loose {
  if (at.length === 0) return replace(value);
  const [head, ...rest] = at;
  if (value instanceof Entries) {
    let done = false;
    return new Entries(
      // The last entry of a key is the one JSON.parse keeps.
      [...value.entries]
        .reverse()
        .map(([key, each]): readonly [string, unknown] => {
          if (done || key !== head) return [key, each];
          done = true;
          return [key, replaceAt(each, rest, replace)];
        })
        .reverse(),
    );
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = replaceAt(copy[head as number], rest, replace);
    return copy;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof RawJson)) {
    return {
      ...(value as object),
      [head as string]: replaceAt((value as never)[head as string], rest, replace),
    };
  }
  return value;
}

/** Every place inside a loose value (the root first): what a mutation can aim at. */
export function placesOf(value: Loose, limit = 200): (string | number)[][] {
  const places: (string | number)[][] = [];
  const queue: [Loose, (string | number)[]][] = [[value, []]];
  while (queue.length > 0 && places.length < limit) {
    const [current, at] = queue.shift()!;
    places.push(at);
    if (current instanceof Entries)
      for (const [key, each] of current.entries) queue.push([each, [...at, key]]);
    else if (Array.isArray(current))
      for (const [index, each] of current.entries()) queue.push([each, [...at, index]]);
    else if (typeof current === 'object' && current !== null && !(current instanceof RawJson))
      for (const [key, each] of Object.entries(current)) queue.push([each, [...at, key]]);
  }
  return places;
}

/** The value at a place, or undefined. */
export function valueAt(value: Loose, at: readonly (string | number)[]): Loose {
  let current = value;
  for (const step of at) {
    if (current instanceof Entries) current = current.entries.findLast(([key]) => key === step)?.[1];
    else if (typeof current === 'object' && current !== null && !(current instanceof RawJson))
      current = (current as Record<string | number, unknown>)[step];
    else return undefined;
  }
  return current;
}
