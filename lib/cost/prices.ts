import PRICES from './prices.json';

export interface Price {
  readonly unit: string;
  readonly usd: number;
  readonly source: string;
  readonly freePerAccount?: number;
  readonly tiers?: readonly { readonly upTo: number | null; readonly usd: number }[];
}

/** The dated list prices of one region (prices.json: region, unit, price, source, date checked). */
export interface PriceBook {
  readonly region: string;
  readonly checkedOn: string;
  price(key: string): Price;
}

export const PRICED_REGIONS = Object.keys(PRICES.regions);

export function priceBook(region: string): PriceBook {
  const table = (PRICES.regions as Record<string, Record<string, Price>>)[region];
  if (table === undefined) {
    throw new Error(
      `Cost model: no prices for region "${region}"; priced regions: ${PRICED_REGIONS.join(', ')} (lib/cost/prices.json)`,
    );
  }
  return {
    region,
    checkedOn: PRICES.checkedOn,
    price: (key) => {
      const price = table[key];
      if (price === undefined) throw new Error(`Cost model: no price "${key}" for ${region} in lib/cost/prices.json`);
      return price;
    },
  };
}
