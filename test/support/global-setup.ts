import { execFileSync } from 'node:child_process';

/**
 * Tests that spawn the real CLI (crash safety, examples) need the compiled, bundled build, and the
 * browser tests need the built dashboard (dist/web). Type errors still emit JavaScript and are
 * the lint step's to report, so a failed check only warns here; a failed dashboard build fails
 * the browser tests with the reason.
 */
export default function setup(): void {
  const steps = [
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    // The CLI as it ships: bundled (decision 0053).
    ['scripts/bundle-cli.mjs'],
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  ];
  for (const args of steps) {
    try {
      // The dashboard as it ships: React's production build, whatever NODE_ENV the runner set.
      const env = args[0]?.includes('vite') ? { ...process.env, NODE_ENV: 'production' } : process.env;
      execFileSync(process.execPath, args, { stdio: 'pipe', env });
    } catch (error) {
      const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
      process.stderr.write(`warning: ${args.join(' ')} reported errors:\n${output.slice(0, 2000)}\n`);
    }
  }
}
