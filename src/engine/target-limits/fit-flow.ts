import type { Target } from '../../core/connector.js';
import type { RowMapper } from '../../mapping/compile-mapping.js';
import type { CompiledFlow } from '../compiled-flow.js';
import { compileFit, type RowFitter } from './fit-to-target.js';

/**
 * The flow with its mapping followed by the fit to the open target's columns (its schema's
 * NOT NULL, lengths and charset, and the flow's `fit:` policy). A target that cannot describe
 * itself is fitted to the system's declared charset only, if any.
 */
export async function fitFlow(flow: CompiledFlow, target: Target): Promise<CompiledFlow> {
  return fittedWith(flow, await targetFitter(flow, target));
}

/** The fit of the flow's mapped rows to the open target; undefined when there is nothing to fit. */
export async function targetFitter(flow: CompiledFlow, target: Target): Promise<RowFitter | undefined> {
  const shape = await target.describe?.();
  return compileFit({
    label: shape === undefined ? flow.target.system : `${flow.target.system} ${shape.kind} "${shape.name}"`,
    shape,
    fit: flow.spec.fit,
    systemCharset: flow.target.charset,
    key: flow.target.key,
  });
}

/** The flow with its mapping followed by `fitter`, if any. */
export function fittedWith(flow: CompiledFlow, fitter: RowFitter | undefined): CompiledFlow {
  return fitter === undefined ? flow : { ...flow, map: fitted(flow.map, fitter) };
}

/** Mapping, then fitting: a record that does not fit fails with the fit's issues. */
export function fitted(map: RowMapper, fitRow: RowFitter): RowMapper {
  return function mapAndFit(row) {
    const mapped = map(row);
    if (!mapped.ok) return mapped;
    const fitting = fitRow(mapped.row);
    if (!fitting.ok) return { ok: false, issues: fitting.issues, stop: false };
    if (fitting.row === mapped.row && fitting.warnings.length === 0) return mapped;
    return {
      ok: true,
      row: fitting.row,
      warnings: fitting.warnings.length === 0 ? mapped.warnings : [...mapped.warnings, ...fitting.warnings],
    };
  };
}
