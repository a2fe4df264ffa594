/** The demo shop's customers: consumers across France, a quarter of them coming back, and a few trade accounts. */
import type { Faker } from '@faker-js/faker';
import type { PlaceOrderInput } from '../orders/index.js';

export interface Customer {
  readonly customer: PlaceOrderInput['customer'];
  readonly address: PlaceOrderInput['shipping_address'];
}

/** Trade customers are few and come back; consumers come back one time in four. */
const tradeCustomersCount = 40;
const returningConsumerBasisPoints = 2_500;

export class Customers {
  private readonly consumers: Customer[] = [];
  private readonly traders: Customer[];

  constructor(private readonly faker: Faker) {
    this.traders = Array.from({ length: tradeCustomersCount }, () => {
      const company = faker.company.name();
      const buyer = faker.person.fullName();
      // Addresses at example.com cannot reach anyone, whatever a webhook consumer does with them.
      const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`;
      return {
        customer: { email: `achats@${domain}`, name: buyer },
        address: {
          name: company,
          line1: faker.location.streetAddress(),
          city: faker.location.city(),
          postal_code: faker.location.zipCode('#####'),
          country: 'FR',
        },
      };
    });
  }

  /** The customer of a new order on `channel`. */
  for(channel: string): Customer {
    const faker = this.faker;
    if (channel === 'b2b') return faker.helpers.arrayElement(this.traders);
    if (
      this.consumers.length > 0 &&
      faker.number.int({ min: 0, max: 9_999 }) < returningConsumerBasisPoints
    ) {
      return faker.helpers.arrayElement(this.consumers);
    }
    const created = this.newConsumer();
    this.consumers.push(created);
    return created;
  }

  private newConsumer(): Customer {
    const faker = this.faker;
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const name = `${firstName} ${lastName}`;
    const line2 = faker.helpers.maybe(() => `Appartement ${faker.number.int({ min: 1, max: 60 })}`, {
      probability: 0.15,
    });
    return {
      customer: { email: faker.internet.email({ firstName, lastName, provider: 'example.com' }), name },
      address: {
        name,
        line1: faker.location.streetAddress(),
        ...(line2 === undefined ? {} : { line2 }),
        city: faker.location.city(),
        postal_code: faker.location.zipCode('#####'),
        country: 'FR',
      },
    };
  }
}
