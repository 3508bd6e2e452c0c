// The size of a result as the front door measures it: its JSON serialization, in bytes.

/** The `=` that pad a base64 text. */
export function base64Padding(text: string): number {
  return text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
}

const NOT_BASE64 = /[^A-Za-z0-9+/]/

/**
 * Whether `text` is standard, padded base64, which API Gateway decodes (invalid base64 is a 500).
 * A scan for a character outside the alphabet, not one regular expression for the whole grammar,
 * whose backtracking overflows V8's stack on a body of megabytes.
 */
export function isBase64(text: string): boolean {
  const padding = base64Padding(text)
  return text.length % 4 === 0 && !NOT_BASE64.test(padding ? text.slice(0, -padding) : text)
}

/** The bytes a caller receives for `body`: its UTF-8 bytes, or the bytes its base64 stands for. */
export function bodyBytes(body: string, base64: boolean): number {
  return base64 ? (body.length * 3) / 4 - base64Padding(body) : Buffer.byteLength(body)
}

// A surrogate pair, a lone surrogate, or a character JSON escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes.
const ESCAPED = /[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[\u0000-\u001f"\\]/g
const SHORT_ESCAPE = /[\b\t\n\f\r"\\]/

/**
 * The size in bytes of `JSON.stringify(text)`, quotes included, without building that string: its
 * UTF-8 bytes, one more for each character with a short escape (`\"`, `\n`…), five more for the other
 * control characters, three more for a lone surrogate (three bytes in UTF-8, six in JSON).
 */
export function jsonStringBytes(text: string): number {
  let bytes = Buffer.byteLength(text) + 2
  for (const [c] of text.matchAll(ESCAPED)) {
    bytes += c.length === 2 ? 0 : c.charCodeAt(0) >= 0xd800 ? 3 : SHORT_ESCAPE.test(c) ? 1 : 5
  }
  return bytes
}

/**
 * The size of the serialized `result` when it is over `limit`, else 0. Most results are far from the
 * limit and are settled by bounds without reading the body: a UTF-16 unit never takes more than six
 * bytes in JSON, and no more than three in a `jsonSafe` body (JSON text or base64: no control character,
 * no lone surrogate). `otherChars` bounds the characters of everything but the body and its keys
 * (counted here when not given). A body whose UTF-8 bytes alone are over the limit is over: its size
 * is then given as those bytes, a lower bound, without reading it for escapes. Only a result near the
 * limit is measured exactly, its body counted rather than serialized a second time.
 */
export function sizeOver(
  result: Record<string, unknown>,
  limit: number,
  jsonSafe = false,
  otherChars = shellChars(result),
): number {
  const body = typeof result.body === 'string' ? result.body : ''
  if (body.length * (jsonSafe ? 3 : 6) + otherChars * 6 + 512 <= limit) return 0
  const shell = Buffer.byteLength(JSON.stringify({ ...result, body: '' }))
  const utf8 = Buffer.byteLength(body)
  if (shell + utf8 > limit) return shell + utf8
  const bytes = shell - 2 + jsonStringBytes(body)
  return bytes > limit ? bytes : 0
}

/** The characters of a result but its body and keys: every text, with a quote, comma or colon around each. */
function shellChars(result: Record<string, unknown>): number {
  let chars = textChars(result.statusDescription) + textChars(result.cookies)
  for (const key of ['headers', 'multiValueHeaders']) {
    const map = result[key] as Record<string, unknown> | undefined
    for (const name in map) chars += name.length + 3 + textChars(map[name])
  }
  return chars
}

function textChars(texts: unknown): number {
  return Array.isArray(texts)
    ? texts.join().length + 3 * texts.length
    : typeof texts === 'string'
      ? texts.length + 3
      : 0
}
