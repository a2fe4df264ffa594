/**
 * How busy the machine was during a run, and with what: the bench itself (the load generator), the
 * servers under test (with their PostgreSQL backends), and other work. On a shared machine the last
 * says how far a figure can be trusted. Linux only (/proc); elsewhere nothing is measured.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Fractions of the whole machine (all cores) during the run. */
export interface CpuShares {
  /** Not idle. */
  readonly machine: number;
  readonly bench: number;
  readonly servers: number;
  /** Interrupt and softirq time: mostly the loopback network of the run itself. */
  readonly interrupts: number;
  /** Process time of neither the bench nor its servers, plus what the hypervisor took (steal). */
  readonly elsewhere: number;
}

const procAvailable = existsSync('/proc/stat');

interface MachineTicks {
  readonly total: number;
  readonly idle: number;
  readonly process: number;
  readonly interrupts: number;
  readonly steal: number;
}

function machineTicks(): MachineTicks {
  // cpu  user nice system idle iowait irq softirq steal (guest time is inside user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number) as [number, number, number, number, number, number, number, number];
  return {
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    idle: idle + iowait,
    process: user + nice + system,
    interrupts: irq + softirq,
    steal,
  };
}

/** utime + stime of a process, all its threads, in the same ticks as /proc/stat; 0 once it is gone. */
function processTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export interface CpuMeter {
  /** `laterPids`: server processes that started during the run (a pool's new PostgreSQL backends). */
  stop(laterPids?: readonly number[]): CpuShares | undefined;
}

export function startCpuMeter(serverPids: readonly number[]): CpuMeter {
  if (!procAvailable) return { stop: () => undefined };
  const machine = machineTicks();
  const bench = processTicks('self');
  const serverTicksAtStart = new Map(serverPids.map((pid) => [pid, processTicks(pid)]));
  return {
    stop(laterPids = []) {
      const now = machineTicks();
      const total = now.total - machine.total;
      if (total <= 0) return undefined;
      const benchTicks = processTicks('self') - bench;
      let serverTicks = 0;
      for (const pid of new Set([...serverPids, ...laterPids])) {
        // A process that started during the run spent all its time in it; one that ended is lost.
        serverTicks += Math.max(0, processTicks(pid) - (serverTicksAtStart.get(pid) ?? 0));
      }
      const othersTicks = Math.max(0, now.process - machine.process - benchTicks - serverTicks);
      return {
        machine: 1 - (now.idle - machine.idle) / total,
        bench: benchTicks / total,
        servers: serverTicks / total,
        interrupts: (now.interrupts - machine.interrupts) / total,
        elsewhere: (othersTicks + now.steal - machine.steal) / total,
      };
    },
  };
}

/** Figures with the CPU shares measured while they were taken. */
export type Metered<T> = T & { readonly cpu: CpuShares | undefined };

/** Runs `work` while measuring; `serverPids` is asked before and after, as backends come and go. */
export async function metered<T>(
  serverPids: () => Promise<readonly number[]>,
  work: () => Promise<T>,
): Promise<Metered<T>> {
  const meter = startCpuMeter(await serverPids());
  const figures = await work();
  return { ...figures, cpu: meter.stop(await serverPids()) };
}

/** One line for progress: who used the machine during the run. */
export function cpuNote(cpu: CpuShares | undefined): string {
  if (cpu === undefined) return 'cpu not measured';
  const share = (value: number) => `${Math.round(value * 100)} %`;
  return `cpu of the machine: bench ${share(cpu.bench)}, servers ${share(cpu.servers)}, interrupts ${share(cpu.interrupts)}, elsewhere ${share(cpu.elsewhere)}`;
}

/** Other work below this share of the machine counts as quiet. */
const quietShareMax = 0.1;
/** How long one look at the machine lasts. */
const quietSampleMs = 500;

/**
 * Waits until other work on the machine takes less than 10 % of it, so that a figure is not
 * measured in someone else's burst: at most `waitMaxMs` this time, and at most what is left of
 * `budget.remainingMs`, shared by every wait of one bench. Returns the share seen last.
 */
export async function awaitQuietMachine(
  budget: { remainingMs: number },
  waitMaxMs: number,
  say: (line: string) => void,
): Promise<number | undefined> {
  if (!procAvailable) return undefined;
  let announced = false;
  let waitedMs = 0;
  for (;;) {
    const meter = startCpuMeter([]);
    await new Promise((resolve) => setTimeout(resolve, quietSampleMs));
    // With no server running a load, what is not the bench itself is other work.
    const shares = meter.stop();
    if (shares === undefined) return undefined;
    if (shares.elsewhere < quietShareMax) return shares.elsewhere;
    if (budget.remainingMs <= 0 || waitedMs >= waitMaxMs) {
      say(`the machine is busy elsewhere (${Math.round(shares.elsewhere * 100)} %): measuring anyway`);
      return shares.elsewhere;
    }
    if (!announced) {
      say(
        `the machine is busy elsewhere (${Math.round(shares.elsewhere * 100)} %): waiting for it to calm down`,
      );
      announced = true;
    }
    budget.remainingMs -= quietSampleMs;
    waitedMs += quietSampleMs;
  }
}
