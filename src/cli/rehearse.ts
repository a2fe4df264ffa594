/** `affluence rehearse <scenario>`: the Black Friday before Black Friday, with its audit and report. */
import { Command, InvalidArgumentError, Option } from 'commander';

function positive(value: string): number {
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed > 0)) throw new InvalidArgumentError('a number above 0');
  return parsed;
}

interface RehearseFlags {
  url?: string;
  key?: string;
  scale?: number;
  durationScale?: number;
  rateScale?: number;
  shopScale?: number;
  out?: string;
  allowRemote?: boolean;
}

export function rehearseCommand(): Command {
  return new Command('rehearse')
    .description(
      'replay a peak (advent, black-friday, flash-sale, soak, or a scenario file) against Affluence through its API, audit the promises, write a report',
    )
    .argument('<scenario>', 'a scenario name from scenarios/, or a path to a scenario JSON file')
    .option('--url <url>', 'a running Affluence (default: start one on a fresh embedded store)')
    .addOption(new Option('--key <admin-key>', 'an admin API key of --url').env('AFFLUENCE_ADMIN_KEY'))
    .option(
      '--scale <factor>',
      'scale durations, rates and the catalogue alike (0.1: a tenth of the time, rate and SKUs)',
      positive,
    )
    .option('--duration-scale <factor>', 'scale every step’s duration', positive)
    .option('--rate-scale <factor>', 'scale every step’s arrival rate', positive)
    .option('--shop-scale <factor>', 'scale the number of SKUs', positive)
    .option('--out <dir>', 'the report folder (default reports/<scenario>-<timestamp>)')
    .option('--allow-remote', 'allow a --url that is not on this machine')
    .action(async (scenario: string, flags: RehearseFlags) => {
      // Loaded on use: `affluence serve` need not load the load generator.
      const { rehearse } = await import('../rehearsal/index.js');
      const outcome = await rehearse({
        scenario,
        url: flags.url,
        adminKey: flags.key,
        scaling: {
          durationScale: flags.durationScale ?? flags.scale ?? 1,
          rateScale: flags.rateScale ?? flags.scale ?? 1,
          shopScale: flags.shopScale ?? flags.scale ?? 1,
        },
        out: flags.out,
        allowRemote: flags.allowRemote ?? false,
      });
      // A breach of any promise fails the command: a rehearsal is a gate before the peak.
      process.exitCode = outcome.passed ? 0 : 2;
    });
}
