/**
 * Which code may import which: the layer rules of docs/architecture.md, checked by `pnpm lint`.
 *
 * Each list below runs from the bottom layer up. A folder may import its own layer and the
 * layers below it, never one above; folders that share a layer (an inner array) may not import
 * each other. Every module and console feature must be placed in a list, so a new one has to
 * take a side before it lands. Tests and test support are free to import anything, but no file
 * may take part in an import cycle, and code that ships may not import them.
 */

/** server/src, lowest first. Paths are relative to server/src. */
const serverLayers = [
  ["config.ts", "logger.ts"],
  ["shared"],
  ["db"],
  ["graphql"],
  // Modules, each owning its tables; a module may use the modules listed before it.
  ["modules/audit"],
  ["modules/holder"],
  ["modules/auth"],
  ["modules/oidc"],
  ["modules/service"],
  ["modules/api-key"],
  ["modules/collaborator"],
  ["modules/verification"],
  ["modules/reassignment"],
  ["modules/offboarding"],
  ["modules/leaver-case"],
  ["modules/scim"],
  ["modules/risk"],
  ["modules/export"],
  ["modules/audit-log"],
  ["modules/import"],
  ["modules/notify"],
  ["modules/node"],
  // The composition root and the programs built on it.
  ["seed"],
  ["composition"],
  ["http"],
  ["cli"],
  ["app.ts"],
  ["main.ts", "cli.ts"],
];

/** console/src, lowest first. Paths are relative to console/src. */
const consoleLayers = [
  ["theme.ts", "client.ts", "urls.ts"],
  ["components"],
  ["features/identity-provider"],
  ["features/auth"],
  ["features/leavers"],
  ["features/key-admin"],
  ["features/keys"],
  ["features/services"],
  ["features/holders"],
  ["features/offboarding"],
  [
    "features/audit",
    "features/explorer",
    "features/import",
    "features/outbox",
    "features/overview",
    "features/shell",
    "features/tokens",
    "features/webhooks",
  ],
  ["routes.tsx"],
  ["App.tsx"],
  ["main.tsx"],
];

/** Code that only tests load: free of the layer rules. */
const testCode = "(\\.test\\.tsx?$|/test-support/|^console/src/test/|/render-[^/]+\\.tsx$)";

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const unitPattern = (root, units) => `^${escapeRegExp(root)}(${units.map(escapeRegExp).join("|")})($|/)`;

/** One rule per layer: nothing in it imports a layer above it, or a sibling in the same layer. */
function layerRules(root, layers, label) {
  const rules = [];
  layers.forEach((layer, index) => {
    const above = layers.slice(index + 1).flat();
    for (const unit of layer) {
      const forbidden = [...above, ...layer.filter((other) => other !== unit)];
      if (forbidden.length === 0) continue;
      rules.push({
        name: `${label}-layers: ${unit}`,
        comment: `${root}${unit} may import only the layers below it (see .dependency-cruiser.cjs and docs/architecture.md).`,
        severity: "error",
        from: { path: unitPattern(root, [unit]), pathNot: testCode },
        to: { path: unitPattern(root, forbidden) },
      });
    }
  });
  return rules;
}

/** A folder of `parent` that the layer list does not place: nothing may import it, and it may import nothing. */
function unplacedRules(root, parent, layers, label) {
  const placed = layers
    .flat()
    .filter((unit) => unit.startsWith(`${parent}/`))
    .map((unit) => escapeRegExp(unit.slice(parent.length + 1)));
  const unplaced = `^${escapeRegExp(root)}${parent}/(?!(${placed.join("|")})/)[^/]+/`;
  const comment = `Every ${root}${parent}/ folder takes a place in the layer list of .dependency-cruiser.cjs.`;
  return [
    { name: `${label}-unplaced`, comment, severity: "error", from: { path: unplaced, pathNot: testCode }, to: {} },
    { name: `${label}-unplaced`, comment, severity: "error", from: { pathNot: testCode }, to: { path: unplaced } },
  ];
}

/** A file or folder straight under `root` that no layer holds (a new `server/src/jobs/`, say): it may import nothing, and nothing may import it. */
function topLevelUnplacedRules(root, layers, label) {
  const placed = [...new Set(layers.flat().map((unit) => unit.split("/")[0]))].map(escapeRegExp);
  const unplaced = `^${escapeRegExp(root)}(?!(${placed.join("|")})($|/))[^/]+(/|$)`;
  const comment = `Everything in ${root} takes a place in the layer list of .dependency-cruiser.cjs.`;
  const notCode = `${testCode}|\\.css$`;
  return [
    { name: `${label}-unplaced`, comment, severity: "error", from: { path: unplaced, pathNot: notCode }, to: {} },
    {
      name: `${label}-unplaced`,
      comment,
      severity: "error",
      from: { pathNot: testCode },
      to: { path: unplaced, pathNot: notCode },
    },
  ];
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Import cycles make modules impossible to understand, test or move on their own.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-test-code",
      comment:
        "Code that ships never imports tests or test support: the layer rules do not look at test code, so a path through it would hide an upward import (and pull test helpers into the build).",
      severity: "error",
      from: { pathNot: testCode },
      to: { path: testCode },
    },
    ...layerRules("server/src/", serverLayers, "server"),
    ...unplacedRules("server/src/", "modules", serverLayers, "server"),
    ...topLevelUnplacedRules("server/src/", serverLayers, "server"),
    ...layerRules("console/src/", consoleLayers, "console"),
    ...unplacedRules("console/src/", "features", consoleLayers, "console"),
    ...topLevelUnplacedRules("console/src/", consoleLayers, "console"),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs", ".d.ts"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
