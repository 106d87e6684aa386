import type { FastifyInstance } from 'fastify';
import { IntegrationError } from '../core/integration-error.js';
import { connectFlow } from '../engine/connect-flow.js';
import { replayDeadLetters } from '../engine/replay-dead-letters.js';
import type { DeadLetter, DeadLetterStatus } from '../store/state-store.js';
import { isBusy } from './flow-runner.js';
import { actorOf, busyError, requireFlow, type ServerContext } from './server-context.js';

const statuses: readonly string[] = ['open', 'replayed', 'discarded', 'superseded'];

/** Dead letters of a flow: list, inspect, replay through the current mapping, discard with a reason. */
export function deadLetterRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store, runner } = context;

  app.get<{ Params: { flow: string }; Querystring: { status?: string; after?: string; limit?: string } }>(
    '/api/flows/:flow/dead-letters',
    { config: { role: 'viewer' } },
    async (request) => {
      const flow = requireFlow(context, request.params.flow);
      const { status = 'open', after } = request.query;
      if (status !== 'all' && !statuses.includes(status)) {
        throw new IntegrationError(`status "${status}" is not one of ${[...statuses, 'all'].join(', ')}`, {
          kind: 'config',
          code: 'bad-status',
        });
      }
      const filter = {
        flow: flow.name,
        status: status === 'all' ? undefined : (status as DeadLetterStatus),
        after,
        limit: Math.min(Math.max(Number(request.query.limit ?? 100) || 100, 1), 1000),
      };
      return {
        deadLetters: await store.listDeadLetters(filter),
        total: await store.countDeadLetters({ ...filter, after: undefined, limit: undefined }),
      };
    },
  );

  app.get<{ Params: { flow: string; id: string } }>(
    '/api/flows/:flow/dead-letters/:id',
    { config: { role: 'viewer' } },
    async (request) => {
      const flow = requireFlow(context, request.params.flow);
      const letter = await store.getDeadLetter(request.params.id);
      if (!letter || letter.flow !== flow.name) throw notFound(request.params.id, flow.name);
      return { deadLetter: letter };
    },
  );

  const openLetter = async (id: string): Promise<DeadLetter> => {
    const letter = await store.getDeadLetter(id);
    if (!letter) throw notFound(id);
    if (letter.status !== 'open') {
      throw new IntegrationError(`dead letter ${id} is ${letter.status}; only open dead letters can change`, {
        kind: 'config',
        code: 'dead-letter-closed',
      });
    }
    return letter;
  };

  app.post<{ Params: { id: string } }>(
    '/api/dead-letters/:id/replay',
    { config: { role: 'operator', audit: false } },
    async (request) => {
      const letter = await openLetter(request.params.id);
      const flow = requireFlow(context, letter.flow);
      const result = await runner.withFlow(flow.name, (signal) =>
        replayDeadLetters({
          flow,
          endpoints: connectFlow(flow, { baseDir: project.baseDir, env: context.env }),
          store,
          deadLetters: [letter],
          signal,
          clock: context.clock,
        }),
      );
      if (isBusy(result)) throw busyError(flow.name);
      context.metrics.recordRun(result.run);
      context.events.publish({ type: 'run-finished', run: result.run });
      context.events.publish({ type: 'dead-letters-changed', flow: flow.name });
      await context.audit({
        at: context.clock().toISOString(),
        action: 'replay',
        actor: actorOf(request),
        flow: flow.name,
        target: letter.id,
        detail: { run: result.run.id, replayed: result.replayed.length > 0 },
      });
      return result;
    },
  );

  app.post<{ Params: { id: string }; Body: { reason?: unknown } | undefined }>(
    '/api/dead-letters/:id/discard',
    { config: { role: 'operator', audit: false } },
    async (request) => {
      const reason = typeof request.body?.reason === 'string' ? request.body.reason.trim() : '';
      if (reason === '') {
        throw new IntegrationError('a discard needs a reason', {
          kind: 'config',
          code: 'reason-required',
          hint: 'send {"reason": "why the record is given up"}; it is kept with the dead letter',
        });
      }
      const letter = await openLetter(request.params.id);
      const actor = actorOf(request);
      const at = context.clock().toISOString();
      await store.resolveDeadLetters([letter.id], 'discarded', reason, at, actor);
      context.events.publish({ type: 'dead-letters-changed', flow: letter.flow });
      await context.audit({
        at,
        action: 'discard',
        actor,
        flow: letter.flow,
        target: letter.id,
        detail: { reason },
      });
      return { deadLetter: await store.getDeadLetter(letter.id) };
    },
  );
}

function notFound(id: string, flow?: string): IntegrationError {
  return new IntegrationError(`no dead letter ${id}${flow ? ` in flow "${flow}"` : ''}`, {
    kind: 'config',
    code: 'dead-letter-not-found',
    hint: 'GET /api/flows/FLOW/dead-letters?status=all lists them',
  });
}
