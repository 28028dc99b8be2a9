// Writes the generated workspaces and their probes. Usage: node gen.cjs <outDir> <sizes,comma> [formats,comma]
import * as fs from "node:fs";
import * as path from "node:path";
import { FORMAT_IDS, generate, type FormatId } from "./gen";

const [out, sizesArg, formatsArg] = process.argv.slice(2);
const sizes = (sizesArg ?? "1000,10000,50000").split(",").map(Number);
const formats = (formatsArg ? formatsArg.split(",") : FORMAT_IDS) as FormatId[];
const list = [];
for (const size of sizes) for (const f of formats) list.push(generate(path.resolve(out!), f, size));
fs.writeFileSync(path.join(out!, "workspaces.json"), JSON.stringify(list, null, 2));
for (const w of list) console.error(`  generated ${w.format}-${w.size}: ${w.probe.lines} lines, ${(w.probe.bytes / 1024).toFixed(0)} KB`);
