/**
 * The composition root: builds, once per process, the live pieces that routes and hooks share (the
 * door's limits, the intake's writer, the waiting room's gate, the switches, the figures recorder and the Prometheus
 * metrics, the operations room, the alert evaluator and the sweepers of holds and unpaid orders), and starts and stops
 * them with the server. `buildApp` only registers plugins over what is built here.
 */
import type { FastifyInstance } from 'fastify';
import { drawAdventDoors, sweepCampaignItems } from '../campaigns/index.js';
import {
  defaultDispatcherOptions,
  defaultNatsRelayOptions,
  FeedPublisher,
  NatsRelay,
  OrderPuller,
  WebhookDispatcher,
} from '../channels/index.js';
import {
  Admission,
  type AdmissionSettings,
  BatchWriter,
  changeRoom,
  defaultIntakeOptions,
  type IntakeOptions,
  type OrderObserver,
  WaitingRoomGate,
} from '../intake/index.js';
import {
  type AvailabilityFreezes,
  AvailabilityReader,
  expireHolds,
  replanLateBackorders,
} from '../inventory/index.js';
import {
  alertBodyFormats,
  availabilityFreezes,
  FiguresRecorder,
  Metrics,
  OpsRoom,
  SwitchReader,
  startAlertEvaluator,
} from '../ops/index.js';
import { cancelUnpaidOrders } from '../payments/index.js';
import { Authenticator } from '../platform/api-keys/api-keys.js';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { quietDuringStoreFailures } from '../platform/store/failures.js';
import { startSweeper } from '../platform/sweeper.js';
import { type AppOptions, buildApp } from './app.js';

export interface ComposeOptions {
  /**
   * Limit each path of the peak path at the door, shedding what it cannot serve in time
   * (`affluence serve` does, with `defaultAdmissionSettings`). A serving policy: tests of other
   * behaviour leave it off, as their own process's load would shed their requests.
   */
  readonly admission?: AdmissionSettings;
  readonly intake?: IntakeOptions;
  /**
   * Allow `PUT /v1/ops/faults` to fail a share of storefront requests on purpose, to drill alerts
   * and runbooks (`affluence serve --fault-injection`); never on by default.
   */
  readonly faultInjection?: boolean;
  /**
   * Evaluate the alert rules every `alertEvaluationIntervalMs` in this process (`affluence serve`
   * does); tests of other behaviour leave it off, and evaluate when they choose.
   */
  readonly evaluateAlerts?: boolean;
  /**
   * Return expired holds' stock every `holdSweepIntervalMs`, and cancel orders unpaid past their
   * channel's payment timeout every `paymentTimeoutSweepIntervalMs` (`affluence serve` does).
   * Campaign items are published at their start and ended at their end every `campaignSweepIntervalMs`.
   */
  readonly sweep?: boolean;
  /**
   * Deliver the outbox's events to the webhooks, push the channels' availability feeds and pull the
   * order sources from this process (`affluence serve` does; every process may, each delivery, feed
   * and source claimed by one). Tests of delivery run their own dispatcher, publisher or puller instead.
   */
  readonly deliverWebhooks?: boolean;
  /** How long each webhook attempt waits for an answer (`limits.webhookTimeoutMs` by default). */
  readonly webhookTimeoutMs?: number;
  /** Relay the outbox to NATS JetStream at this URL (`affluence serve --nats`). */
  readonly nats?: string;
}

/** Where the live pieces report what goes wrong in the background: the server's logger once it runs. */
export interface Logger {
  warn(message: string): void;
  error(fields: { err: unknown }, message: string): void;
}

const silent: Logger = { warn: () => {}, error: () => {} };

export class Runtime {
  readonly authenticator: Authenticator;
  /** One reader of the switches per process: the guards, availability and the switch routes share it. */
  readonly switches: SwitchReader;
  readonly freezes: AvailabilityFreezes;
  readonly gate: WaitingRoomGate;
  /** The door of the peak path, when `options.admission` asks for one. */
  readonly admission: Admission | undefined;
  readonly metrics: Metrics;
  readonly writer: BatchWriter;
  readonly figures: FiguresRecorder;
  readonly room: OpsRoom;
  /** Posts the outbox's events to the webhooks: the shop's subscriptions and the alert webhooks. */
  readonly dispatcher: WebhookDispatcher;
  /** Pushes each channel's availability to its feed as it changes. */
  readonly feeds: FeedPublisher;
  /** Pulls the orders of the channels that do not push them. */
  readonly puller: OrderPuller;
  /** Who hears of each order placed or refused: the Prometheus figures and the minute figures. */
  readonly orderObserver: OrderObserver;
  private log: Logger = silent;
  private readonly stops: (() => Promise<void>)[] = [];

  constructor(
    readonly ctx: AppContext,
    readonly options: ComposeOptions,
  ) {
    this.authenticator = new Authenticator(ctx);
    this.switches = new SwitchReader(ctx);
    this.freezes = availabilityFreezes(ctx, this.switches);
    this.gate = new WaitingRoomGate(ctx);
    // The queue length and the door's figures are read at scrape time, once both exist.
    this.metrics = new Metrics(
      ctx,
      () => this.writer.stats().queueLength,
      options.admission === undefined ? undefined : (path) => this.admission!.stats(path),
    );
    const openRoom = this.openRoomOnOverload();
    this.admission =
      options.admission === undefined
        ? undefined
        : new Admission(options.admission, [
            this.metrics,
            { shedAtDoor: (path) => (path === 'orders' ? openRoom() : undefined) },
          ]);
    this.writer = new BatchWriter(ctx, options.intake ?? defaultIntakeOptions, [
      this.metrics,
      { shedOne: openRoom, committed: () => {} },
    ]);
    this.figures = new FiguresRecorder(ctx, () => this.writer.stats().queueLength);
    this.room = new OpsRoom(ctx);
    this.dispatcher = new WebhookDispatcher(ctx, {
      ...defaultDispatcherOptions,
      timeoutMs: options.webhookTimeoutMs ?? defaultDispatcherOptions.timeoutMs,
      formats: alertBodyFormats,
      ordersBusy: () => this.writer.stats().queueLength > 0,
    });
    this.feeds = new FeedPublisher(ctx, new AvailabilityReader(ctx, this.freezes));
    this.puller = new OrderPuller(ctx);
    const { metrics, figures } = this;
    this.orderObserver = {
      orderPlaced(channel, currency, totalMinor) {
        metrics.orderPlaced(channel, currency, totalMinor);
        figures.orderPlaced(channel, currency, totalMinor);
      },
      orderRefused(reason) {
        metrics.orderRefused(reason);
        figures.orderRefused(reason);
      },
    };
  }

  /** Starts the timers, reporting their failures to `log`. */
  start(log: Logger): void {
    this.log = log;
    // The loops on their own timers: while the store is away, each says so once in a while, not
    // at every tick (the sweepers do the same by themselves).
    const told = (what: string) => quietDuringStoreFailures((error) => log.error({ err: error }, what));
    this.figures.start(told('could not write the figures'));
    if (this.options.evaluateAlerts === true) {
      const evaluator = startAlertEvaluator(
        this.ctx,
        () => this.room.alertInputs(),
        told('could not evaluate the alert rules'),
      );
      this.stops.push(() => evaluator.stop());
    }
    if (this.options.deliverWebhooks === true) {
      this.dispatcher.start(told('could not deliver webhooks'));
      this.feeds.start((error) => log.error({ err: error }, 'could not push the availability feeds'));
      this.puller.start((error) => log.error({ err: error }, 'could not pull orders'));
      this.stops.push(
        () => this.dispatcher.stop(),
        () => this.feeds.stop(),
        () => this.puller.stop(),
      );
    }
    if (this.options.nats !== undefined) {
      const relay = new NatsRelay(this.ctx, { ...defaultNatsRelayOptions, servers: this.options.nats });
      relay.start((error) => log.error({ err: error }, 'could not relay the outbox to NATS'));
      this.stops.push(() => relay.stop());
    }
    // Answers every order already queued before the server stops.
    this.stops.push(() => this.writer.flush());
    if (this.options.sweep === true) {
      const holds = startSweeper(
        () => expireHolds(this.ctx),
        (error) => log.error({ err: error }, 'hold sweep failed'),
        limits.holdSweepIntervalMs,
      );
      const unpaid = startSweeper(
        () => cancelUnpaidOrders(this.ctx),
        (error) => log.error({ err: error }, 'could not cancel unpaid orders'),
        limits.paymentTimeoutSweepIntervalMs,
      );
      this.stops.push(
        () => holds.stop(),
        () => unpaid.stop(),
      );
      // Campaign items go out at their start through the outbox, once, whichever process sweeps first.
      const campaigns = startSweeper(
        () => sweepCampaignItems(this.ctx),
        (error) => log.error({ err: error }, 'could not publish campaign items'),
        limits.campaignSweepIntervalMs,
      );
      // An advent draw door is drawn once its day is over, once, whichever process sweeps first.
      const draws = startSweeper(
        () => drawAdventDoors(this.ctx),
        (error) => log.error({ err: error }, 'could not draw advent doors'),
        limits.campaignSweepIntervalMs,
      );
      // Orders waiting on a purchase order gone past its date are flagged, once, whichever process sweeps first.
      const backorders = startSweeper(
        () => replanLateBackorders(this.ctx),
        (error) => log.error({ err: error }, 'could not date waiting orders again'),
        limits.backorderReplanIntervalMs,
      );
      this.stops.push(
        () => campaigns.stop(),
        () => draws.stop(),
        () => backorders.stop(),
      );
    }
    // The last figures are written once nothing else can count.
    this.stops.push(() => this.figures.stop());
  }

  /** Stops in the order started: alerts, then the intake's last orders, the sweepers, the figures; then the door. */
  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0)) await stop();
    this.admission?.stop();
  }

  /**
   * Told each time an order is shed (at the door or by the intake): when the room is set to open
   * itself, it opens, at most once a second per process; a failure to open is logged, never thrown
   * at a buyer.
   */
  private openRoomOnOverload(): () => void {
    let lastTryMs = 0;
    return () => {
      const now = this.ctx.clock.now();
      if (now - lastTryMs < limits.roomStateCacheMs) return;
      lastTryMs = now;
      void this.gate
        .current()
        .then(async (state) => {
          if (!state.autoEnable || state.enabled) return;
          await changeRoom(
            this.ctx,
            { enabled: true },
            { by: 'intake', reason: 'orders were shed: the intake is full' },
          );
          this.gate.forget();
          this.log.warn('the waiting room opened itself: orders were being shed');
        })
        .catch((error: unknown) => this.log.error({ err: error }, 'could not open the waiting room'));
    };
  }
}

export type ServerOptions = ComposeOptions & AppOptions;

/**
 * The process's server, not yet listening (tests `inject()` into it): the live pieces, the app over
 * them, and their lifetimes tied to the app's.
 */
export async function createServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  return buildApp(new Runtime(ctx, options), options);
}
