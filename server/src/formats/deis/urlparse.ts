// Python's `urllib.parse.urlparse`, as the Deis controller runs it: deis/controller rootfs/Dockerfile builds on
// quay.io/deis/base (Ubuntu 16.04), whose python3 is 3.5. This follows CPython 3.5's Lib/urllib/parse.py:
// `urlsplit` (the `http` shortcut, the scheme characters, the "is it a port number" test, `//` netloc, then
// `#` fragment and `?` query, each split at its first occurrence) and `urlparse` (`;params` split off the path
// for the schemes in `uses_params`, by `_splitparams`). Later Pythons strip leading C0 controls and spaces and
// drop tab and newline first; 3.5 does not, so neither does this.

export interface PyParseResult {
  scheme: string;
  netloc: string;
  path: string;
  params: string;
  query: string;
  fragment: string;
}

/** Thrown where Python raises ValueError("Invalid IPv6 URL"): a netloc with one bracket but not the other. */
export class InvalidIPv6Url extends Error {}

const SCHEME_CHARS = /^[A-Za-z0-9+.-]$/;
const USES_PARAMS = new Set(["", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel"]);

/** `_splitnetloc(url, 2)`: the netloc runs to the first `/`, `?` or `#` after the `//`. */
function splitNetloc(url: string): [string, string] {
  let delim = url.length;
  for (const c of "/?#") {
    const w = url.indexOf(c, 2);
    if (w >= 0) delim = Math.min(delim, w);
  }
  return [url.slice(2, delim), url.slice(delim)];
}

function checkBrackets(netloc: string): void {
  if ((netloc.includes("[") && !netloc.includes("]")) || (netloc.includes("]") && !netloc.includes("["))) throw new InvalidIPv6Url("Invalid IPv6 URL");
}

/** Splits at the first occurrence of `sep`, as Python's `str.split(sep, 1)` with the separator present. */
function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + 1)];
}

function urlsplit(input: string): Omit<PyParseResult, "params"> {
  let url = input;
  let scheme = "";
  let netloc = "";
  let query = "";
  let fragment = "";
  const i = url.indexOf(":");
  if (i > 0) {
    if (url.slice(0, i) === "http") {
      url = url.slice(i + 1);
      if (url.startsWith("//")) {
        [netloc, url] = splitNetloc(url);
        checkBrackets(netloc);
      }
      if (url.includes("#")) [url, fragment] = splitOnce(url, "#");
      if (url.includes("?")) [url, query] = splitOnce(url, "?");
      return { scheme: "http", netloc, path: url, query, fragment };
    }
    if ([...url.slice(0, i)].every((c) => SCHEME_CHARS.test(c))) {
      // "make sure 'url' is not actually a port number (in which case 'scheme' is really part of the path)"
      const rest = url.slice(i + 1);
      if (!rest || [...rest].some((c) => c < "0" || c > "9")) {
        scheme = url.slice(0, i).toLowerCase();
        url = rest;
      }
    }
  }
  if (url.startsWith("//")) {
    [netloc, url] = splitNetloc(url);
    checkBrackets(netloc);
  }
  if (url.includes("#")) [url, fragment] = splitOnce(url, "#");
  if (url.includes("?")) [url, query] = splitOnce(url, "?");
  return { scheme, netloc, path: url, query, fragment };
}

/** `_splitparams`: the params start at the first `;` after the last `/` (or the first `;` when there is no `/`). */
function splitParams(url: string): [string, string] {
  let i: number;
  if (url.includes("/")) {
    i = url.indexOf(";", url.lastIndexOf("/"));
    if (i < 0) return [url, ""];
  } else i = url.indexOf(";");
  return [url.slice(0, i), url.slice(i + 1)];
}

/** `urllib.parse.urlparse(url)`; throws InvalidIPv6Url where Python raises ValueError. */
export function urlparse(url: string): PyParseResult {
  const s = urlsplit(url);
  let path = s.path;
  let params = "";
  if (USES_PARAMS.has(s.scheme) && path.includes(";")) [path, params] = splitParams(path);
  return { scheme: s.scheme, netloc: s.netloc, path, params, query: s.query, fragment: s.fragment };
}
