// Imported (`node --import`) into a spawned CLI: registers loader hooks that append the URL of
// every ES module loaded to the file named by LOADED_MODULES_FILE, one a line (the hooks run
// on a thread of their own in Node 20, so they write the file themselves, synchronously).
import { register } from 'node:module';

if (process.env.LOADED_MODULES_FILE) register('./loaded-modules-hooks.mjs', import.meta.url, { data: { file: process.env.LOADED_MODULES_FILE } });
