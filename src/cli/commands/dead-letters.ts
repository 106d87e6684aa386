import type { Command } from 'commander';
import { decodePayload } from '../../core/encode-payload.js';
import type { CompiledFlow } from '../../engine/compiled-flow.js';
import { connectFlow } from '../../engine/connect-flow.js';
import { parseDuration } from '../../engine/parse-duration.js';
import { replayByFlow } from '../../engine/replay-dead-letters.js';
import { loadSecretLookup } from '../../secrets/stored-secrets.js';
import type { DeadLetter, DeadLetterFilter, DeadLetterStatus } from '../../store/state-store.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { operatorName } from '../operator-name.js';
import { createOutput, formatTable, type Output } from '../output.js';
import { recordCliAction } from '../record-cli-action.js';
import { exportDeadLetters } from './dead-letters-export.js';
import { printRuns } from './run.js';

/** Replays are bounded so a huge backlog cannot fill memory; the command says when more remain. */
const replayLimit = 10_000;

interface ListOptions {
  flow?: string;
  code?: string;
  run?: string;
  status: DeadLetterStatus | 'all';
  olderThan?: string;
  limit: string;
  json?: boolean;
}

export function deadLettersCommand(program: Command): void {
  const group = program
    .command('dead-letters')
    .description('records that were not written: inspect, replay through the current mapping, or discard');
  const specOf = () => program.opts<{ spec: string }>().spec;

  group
    .command('list')
    .description('list dead letters (open ones by default)')
    .option('--flow <flow>', 'only this flow')
    .option('--code <code>', 'only this reason code, e.g. invalid-email')
    .option('--run <run>', 'only from this run')
    .option('--status <status>', 'open, replayed, discarded, superseded or all', 'open')
    .option('--older-than <duration>', 'only those older than this, e.g. 7d')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print as JSON')
    .action(async (options: ListOptions) => {
      const out = createOutput();
      const project = await loadProject(specOf(), out);
      const letters = await withStore(project, (store) => store.listDeadLetters(filterFrom(options)));
      if (options.json) return out.json({ deadLetters: letters });
      if (letters.length === 0) return out.line('no dead letters match');
      if (options.status !== 'open') {
        // Resolved ones: who resolved each, when, and why (the audit trail of discards).
        out.line(
          formatTable(
            ['id', 'flow', 'status', 'key', 'resolved', 'by', 'resolution'],
            letters.map((l) => [
              l.id,
              l.flow,
              l.status,
              JSON.stringify(l.key ?? null),
              l.status === 'open' ? '' : l.updatedAt,
              l.resolvedBy ?? '',
              clip(l.resolution ?? l.message, 70),
            ]),
          ),
        );
        return;
      }
      out.line(
        formatTable(
          ['id', 'flow', 'run', 'stage', 'code', 'key', 'message'],
          letters.map((l) => [
            l.id,
            l.flow,
            l.runId,
            l.stage,
            l.code,
            JSON.stringify(l.key ?? null),
            clip(l.message, 70),
          ]),
        ),
      );
      out.line(
        out.paint(
          'dim',
          '\nsyncline dead-letters show ID  ·  replay ID... | --flow F  ·  discard ID... --reason TEXT',
        ),
      );
    });

  group
    .command('show')
    .description('one dead letter with its original record')
    .argument('<id>')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(specOf(), out);
      const letter = await withStore(project, (store) => store.getDeadLetter(id));
      if (!letter) throw notFound([id], out);
      if (options.json) return out.json(letter);
      printLetter(letter, out);
    });

  group
    .command('replay')
    .description(
      'send dead letters through the current mapping and target again (records the source could not read are left open: fix them at the source, then discard)',
    )
    .argument('[ids...]', 'dead letter ids')
    .option('--flow <flow>', 'every open dead letter of this flow')
    .option('--code <code>', 'with --flow: only this reason code')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], options: { flow?: string; code?: string; json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(specOf(), out, { forRuns: true });
      if (ids.length === 0 && !options.flow) {
        out.error('name dead letter ids, or --flow FLOW to replay all open ones of a flow');
        throw new CliExit(exitCode.usage);
      }
      const outcome = await withStore(project, async (store) => {
        const letters =
          ids.length > 0
            ? await fetchOpen(ids, store, out)
            : await store.listDeadLetters({
                flow: options.flow,
                code: options.code,
                status: 'open',
                limit: replayLimit,
              });
        if (letters.length === replayLimit) {
          out.error(
            `replaying the first ${replayLimit} open dead letters; run the command again for the rest`,
          );
        }
        const secret = await loadSecretLookup(store.access, process.env);
        const connect = (flow: CompiledFlow) =>
          connectFlow(flow, { baseDir: project.baseDir, env: process.env, secret });
        const { results, unknownFlows, unreadable } = await replayByFlow(
          letters,
          project.flows,
          connect,
          store,
        );
        for (const result of results) {
          await recordCliAction(store, {
            action: 'dead-letter.replay',
            target: `flow=${result.run.flow} ${[...result.replayed, ...result.failedAgain].join(' ')}`.trim(),
            outcome: result.run.status === 'succeeded' ? 'ok' : 'failed',
            detail: {
              run: result.run.id,
              replayed: result.replayed.length,
              failedAgain: result.failedAgain.length,
            },
          });
        }
        for (const name of unknownFlows) {
          out.error(`flow "${name}" is no longer in the spec; its dead letters cannot be replayed`);
        }
        for (const letter of unreadable) out.error(unreadableMessage(letter));
        return { results, unreadable };
      });
      const { results, unreadable } = outcome;
      if (options.json) {
        return out.json({
          replays: results,
          notReplayed: unreadable.map((l) => ({ id: l.id, flow: l.flow, code: l.code })),
        });
      }
      printRuns(
        results.map((r) => r.run),
        out,
      );
      for (const r of results) {
        out.line(`${r.run.flow}: ${r.replayed.length} replayed, ${r.failedAgain.length} still failing`);
      }
      if (
        unreadable.length > 0 ||
        results.some((r) => r.run.status !== 'succeeded' || r.failedAgain.length > 0)
      ) {
        throw new CliExit(exitCode.failures);
      }
    });

  exportDeadLetters(
    group,
    () => loadProject(specOf(), createOutput()),
    (options) => filterFrom(options as unknown as ListOptions),
  );

  group
    .command('discard')
    .description('give up on dead letters, with a reason that is kept')
    .argument('<ids...>', 'dead letter ids')
    .requiredOption('--reason <text>', 'why they are discarded (kept for the audit trail)')
    .action(async (ids: string[], options: { reason: string }) => {
      const out = createOutput();
      const project = await loadProject(specOf(), out);
      if (options.reason.trim() === '') {
        out.error('--reason must say why the records are discarded');
        throw new CliExit(exitCode.usage);
      }
      await withStore(project, async (store) => {
        await fetchOpen(ids, store, out);
        await store.resolveDeadLetters(
          ids,
          'discarded',
          options.reason.trim(),
          new Date().toISOString(),
          operatorName(),
        );
        await recordCliAction(store, {
          action: 'dead-letter.discard',
          target: ids.join(' '),
          detail: { reason: options.reason.trim() },
        });
      });
      out.line(`discarded ${ids.length} dead letter${ids.length === 1 ? '' : 's'}`);
    });
}

async function fetchOpen(
  ids: readonly string[],
  store: { getDeadLetter(id: string): Promise<DeadLetter | undefined> },
  out: Output,
): Promise<DeadLetter[]> {
  const letters = await Promise.all(ids.map((id) => store.getDeadLetter(id)));
  const missing = ids.filter((_, i) => !letters[i]);
  if (missing.length > 0) throw notFound(missing, out);
  const closed = letters.filter((l): l is DeadLetter => l !== undefined && l.status !== 'open');
  if (closed.length > 0) {
    out.error(
      `already ${closed.map((l) => `${l.id} ${l.status}`).join(', ')}; only open dead letters can change`,
    );
    throw new CliExit(exitCode.usage);
  }
  return letters as DeadLetter[];
}

function notFound(ids: readonly string[], out: Output): CliExit {
  out.error(`no dead letter ${ids.join(', ')}; list them with: syncline dead-letters list --status all`);
  return new CliExit(exitCode.usage);
}

function filterFrom(options: ListOptions): DeadLetterFilter {
  const before = options.olderThan
    ? new Date(Date.now() - parseAge(options.olderThan)).toISOString()
    : undefined;
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit <= 0)
    throw new CliExit(exitCode.usage, '--limit must be a positive whole number');
  if (!['open', 'replayed', 'discarded', 'superseded', 'all'].includes(options.status)) {
    throw new CliExit(exitCode.usage, '--status must be open, replayed, discarded, superseded or all');
  }
  return {
    flow: options.flow,
    code: options.code,
    runId: options.run,
    status: options.status === 'all' ? undefined : options.status,
    before,
    limit,
  };
}

function parseAge(text: string): number {
  if (!/^\d+(m|h|d)$/.test(text)) {
    throw new CliExit(exitCode.usage, `--older-than takes a duration such as 30m, 12h or 7d, not "${text}"`);
  }
  return parseDuration(text);
}

function printLetter(letter: DeadLetter, out: Output): void {
  const fields: [string, string][] = [
    ['id', letter.id],
    ['flow', letter.flow],
    ['run', letter.runId],
    ['status', letter.resolution ? `${letter.status} (${letter.resolution})` : letter.status],
    ['stage', letter.stage],
    ['code', letter.code],
    ['field', letter.field ?? '-'],
    ['message', letter.message],
    ['key', JSON.stringify(letter.key ?? null)],
    ['attempts', String(letter.attempts)],
    ['created', letter.createdAt],
    ['updated', letter.updatedAt],
    ...(letter.resolvedBy ? ([['by', letter.resolvedBy]] as [string, string][]) : []),
  ];
  for (const [name, value] of fields) out.line(`${out.paint('bold', name.padEnd(9))} ${value}`);
  out.line(out.paint('bold', 'record'));
  for (const [name, value] of Object.entries(decodePayload(letter.payload))) {
    out.line(`  ${name}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Why a read-stage dead letter is not replayed, and what to do instead (decision 0021). */
function unreadableMessage(letter: DeadLetter): string {
  return (
    `dead letter ${letter.id} (flow ${letter.flow}, ${letter.code}) was not replayed: the source could not read it ` +
    `(${letter.message}), so it holds raw input, not a record the mapping can take, and a replay would fail again. ` +
    `Fix it at the source (the next run reads it again if the source delivers it again), then: ` +
    `syncline dead-letters discard ${letter.id} --reason "fixed at the source"`
  );
}
