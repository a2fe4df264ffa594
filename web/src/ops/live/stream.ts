/**
 * Follows `/v1/ops/live` with fetch (EventSource cannot send the Authorization header), reconnecting
 * with a doubling delay whenever the stream fails, ends or goes silent.
 */

import { EventSourceParserStream } from 'eventsource-parser/stream';
import { useEffect, useState } from 'preact/hooks';
import type { Overview } from '../../../../src/ops/contract.js';
import { authorization, errorOf } from '../../api.js';
import { pageLimits } from '../../server-values.js';
import { signOut } from '../../session.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

interface Listener {
  overview(overview: Overview): void;
  state(state: LiveState): void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Reads one connection until it fails, ends or goes silent; answers whether it carried an overview. */
async function readStream(key: string, listener: Listener, stop: AbortSignal): Promise<boolean> {
  const connection = new AbortController();
  const abort = () => connection.abort();
  stop.addEventListener('abort', abort);
  let silence = setTimeout(abort, pageLimits.liveSilenceMaxMs);
  let received = false;
  try {
    const response = await fetch('/v1/ops/live', {
      headers: { ...authorization(key), accept: 'text/event-stream' },
      cache: 'no-store',
      signal: connection.signal,
    });
    if (!response.ok || response.body === null) {
      const error = await errorOf(response);
      if (response.status === 401 || response.status === 403) signOut(error.message);
      throw error;
    }
    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    for (;;) {
      const { value: event, done } = await reader.read();
      if (done) return received;
      if (event.event !== 'overview') continue;
      clearTimeout(silence);
      silence = setTimeout(abort, pageLimits.liveSilenceMaxMs);
      received = true;
      listener.state('live');
      listener.overview(JSON.parse(event.data) as Overview);
    }
  } catch {
    return received;
  } finally {
    clearTimeout(silence);
    stop.removeEventListener('abort', abort);
  }
}

/** Follows the stream until `stop` aborts. */
async function follow(key: string, listener: Listener, stop: AbortSignal): Promise<void> {
  let delayMs: number = pageLimits.liveReconnectDelayMinMs;
  while (!stop.aborted) {
    // A connection that carried figures was healthy: the next failure starts the backoff afresh.
    if (await readStream(key, listener, stop)) delayMs = pageLimits.liveReconnectDelayMinMs;
    if (stop.aborted) return;
    listener.state('reconnecting');
    // Jitter, so that every wall of a room does not come back in the same millisecond.
    await sleep(delayMs * (0.75 + Math.random() / 2), stop);
    delayMs = Math.min(delayMs * 2, pageLimits.liveReconnectDelayMaxMs);
  }
}

/** The latest overview and the stream's state, for as long as the component is shown. */
export function useLive(key: string): { overview: Overview | null; state: LiveState } {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const stop = new AbortController();
    void follow(key, { overview: setOverview, state: setState }, stop.signal);
    return () => stop.abort();
  }, [key]);
  return { overview, state };
}
