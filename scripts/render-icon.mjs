#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128 × 128, the Marketplace icon) with the Chromium the UI tests use.
// Run it after changing the SVG: node scripts/render-icon.mjs
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./vscode/code-server.mjs";

const media = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../media");
const svg = fs.readFileSync(path.join(media, "icon.svg"), "utf8");
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator("svg").screenshot({ path: path.join(media, "icon.png"), omitBackground: true });
} finally {
  await browser.close();
}
