/** The intake's public entry: the peak path (micro-batched capture, shedding) and the waiting room. */
export {
  BatchWriter,
  defaultIntakeOptions,
  type IntakeObserver,
  type IntakeOptions,
} from './batch-writer.js';
export { placeOrder, requestHash } from './capture.js';
export { isKnownOrderKey } from './replays.js';
export { intakeRoutes, type OrderObserver } from './routes.js';
export { WaitingRoomGate } from './waiting-room/gate.js';
export { installWaitingRoom } from './waiting-room/hook.js';
export { changeRoom, roomView } from './waiting-room/room.js';
export { waitingRoomRoutes } from './waiting-room/routes.js';
