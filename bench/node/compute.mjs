// Times one compute kernel under Node's V8, in-process and warm, the same way the Java harness times
// Wharf and wasmtime: instantiate once (with node:wasi), call bench(n) until the warm-up budget is
// spent, then time `samples` further calls one by one. Prints one JSON line.
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
let checksum = hex(bench(n));
let warmupCalls = 1;
const warmupEnd = process.hrtime.bigint() + BigInt(warmupMs) * 1000000n;
while (process.hrtime.bigint() < warmupEnd) { bench(n); warmupCalls++; }
const nanos = [];
for (let i = 0; i < samples; i++) {
  const t0 = process.hrtime.bigint();
  const c = hex(bench(n));
  nanos.push(Number(process.hrtime.bigint() - t0));
  if (c !== checksum) { console.error(`checksum changed between calls: ${checksum} then ${c}`); process.exit(2); }
}
console.log(JSON.stringify({ engine: 'node', checksum, warmupCalls, nanos }));
