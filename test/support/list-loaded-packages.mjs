// Child process for test/engine/lazy-mapping-libraries.test.ts: loads what a run loads (the
// built registry, spec checker and engine), compiles the mapping given as JSON, maps one row,
// and prints the files require's cache holds (CommonJS, and require(esm)). ES modules loaded
// by import are listed by Node itself on stderr when it runs with NODE_DEBUG=esm.
import { createRequire } from 'node:module';

const root = new URL('../../', import.meta.url);
await import(new URL('dist/connectors/registry.js', root).href);
await import(new URL('dist/engine/check-project.js', root).href);
await import(new URL('dist/engine/run-flow.js', root).href);
const { compileMapping } = await import(new URL('dist/mapping/compile-mapping.js', root).href);
const mapping = compileMapping(JSON.parse(process.argv[2]), { onInvalid: 'dead-letter' });
if (!mapping.ok) throw new Error(JSON.stringify(mapping.issues));
mapping.map({ name: ' Ana ', phone: '+49 711 2842222', amount: 2 });
console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
