// A small page object for the VS Code workbench in Playwright. Every helper awaits a selector or an event;
// none sleeps. Monaco renders spaces as U+00A0 and only the visible lines, which is enough for small files.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const NBSP = /\u00a0/g;
/** Where every screenshot goes; run-ui.mjs copies the README's pictures from here (docShot). */
export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");

/** The default themes, as the workbench and the graph webview name them in their classes. */
export const THEMES = {
  dark: { id: "Default Dark Modern", workbench: "vs-dark", body: "vscode-dark" },
  light: { id: "Default Light Modern", workbench: "vs", body: "vscode-light" },
};

export function workbench(page, { url, folder }) {
  const quickInput = page.locator(".quick-input-widget input");
  const settingsFile = path.join(folder, ".vscode", "settings.json");
  const wb = {
    page,
    /** The test workspace (the run's copy): tests may create and delete files in it. */
    folder,
    /** The README's pictures this test took (docShot); run-ui.mjs empties it before each test. */
    docShots: [],

    /** Loads the workbench on `folder` and waits for the explorer to list it. */
    async open() {
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator(".monaco-workbench").waitFor();
      await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor();
    },

    /**
     * Runs a command by its palette title (F1, type, Enter). Commands that extensions contribute appear only
     * once the extension host has registered them, and an open palette does not refresh: so when the row does
     * not show, close the palette and ask again, until `deadlineMs`.
     */
    async runCommand(title, deadlineMs = 20000) {
      const end = Date.now() + deadlineMs;
      const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
      for (;;) {
        await wb.palette("F1");
        await quickInput.fill(`>${title}`);
        const shown = await row.waitFor({ timeout: 2000 }).then(() => true, () => false);
        if (shown) break;
        await page.keyboard.press("Escape");
        await quickInput.waitFor({ state: "hidden" });
        if (Date.now() > end) throw new Error(`command '${title}' never appeared in the command palette`);
      }
      await page.keyboard.press("Enter");
      await quickInput.waitFor({ state: "hidden" });
    },

    /**
     * Opens the quick input with `key` (F1, Control+P, Control+G). Keys pressed while a webview has the focus go
     * to its iframe, and the workbench may not see them: then the first editor group is focused and the key
     * pressed again.
     */
    async palette(key) {
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press(key);
        if (await quickInput.waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
        if (attempt === 3) throw new Error(`${key} opened no quick input`);
        await wb.focusEditor();
      }
    },

    /** Focuses the first editor group by clicking its active tab (it takes the focus from a webview or terminal). */
    async focusEditor() {
      const tab = page.locator(".editor-group-container").first().locator(".tab.active");
      if (await tab.count()) await tab.first().click();
    },

    /** Puts the cursor at the start of `line` (1-based) of the active editor with Go to Line (Ctrl+G). */
    async gotoLine(line) {
      await wb.focusEditor();
      await wb.palette("Control+G");
      await quickInput.fill(`:${line}`);
      await page.keyboard.press("Enter");
      await quickInput.waitFor({ state: "hidden" });
      await wb.waitForCursorLine(line);
    },

    /** Opens a file by clicking its row in the explorer (top level of the folder) and waits for its tab. */
    async openFromExplorer(name) {
      // Only rows at the top level of the folder (the first row's level): a file of the same name in an
      // expanded subfolder must not match.
      const rows = page.locator(".explorer-folders-view .monaco-list-row");
      // Another container (the Runs view has its own) may hold the side bar: bring the Explorer back first.
      if (!(await page.locator(".explorer-folders-view").isVisible())) await wb.runCommand("View: Show Explorer");
      const level = await rows.first().getAttribute("aria-level");
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"]`, { has: page.locator(".label-name", { hasText: name }) }).first();
      // The file opens in the active group: make that the first one (not the graph panel's).
      await wb.focusEditor();
      await row.click();
      await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor();
      await page.locator(".editor-instance .view-lines .view-line").first().waitFor();
    },

    /** The rendered text of the visible editor lines, spaces normalised. */
    async lines() {
      const texts = await page.locator(".editor-instance .view-lines .view-line").allTextContents();
      return texts.map((t) => t.replace(NBSP, " "));
    },

    /** Waits until `count` visible editor lines match `re`. */
    async waitForLines(re, count = 1) {
      await page.waitForFunction(
        ({ src, flags, n }) => {
          const r = new RegExp(src, flags);
          const ls = [...document.querySelectorAll(".editor-instance .view-lines .view-line")];
          return ls.filter((l) => r.test(l.textContent.replace(/\u00a0/g, " "))).length === n;
        },
        { src: re.source, flags: re.flags, n: count },
      );
    },

    /**
     * The screen rectangle of `word` inside the first visible editor line that contains `lineText`, found
     * with a DOM Range over Monaco's token spans.
     */
    async rectOf(lineText, word) {
      const rect = await page.evaluate(
        ({ lineText, word }) => {
          const norm = (s) => s.replace(/\u00a0/g, " ");
          const line = [...document.querySelectorAll(".editor-instance .view-lines .view-line")].find((l) => norm(l.textContent).includes(lineText));
          if (!line) return null;
          const at = norm(line.textContent).indexOf(lineText) + lineText.indexOf(word);
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          let seen = 0;
          const range = document.createRange();
          let started = false;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = n.textContent.length;
            if (!started && at < seen + len) {
              range.setStart(n, at - seen);
              started = true;
            }
            if (started && at + word.length <= seen + len) {
              range.setEnd(n, at + word.length - seen);
              const r = range.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            }
            seen += len;
          }
          return null;
        },
        { lineText, word },
      );
      if (!rect) throw new Error(`'${word}' in a line with '${lineText}' is not on screen`);
      return rect;
    },

    /** Moves the mouse onto `word` (in the line containing `lineText`) and returns the hover widget. */
    async hover(lineText, word) {
      const r = await wb.rectOf(lineText, word);
      await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
      const widget = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: /\S/ }).first();
      await widget.waitFor();
      return widget;
    },

    /** Puts the caret right after `word` in the line containing `lineText`. */
    async clickAfter(lineText, word) {
      const r = await wb.rectOf(lineText, word);
      await page.mouse.click(r.x + r.width - 1, r.y + r.height / 2);
    },

    /**
     * Opens a workspace file by its relative path in the first editor group, and waits for its tab and text: a
     * nested file with Quick Open (Ctrl+P), checked by the breadcrumbs; a top-level one from the explorer.
     */
    async openFile(rel) {
      const base = rel.split("/").pop();
      const dir = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : undefined;
      // A top-level file from the explorer: Quick Open cannot tell workspace.poly from hostile/workspace.poly
      // by what is typed, and its list reorders while the file search answers.
      if (!dir) {
        await wb.openFromExplorer(base);
        return;
      }
      // The row of that file: its name, and its folder as the description (none for a top-level file).
      const row = page
        .locator(".quick-input-list .monaco-list-row", { has: page.locator(".label-name", { hasText: base }) })
        .filter({ has: page.locator(".label-description", { hasText: dir }) });
      // The breadcrumbs of the first group start with the file's folders and name.
      const want = [...dir.split("/"), base];
      const opened = async () => {
        const items = await page.locator(".editor-group-container").first().locator(".breadcrumbs-control .monaco-breadcrumb-item").allTextContents();
        const got = items.map((t) => t.trim()).filter(Boolean);
        return want.every((w, i) => got[i] === w);
      };
      for (let attempt = 0; ; attempt++) {
        await wb.focusEditor();
        await wb.palette("Control+P");
        await quickInput.fill(rel);
        // A file created a moment ago may be missing from the first search (its cache follows file events, which
        // come late): ask again, with a fresh Quick Open.
        const found = await row.first().waitFor({ timeout: attempt === 2 ? 15000 : 5000 }).then(() => true, () => false);
        if (!found) {
          if (attempt === 2) throw new Error(`Quick Open does not list ${rel}`);
          await page.keyboard.press("Escape");
          await quickInput.waitFor({ state: "hidden" });
          continue;
        }
        // The list grows while the file search answers, and a row may move under the mouse: check what opened.
        await row.first().click();
        await quickInput.waitFor({ state: "hidden" });
        await page.locator(".tabs-container .tab.active", { hasText: base }).first().waitFor();
        await page.locator(".editor-instance .view-lines .view-line").first().waitFor();
        if (await opened()) return;
        if (attempt === 2) throw new Error(`Quick Open did not open ${rel}`);
      }
    },

    /** The graph webview's document: the panel is a webview, two nested iframes. */
    graph() {
      return page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
    },

    /**
     * A graph node by its id (an attribute selector, so ids with quotes or `#` are fine), once ELK's layout is drawn
     * in full: a new graph is drawn first with a quick layout that ELK's replaces, and a click must not land between.
     */
    node(id) {
      return wb.graph().locator(`svg.graph[data-layout="final"][data-drawn="all"] [data-node-id=${JSON.stringify(id)}]`);
    },

    /** `Infraflow: Show Dependency Graph`, then waits until the panel drew the graph titled `title`. */
    async showGraph(title) {
      await wb.runCommand("Infraflow: Show Dependency Graph");
      await wb.graph().locator("svg.graph").waitFor({ timeout: 30000 });
      if (title) await wb.graphTitled(title);
    },

    /** Waits for the graph panel's tab to read `title` (the controller sets it with each graph). */
    async graphTitled(title) {
      await page.locator(".tabs-container .tab", { hasText: title }).first().waitFor({ timeout: 30000 });
    },

    /** The editor cursor as the status bar shows it (`Ln 12, Col 5`), 1-based. */
    async cursor() {
      const text = await page.locator('[id="status.editor.selection"]').first().textContent();
      const m = /Ln (\d+), Col (\d+)/.exec(text ?? "");
      if (!m) throw new Error(`no cursor position in the status bar: '${text}'`);
      return { line: Number(m[1]), col: Number(m[2]) };
    },

    /** Waits until the status bar shows the cursor on `line` (1-based). */
    async waitForCursorLine(line) {
      await page.locator('[id="status.editor.selection"]', { hasText: new RegExp(`Ln ${line},`) }).first().waitFor();
    },

    /** The rows of the active terminal (DOM renderer; wrapped lines are split, so match short tokens). */
    terminal() {
      return page.locator(".terminal-wrapper.active .xterm-rows");
    },

    /** The CodeLens links of the visible editor lines. */
    lens(text) {
      return page.locator(".codelens-decoration a", { hasText: text });
    },

    /**
     * What the workbench shows now, in a few lines, for a failure report (CI keeps the log, not the screenshots): the
     * active tab, the cursor, open notifications, and the graph panel's layout, zoom and selection.
     */
    async describe() {
      const text = async (loc) => ((await loc.first().textContent({ timeout: 1000 }).catch(() => null)) ?? "").replace(/\s+/g, " ").trim();
      const lines = [
        `active tab: ${await text(page.locator(".tabs-container .tab.active"))}`,
        `cursor: ${await text(page.locator('[id="status.editor.selection"]'))}`,
      ];
      const toasts = await page.locator(".notification-toast .notification-list-item-message").allTextContents().catch(() => []);
      if (toasts.length) lines.push(`notifications: ${toasts.join(" | ")}`);
      const svg = wb.graph().locator("svg.graph");
      if (await svg.count().catch(() => 0)) {
        const attr = (n) => svg.first().getAttribute(n, { timeout: 1000 }).catch(() => null);
        const selected = await wb.graph().locator("[data-node-id].selected").evaluateAll((els) => els.map((e) => e.getAttribute("data-node-id"))).catch(() => []);
        lines.push(`graph: layout=${await attr("data-layout")} drawn=${await attr("data-drawn")} zoom=${await text(wb.graph().locator(".zoom-level"))} selected=[${selected.join(", ")}]`);
      }
      return lines.map((l) => `    ${l}`).join("\n");
    },

    /**
     * Saves a picture of part of the workbench as test-results/<name>.png: `target` is a locator (its box) or a
     * clip rectangle of the page. It is one of the README's pictures: with --update-docs-images, run-ui.mjs
     * copies it to media/screenshots/ once the test has passed, so they always show a test that passed.
     */
    async docShot(name, target) {
      fs.mkdirSync(resultsDir, { recursive: true });
      const file = path.join(resultsDir, `${name}.png`);
      if (typeof target.screenshot === "function") await target.screenshot({ path: file });
      else await page.screenshot({ path: file, clip: target });
      wb.docShots.push(file);
    },

    /**
     * Runs `fn` with each theme of `themes` (THEMES' keys) in turn, set as a workspace setting, and puts the
     * settings back after. The workbench and, when one is open, the graph webview have taken the theme when `fn`
     * runs.
     */
    async withThemes(themes, fn) {
      const settings = fs.readFileSync(settingsFile, "utf8");
      const hasGraph = async () => (await page.locator("iframe.webview.ready").count()) > 0;
      const before = (await page.locator(".monaco-workbench").getAttribute("class")) ?? "";
      try {
        for (const key of themes) {
          const theme = THEMES[key];
          // The settings file has a property and no trailing comma: the theme is added as the last one.
          fs.writeFileSync(settingsFile, settings.trimEnd().replace(/\}$/, `,\n  "workbench.colorTheme": ${JSON.stringify(theme.id)}\n}\n`));
          await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ state: "attached" });
          if (await hasGraph()) await wb.graph().locator(`body.${theme.body}`).waitFor({ state: "attached" });
          await fn(theme, key);
        }
      } finally {
        fs.writeFileSync(settingsFile, settings);
      }
      const original = Object.values(THEMES).find((t) => before.split(/\s+/).includes(t.workbench));
      if (original) await page.locator(`.monaco-workbench.${original.workbench}`).waitFor({ state: "attached" });
    },

    /**
     * Makes the window `width` px wide (same height) and waits for the workbench to lay itself out for it: it spans
     * the window, and the graph webview, when one is open, is as wide as the editor group it is laid over.
     */
    async resize(width) {
      await page.setViewportSize({ width, height: page.viewportSize().height });
      await page.waitForFunction((w) => {
        const groups = document.querySelectorAll(".editor-group-container");
        const frame = document.querySelector("iframe.webview.ready")?.getBoundingClientRect().width;
        const group = groups[groups.length - 1]?.getBoundingClientRect().width;
        return document.querySelector(".monaco-workbench")?.getBoundingClientRect().width === w && (frame === undefined || Math.abs(frame - group) <= 2);
      }, width);
    },

    /**
     * The graph panel cropped to what is drawn: pans the drawing (as a drag on its background would) so that it
     * starts `margin` px under the toolbar, and returns the page rectangle of the panel from its top to `margin`
     * px under the drawing. For pictures without the empty panel around a small graph.
     */
    async graphClip(margin = 20) {
      const svg = wb.graph().locator('svg.graph[data-layout="final"][data-drawn="all"]');
      // The drawing's box, in the webview's coordinates, once the browser has drawn the last change.
      const measure = () =>
        svg.evaluate(
          (el) =>
            new Promise((resolve) =>
              requestAnimationFrame(() =>
                requestAnimationFrame(() => {
                  const s = el.getBoundingClientRect();
                  const boxes = [...el.querySelectorAll(".node, .group")].map((n) => n.getBoundingClientRect());
                  resolve({ svgTop: s.top, svgLeft: s.left, top: Math.min(...boxes.map((b) => b.top)), bottom: Math.max(...boxes.map((b) => b.bottom)) });
                }),
              ),
            ),
        );
      const at = await measure();
      const panel = await page.locator("iframe.webview.ready").boundingBox();
      const box = await svg.boundingBox();
      const dy = at.svgTop + margin - at.top;
      if (Math.abs(dy) > 1) {
        // The svg's top left corner: the background, since a fitted drawing is centred.
        const x = box.x + 4;
        const y = dy < 0 ? box.y + box.height - 4 : box.y + 4;
        await page.mouse.move(x, y);
        await page.mouse.down();
        await page.mouse.move(x, y + dy, { steps: 4 });
        await page.mouse.up();
      }
      const now = await measure();
      const bottom = box.y + (now.bottom - now.svgTop) + margin;
      return { x: panel.x, y: panel.y, width: panel.width, height: Math.min(panel.y + panel.height, bottom) - panel.y };
    },

    /** Closes widgets and moves the mouse away, so that the next test starts from a quiet workbench. */
    async reset() {
      await page.mouse.move(1, 1);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
    },
  };
  return wb;
}
