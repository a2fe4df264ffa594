/**
 * Plans the demo shop's catalog from a seed: products with size, colour or pack variants, each with
 * its weight, size and barcode, a price per channel, and safety buffers on the marketplace; and the
 * channels, warehouses and packaging they ship with. Same seed and SKU count → same catalog.
 */
import { base, en, Faker } from '@faker-js/faker';
import { gtin13Of } from '../catalog/core/gtin.js';
import { limits } from '../platform/core/limits.js';
import type { DemoBuffer, DemoCatalog, DemoChannel, DemoLocation, DemoPackaging, DemoSku } from './plan.js';

/** Consumers are promised 3 working days, the marketplace's buyers 4, trade customers a week. */
export const demoChannels: readonly DemoChannel[] = [
  { code: 'web', name: 'Web shop', currency: 'EUR', delivery_days: 3 },
  { code: 'marketplace', name: 'Marketplace', currency: 'EUR', delivery_days: 4 },
  { code: 'b2b', name: 'B2B trade', currency: 'EUR', delivery_days: 5 },
];

/**
 * Paris is the main warehouse and the only one that ships pallets to trade customers. Each is
 * nearest to its region (Île-de-France; the Rhône and the Alps) and as near as the other elsewhere.
 */
export const demoLocations: readonly DemoLocation[] = [
  {
    code: 'paris',
    name: 'Paris warehouse (Gennevilliers)',
    channels: ['web', 'marketplace', 'b2b'],
    address: {
      line1: '12 route principale du Port',
      city: 'Gennevilliers',
      postal_code: '92230',
      country: 'FR',
    },
    zones: [
      { country: 'FR', postal_prefix: '', rank: 2 },
      ...['75', '77', '78', '91', '92', '93', '94', '95'].map((prefix) => ({
        country: 'FR',
        postal_prefix: prefix,
        rank: 1,
      })),
    ],
  },
  {
    code: 'lyon',
    name: 'Lyon warehouse (Saint-Priest)',
    channels: ['web', 'marketplace'],
    address: { line1: '5 rue du Dauphiné', city: 'Saint-Priest', postal_code: '69800', country: 'FR' },
    zones: [
      { country: 'FR', postal_prefix: '', rank: 2 },
      ...['01', '07', '26', '38', '42', '69', '73', '74'].map((prefix) => ({
        country: 'FR',
        postal_prefix: prefix,
        rank: 1,
      })),
    ],
  },
];

/**
 * An envelope and three boxes, in euro cents: the envelope takes clothes and small goods, the large
 * box a flat-packed chair or a lamp and stays within Colissimo's 150 cm (L+l+h). Bikes and tables
 * fit none: they leave by freight, which the shipping report counts apart.
 */
export const demoPackagings: readonly DemoPackaging[] = [
  {
    code: 'ENV',
    name: 'Padded envelope',
    inner_length_mm: 350,
    inner_width_mm: 260,
    inner_height_mm: 40,
    max_weight_g: 1_000,
    own_weight_g: 30,
    cost: 35,
    currency: 'EUR',
  },
  {
    code: 'BOX-S',
    name: 'Box S',
    inner_length_mm: 250,
    inner_width_mm: 200,
    inner_height_mm: 150,
    max_weight_g: 5_000,
    own_weight_g: 150,
    cost: 60,
    currency: 'EUR',
  },
  {
    code: 'BOX-M',
    name: 'Box M',
    inner_length_mm: 400,
    inner_width_mm: 300,
    inner_height_mm: 250,
    max_weight_g: 15_000,
    own_weight_g: 300,
    cost: 90,
    currency: 'EUR',
  },
  {
    code: 'BOX-L',
    name: 'Box L',
    inner_length_mm: 700,
    inner_width_mm: 450,
    inner_height_mm: 300,
    max_weight_g: 30_000,
    own_weight_g: 800,
    cost: 210,
    currency: 'EUR',
  },
];

/**
 * GS1 prefix 200 is for restricted circulation (numbers a shop gives its own goods), so the demo's
 * barcodes are never a real product's: 200, then the SKU's 9-digit ordinal, then the check digit.
 */
const gtinPrefix = '200';

/** The marketplace's commission is passed on to its buyers: 8 % above the web price, ending in 99. */
const marketplaceMarkupBasisPoints = 800;
/** Trade customers buy 15 % below the web price. */
const b2bDiscountBasisPoints = 1_500;
/** Share of SKUs (in basis points) whose last units are kept back from the marketplace. */
const marketplaceBufferShareBasisPoints = 600;

type VariantAxis = 'size' | 'shoe' | 'colour';

/**
 * Product nouns of faker's commerce data a general goods shop sells, with a typical weight, its size
 * as packed (length, width and height in mm; the height grows with the weight: a heavier one is
 * thicker) and its variants.
 */
const productKinds: Readonly<
  Record<string, { weightG: number; sizeMm: readonly [number, number, number]; axis: VariantAxis }>
> = {
  Ball: { weightG: 450, sizeMm: [230, 230, 230], axis: 'colour' },
  // A boxed bike and a flat-packed dining table are freight, not parcels.
  Bike: { weightG: 11_500, sizeMm: [1_400, 800, 220], axis: 'colour' },
  Car: { weightG: 380, sizeMm: [250, 120, 100], axis: 'colour' },
  Chair: { weightG: 6_500, sizeMm: [680, 440, 140], axis: 'colour' },
  Computer: { weightG: 2_300, sizeMm: [400, 300, 70], axis: 'colour' },
  Gloves: { weightG: 150, sizeMm: [240, 120, 30], axis: 'size' },
  Hat: { weightG: 120, sizeMm: [280, 200, 60], axis: 'size' },
  Keyboard: { weightG: 850, sizeMm: [380, 140, 40], axis: 'colour' },
  Mouse: { weightG: 110, sizeMm: [130, 80, 45], axis: 'colour' },
  Pants: { weightG: 450, sizeMm: [320, 250, 30], axis: 'size' },
  Shirt: { weightG: 220, sizeMm: [300, 220, 25], axis: 'size' },
  Shoes: { weightG: 900, sizeMm: [330, 210, 120], axis: 'shoe' },
  Soap: { weightG: 120, sizeMm: [95, 65, 35], axis: 'colour' },
  Table: { weightG: 18_000, sizeMm: [1_250, 750, 110], axis: 'colour' },
  Towels: { weightG: 600, sizeMm: [350, 250, 70], axis: 'colour' },
  // Home goods faker does not list, so that a search for a mug or a lamp finds something.
  Mug: { weightG: 350, sizeMm: [120, 100, 100], axis: 'colour' },
  Lamp: { weightG: 1_400, sizeMm: [450, 250, 250], axis: 'colour' },
  Backpack: { weightG: 700, sizeMm: [400, 280, 120], axis: 'colour' },
  Candle: { weightG: 250, sizeMm: [100, 90, 90], axis: 'colour' },
  Blanket: { weightG: 1_200, sizeMm: [400, 300, 120], axis: 'colour' },
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
    // No draw of its own: the size follows the weight, so the rest of the shop is the seed's as before.
    const [lengthMm, widthMm, baseHeightMm] = kind.sizeMm;
    const heightMm = Math.max(1, Math.round((baseHeightMm * weightG) / kind.weightG));
    const variants =
      products === 1
        ? showcase.sizes.map((size) => ({ code: size, label: `size ${size}` }))
        : variantsOf(faker, kind.axis);
    for (const variant of variants) {
      if (skus.length === options.skuCount) break;
      const sku = `${productCode(products)}-${variant.code}`;
      skus.push({
        sku,
        name: `${name}, ${variant.label}`,
        weight_g: weightG,
        length_mm: lengthMm,
        width_mm: widthMm,
        height_mm: heightMm,
        gtin: gtin13Of(`${gtinPrefix}${String(skus.length + 1).padStart(9, '0')}`),
        prices,
      });
      if (faker.number.int({ min: 0, max: 9_999 }) < marketplaceBufferShareBasisPoints) {
        buffers.push({ channel: 'marketplace', sku, quantity: faker.number.int({ min: 1, max: 3 }) });
      }
    }
  }
  return {
    channels: demoChannels,
    locations: demoLocations,
    packagings: demoPackagings,
    products,
    skus,
    buffers,
  };
}
