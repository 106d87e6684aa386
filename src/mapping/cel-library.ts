import { loadLibrary } from './load-library.js';

/** The CEL evaluator (@marcbachmann/cel-js), loaded when a mapping first uses `cel`. */
export const celLibrary = loadLibrary<typeof import('@marcbachmann/cel-js')>('@marcbachmann/cel-js');
