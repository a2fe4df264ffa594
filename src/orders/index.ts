/** Orders' public entry: an order once taken, its views, the order process, and past orders imported. */
export { type HoldRow, type OrderLineRow, OrderRepo, type OrderRow } from './order-repo.js';
export {
  formatOrderNumber,
  getOrder,
  moveOrderInTransaction,
  orderView,
  type PlaceOrderInput,
  transitionOrder,
} from './orders.js';
export { cancelPastOrders, type PastOrder, recordPastOrders } from './past-orders.js';
export { type PlacedOrderRows, placedOrderRows } from './placed-order.js';
export { customerOrders, type OrderPseudonym, pseudonymiseOrders } from './privacy.js';
export { orderRoutes } from './routes.js';
