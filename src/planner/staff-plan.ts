/**
 * The people a peak asks for: pickers and packers per day for the upper 80 % bound of units and
 * orders, and customer-service agents per hour from the contacts those orders bring (contacts per
 * order, spread over the day as orders are), by Erlang C, or Erlang A when callers' patience is known.
 */
import { type ForecastDay, type StaffingRequest, type StaffPlan, staffDefaults } from './contract.js';
import { agentsPerHour, intradayProfile, packersPerDay, pickersPerDay } from './core/staffing.js';

export interface StaffAssumptions {
  readonly unitsPerPickerHour: number;
  readonly ordersPerPackerHour: number;
  readonly shiftHours: number;
  readonly contactsPerOrder: number;
  readonly contactsPerOrderMeasured: boolean;
  readonly handlingTimeS: number;
  readonly answerWithinS: number;
  readonly serviceLevelTarget: number;
  readonly patienceS: number | null;
}

/** The plan's assumptions: the shop's figures where given, a measured contact rate, else the defaults. */
export function staffAssumptions(
  given: StaffingRequest = {},
  measuredContactsPerOrder: number | null = null,
): StaffAssumptions {
  const contactsPerOrder =
    given.contacts_per_order ?? measuredContactsPerOrder ?? staffDefaults.contactsPerOrder;
  return {
    unitsPerPickerHour: given.units_per_picker_hour ?? staffDefaults.unitsPerPickerHour,
    ordersPerPackerHour: given.orders_per_packer_hour ?? staffDefaults.ordersPerPackerHour,
    shiftHours: given.shift_hours ?? staffDefaults.shiftHours,
    contactsPerOrder,
    contactsPerOrderMeasured: given.contacts_per_order === undefined && measuredContactsPerOrder !== null,
    handlingTimeS: given.handling_time_s ?? staffDefaults.handlingTimeS,
    answerWithinS: given.answer_within_s ?? staffDefaults.answerWithinS,
    serviceLevelTarget: given.service_level_target ?? staffDefaults.serviceLevelTarget,
    patienceS: given.patience_s ?? null,
  };
}

export function planStaff(
  days: readonly ForecastDay[],
  ordersByHour: readonly number[],
  assumptions: StaffAssumptions,
): { staff: StaffPlan; warnings: string[] } {
  const warnings: string[] = [];
  let shares = intradayProfile(ordersByHour);
  if (shares === null) {
    // No order has an hour yet: contacts spread over the whole day, which understates the peak hour.
    shares = Array<number>(24).fill(1 / 24);
    warnings.push('No past order tells the hours of the day: contacts are spread evenly over 24 hours.');
  }
  const staffDays = days
    .filter((day) => day.open)
    .map((day) => {
      const contacts = day.orders_high80 * assumptions.contactsPerOrder;
      const hours = agentsPerHour({
        contactsPerHour: shares.map((share) => contacts * share),
        handlingTimeS: assumptions.handlingTimeS,
        targetWaitS: assumptions.answerWithinS,
        serviceLevelTarget: assumptions.serviceLevelTarget,
        patienceS: assumptions.patienceS ?? undefined,
      });
      return {
        day: {
          date: day.date,
          orders: day.orders_high80,
          units: day.units_high80,
          pickers: pickersPerDay({
            unitsPerDay: day.units_high80,
            unitsPerHourPerPicker: assumptions.unitsPerPickerHour,
            shiftHours: assumptions.shiftHours,
          }),
          packers: packersPerDay({
            ordersPerDay: day.orders_high80,
            ordersPerHourPerPacker: assumptions.ordersPerPackerHour,
            shiftHours: assumptions.shiftHours,
          }),
          contacts,
          agents_max: Math.max(0, ...hours.map((hour) => hour.agents)),
        },
        hours,
      };
    });
  const busiest = staffDays.reduce<(typeof staffDays)[number] | null>(
    (best, each) => (best === null || each.day.contacts > best.day.contacts ? each : best),
    null,
  );
  return {
    staff: {
      assumptions: {
        units_per_picker_hour: assumptions.unitsPerPickerHour,
        orders_per_packer_hour: assumptions.ordersPerPackerHour,
        shift_hours: assumptions.shiftHours,
        contacts_per_order: assumptions.contactsPerOrder,
        contacts_per_order_measured: assumptions.contactsPerOrderMeasured,
        handling_time_s: assumptions.handlingTimeS,
        answer_within_s: assumptions.answerWithinS,
        service_level_target: assumptions.serviceLevelTarget,
        patience_s: assumptions.patienceS,
      },
      days: staffDays.map((each) => each.day),
      busiest_day:
        busiest === null
          ? null
          : {
              date: busiest.day.date,
              hours: busiest.hours.map((hour) => ({
                hour: hour.hour,
                contacts: hour.contacts,
                agents: hour.agents,
                service_level: hour.serviceLevel,
                abandoned: hour.abandonProbability,
              })),
            },
    },
    warnings,
  };
}
