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

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes.
const CONTROL = /[\u0000-\u001f]/

/**
 * The size of the serialized `result` when it is over `limit` bytes, else 0. Most results are far
 * from the limit and are settled by bounds, cheapest first, without reading the body: a UTF-16 unit
 * never takes more than six bytes in JSON, and no more than three in a `plain` body (JSON text or
 * base64: no control characters, no lone surrogates). Reading a string just built by JSON.stringify
 * costs more than building it, so the body is read only near the limit: its UTF-8 bytes take at most
 * two bytes each in JSON when it holds no control character or lone surrogate. Only a result nearer
 * still is measured exactly, and then its body is counted, not serialized.
 */
export const sizeOver = (
  result: Record<string, unknown>,
  body: string | undefined,
  limit: number,
  otherChars: number,
  plain = false,
): number => {
  const others = otherChars * 6 + 512
  const length = body?.length ?? 0
  if (length * (plain ? 3 : 6) + others <= limit) return 0
  if (body === undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(result))
    return bytes > limit ? bytes : 0
  }
  if (
    Buffer.byteLength(body) * 2 + others <= limit &&
    (plain || (body.isWellFormed() && !CONTROL.test(body)))
  )
    return 0
  const bytes = Buffer.byteLength(JSON.stringify({ ...result, body: '' })) - 2 + jsonStringBytes(body)
  return bytes > limit ? bytes : 0
}
