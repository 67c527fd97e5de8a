import type { DeliveryFailureDeps } from '../app/delivery-failures/handle-delivery-failure.js';
import { sqlDeliveryFailureStore } from '../persistence/delivery-failure-store.js';
import type { Core } from './core.js';

/** Builds what a failed delivery needs to reach a person (alert, failed check-in, one retry as template). */
export function wireDeliveryFailures(core: Core): DeliveryFailureDeps {
  return {
    store: sqlDeliveryFailureStore(core.db, core.privacy),
    dispatcher: core.dispatcher,
    events: core.events,
    clock: core.clock,
    log: core.log,
    failedLimit: core.config.DELIVERY_FAILED_LIMIT,
  };
}
