import { execFileSync } from 'node:child_process';

/**
 * Tests that spawn the real CLI (crash safety, examples) need the compiled build. Type errors
 * still emit JavaScript and are the lint step's to report, so a failed check only warns here.
 */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      stdio: 'pipe',
    });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    process.stderr.write(
      `warning: the build reported errors (run npm run lint):\n${output.slice(0, 2000)}\n`,
    );
  }
}
