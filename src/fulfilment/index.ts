/** Fulfilment's public entry: shipments, the warehouse's set-up, carriers' services and rate cards. */

export { type FileProblem, limitsFile, ratesFile } from './carriers/carrier-files.js';
export { CarrierRepo } from './carriers/carrier-repo.js';
export { importCarriers, sampleNotice } from './carriers/carriers.js';
export { carrierRoutes } from './carriers/routes.js';
export { clockOfMinutes, defaultCutoffMinutes, minutesOfClock } from './core/cutoff.js';
export { labelPdf, labelZpl, type ShipmentDocument } from './labels.js';
export { PackingRepo } from './packing/packing-repo.js';
export { packingRoutes } from './packing/routes.js';
export { savingsRoutes } from './savings/routes.js';
export { type SavingsQuery, shippingSavings } from './savings/savings.js';
export { type ErasedDestination, eraseShipmentDestinations, shipmentsOfOrders } from './shipments/privacy.js';
export { shipmentRoutes } from './shipments/routes.js';
export { ShipmentRepo } from './shipments/shipment-repo.js';
export { createShipments } from './shipments/shipments.js';
export { shortfallRoutes } from './shortfalls/routes.js';
export { warehouseRoutes } from './warehouse/routes.js';
export { putPackaging, putZones } from './warehouse/warehouse.js';
export { WarehouseRepo } from './warehouse/warehouse-repo.js';
