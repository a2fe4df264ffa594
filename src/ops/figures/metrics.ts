/**
 * The figures of a running Affluence in the Prometheus text format (prom-client): requests by
 * route and status, orders placed and refused, revenue, the door's limits and what it shed, the
 * intake's queue and batches, live holds,
 * sold-out SKUs, the outbox head and backlog, beside the process's own figures.
 */
import client from 'prom-client';
import {
  type AdmissionObserver,
  type AdmissionPath,
  admissionPaths,
  type IntakeObserver,
  type PathStats,
} from '../../intake/index.js';
import { countLiveHolds, countSoldOutSkus } from '../../inventory/index.js';
import type { AppContext } from '../../platform/context.js';
import { lastEventId } from '../../platform/outbox/events.js';
import { outboxBacklog } from './cursors.js';

export class Metrics implements IntakeObserver, AdmissionObserver {
  readonly registry = new client.Registry();
  private readonly requestSeconds: client.Histogram<'method' | 'route' | 'status'>;
  private readonly ordersPlaced: client.Counter<'channel'>;
  private readonly ordersRefused: client.Counter<'reason'>;
  private readonly revenueMinor: client.Counter<'channel' | 'currency'>;
  private readonly batchSize: client.Histogram;
  private readonly batchSeconds: client.Histogram;
  private readonly shed: client.Counter;
  private readonly shedAtTheDoor: client.Counter<'path'>;

  /** `admission`: the door's figures per path, when this process has a door. */
  constructor(
    ctx: AppContext,
    queueLength: () => number,
    admission: ((path: AdmissionPath) => PathStats) | undefined,
  ) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'affluence_' });
    // Gauges that prom-client names `_total`, which `promtool check metrics` rejects as a
    // counter's suffix; the handle and request counts they give are in no dashboard of ours.
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]) {
      this.registry.removeSingleMetric(`affluence_${name}`);
    }
    this.requestSeconds = new client.Histogram({
      name: 'affluence_http_request_duration_seconds',
      help: 'HTTP requests by route and status, and how long they took',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.ordersPlaced = new client.Counter({
      name: 'affluence_orders_placed_total',
      help: 'Orders placed (a replayed retry is not counted again)',
      labelNames: ['channel'],
      registers,
    });
    this.ordersRefused = new client.Counter({
      name: 'affluence_orders_refused_total',
      help: 'Orders refused, by the error code of the answer',
      labelNames: ['reason'],
      registers,
    });
    this.revenueMinor = new client.Counter({
      name: 'affluence_revenue_minor_total',
      help: 'Totals of the orders placed, in minor units of their currency',
      labelNames: ['channel', 'currency'],
      registers,
    });
    this.batchSize = new client.Histogram({
      name: 'affluence_intake_batch_size',
      help: 'Orders and holds committed per intake batch',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    });
    this.batchSeconds = new client.Histogram({
      name: 'affluence_intake_batch_duration_seconds',
      help: 'How long an intake batch took to commit',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.shed = new client.Counter({
      name: 'affluence_intake_shed_total',
      help: 'Orders and holds shed by the intake (503 overloaded)',
      registers,
    });
    this.shedAtTheDoor = new client.Counter({
      name: 'affluence_admission_shed_total',
      help: 'Requests shed at the door (503 overloaded), by path: orders and holds, or storefront reads',
      labelNames: ['path'],
      registers,
    });
    if (admission !== undefined) {
      const perPath = (gauge: client.Gauge<'path'>, figure: (stats: PathStats) => number) => {
        for (const path of admissionPaths) gauge.set({ path }, figure(admission(path)));
      };
      new client.Gauge({
        name: 'affluence_admission_limit',
        help: 'Requests of each path this process lets in at once: its adaptive limit now',
        labelNames: ['path'],
        registers,
        collect() {
          perPath(this, (stats) => stats.limit);
        },
      });
      new client.Gauge({
        name: 'affluence_admission_in_flight',
        help: 'Requests of each path let in and not yet answered',
        labelNames: ['path'],
        registers,
        collect() {
          perPath(this, (stats) => stats.inFlight);
        },
      });
    }
    new client.Gauge({
      name: 'affluence_intake_queue_length',
      help: 'Orders and holds waiting for the intake writer of this process',
      registers,
      collect() {
        this.set(queueLength());
      },
    });
    new client.Gauge({
      name: 'affluence_holds_active',
      help: 'Checkout holds still reserving stock',
      registers,
      async collect() {
        this.set(await countLiveHolds(ctx));
      },
    });
    new client.Gauge({
      name: 'affluence_skus_sold_out',
      help: 'SKUs with stock rows and no free unit left at any location',
      registers,
      async collect() {
        this.set(await countSoldOutSkus(ctx));
      },
    });
    new client.Gauge({
      name: 'affluence_outbox_backlog',
      help: 'Events written to the outbox and not yet handled by its slowest consumer (0 without consumers)',
      registers,
      async collect() {
        this.set(await outboxBacklog(ctx));
      },
    });
    new client.Gauge({
      name: 'affluence_outbox_last_event_id',
      help: 'The id of the last event written to the outbox',
      registers,
      async collect() {
        this.set(await lastEventId(ctx));
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  orderPlaced(channel: string, currency: string, totalMinor: number): void {
    this.ordersPlaced.inc({ channel });
    this.revenueMinor.inc({ channel, currency }, totalMinor);
  }

  orderRefused(reason: string): void {
    this.ordersRefused.inc({ reason });
  }

  shedOne(): void {
    this.shed.inc();
  }

  shedAtDoor(path: AdmissionPath): void {
    this.shedAtTheDoor.inc({ path });
  }

  committed(batchSize: number, batchMs: number): void {
    this.batchSize.observe(batchSize);
    this.batchSeconds.observe(batchMs / 1000);
  }
}
