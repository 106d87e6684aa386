// Builds an example's working databases from its setup scripts: setup/<name>.sql becomes
// work/<name>.db. Setup scripts read the Chinook sample data as the attached schema `chinook`.
// Used by `npm run demo` and by the golden example test. Examples whose systems are servers
// (PostgreSQL, MariaDB) bring a setup.mjs of their own instead: see docs/examples.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const chinook = fileURLToPath(new URL('./datasets/chinook/Chinook_Sqlite.sqlite', import.meta.url));

/** Creates work/ in exampleDir (removing an old one when reset is true); returns false when it already existed. */
export function prepareExample(exampleDir, { reset = false } = {}) {
  const work = path.join(exampleDir, 'work');
  const state = path.join(exampleDir, '.syncline');
  if (reset) {
    rmSync(work, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
  if (existsSync(work)) return false;
  mkdirSync(work, { recursive: true });
  const setupDir = path.join(exampleDir, 'setup');
  const scripts = existsSync(setupDir)
    ? readdirSync(setupDir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
    : [];
  for (const script of scripts) {
    const db = new Database(path.join(work, script.replace(/\.sql$/, '.db')));
    try {
      db.prepare('ATTACH DATABASE ? AS chinook').run(chinook);
      db.exec(readFileSync(path.join(setupDir, script), 'utf8'));
      db.exec('DETACH DATABASE chinook');
    } finally {
      db.close();
    }
  }
  return true;
}
