// Times one compute kernel under Node's V8, in-process and warm, the same way the Java harness times
// Wharf and wasmtime: instantiate once (with node:wasi), call bench(n) through the same warm-up rule,
// then time `samples` further calls one by one. Prints one JSON line.
//   node compute.mjs KERNEL.wasm N WARMUP_MS SAMPLES
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [file, nArg, warmupArg, samplesArg] = process.argv.slice(2);
const n = Number(nArg), warmupMs = Number(warmupArg), samples = Number(samplesArg);
const wasi = new WASI({ version: 'preview1', args: [file], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
if (instance.exports._initialize) wasi.initialize(instance);
const bench = instance.exports.bench;

const hex = (v) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.ceil(s.length / 2) - 1]; };
const checksum = hex(bench(n));
// the warm-up rule of ComputeProbe.java: at least WARMUP_MS, then until the last five calls are no
// better than 97% of the five before (60 s cap)
const warm = [];
const start = process.hrtime.bigint();
for (;;) {
  const t0 = process.hrtime.bigint();
  bench(n);
  const t1 = process.hrtime.bigint();
  warm.push(Number(t1 - t0));
  const elapsedMs = Number(t1 - start) / 1e6;
  if (elapsedMs >= 60000) break;
  const k = warm.length;
  if (elapsedMs >= warmupMs && k >= 10 && median(warm.slice(k - 5)) >= 0.97 * median(warm.slice(k - 10, k - 5))) break;
}
const warmupCalls = warm.length + 1;
const nanos = [];
for (let i = 0; i < samples; i++) {
  const t0 = process.hrtime.bigint();
  const c = hex(bench(n));
  nanos.push(Number(process.hrtime.bigint() - t0));
  if (c !== checksum) { console.error(`checksum changed between calls: ${checksum} then ${c}`); process.exit(2); }
}
console.log(JSON.stringify({ engine: 'node', checksum, warmupCalls, nanos }));
