// Preload (`node --import ./bench/kit/sample-memory.mjs …`) to sample process.memoryUsage()
// every 20 ms and print the peaks at exit: where a run's resident memory goes (V8 heap in use
// and reserved, external memory and ArrayBuffers such as socket and COPY buffers) — RSS minus
// the reserved heap and external is code, the young generation's spare space and native heaps.
// SYNCLINE_MEMORY_TRACE=file also writes one JSON line per sample.
import { appendFileSync } from 'node:fs';

const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
let atPeakRss = process.memoryUsage();
const trace = process.env.SYNCLINE_MEMORY_TRACE;
const started = Date.now();
const mb = (bytes) => Math.round(bytes / 1048576);

const timer = setInterval(() => {
  const usage = process.memoryUsage();
  for (const name of Object.keys(peaks)) peaks[name] = Math.max(peaks[name], usage[name]);
  if (usage.rss >= atPeakRss.rss) atPeakRss = usage;
  if (trace) {
    const sample = {
      ms: Date.now() - started,
      ...Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, mb(v)])),
    };
    appendFileSync(trace, `${JSON.stringify(sample)}\n`);
  }
}, 20);
timer.unref();

process.on('exit', () => {
  const show = (usage) =>
    Object.entries(usage)
      .map(([name, bytes]) => `${name} ${mb(bytes)}`)
      .join(', ');
  process.stderr.write(`memory peaks (MB): ${show(peaks)}\nat peak RSS (MB): ${show(atPeakRss)}\n`);
});
