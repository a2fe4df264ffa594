/**
 * Customer data rights over HTTP: the export of everything held on a customer, and their erasure.
 * Both are POSTs with the email in the body, never in the path or the query: a URL lands in access
 * logs and proxies' logs, which an erasure could not reach.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import { errors } from '../platform/http/schemas.js';
import { CustomerExport, Erasure, ErasureInput, ExportInput } from './contract.js';
import { eraseCustomer } from './erase.js';
import { exportCustomer } from './export.js';

export const privacyRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/privacy/exports',
    {
      // A read: read-only mode must not stop a customer's request for their data.
      config: { scope: 'admin', readOnlyExempt: true },
      schema: {
        tags: ['privacy'],
        operationId: 'exportCustomerData',
        summary: 'Everything held on a customer, by their email (right of access)',
        description:
          'The customer’s orders (as `GET /v1/orders/{id}` gives them), their payments, returns, shipments, the contacts naming their orders, their advent plays, promo code uses, and the outbox events about them. The email matches in any case and with any `+tag`, as promo codes count a customer. An email nothing is held on answers empty lists. Changes nothing.',
        body: ExportInput,
        response: { 200: CustomerExport, ...errors(400, 401, 403) },
      },
    },
    async (request) => exportCustomer(ctx, request.body),
  );

  app.post(
    '/privacy/erasures',
    {
      // The erasure writes its own audit entry, under the pseudonym, in its transaction.
      config: { scope: 'admin', ownAuditEntry: true },
      schema: {
        tags: ['privacy'],
        operationId: 'eraseCustomerData',
        summary: 'Erase a customer’s personal data, keeping the figures (right to erasure)',
        description:
          'Replaces, in one transaction, the customer’s email by a random pseudonym (the same in all their rows), names by null or `Erased`, address lines, city and postal code by `erased` (the country kept), and their words on returns and contacts by `erased`, in the tables and in the outbox events that copied them. Amounts, quantities, SKUs, statuses, dates and the stock ledger are untouched. The erasure is written to the audit log under the pseudonym with the reason given, and a `customer.erased` event names the pseudonym and the orders. An email nothing is held on answers zero counts.',
        body: ErasureInput,
        response: { 200: Erasure, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await eraseCustomer(ctx, request.body, await actorOf(ctx, callerOf(request).apiKeyId));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
