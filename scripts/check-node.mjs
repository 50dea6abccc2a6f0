// Fails fast, with a clear message, when a script runs on a Node older than the project needs.
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  console.error(
    `Keyholder needs Node 24 or newer; this is ${process.version}. Run "pnpm install" (it provides Node 24 in node_modules/.bin).`,
  );
  process.exit(1);
}
