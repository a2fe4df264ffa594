/**
 * Plans the demo shop's catalog from a seed: products with size, colour or pack variants, a price
 * per channel, and safety buffers on the marketplace. Same seed and SKU count → same catalog.
 */
import { base, en, Faker } from '@faker-js/faker';
import { limits } from '../platform/core/limits.js';
import type { DemoBuffer, DemoCatalog, DemoChannel, DemoLocation, DemoSku } from './plan.js';

export const demoChannels: readonly DemoChannel[] = [
  { code: 'web', name: 'Web shop', currency: 'EUR' },
  { code: 'marketplace', name: 'Marketplace', currency: 'EUR' },
  { code: 'b2b', name: 'B2B trade', currency: 'EUR' },
];

/** Paris is the main warehouse and the only one that ships pallets to trade customers. */
export const demoLocations: readonly DemoLocation[] = [
  { code: 'paris', name: 'Paris warehouse (Gennevilliers)', channels: ['web', 'marketplace', 'b2b'] },
  { code: 'lyon', name: 'Lyon warehouse (Saint-Priest)', channels: ['web', 'marketplace'] },
];

/** The marketplace's commission is passed on to its buyers: 8 % above the web price, ending in 99. */
const marketplaceMarkupBasisPoints = 800;
/** Trade customers buy 15 % below the web price. */
const b2bDiscountBasisPoints = 1_500;
/** Share of SKUs (in basis points) whose last units are kept back from the marketplace. */
const marketplaceBufferShareBasisPoints = 600;

type VariantAxis = 'size' | 'shoe' | 'colour';

/** Product nouns of faker's commerce data a general goods shop sells, with a typical weight and variants. */
const productKinds: Readonly<Record<string, { weightG: number; axis: VariantAxis }>> = {
  Ball: { weightG: 450, axis: 'colour' },
  Bike: { weightG: 11_500, axis: 'colour' },
  Car: { weightG: 380, axis: 'colour' },
  Chair: { weightG: 6_500, axis: 'colour' },
  Computer: { weightG: 2_300, axis: 'colour' },
  Gloves: { weightG: 150, axis: 'size' },
  Hat: { weightG: 120, axis: 'size' },
  Keyboard: { weightG: 850, axis: 'colour' },
  Mouse: { weightG: 110, axis: 'colour' },
  Pants: { weightG: 450, axis: 'size' },
  Shirt: { weightG: 220, axis: 'size' },
  Shoes: { weightG: 900, axis: 'shoe' },
  Soap: { weightG: 120, axis: 'colour' },
  Table: { weightG: 18_000, axis: 'colour' },
  Towels: { weightG: 600, axis: 'colour' },
  // Home goods faker does not list, so that a search for a mug or a lamp finds something.
  Mug: { weightG: 350, axis: 'colour' },
  Lamp: { weightG: 1_400, axis: 'colour' },
  Backpack: { weightG: 700, axis: 'colour' },
  Candle: { weightG: 250, axis: 'colour' },
  Blanket: { weightG: 1_200, axis: 'colour' },
};
/**
 * The first product is a shirt in sizes S to XL in every demo shop, so that `AF-00001-M`, the SKU
 * the README's examples use, always exists.
 */
const showcase = { noun: 'Shirt', sizes: ['S', 'M', 'L', 'XL'] } as const;
/** Adjectives that fit goods rather than food. */
const foodAdjectives = new Set(['Fresh', 'Frozen', 'Tasty']);

const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
const shoeSizes = ['38', '39', '40', '41', '42', '43', '44', '45'] as const;
const colours: readonly (readonly [code: string, label: string])[] = [
  ['BLK', 'Black'],
  ['WHT', 'White'],
  ['NVY', 'Navy'],
  ['GRY', 'Grey'],
  ['RED', 'Red'],
  ['GRN', 'Green'],
  ['BEI', 'Beige'],
  ['BLU', 'Blue'],
  ['PNK', 'Pink'],
  ['YLW', 'Yellow'],
];

function variantsOf(faker: Faker, axis: VariantAxis): { code: string; label: string }[] {
  if (axis === 'size') {
    const count = faker.number.int({ min: 3, max: 5 });
    const first = faker.number.int({ min: 0, max: sizes.length - count });
    return sizes.slice(first, first + count).map((size) => ({ code: size, label: `size ${size}` }));
  }
  if (axis === 'shoe') {
    const count = faker.number.int({ min: 4, max: 7 });
    const first = faker.number.int({ min: 0, max: shoeSizes.length - count });
    return shoeSizes.slice(first, first + count).map((size) => ({ code: size, label: `size ${size}` }));
  }
  const picked = faker.helpers.arrayElements(colours, { min: 1, max: 4 });
  return picked.map(([code, label]) => ({ code, label }));
}

/** A web price in cents as shops set them: whole euros, or ending in .99 or .90. */
function webPriceMinor(faker: Faker, weightG: number): number {
  // Heavier goods cost more; the range keeps prices between a few euros and a few hundred.
  const euros = faker.number.int({ min: 4, max: 40 }) + Math.round(Math.sqrt(weightG) * 1.5);
  const ending = faker.helpers.weightedArrayElement([
    { weight: 6, value: 1 },
    { weight: 2, value: 10 },
    { weight: 2, value: 0 },
  ]);
  return euros * 100 - ending;
}

/** The smallest price ending in 99 cents that is at least `amountMinor`. */
function upToNinetyNine(amountMinor: number): number {
  return Math.ceil((amountMinor + 1) / 100) * 100 - 1;
}

export function channelPrices(webMinor: number): Record<string, number> {
  return {
    web: webMinor,
    marketplace: upToNinetyNine(Math.round((webMinor * (10_000 + marketplaceMarkupBasisPoints)) / 10_000)),
    b2b: Math.round((webMinor * (10_000 - b2bDiscountBasisPoints)) / 10_000),
  };
}

export function productCode(productNumber: number): string {
  return `AF-${String(productNumber).padStart(5, '0')}`;
}

/** Plans `skuCount` SKUs; the last product keeps only the variants that fit in the count. */
export function generateCatalog(options: { seed: number; skuCount: number }): DemoCatalog {
  if (!(Number.isSafeInteger(options.skuCount) && options.skuCount >= 1)) {
    throw new Error(`the demo needs a positive whole number of SKUs, not ${options.skuCount}`);
  }
  const faker = new Faker({ locale: [en, base], seed: options.seed });
  const words = faker.definitions.commerce.product_name;
  const adjectives = words.adjective.filter((word) => !foodAdjectives.has(word));
  const nouns = Object.keys(productKinds);
  const skus: DemoSku[] = [];
  const buffers: DemoBuffer[] = [];
  let products = 0;
  while (skus.length < options.skuCount) {
    products += 1;
    if (products > limits.demoProductsMax)
      throw new Error(`the demo has at most ${limits.demoProductsMax} products`);
    const noun = products === 1 ? showcase.noun : faker.helpers.arrayElement(nouns);
    const kind = productKinds[noun]!;
    const name = `${faker.helpers.arrayElement(adjectives)} ${faker.helpers.arrayElement(words.material)} ${noun}`;
    const weightG = Math.round(kind.weightG * faker.number.float({ min: 0.8, max: 1.25 }));
    const prices = channelPrices(webPriceMinor(faker, weightG));
    const variants =
      products === 1
        ? showcase.sizes.map((size) => ({ code: size, label: `size ${size}` }))
        : variantsOf(faker, kind.axis);
    for (const variant of variants) {
      if (skus.length === options.skuCount) break;
      const sku = `${productCode(products)}-${variant.code}`;
      skus.push({ sku, name: `${name}, ${variant.label}`, weight_g: weightG, prices });
      if (faker.number.int({ min: 0, max: 9_999 }) < marketplaceBufferShareBasisPoints) {
        buffers.push({ channel: 'marketplace', sku, quantity: faker.number.int({ min: 1, max: 3 }) });
      }
    }
  }
  return { channels: demoChannels, locations: demoLocations, products, skus, buffers };
}
