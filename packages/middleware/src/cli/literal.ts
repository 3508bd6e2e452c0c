// Reads what `console.log(result)` writes in a Lambda function's log: Node's `util.inspect` form of an
// object (`{ statusCode: 200, headers: { 'X-Count': 3 } }`), which is JavaScript, not JSON. Only data is
// read, never evaluated. What `util.inspect` elides (`[Object]` past depth 2, `[Array]`, `[Circular]`,
// `... 3 more items`, a class instance) cannot be read back: the parser says so.

/** Thrown when the text is not a literal the parser reads back, with the reason. */
export class LiteralError extends Error {
  override name = 'LiteralError'
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y
const NUMBER = /-?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|Infinity)|NaN/iy
const ELIDED = /\[(?:Object|Array|Function|Getter|Setter|Circular|class)\b|<ref \*\d+>|\.\.\. \d+ more/y

/**
 * Parses one JavaScript value written as `util.inspect` writes it, starting at `text[start]`.
 * Answers the value and the index after it.
 *
 * @example
 * parseLiteral("{ statusCode: 200, body: 'ok' }", 0).value // { statusCode: 200, body: 'ok' }
 */
export const parseLiteral = (text: string, start: number): { value: unknown; end: number } => {
  let at = start

  const fail = (why: string): never => {
    throw new LiteralError(`${why} at character ${at - start}`)
  }
  const space = (): void => {
    while (at < text.length && /\s/.test(text[at] as string)) at += 1
  }
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at
    const found = pattern.exec(text)
    if (!found) return undefined
    at += found[0].length
    return found[0]
  }

  const string = (): string => {
    const quote = text[at]
    at += 1
    let out = ''
    while (at < text.length) {
      const ch = text[at] as string
      if (ch === quote) {
        at += 1
        return out
      }
      if (ch === '\\') {
        const next = text[at + 1] ?? ''
        if (next === 'u' || next === 'x') {
          const hex = next === 'u' ? text.slice(at + 2, at + 6) : text.slice(at + 2, at + 4)
          if (!/^[\da-f]+$/i.test(hex) || hex.length !== (next === 'u' ? 4 : 2)) fail('a bad escape')
          out += String.fromCharCode(Number.parseInt(hex, 16))
          at += 2 + hex.length
        } else {
          out += SIMPLE_ESCAPES[next] ?? next
          at += 2
        }
        continue
      }
      if (ch === '\n' && quote !== '`') fail('a line break in a string')
      out += ch
      at += 1
    }
    return fail('an unterminated string')
  }

  const value = (depth: number): unknown => {
    if (depth > 200) fail('nesting too deep')
    space()
    const ch = text[at]
    if (ch === '{') return object(depth)
    if (ch === '[') {
      if (match(ELIDED)) fail('a value console.log left out (print the result with JSON.stringify)')
      return array(depth)
    }
    if (ch === "'" || ch === '"' || ch === '`') return string()
    if (ch === '<' || ch === '.') {
      if (match(ELIDED)) fail('a value console.log left out (print the result with JSON.stringify)')
    }
    const number = match(NUMBER)
    if (number !== undefined) {
      // 10n: a BigInt, which JSON cannot hold.
      if (text[at] === 'n') fail('a BigInt')
      return Number(number)
    }
    const word = match(IDENTIFIER)
    switch (word) {
      case 'true':
        return true
      case 'false':
        return false
      case 'null':
        return null
      case 'undefined':
        return undefined
      case undefined:
        return fail('no value')
      default:
        // `Map(1) {…}`, `Foo {…}`, `Buffer <…>`, `[Function]`: an instance is not data read back.
        return fail(`${word}, a value that is not plain data`)
    }
  }

  const object = (depth: number): Record<string, unknown> => {
    at += 1
    const out: Record<string, unknown> = {}
    space()
    if (text[at] === '}') {
      at += 1
      return out
    }
    for (;;) {
      space()
      if (match(ELIDED)) fail('a value console.log left out (print the result with JSON.stringify)')
      const ch = text[at]
      const key =
        ch === "'" || ch === '"'
          ? string()
          : (match(IDENTIFIER) ?? match(/\d+/y) ?? fail('a key that is not a name or a string'))
      space()
      if (text[at] !== ':') fail('a key without a value')
      at += 1
      const item = value(depth + 1)
      // As JSON.parse would, without setting the prototype.
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true })
      space()
      if (text[at] === ',') {
        at += 1
        space()
        if (text[at] === '}') {
          at += 1
          return out
        }
        continue
      }
      if (text[at] === '}') {
        at += 1
        return out
      }
      fail('a missing comma')
    }
  }

  const array = (depth: number): unknown[] => {
    at += 1
    const out: unknown[] = []
    space()
    if (text[at] === ']') {
      at += 1
      return out
    }
    for (;;) {
      space()
      if (match(ELIDED)) fail('a value console.log left out (print the result with JSON.stringify)')
      out.push(value(depth + 1))
      space()
      if (text[at] === ',') {
        at += 1
        space()
        if (text[at] === ']') {
          at += 1
          return out
        }
        continue
      }
      if (text[at] === ']') {
        at += 1
        return out
      }
      fail('a missing comma')
    }
  }

  const parsed = value(0)
  return { value: parsed, end: at }
}
