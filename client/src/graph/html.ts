// The graph page: a pure builder, so the CSP is tested in node. Scripts run only with the nonce; styles come
// from the extension's dist/ folder; the layout worker is fetched from there and started from a Blob URL.

export interface PageParams {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  workerUri: string;
  title: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "worker-src blob:",
    // The worker script is fetched as text (a webview cannot start a worker from its resource origin).
    `connect-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join("; ");
}

export function buildHtml(p: PageParams): string {
  const a = escapeAttr;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="infraflow-layout-worker" content="${a(p.workerUri)}">
<link rel="stylesheet" nonce="${a(p.nonce)}" href="${a(p.styleUri)}">
<title>${a(p.title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${a(p.nonce)}" src="${a(p.scriptUri)}"></script>
</body>
</html>`;
}
