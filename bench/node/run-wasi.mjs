// The Node side of the start-up and memory comparisons: run a WASI command the way `wharf run` does
// (read, compile, instantiate, _start, exit with its status), in a whole fresh process.
//   node run-wasi.mjs APP.wasm [ARGS...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

process.removeAllListeners('warning'); // node:wasi is "experimental" and says so on stderr
const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = new WebAssembly.Module(readFileSync(file));
const instance = new WebAssembly.Instance(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
