/** The OpenAPI document reads well to client generators: Spectral's OpenAPI rules find nothing to warn of. */
import { Document, type RulesetDefinition, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/platform/context.js';
import type { Store } from '../src/platform/store/store.js';
import { createServer, openStore } from '../src/server/index.js';

/** `spectral:oas`, its recommended rules, less those that are wrong for this API (each says why). */
const ruleset: RulesetDefinition = {
  // The package's inferred type of `oas` misses the union RulesetDefinition is; the value is one.
  extends: [[oas as RulesetDefinition, 'recommended']],
  rules: {
    // Each shop runs its own Affluence, answered for by its own team: the code can name no contact.
    'info-contact': 'off',
  },
};

/** Spectral's severities (DiagnosticSeverity), most severe first. */
const severities = ['error', 'warning', 'information', 'hint'] as const;
const warningSeverity = severities.indexOf('warning');

const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

interface Operation {
  operationId?: string;
  description?: string;
  tags?: string[];
}

interface OpenApiDocument {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Partial<Record<(typeof methods)[number], Operation>>>;
}

describe('the OpenAPI document', () => {
  let store: Store;
  let app: FastifyInstance;
  let text: string;
  let document: OpenApiDocument;
  beforeAll(async () => {
    store = await openStore(':memory:');
    app = await createServer(createContext(store));
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    text = response.body;
    document = response.json();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      methods.flatMap((method) => {
        const operation = item[method];
        return operation === undefined ? [] : [{ name: `${method.toUpperCase()} ${path}`, operation }];
      }),
    );

  it('draws no error and no warning from Spectral’s OpenAPI rules', async () => {
    const spectral = new Spectral();
    spectral.setRuleset(ruleset);
    const diagnostics = await spectral.run(new Document(text, Json, '/docs/json'));
    const problems = diagnostics
      .filter((diagnostic) => diagnostic.severity <= warningSeverity)
      .map(
        (diagnostic) =>
          `${severities[diagnostic.severity]} ${diagnostic.code} at ${diagnostic.path.join('.') || '(root)'}: ${diagnostic.message}`,
      );
    expect(problems).toEqual([]);
  });

  it('gives every operation a camelCase operationId of its own, a description and a declared tag', () => {
    const declared = new Set((document.tags ?? []).map((tag) => tag.name));
    const found = operations();
    expect(found.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const owners = new Map<string, string>();
    for (const { name, operation } of found) {
      const id = operation.operationId;
      if (id === undefined) problems.push(`${name}: no operationId`);
      else if (!/^[a-z][A-Za-z0-9]*$/.test(id)) problems.push(`${name}: operationId ${id} is not camelCase`);
      else if (owners.has(id)) problems.push(`${name}: operationId ${id} is also ${owners.get(id)}'s`);
      else owners.set(id, name);
      if (!operation.description?.trim()) problems.push(`${name}: no description`);
      if (operation.tags === undefined || operation.tags.length === 0) problems.push(`${name}: no tag`);
      for (const tag of operation.tags ?? []) {
        if (!declared.has(tag)) problems.push(`${name}: tag "${tag}" is not declared`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares only tags that operations use, each with a description', () => {
    const used = new Set(operations().flatMap(({ operation }) => operation.tags ?? []));
    for (const tag of document.tags ?? []) {
      expect(used.has(tag.name), `tag "${tag.name}" is used`).toBe(true);
      expect(tag.description?.trim(), `tag "${tag.name}" has a description`).toBeTruthy();
    }
  });
});
