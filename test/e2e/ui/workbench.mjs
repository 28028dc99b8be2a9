// A small page object for the VS Code workbench in Playwright. Every helper awaits a selector or an event;
// none sleeps. Monaco renders spaces as U+00A0 and only the visible lines, which is enough for small files.
const NBSP = /\u00a0/g;

export function workbench(page, { url, folder }) {
  const quickInput = page.locator(".quick-input-widget input");
  const wb = {
    page,

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
        await page.keyboard.press("F1");
        await quickInput.waitFor();
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

    /** Opens a file by clicking its row in the explorer (top level of the folder) and waits for its tab. */
    async openFromExplorer(name) {
      const row = page.locator(".explorer-folders-view .monaco-list-row", { has: page.locator(".label-name", { hasText: name }) }).first();
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

    /** Closes widgets and moves the mouse away, so that the next test starts from a quiet workbench. */
    async reset() {
      await page.mouse.move(1, 1);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
    },
  };
  return wb;
}
