/** The intake's public entry: the peak path (the door's limits, micro-batched capture) and the waiting room. */
export {
  Admission,
  type AdmissionObserver,
  type AdmissionPath,
  type AdmissionSettings,
  admissionPaths,
  defaultAdmissionSettings,
  type PathStats,
} from './admission/admission.js';
export { installAdmission } from './admission/hook.js';
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
