import { Buffer } from 'node:buffer'

/**
 * The bytes JSON.stringify adds to `text` beyond its UTF-8 length when it escapes it: one for `"` and
 * `\`, one for the control characters with a short escape, five for the others, three for a lone
 * surrogate (UTF-8 writes it as three bytes, JSON as six). Counting instead of stringifying keeps the
 * size guard from serializing the body a second time.
 */
const escapeOverhead = (text: string): number => {
  let extra = 0
  for (let i = 0, len = text.length; i < len; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) continue
    if (c === 0x22 || c === 0x5c) extra += 1
    else if (c < 0x20) extra += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5
    else if (c <= 0xdbff && i + 1 < len) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else extra += 3
    } else extra += 3
  }
  return extra
}

/** The size in bytes of `JSON.stringify(text)`, quotes included, without building that string. */
export const jsonStringBytes = (text: string): number => Buffer.byteLength(text) + escapeOverhead(text) + 2

/**
 * Whether the serialized `result` fits in `limit` bytes. Most results are far from the limit and are
 * settled by a bound on their length alone: a UTF-16 unit never takes more than six bytes in JSON.
 */
export const fitsIn = (
  result: Record<string, unknown>,
  body: string | undefined,
  limit: number,
  otherChars: number,
): boolean => {
  if (((body?.length ?? 0) + otherChars) * 6 + 512 <= limit) return true
  if (body === undefined) return Buffer.byteLength(JSON.stringify(result)) <= limit
  const rest = Buffer.byteLength(JSON.stringify({ ...result, body: '' })) - 2
  if (rest + Buffer.byteLength(body) > limit) return false
  return rest + jsonStringBytes(body) <= limit
}
