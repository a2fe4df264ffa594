/**
 * Reads the `.cpuprofile` files `node --cpu-prof` wrote and names the functions that took the most
 * CPU themselves, within a window of the run: its sample times are the machine's monotonic clock in
 * microseconds, the clock `process.hrtime` reads in the bench too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the machine's monotonic clock, in microseconds, as `monotonicNowUs` reads it. */
export interface ClockWindow {
  readonly startUs: number;
  readonly endUs: number;
}

export const monotonicNowUs = (): number => Number(process.hrtime.bigint() / 1_000n);

export interface HotFunction {
  readonly name: string;
  /** `file:line`, relative to the project, or the node internal it is in. */
  readonly where: string;
  readonly selfMs: number;
  /** Of the CPU time the process spent busy (idle excluded). */
  readonly selfShare: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** Profiled time within the window. */
  readonly windowMs: number;
  readonly busyMs: number;
  readonly top: readonly HotFunction[];
  /** Self time per package (kysely, pg, fastify…), Affluence's own code per part, Node, and native calls. */
  readonly byComponent: readonly {
    readonly component: string;
    readonly selfMs: number;
    readonly selfShare: number;
  }[];
}

/** Where a function belongs: an npm package, a part of Affluence, Node's own JavaScript, or a native call. */
function componentOf(name: string, at: string): string {
  if (at === '') return name.startsWith('(') ? name : `native ${name}`;
  const packageMatch = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(at);
  if (packageMatch !== null) return packageMatch[1]!;
  const ownMatch = /^dist\/([^/]+)\//.exec(at);
  if (ownMatch !== null) return `affluence ${ownMatch[1]}`;
  if (at.startsWith('node:')) return 'node internals';
  return at.split(':')[0]!;
}

function where(url: string, lineNumber: number, root: string): string {
  if (url === '') return '';
  const path = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return `${path}:${lineNumber + 1}`;
}

export function summarizeProfile(
  file: string,
  root: string,
  topCount: number,
  window: ClockWindow,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUsById = new Map<number, number>();
  let sampleUs = profile.startTime;
  let windowUs = 0;
  profile.samples.forEach((id, index) => {
    const deltaUs = profile.timeDeltas[index] ?? 0;
    sampleUs += deltaUs;
    if (sampleUs <= window.startUs || sampleUs > window.endUs) return;
    windowUs += deltaUs;
    selfUsById.set(id, (selfUsById.get(id) ?? 0) + deltaUs);
  });
  const byFunction = new Map<string, { name: string; where: string; selfUs: number }>();
  let busyUs = 0;
  for (const [id, selfUs] of selfUsById) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busyUs += selfUs;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const at = where(frame.url, frame.lineNumber, root);
    const key = `${name} ${at}`;
    const entry = byFunction.get(key) ?? { name, where: at, selfUs: 0 };
    entry.selfUs += selfUs;
    byFunction.set(key, entry);
  }
  const byComponent = new Map<string, number>();
  for (const entry of byFunction.values()) {
    const component = componentOf(entry.name, entry.where);
    byComponent.set(component, (byComponent.get(component) ?? 0) + entry.selfUs);
  }
  const share = (us: number) => (busyUs === 0 ? 0 : us / busyUs);
  const top = [...byFunction.values()]
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, topCount)
    .map((entry) => ({
      name: entry.name,
      where: entry.where,
      selfMs: entry.selfUs / 1_000,
      selfShare: share(entry.selfUs),
    }));
  return {
    file: relative(root, file),
    windowMs: windowUs / 1_000,
    busyMs: busyUs / 1_000,
    top,
    byComponent: [...byComponent.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topCount)
      .map(([component, us]) => ({ component, selfMs: us / 1_000, selfShare: share(us) })),
  };
}

export function summarizeProfiles(
  dir: string,
  root: string,
  topCount: number,
  window: ClockWindow,
): ProfileSummary[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .map((name) => summarizeProfile(join(dir, name), root, topCount, window));
}
