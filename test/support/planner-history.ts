/** A made-up order history in the UCI Online Retail format, for the planner's tests. */
import { datesFrom, weekdayOf } from '../../src/planner/core/calendar.js';

/**
 * Twelve weeks (2011-08-01 to 2011-10-23) of a small shop closed on Saturdays: two SKUs, busier
 * midweek, a postage line on every fifth order.
 */
export function syntheticHistory(): string {
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  let invoice = 600_000;
  for (const date of datesFrom('2011-08-01', '2011-10-23')) {
    const weekday = weekdayOf(date);
    if (weekday === 6) continue;
    const orders = [0, 20, 26, 30, 26, 18, 0, 10][weekday]!;
    for (let order = 0; order < orders; order += 1) {
      invoice += 1;
      const minute = String(order % 60).padStart(2, '0');
      lines.push(
        `${invoice},85123A,WHITE HANGING HEART T-LIGHT HOLDER,${1 + (order % 3)},${date} 10:${minute}:00,2.55,17850.0,United Kingdom`,
      );
      if (order % 2 === 0)
        lines.push(
          `${invoice},22423,REGENCY CAKESTAND 3 TIER,1,${date} 10:${minute}:00,12.75,17850.0,United Kingdom`,
        );
      if (order % 5 === 0)
        lines.push(`${invoice},POST,POSTAGE,1,${date} 10:${minute}:00,18.00,17850.0,United Kingdom`);
    }
  }
  return `${lines.join('\n')}\n`;
}
