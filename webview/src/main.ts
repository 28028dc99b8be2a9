// The graph webview arrives with the graph issue; this placeholder keeps the bundle in the build.
export {};
