/** Whether `value` is a status code the front doors accept: an integer 100–599. */
export function isStatusCode(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599
}

/** Responses to these codes carry no body (RFC 9110 §6.4.1). */
export function forbidsBody(statusCode: number): boolean {
  return statusCode < 200 || statusCode === 204 || statusCode === 304
}

// Node's table, loaded when a phrase is first needed (an ALB's status line, an error's message):
// node:http takes milliseconds to load in a bare process, but Lambda's Node runtime has loaded it
// already (its Runtime API client requires it), so there it costs nothing. Where Node's phrases
// predate RFC 9110, the RFC's own are used.
let phrases: Record<number, string | undefined> | undefined
const RFC_9110: Record<number, string> = { 413: 'Content Too Large', 422: 'Unprocessable Content' }
// Codes no registry names still need a phrase: the name of their class (RFC 9110 §15).
const CLASSES = ['Informational', 'Success', 'Redirection', 'Client Error', 'Server Error']

/** The reason phrase of a status code 100–599, such as `Not Found`. */
export function reasonPhrase(statusCode: number): string {
  phrases ??= { ...process.getBuiltinModule('node:http').STATUS_CODES, ...RFC_9110 }
  return phrases[statusCode] ?? (CLASSES[Math.floor(statusCode / 100) - 1] as string)
}

// The code, a space and a reason phrase of printable text that is not only spaces.
const STATUS_LINE = /^\d{3} (?=.*[!-~\x80-\xff])[ -~\x80-\xff]+$/

/** Whether `text` is a status description the load balancers take for `statusCode`, such as `404 Not Found`. */
export function isStatusLine(text: unknown, statusCode: unknown): text is string {
  return typeof text === 'string' && STATUS_LINE.test(text) && text.startsWith(`${String(statusCode)} `)
}
