#!/usr/bin/env node
// Runs the bundled CLI (build it first with `npm run build`).
require("../dist/cli.js");
