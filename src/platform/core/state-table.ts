/** What every state machine of the core (orders, incidents) checks of its table when it loads. */

/** The states of `table` that no sequence of allowed moves reaches from `initial`. */
export function unreachableStates<State extends string>(
  states: readonly State[],
  table: Readonly<Record<State, readonly State[]>>,
  initial: State,
): State[] {
  const seen = new Set<State>([initial]);
  const queue: State[] = [initial];
  while (queue.length > 0) {
    for (const next of table[queue.shift()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return states.filter((state) => !seen.has(state));
}

/** Throws at load when a process table leaves a state unreachable: a broken table is a bug. */
export function assertAllReachable<State extends string>(
  process: string,
  states: readonly State[],
  table: Readonly<Record<State, readonly State[]>>,
  initial: State,
): void {
  const unreachable = unreachableStates(states, table, initial);
  if (unreachable.length > 0) {
    throw new Error(`${process} process broken: unreachable statuses ${unreachable.join(', ')}`);
  }
}
