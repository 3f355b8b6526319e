// Preloaded (`node --require`) into a spawned CLI: on exit, writes the npm packages whose
// CommonJS modules were loaded (undici, ajv, @peculiar/x509 are CommonJS; importing one from
// ESM loads it here too) as one line on stderr: `loaded-packages: ["ajv", ...]`.
const Module = require('node:module');
process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(Module._cache)) {
    const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (m) names.add(m[1].replace(/\\/g, '/'));
  }
  process.stderr.write(`\nloaded-packages: ${JSON.stringify([...names].sort())}\n`);
});
