import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Loads a library the first time a mapping needs it, synchronously, so compiling a mapping
 * stays a plain function (decision 0042): the CEL evaluator and the phone-number metadata
 * cost about 20 MB of memory and 0.1 CPU-s to load, and most flows use neither. ESM-only
 * packages load through require(esm), which Node has without a flag from 20.19.
 */
export function loadLibrary<Library>(name: string): () => Library {
  let library: Library | undefined;
  return () => {
    library ??= require(name) as Library;
    return library;
  };
}
