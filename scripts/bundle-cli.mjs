// Bundles the compiled CLI (dist/cli/bin.js and everything of syncline's it imports, with zod)
// into dist/cli/bin.js and dist/cli/chunks/ (decision 0053): a command then loads a few files
// instead of a few hundred. Commands and connectors stay separate chunks, loaded when used;
// other packages are left to node_modules. Runs after `tsc -p tsconfig.build.json`, which
// writes the unbundled bin.js this starts from (the rest of dist/ stays as tsc wrote it).
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

const entry = 'dist/cli/bin.js';
if (readFileSync(entry, 'utf8').includes('./chunks/')) {
  console.log(`${entry} is already bundled: run tsc -p tsconfig.build.json first to bundle again`);
  process.exit(0);
}
rmSync('dist/cli/chunks', { recursive: true, force: true });

const bundled = (id) => id.startsWith('.') || id.startsWith('/') || id === 'zod' || id.startsWith('zod/');

await build({
  input: entry,
  external: (id) => !bundled(id),
  platform: 'node',
  logLevel: 'warn',
  output: {
    dir: 'dist/cli',
    format: 'esm',
    entryFileNames: 'bin.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});
