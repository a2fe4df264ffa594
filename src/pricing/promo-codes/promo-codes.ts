/**
 * Promo codes as the shop manages them: created with their terms, made into batches of single-use
 * codes, and stopped by the kill switch. Orders use them in the intake's batch (see
 * `src/intake/capture.ts`); a cancelled order gives its uses back here.
 */
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { type Actor, actorOf, recordSwitch } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Page } from '../../platform/http/schemas.js';
import type { Repos } from '../../platform/store/store.js';
import { normalisePromoCode, type PromoCodeKind, promoCodeStatus } from '../core/promo-codes.js';
import type { PromoCodeInput, PromoCodeView } from './contract.js';
import { type PromoCodeRow, termsOf } from './promo-code-repo.js';

/** Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand stays itself. */
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters of 5 bits: 2^50 codes, so 20,000 drawn at random never meet in practice. */
const suffixLength = 10;

function viewOf(
  row: PromoCodeRow,
  made: { made: number; used: number } | undefined,
  nowMs: number,
): PromoCodeView {
  const batch = row.is_template === 1 ? (made ?? { made: 0, used: 0 }) : null;
  return {
    code: row.code,
    kind: row.kind as PromoCodeKind,
    value: row.value,
    min_basket: row.min_basket_minor,
    channels: JSON.parse(row.channels) as string[],
    starts_at: row.starts_at === null ? null : toIso(row.starts_at),
    ends_at: row.ends_at === null ? null : toIso(row.ends_at),
    usage_limit: row.usage_limit,
    per_customer_limit: row.per_customer_limit,
    stacks_with_sales: row.stacks_with_sales === 1,
    used: row.used_count,
    remaining: row.usage_limit === null ? null : row.usage_limit - row.used_count,
    status: promoCodeStatus(termsOf(row), batch, nowMs),
    batch_of: row.batch_of,
    batch,
    disabled:
      row.disabled_at === null
        ? null
        : { at: toIso(row.disabled_at), by: row.disabled_by ?? '', reason: row.disabled_reason ?? '' },
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

async function viewsOf(
  ctx: AppContext,
  repos: Repos,
  rows: readonly PromoCodeRow[],
): Promise<PromoCodeView[]> {
  const batches = await repos.promoCodes.batchCounts(
    rows.filter((row) => row.is_template === 1).map((row) => row.code),
  );
  const nowMs = ctx.clock.now();
  return rows.map((row) => viewOf(row, batches.get(row.code), nowMs));
}

const instant = (text: string | null | undefined) => (text == null ? null : Date.parse(text));

/** Checks what the schema cannot: the percentage, the period, and channels that exist with one currency. */
async function checkInput(tx: Repos, input: PromoCodeInput): Promise<Result<null>> {
  if (input.kind === 'percent' && input.value > 100)
    return fail('validation_failed', 'A percentage is at most 100.', { value: input.value });
  const startsAtMs = instant(input.starts_at);
  const endsAtMs = instant(input.ends_at);
  if (startsAtMs !== null && endsAtMs !== null && endsAtMs <= startsAtMs)
    return fail('validation_failed', 'A code must end after it starts.', {
      starts_at: input.starts_at,
      ends_at: input.ends_at,
    });
  const channels = await tx.catalog.getChannels(input.channels);
  const unknown = input.channels.filter((channel) => !channels.has(channel));
  if (unknown.length > 0)
    return fail('unknown_channel', 'Some channels do not exist.', { channels: unknown });
  // An amount, or a minimum basket, means one currency: on channels of two it would mean two sums.
  const currencies = [...new Set([...channels.values()].map((channel) => channel.currency))];
  if (currencies.length > 1 && (input.kind === 'amount' || input.min_basket != null))
    return fail('currency_mismatch', 'An amount is in one currency: these channels sell in several.', {
      currencies,
    });
  return ok(null);
}

export async function createPromoCode(
  ctx: AppContext,
  input: PromoCodeInput,
  apiKeyId: string,
): Promise<Result<PromoCodeView>> {
  const code = normalisePromoCode(input.code);
  try {
    return await inTransaction(ctx, async (tx) => {
      const checked = await checkInput(tx, input);
      if (!checked.ok) return checked;
      const now = ctx.clock.now();
      const row = {
        code,
        kind: input.kind,
        value: input.value,
        min_basket_minor: input.min_basket ?? null,
        channels: JSON.stringify(input.channels),
        starts_at: instant(input.starts_at),
        ends_at: instant(input.ends_at),
        usage_limit: input.usage_limit ?? null,
        per_customer_limit: input.per_customer_limit ?? null,
        stacks_with_sales: input.stacks_with_sales ? 1 : 0,
        batch_of: null,
        disabled_at: null,
        disabled_by: null,
        disabled_reason: null,
        created_at: now,
        updated_at: now,
      };
      await tx.promoCodes.insert([row]);
      await tx.events.append(
        [
          {
            type: 'promo_code.created',
            entityType: 'promo_code',
            entityId: code,
            payload: { ...input, code, by: apiKeyId },
          },
        ],
        now,
      );
      return ok((await viewsOf(ctx, tx, [(await tx.promoCodes.get(code))!]))[0]!);
    });
  } catch (error) {
    if (!ctx.store.engine.isUniqueViolation(error)) throw error;
    return codeTaken(code);
  }
}

function codeTaken(code: string) {
  return fail('promo_code_exists', `The promo code ${code} exists already.`, { promo_code: code });
}

export async function getPromoCode(ctx: AppContext, code: string): Promise<Result<PromoCodeView>> {
  const row = await ctx.store.read.promoCodes.get(normalisePromoCode(code));
  if (row === undefined) return notFound('promo_code', normalisePromoCode(code));
  return ok((await viewsOf(ctx, ctx.store.read, [row]))[0]!);
}

/** The codes made by hand and the batches' templates, by code; single-use codes are in their batch's file. */
export async function listPromoCodes(
  ctx: AppContext,
  query: { cursor?: string; limit: number },
): Promise<Page<PromoCodeView>> {
  const rows = await ctx.store.read.promoCodes.list(query.cursor, query.limit + 1);
  const { rows: shown, next_cursor } = pageOf(rows, query.limit, (row) => row.code);
  return { data: await viewsOf(ctx, ctx.store.read, shown), next_cursor };
}

function drawSuffix(): string {
  // 256 is a multiple of 32: each byte's low 5 bits are uniform.
  return [...randomBytes(suffixLength)].map((byte) => codeAlphabet[byte & 31]).join('');
}

/** One CSV line per code: what a mailing tool or the advent calendar takes in. */
function batchFile(rows: readonly { code: string; used_count: number }[]): string {
  return stringify(
    rows.map((row) => [row.code, row.used_count > 0 ? 'yes' : 'no']),
    { header: true, columns: ['code', 'used'] },
  );
}

/**
 * Makes `count` single-use codes from a template: each with the template's terms, usable by one
 * order; the template itself is from then on usable by no order. Answers
 * the new codes as a CSV file.
 */
export async function makeBatch(
  ctx: AppContext,
  template: string,
  count: number,
  apiKeyId: string,
): Promise<Result<string>> {
  const code = normalisePromoCode(template);
  if (code.length + 1 + suffixLength > limits.promoCodeLengthMax)
    return fail(
      'validation_failed',
      `A batch's codes add ${suffixLength + 1} characters to its template's: keep the template to ${limits.promoCodeLengthMax - suffixLength - 1}.`,
      { promo_code: code },
    );
  // Codes drawn at random could meet one another or an existing code: never seen, but then drawn again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, async (tx) => {
        const row = await tx.promoCodes.get(code);
        if (row === undefined) return notFound('promo_code', code);
        if (row.batch_of !== null)
          return fail(
            'validation_failed',
            `${code} is a single-use code of ${row.batch_of}: make batches from ${row.batch_of}.`,
            {
              promo_code: code,
            },
          );
        if (row.is_template === 0 && row.used_count > 0)
          return fail(
            'promo_code_exists',
            `${code} has been used by orders: a template must be a code no order uses.`,
            {
              promo_code: code,
              used: row.used_count,
            },
          );
        const now = ctx.clock.now();
        const codes = new Set<string>();
        while (codes.size < count) codes.add(`${code}-${drawSuffix()}`);
        const made = [...codes].sort().map((single) => ({
          ...row,
          code: single,
          usage_limit: 1,
          per_customer_limit: null,
          used_count: 0,
          batch_of: code,
          is_template: 0,
          created_at: now,
          updated_at: now,
        }));
        await tx.promoCodes.insert(made);
        await tx.promoCodes.markTemplate(code, now);
        await tx.events.append(
          [
            {
              type: 'promo_code.batch_made',
              entityType: 'promo_code',
              entityId: code,
              payload: { promo_code: code, count, by: apiKeyId },
            },
          ],
          now,
        );
        return ok(batchFile(made));
      });
    } catch (error) {
      if (!ctx.store.engine.isUniqueViolation(error) || attempt === 3) throw error;
    }
  }
}

/** A template's single-use codes again, with whether each is used. */
export async function batchCodes(ctx: AppContext, template: string): Promise<Result<string>> {
  const code = normalisePromoCode(template);
  const row = await ctx.store.read.promoCodes.get(code);
  if (row === undefined) return notFound('promo_code', code);
  return ok(batchFile(await ctx.store.read.promoCodes.batchOf(code)));
}

/**
 * The kill switch: a disabled code is refused to every order from the next batch on, in every
 * process, since each batch reads its codes under their lock; orders already accepted keep their
 * discount. A template's switch is its whole batch's. Audited and told on open incidents.
 */
export async function switchPromoCode(
  ctx: AppContext,
  template: string,
  disabled: boolean,
  reason: string,
  apiKeyId: string,
): Promise<Result<PromoCodeView>> {
  const code = normalisePromoCode(template);
  const actor: Actor = await actorOf(ctx, apiKeyId);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const switched = await tx.promoCodes.setDisabled(
      code,
      disabled ? { at: now, by: actor.name, reason } : null,
      now,
    );
    if (!switched) return notFound('promo_code', code);
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'pricing.promo_code',
      target: code,
      reason,
      details: { disabled },
      timelineText: `Promo code ${code} ${disabled ? 'disabled' : 'enabled again'}: ${reason}`,
    });
    await tx.events.append(
      [
        {
          type: disabled ? 'promo_code.disabled' : 'promo_code.enabled',
          entityType: 'promo_code',
          entityId: code,
          payload: { promo_code: code, reason, by: actor.name },
        },
      ],
      now,
    );
    return ok((await viewsOf(ctx, tx, [(await tx.promoCodes.get(code))!]))[0]!);
  });
}

/** Gives back the promo code uses of an order being cancelled, in the cancellation's transaction. */
export function releasePromoCodeUses(tx: Repos, orderId: string, nowMs: number): Promise<string[]> {
  return tx.promoCodes.releaseUses(orderId, nowMs);
}
