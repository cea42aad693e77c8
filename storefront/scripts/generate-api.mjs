// Generates the API's TypeScript types from the OpenAPI documents the gateway serves, as committed under
// docs/openapi (a test of the e2e suite holds them to the running shop). openapi-fetch types every request and
// answer of the storefront with them.
import openapiTS, { astToString } from 'openapi-typescript';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const services = ['auth', 'catalog', 'cart', 'payment'];
mkdirSync(new URL('../src/generated/', import.meta.url), { recursive: true });
for (const service of services) {
  const document = JSON.parse(readFileSync(new URL(`../../docs/openapi/${service}.json`, import.meta.url), 'utf8'));
  const ast = await openapiTS(document);
  const header = `// Generated from docs/openapi/${service}.json by scripts/generate-api.mjs; do not edit.\n`;
  writeFileSync(new URL(`../src/generated/${service}.ts`, import.meta.url), header + astToString(ast));
}
console.log(`API types generated for ${services.join(', ')}`);
