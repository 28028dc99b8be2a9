// The YAML helpers the formats call on every node. They now live in core/yaml (with the library's type tests
// bound once and lookups that build nothing until they find), and this module only passes them on.
export { entries, entry, entryLower, fields, get, innerSpan, isMap, isPair, isScalar, isSeq, items, spanOf, str } from "../core/yaml";
